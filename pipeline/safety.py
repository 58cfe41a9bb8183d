"""Names derived from documents never become arbitrary paths."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_stem(name: str) -> str:
    """The file name without its last suffix, reduced to safe characters."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = _UNSAFE.sub("_", stem).strip("._") or "document"
    return stem[:200]
