"""The folded view: lower case, no diacritics, one character for one.

``fold("Quyết định số 90/QĐ-TTg")`` is ``"quyet dinh so 90/qd-ttg"``. Because the
fold never changes the length, a match in the folded text is a span of the
text it was folded from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np


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


_SHORT = 80  # below this, str.translate beats the array round trip


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d; same length as the input."""
    if text.isascii():
        return text.lower()  # the table's ASCII entries are exactly the upper-case letters
    if len(text) <= _SHORT:
        return _fold_short(text)
    return _fold_long(text)


@lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return text.translate(_table())


@lru_cache(maxsize=1)
def _lookup() -> np.ndarray:
    """The table as an array indexed by code point, up to its last entry."""
    table = _table()
    lookup = np.arange(max(table) + 1, dtype=np.uint32)
    for code, folded in table.items():
        lookup[code] = ord(folded)
    return lookup


def _fold_long(text: str) -> str:
    lookup = _lookup()
    # surrogatepass: a str may hold lone surrogates, which fold leaves as they are
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() < len(lookup):
        folded = lookup[codes]
    else:
        folded = np.where(codes < len(lookup), lookup[np.minimum(codes, len(lookup) - 1)], codes)
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


_ALNUM_RUN = re.compile(r"[^\W_]+")  # exactly the characters str.isalnum() accepts


def fold_key(text: str) -> str:
    """A comparison key: folded, with runs of spaces and punctuation collapsed."""
    return " ".join(_ALNUM_RUN.findall(fold(text)))
