"""Bytes to text: UTF-8, UTF-16, Windows-1258 (and legacy Vietnamese fonts).

Returns the decoded text and the name of the encoding it was read with.
"""

from __future__ import annotations

import unicodedata

from pipeline.errors import NotADocumentError


def _looks_utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nul > 0.3 and even_nul < 0.05:
            return "utf-16-le"
        if even_nul > 0.3 and odd_nul < 0.05:
            return "utf-16-be"
    return None


def decode_bytes(data: bytes, source: str = "") -> tuple[str, str]:
    """Decode a text file's bytes; raise NotADocumentError for binary data."""
    utf16 = _looks_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace").lstrip("\ufeff")
        return check_text(text, source), utf16.split("-le")[0].split("-be")[0]
    if b"\x00" in data[:8192]:
        raise NotADocumentError("binary data (NUL bytes), not a text document",
                                source=source, stage="ingest")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
        encoding = "windows-1258"
    text = text.lstrip("\ufeff")
    return check_text(text, source), encoding


def check_text(text: str, source: str = "") -> str:
    """Reject decoded text that is mostly control characters or replacement marks."""
    sample = text[:20000]
    if not sample.strip():
        raise NotADocumentError("no text in the file", source=source, stage="ingest")
    bad = sum(1 for ch in sample if ch == "\ufffd"
              or (unicodedata.category(ch) in ("Cc", "Co", "Cs") and ch not in "\n\r\t\f"))
    letters = sum(1 for ch in sample if ch.isalpha())
    if bad / len(sample) > 0.05 or letters / len(sample) < 0.3:
        raise NotADocumentError(
            f"not a text document ({bad} control or undecodable characters, "
            f"{letters} letters in {len(sample)})", source=source, stage="ingest")
    return text
