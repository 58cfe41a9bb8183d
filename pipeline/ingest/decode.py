"""Bytes to text: UTF-8, UTF-16, Windows-1258 and the legacy Vietnamese fonts.

``decode_bytes`` returns the decoded text and the name of the encoding it was read
with, the value of ``RawDocument.encoding``: ``"utf-8"``, ``"utf-16"``,
``"windows-1258"``, ``"tcvn3"``, ``"vni"`` or ``"viqr"``. A file saved from a TCVN3
document (``b"Quy\\xd5t \\xae\\xdenh"``) reads as ``"Quyết định"`` with ``"tcvn3"``;
so does the same mojibake saved as UTF-8 (``"QuyÕt ®Þnh"``).
"""

from __future__ import annotations

import re

from pipeline.errors import NotADocumentError
from pipeline.normalise import charstats
from pipeline.normalise.legacy import convert_legacy, decode_legacy_bytes


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
    text, encoding = decode_plain(data, source)
    return check_text(text, source), encoding


def decode_plain(data: bytes, source: str = "") -> tuple[str, str]:
    """Decode without the is-it-a-document check (HTML markup is checked after parsing)."""
    utf16 = _looks_utf16(data)
    if utf16:
        text = data.decode(utf16, errors="replace").lstrip("\ufeff")
        return with_legacy(text, "utf-16")
    if b"\x00" in data[:8192]:
        raise NotADocumentError("binary data (NUL bytes), not a text document",
                                source=source, stage="ingest")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = decode_legacy_bytes(data)
        return text.lstrip("\ufeff"), encoding
    return with_legacy(text.lstrip("\ufeff"), "utf-8")


def with_legacy(text: str, encoding: str) -> tuple[str, str]:
    """Unicode text that may still hold a legacy font's characters or VIQR."""
    converted, legacy = convert_legacy(text)
    return (converted, legacy) if legacy else (text, encoding)


# replacement marks, control characters other than line breaks and tabs, private use,
# surrogates: what binary data decodes to
_BAD = re.compile("[\ufffd\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff]")


def check_text(text: str, source: str = "") -> str:
    """Reject decoded text that is mostly control characters or replacement marks."""
    sample = text[:20000]
    if not sample.strip():
        raise NotADocumentError("no text in the file", source=source, stage="ingest")
    bad = len(_BAD.findall(sample))
    letters = charstats.letters(sample)
    if bad / len(sample) > 0.05 or letters / len(sample) < 0.3:
        raise NotADocumentError(
            f"not a text document ({bad} control or undecodable characters, "
            f"{letters} letters in {len(sample)})", source=source, stage="ingest")
    return text
