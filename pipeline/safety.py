"""Names derived from documents never become arbitrary paths.

Nothing a document says is used as a path or as SQL: output files are named from
the *input file's* name, reduced by :func:`safe_stem` to letters, digits, ``.``,
``-`` and ``_`` (Vietnamese letters stay: "Kế hoạch 194.pdf" → "Kế_hoạch_194"),
and :func:`safe_child` refuses any name that would leave its directory. Values
reach databases only as bound parameters (see ``pipeline/sinks``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.errors import OutputError

_UNSAFE = re.compile(r"[^\w.\-]+")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
MAX_STEM_BYTES = 180  # file systems allow 255 bytes a name; leave room for suffixes


def safe_stem(name: str) -> str:
    """The file name without its last suffix, reduced to safe characters.

    ``safe_stem("../../etc/passwd")`` is ``"passwd"``; ``safe_stem("a/b\\\\..\\\\c.txt")``
    is ``"c"``; ``safe_stem("Kế hoạch 194.pdf")`` is ``"Kế_hoạch_194"``.
    """
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = _UNSAFE.sub("_", stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = stem.strip("._-") or "document"
    if stem.lower().split(".", 1)[0] in _RESERVED:
        stem = f"_{stem}"
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    return stem


def safe_child(directory: Path, name: str) -> Path:
    """``directory / name`` when ``name`` is a plain file name that stays inside it."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise OutputError(f"unsafe output file name {name!r}")
    target = (directory / name).resolve()
    if target.parent != directory.resolve():
        raise OutputError(f"output file name {name!r} leaves {directory}")
    return target
