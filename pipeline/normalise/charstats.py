"""Character counts several stages ask of a text, counted from a code-point table.

Decoding, legacy-font detection and text-state detection all want to know how many
letters a text has and how many of them only Vietnamese writes (ă đ ơ ư ĩ ũ and the
toned vowels of U+1EA0–U+1EF9, none of which a legacy font's bytes decode to).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import filterfalse
from typing import NamedTuple

import numpy as np

_VIETNAMESE_ONLY = "ăđơưĩũĂĐƠƯĨŨ\u1ea0-\u1ef9"  # a regex character class body
_NOT_LETTER = re.compile(r"[\W\d_]")
_VIETNAMESE_ONLY_CHAR = re.compile(f"[{_VIETNAMESE_ONLY}]")
_LETTER, _VIETNAMESE, _NON_ASCII_LETTER = 1, 2, 4
_BMP = 0x10000


def _flags(ch: str) -> int:
    letter = _NOT_LETTER.match(ch) is None
    return (letter * _LETTER | (_VIETNAMESE_ONLY_CHAR.match(ch) is not None) * _VIETNAMESE
            | (letter and ord(ch) > 0x7F) * _NON_ASCII_LETTER)


@lru_cache(maxsize=1)
def _bmp_flags() -> np.ndarray:
    """The flags of every code point below U+10000, from the regexes themselves."""
    return flag_table(_flags)


class CharCounts(NamedTuple):
    letters: int  # as the regex ``[^\\W\\d_]`` counts them
    vietnamese_only: int  # letters only Vietnamese writes: "Quyết định" has 2 (ế, đ)
    non_ascii_letters: int

    @property
    def vietnamese_share(self) -> float:
        return self.vietnamese_only / self.letters if self.letters else 0.0

    @property
    def clearly_unicode_vietnamese(self) -> bool:
        """4% of letters or more only Vietnamese writes: Unicode Vietnamese text, with
        no need to look for legacy fonts or lost diacritics."""
        return self.vietnamese_share >= 0.04


@lru_cache(maxsize=4)  # decoding, legacy detection and normalise ask of the same text
def count_chars(text: str) -> CharCounts:
    """The counts of ``text``, from a code-point table at C speed."""
    return CharCounts(*count_flags(text, _bmp_flags(), _flags,
                                   (_LETTER, _VIETNAMESE, _NON_ASCII_LETTER)))


def flag_table(flags_of: Callable[[str], int]) -> np.ndarray:
    """``flags_of`` (3 bits at most) of every code point below U+10000."""
    return np.fromiter((flags_of(chr(c)) for c in range(_BMP)), np.uint8, _BMP)


def count_flags(text: str, table: np.ndarray, flags_of: Callable[[str], int],
                bits: tuple[int, ...]) -> tuple[int, ...]:
    """How many characters of ``text`` have each of ``bits`` set: ``table`` (from
    :func:`flag_table`) for the BMP, ``flags_of`` for the rest."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    if text.isascii() or codes.max() < _BMP:
        flags = table[codes]
    else:
        astral = codes >= _BMP
        flags = table[np.where(astral, 0, codes)]
        flags[astral] = [flags_of(chr(c)) for c in codes[astral].tolist()]
    counts = np.bincount(flags, minlength=8)
    return tuple(int(counts[[f for f in range(8) if f & bit]].sum()) for bit in bits)


def letters(text: str) -> int:
    return count_chars(text).letters


def lines_without_vietnamese_only(text: str) -> str:
    """The lines (joined by "\\n") with no letter only Vietnamese writes: those that may
    still be in a legacy font."""
    return "\n".join(filterfalse(_VIETNAMESE_ONLY_CHAR.search, text.splitlines()))
