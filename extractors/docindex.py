"""Values of one document that several extractors look up many times, computed once.

Kept on ``Found`` (one per document), never in module globals.
"""

from __future__ import annotations

from functools import cached_property

from extractors.scan import WordPlaces
from pipeline.document import Document, Section


class DocIndex:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._found: dict[tuple[str, ...], list[Section]] = {}
        self.word_places: WordPlaces = {}  # ``scan.word_starts`` in ``doc.folded``
        self.type_word_starts: list[int] | None = None  # ``legal_refs.type_word_starts``

    @cached_property
    def sections(self) -> list[Section]:
        """``doc.iter_sections()``: every section, depth first, in document order."""
        return self.doc.iter_sections()

    def find_sections(self, *titles: str) -> list[Section]:
        """``doc.find_sections(*titles)``, once per set of titles."""
        if titles not in self._found:
            self._found[titles] = self.doc.find_sections(*titles)
        return self._found[titles]
