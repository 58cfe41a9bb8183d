"""Extractors: each reads a Document and returns typed records with mentions.

They run in a fixed order, and each may read what the earlier ones found
(``Found``): deadlines are tied to the units found before them, funding to the
references. An extractor never opens a file or re-parses what another did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractors.context import PlaceContext
from pipeline.document import Document, Span
from pipeline.records import (
    Deadline,
    DocumentMeta,
    ExtractionResult,
    FundingSource,
    LegalReference,
    Unit,
)


@dataclass
class UnitBlock:
    """The part of the text that assigns work to the named units (restored coords)."""

    span: Span
    names: list[str]


@dataclass
class Found:
    meta: DocumentMeta | None = None
    places: PlaceContext = field(default_factory=lambda: PlaceContext())
    references: list[LegalReference] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    unit_blocks: list[UnitBlock] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    funding: list[FundingSource] = field(default_factory=list)


Extractor = Callable[[Document, Found], Any]


def _registry() -> list[tuple[str, Extractor]]:
    import importlib

    out = []
    for name in ("metadata", "legal_refs", "units", "deadlines", "funding"):
        try:  # TEMPORARY during parallel development
            module = importlib.import_module(f"extractors.{name}")
        except ModuleNotFoundError:
            continue
        out.append((name, module.extract))
    return out


def run_extractors(doc: Document) -> ExtractionResult:
    found = Found()
    for _name, extract in _registry():
        extract(doc, found)
    assert found.meta is not None
    return ExtractionResult(document=found.meta, legal_references=found.references,
                            units=found.units, deadlines=found.deadlines,
                            funding_sources=found.funding)
