"""One document through every stage: ingest → normalise → structure → extract.

No I/O beyond reading the input. Each stage is named; a failure inside a stage
is re-raised as a numbered error that names the stage and the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.document import Document, RawDocument
from pipeline.errors import KehoachError, StageError
from pipeline.ingest import ingest, ingest_bytes
from pipeline.limits import Limits
from pipeline.normalise import normalise
from pipeline.records import ExtractionResult
from pipeline.structure import structure


def _run_stage(name: str, func: Callable[..., Any], *args: Any, source: str) -> Any:
    try:
        return func(*args)
    except KehoachError as err:
        err.stage = err.stage or name
        err.source = err.source or source
        raise
    except MemoryError:
        raise
    except Exception as err:  # a bug in a stage: report it against this file
        raise StageError(f"{type(err).__name__}: {err}", source=source, stage=name) from err


def build_document(raw: RawDocument) -> Document:
    """normalise and structure: the Document every extractor reads."""
    doc = _run_stage("normalise", normalise, raw, source=raw.source)
    return _run_stage("structure", structure, doc, source=raw.source)


def extract_document(doc: Document) -> ExtractionResult:
    from extractors import run_extractors

    return _run_stage("extract", run_extractors, doc, source=doc.raw.source)


def process_raw(raw: RawDocument) -> ExtractionResult:
    return extract_document(build_document(raw))


def load_document(path: Path | str, limits: Limits | None = None) -> Document:
    """Read one input file into the structured Document (no extraction)."""
    path = Path(path)
    raw = _run_stage("ingest", ingest, path, limits or Limits(), source=str(path))
    return build_document(raw)


def process_path(path: Path | str, limits: Limits | None = None) -> ExtractionResult:
    """Read one input file and return its contract record."""
    return extract_document(load_document(path, limits))


def process_bytes(data: bytes, source: str, limits: Limits | None = None) -> ExtractionResult:
    raw = _run_stage("ingest", ingest_bytes, data, source, limits or Limits(), source=source)
    return process_raw(raw)
