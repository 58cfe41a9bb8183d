"""Structure: lines, header block, numbered sections, "Nơi nhận", signature."""

from __future__ import annotations

from pipeline.document import Document


def structure(doc: Document) -> Document:
    return doc
