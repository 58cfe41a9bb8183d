"""The folded view: lower case, no diacritics, one character for one.

``fold("Quyết định số 90/QĐ-TTg")`` is ``"quyet dinh so 90/qd-ttg"``. Because the
fold never changes the length, a match in the folded text is a span of the
text it was folded from.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20, 0x2000):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Latin Extended Additional: ạ ả ấ ầ ...
        table[code] = _fold_char(chr(code))
    for code in range(0x0300, 0x0370):  # stray combining marks: keep the length
        table[code] = " "
    # typographic quotes and dashes fold to their ASCII forms
    table.update({ord("“"): '"', ord("”"): '"', ord("‘"): "'", ord("’"): "'",
                  ord("–"): "-", ord("—"): "-", ord("\u00a0"): " "})
    return table


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d; same length as the input."""
    return text.translate(_table())


def fold_key(text: str) -> str:
    """A comparison key: folded, with runs of spaces and punctuation collapsed."""
    out = []
    for ch in fold(text):
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())
