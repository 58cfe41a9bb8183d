"""Ingestion: one module per input kind, each returns a ``RawDocument``.

The kind is sniffed from the bytes, not only the extension.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pipeline.document import RawDocument
from pipeline.errors import EmptyInputError, InputError, UnsupportedInputError
from pipeline.limits import Limits

Reader = Callable[[bytes, str, str, Limits], RawDocument]


def doc_id_of(data: bytes) -> str:
    """The contract's ``doc_id``: sha256 of the input bytes, first 16 hex chars."""
    return hashlib.sha256(data).hexdigest()[:16]


def sniff(data: bytes, name: str = "") -> str:
    """The input kind from the leading bytes: pdf, docx, html, image or text."""
    head = data[:2048]
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or name.lower().endswith(".docx") else "zip"
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" \
            or head[:4] in (b"II*\x00", b"MM\x00*") or head[:2] == b"BM" \
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # legacy .doc
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:1024] \
            or (b"<body" in lowered and b"</" in lowered):
        return "html"
    return "text"


def _readers() -> dict[str, Reader]:
    from pipeline.ingest import docx, html, text

    readers: dict[str, Reader] = {"text": text.read, "html": html.read, "docx": docx.read}
    try:
        from pipeline.ingest import image, pdf
    except ImportError:  # OCR dependencies not installed
        return readers
    readers.update({"pdf": pdf.read, "image": image.read})
    return readers


def ingest_bytes(data: bytes, source: str, limits: Limits | None = None) -> RawDocument:
    """Read one input's bytes into a RawDocument; raises InputError subclasses."""
    limits = limits or Limits()
    if not data.strip():
        raise EmptyInputError("the file is empty", source=source, stage="ingest")
    limits.check_file_size(len(data), source)
    kind = sniff(data, source)
    reader = _readers().get(kind)
    if reader is None:
        raise UnsupportedInputError(f"unsupported input kind: {kind}", source=source,
                                    stage="ingest")
    try:
        return reader(data, source, doc_id_of(data), limits)
    except InputError as err:
        err.source = err.source or source
        err.stage = err.stage or "ingest"
        raise


def ingest(path: Path, limits: Limits | None = None) -> RawDocument:
    limits = limits or Limits()
    size = path.stat().st_size
    limits.check_file_size(size, str(path))
    return ingest_bytes(path.read_bytes(), str(path), limits)
