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

from pipeline.document import TextState
from pipeline.normalise.charstats import clearly_unicode_vietnamese
from pipeline.normalise.fold import fold
from pipeline.normalise.syllable_lm import is_syllable_shape

_WORD = re.compile(r"[^\W_]+(?:[&¢|][^\W_]+)*")
_VIETNAMESE_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ")
_GARBLE_LETTERS = set("wfjzWFJZ&¢|")


def _is_vietnamese_only(ch: str) -> bool:
    return ch in _VIETNAMESE_ONLY or 0x1EA0 <= ord(ch) <= 0x1EF9


def text_signals(text: str) -> dict[str, float]:
    """The shares the decision rests on (useful to explain a decision)."""
    letters = marked = vietnamese = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if not ch.isascii():
                marked += 1
                if _is_vietnamese_only(ch):
                    vietnamese += 1
    words = _WORD.findall(text)
    alpha_words = [w for w in words if not w.isdigit()]
    syllables = sum(1 for w in alpha_words if w.isalpha() and is_syllable_shape(fold(w)))
    odd = sum(1 for w in alpha_words if _looks_garbled(w))
    total = max(1, len(alpha_words))
    return {
        "letters": letters,
        "marked": marked / max(1, letters),
        "vietnamese_only": vietnamese / max(1, letters),
        "syllable_words": syllables / total,
        "garbled_words": odd / total,
    }


def _looks_garbled(word: str) -> bool:
    has_digit = any(c.isdigit() for c in word)
    has_alpha = any(c.isalpha() for c in word)
    if has_digit and has_alpha:
        return True
    return any(c in _GARBLE_LETTERS for c in word)




def detect_text_state(text: str) -> TextState:
    """Decide the state of a whole text (a document or a page).

    >>> detect_text_state("Kế hoạch truyền thông về giảm nghèo")
    'full'
    >>> detect_text_state("Ke hoach truyen thong ve giam ngheo")
    'stripped'
    >>> detect_text_state("Truyén thong vé Chwong trinh muc tiéu qudc gia giam nghéo")
    'garbled'
    """
    if clearly_unicode_vietnamese(text):
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


def looks_vietnamese(text: str) -> bool:
    """Vietnamese with marks, or words that read as Vietnamese syllables.

    >>> looks_vietnamese("Kế hoạch truyền thông"), looks_vietnamese("hello world, this is it")
    (True, False)
    """
    if clearly_unicode_vietnamese(text):
        return True
    signals = text_signals(text[:20000])
    return signals["vietnamese_only"] >= 0.01 or signals["syllable_words"] >= 0.6
