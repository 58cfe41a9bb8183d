"""Is a text's Vietnamese written with full diacritics, stripped of them, or garbled by OCR?

- ``full``: "Kế hoạch truyền thông về Chương trình" (marks on about 30% of letters,
  with the letters only Vietnamese has: ư, ơ, ă, đ, ạ, ả, …);
- ``stripped``: "Ke hoach truyen thong ve Chuong trinh" (plain ASCII that reads
  as Vietnamese syllables);
- ``garbled``: "Truyén thong vé Chwong trinh" (an English-model OCR: a few
  Latin-1 accents, digits and odd letters inside words, almost no ư/ơ/đ).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

from pipeline.document import TextState
from pipeline.normalise.charstats import CharCounts, count_chars, count_flags, flag_table
from pipeline.normalise.fold import fold
from pipeline.normalise.syllable_lm import is_syllable_shape

_WORD = re.compile(r"[^\W_]+(?:[&¢|][^\W_]+)*")
_VIETNAMESE_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ")
_GARBLE_LETTERS = set("wfjzWFJZ&¢|")
_GARBLE_LETTER = re.compile("[wfjzWFJZ]")
_NOT_LETTER = re.compile(r"[\W\d_]+")  # leaves letters (and a few non-decimal numerals)
_NOT_VIETNAMESE_ONLY = re.compile(f"[^{''.join(sorted(_VIETNAMESE_ONLY))}\u1ea0-\u1ef9]+")


def text_signals(text: str) -> dict[str, float]:
    """The shares the decision rests on (useful to explain a decision)."""
    letters, marked, vietnamese = count_flags(text, _signal_table(), _signal_flags,
                                              (_LETTER, _MARKED, _VIETNAMESE))
    syllables = odd = total = 0
    for word, count in _word_counts(text).items():
        if word.isdigit():
            continue
        is_syllable, is_garbled = _word_signals(word)
        syllables += count * is_syllable
        odd += count * is_garbled
        total += count
    total = max(1, total)
    return {
        "letters": letters,
        "marked": marked / max(1, letters),
        "vietnamese_only": vietnamese / max(1, letters),
        "syllable_words": syllables / total,
        "garbled_words": odd / total,
    }


_LETTER, _MARKED, _VIETNAMESE = 1, 2, 4


def _signal_flags(ch: str) -> int:
    """A letter (``isalpha`` and ``[^\\W\\d_]``), a non-ASCII one, one only Vietnamese writes."""
    if _NOT_LETTER.match(ch) is not None:
        return 0
    letter = ch.isalpha()
    return (letter * _LETTER | (letter and not ch.isascii()) * _MARKED
            | (not ch.isascii() and _NOT_VIETNAMESE_ONLY.match(ch) is None) * _VIETNAMESE)


@lru_cache(maxsize=1)
def _signal_table() -> np.ndarray:
    return flag_table(_signal_flags)


def _word_counts(text: str) -> Counter[str]:
    """``Counter(_WORD.findall(text))``: no word spans a space, so the regex runs
    only inside the distinct chunks that are not all letters and digits."""
    words: Counter[str] = Counter()
    for chunk, count in Counter(text.split()).items():
        if chunk.isalnum():
            words[chunk] += count
        else:
            for word in _WORD.findall(chunk):
                words[word] += count
    return words


@lru_cache(maxsize=16384)
def _word_signals(word: str) -> tuple[bool, bool]:
    """Whether a word is spelled like a syllable, and whether it looks garbled."""
    return word.isalpha() and is_syllable_shape(fold(word)), _looks_garbled(word)


def _looks_garbled(word: str) -> bool:
    if word.isalpha():  # no digit, and of the garble letters only w f j z can occur
        return _GARBLE_LETTER.search(word) is not None
    has_digit = any(c.isdigit() for c in word)
    has_alpha = any(c.isalpha() for c in word)
    if has_digit and has_alpha:
        return True
    return any(c in _GARBLE_LETTERS for c in word)


def detect_text_state(text: str, counts: CharCounts | None = None) -> TextState:
    """Decide the state of a whole text (a document or a page).

    >>> detect_text_state("Kế hoạch truyền thông về giảm nghèo")
    'full'
    >>> detect_text_state("Ke hoach truyen thong ve giam ngheo")
    'stripped'
    >>> detect_text_state("Truyén thong vé Chwong trinh muc tiéu qudc gia giam nghéo")
    'garbled'
    """
    if (counts or count_chars(text)).clearly_unicode_vietnamese:
        return "full"
    s = text_signals(text)
    if s["letters"] == 0:
        return "full"
    if s["vietnamese_only"] >= 0.04 or s["marked"] >= 0.15:
        return "full"
    vietnamese_like = s["syllable_words"] >= 0.6
    if not vietnamese_like:
        return "full"  # not Vietnamese, or not text we can read: leave it alone
    if s["marked"] >= 0.004 or s["garbled_words"] >= 0.02:
        return "garbled"
    return "stripped"


def looks_vietnamese(text: str, counts: CharCounts | None = None) -> bool:
    """Vietnamese with marks, or words that read as Vietnamese syllables.

    >>> looks_vietnamese("Kế hoạch truyền thông"), looks_vietnamese("hello world, this is it")
    (True, False)
    """
    if (counts or count_chars(text)).clearly_unicode_vietnamese:
        return True
    signals = text_signals(text[:20000])
    return signals["vietnamese_only"] >= 0.01 or signals["syllable_words"] >= 0.6
