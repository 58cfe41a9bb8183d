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
from extractors.docindex import DocIndex
from pipeline.document import Document, Span
from pipeline.errors import KehoachError, StageError
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
    _index: DocIndex | None = field(default=None, repr=False, compare=False)

    def index(self, doc: Document) -> DocIndex:
        """The document's lookups shared by the extractors (built on first use)."""
        if self._index is None or self._index.doc is not doc:
            self._index = DocIndex(doc)
        return self._index


Extractor = Callable[[Document, Found], Any]


def _registry() -> list[tuple[str, Extractor]]:
    from extractors import deadlines, funding, legal_refs, metadata, units

    return [("metadata", metadata.extract), ("legal_references", legal_refs.extract),
            ("units", units.extract), ("deadlines", deadlines.extract),
            ("funding_sources", funding.extract)]


def run_extractors(doc: Document) -> ExtractionResult:
    found = Found()
    for name, extract in _registry():
        try:
            extract(doc, found)
        except KehoachError:
            raise
        except Exception as err:  # name the extractor that failed
            raise StageError(f"{type(err).__name__}: {err}", source=doc.raw.source,
                             stage=f"extract:{name}") from err
    assert found.meta is not None
    return ExtractionResult(document=found.meta, legal_references=found.references,
                            units=found.units, deadlines=found.deadlines,
                            funding_sources=found.funding)
