"""Character counts several stages ask of the same text, counted once.

Decoding, legacy-font detection and text-state detection all want to know how many
letters a text has and how many of them only Vietnamese writes (ă đ ơ ư ĩ ũ and the
toned vowels of U+1EA0–U+1EF9, none of which a legacy font's bytes decode to).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

_VIETNAMESE_ONLY = "ăđơưĩũĂĐƠƯĨŨ\u1ea0-\u1ef9"  # a regex character class body
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOT_VIETNAMESE_ONLY = re.compile(f"[^{_VIETNAMESE_ONLY}]+")
_ANY_VIETNAMESE_ONLY = re.compile(f"[{_VIETNAMESE_ONLY}]")
_NOT_NON_ASCII_LETTER = re.compile(r"(?:[\W\d_]|[\x00-\x7f])+")


@lru_cache(maxsize=16)
def letters(text: str) -> int:
    return len(_NOT_LETTER.sub("", text))


@lru_cache(maxsize=16)
def vietnamese_only(text: str) -> int:
    """Letters only Vietnamese writes: "Quyết định" has 2 (ế, đ)."""
    return len(_NOT_VIETNAMESE_ONLY.sub("", text))


@lru_cache(maxsize=16)
def non_ascii_letters(text: str) -> int:
    return len(_NOT_NON_ASCII_LETTER.sub("", text))


def lines_without_vietnamese_only(text: str) -> str:
    """The lines (joined by "\\n") with no letter only Vietnamese writes: those that may
    still be in a legacy font."""
    return "\n".join(filterfalse(_ANY_VIETNAMESE_ONLY.search, text.splitlines()))


def vietnamese_share(text: str) -> float:
    count = letters(text)
    return vietnamese_only(text) / count if count else 0.0


def clearly_unicode_vietnamese(text: str) -> bool:
    """4% of letters or more only Vietnamese writes: Unicode Vietnamese text, with no
    need to look for legacy fonts or lost diacritics (decided at C speed)."""
    return vietnamese_share(text) >= 0.04
