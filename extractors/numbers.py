"""Document numbers ("số và ký hiệu"): found on folded text, printed canonically.

``canonical_number("90/QD-TTg")`` → ``"90/QĐ-TTg"``; ``"98/KH - UBND"`` → ``"98/KH-UBND"``;
``"5556/QĐBYT"`` → ``"5556/QĐ-BYT"``; party style keeps its hyphen: ``"27-KH/HU"``.
"""

from __future__ import annotations

import re

from extractors.lexicon import symbol_parts
from pipeline.normalise.fold import fold

# on folded text: "90/qd-ttg", "06/2022/tt-btttt", "27-kh/hu", "98/kh - ubnd", "1722/qd- ttg".
# "\d(?<![\w/]\d)" is "(?<![\w/])\d" with the digit first: re then skips to digits fast.
_PART = r"[a-z][a-z0-9&]*"
NUMBER = re.compile(
    rf"(\d(?<![\w/]\d)\d{{0,5}})(?:\s*([/-])\s*(\d{{4}})(?=\s*/))?\s*([/-])\s*({_PART}"
    rf"(?:(?:\s*-\s*|\s*/\s*|-){_PART})*)(?![\w])")
_TYPE_PARTS = ("qd", "nd", "nq", "tt", "ct", "kh", "tb", "hd", "bc", "ttr", "kl", "cv")
_SPACES = re.compile(r"\s+")
_SEPARATOR = re.compile(r"([/-])")


def _part(printed: str) -> str:
    key = fold(printed).lower()
    parts = symbol_parts()
    if key in parts:
        return parts[key]
    for prefix in sorted(_TYPE_PARTS, key=len, reverse=True):
        rest = key[len(prefix):]
        if key.startswith(prefix) and rest in parts and rest:
            return f"{parts[prefix]}-{parts[rest]}"
    return printed.upper() if printed.islower() else printed


def canonical_number(text: str) -> str | None:
    """Spaces removed, each symbol part in its printed form; None when no digits lead."""
    compact = _SPACES.sub("", text).strip(".,;:")
    if not compact or not compact[0].isdigit():
        return None
    pieces = _SEPARATOR.split(compact)
    out = []
    for piece in pieces:
        if piece in "/-" or piece.isdigit() or not piece:
            out.append(piece)
        else:
            out.append(_part(piece))
    return "".join(out)


def number_key(number: str) -> str:
    """Comparison key: folded (Đ→D), lower case, no spaces."""
    return _SPACES.sub("", fold(number))
