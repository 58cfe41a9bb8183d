"""Plain-text inputs (.txt and anything that decodes as text).

The bytes may be UTF-8, UTF-16, Windows-1258 or a legacy Vietnamese encoding
(TCVN3, VNI, VIQR); ``RawDocument.encoding`` says which (see ``decode.py``).
"""

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
    limits.check_text_length(len(data) // 4, source)  # at most 4 bytes a character
    text, encoding = decode_bytes(data, source)
    limits.check_text_length(len(text), source)
    pages = split_pages(text)
    limits.check_pages(len(pages), source)
    return RawDocument(source=source, doc_id=doc_id, input_kind="text", text=text,
                       pages=pages, encoding=encoding)
