"""Plain-text inputs (.txt and anything that decodes as text)."""

from __future__ import annotations

from pipeline.document import RawDocument, RawPage
from pipeline.ingest.decode import decode_bytes
from pipeline.limits import Limits


def split_pages(text: str) -> list[RawPage]:
    """Pages split at form feeds; a text without them is one page."""
    pages, start = [], 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        pages.append(RawPage(number=number, start=start, end=start + len(chunk)))
        start += len(chunk) + 1
    return pages


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    text, encoding = decode_bytes(data, source)
    return RawDocument(source=source, doc_id=doc_id, input_kind="text", text=text,
                       pages=split_pages(text), encoding=encoding)
