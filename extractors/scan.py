"""Whole-text scans for patterns that start with one of a few known words.

Python's ``re`` tries a long alternation at every position of a text, which is
slow on a whole document; ``str.find`` looks for one word in C. So we find where
the first words of a pattern stand and try the pattern only there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
LETTERS_DIGITS = LETTERS | frozenset("0123456789")


def first_words(phrases: Iterable[str]) -> frozenset[str]:
    """ "quyet dinh" → "quyet": the literal word a match of the phrase starts with."""
    words = frozenset(phrase.split()[0] for phrase in phrases)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words), words
    return words


def word_starts(text: str, words: Iterable[str], inside_word: Callable[[str], bool],
                found: dict[str, list[int]] | None = None) -> list[int]:
    """Sorted places where one of ``words`` begins and the character before it
    (if any) is not ``inside_word``: where a pattern that opens with a
    look-behind for a word boundary and then one of ``words`` can match.

    ``found`` keeps every place of each word in ``text`` for the next call.
    """
    found = {} if found is None else found
    out: set[int] = set()
    for word in words:
        if word not in found:
            found[word] = _places(text, word)
        out.update(at for at in found[word] if at == 0 or not inside_word(text[at - 1]))
    return sorted(out)


def _places(text: str, word: str) -> list[int]:
    places = []
    at = text.find(word)
    while at >= 0:
        places.append(at)
        at = text.find(word, at + 1)
    return places


def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int], pos: int = 0,
                endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, endpos)`` for a pattern that matches only at
    one of ``starts`` and never matches the empty string."""
    end = len(text) if endpos is None else endpos
    for at in starts[bisect.bisect_left(starts, pos):]:
        if at >= end:
            break
        if at >= pos and (m := pattern.match(text, at, end)):
            yield m
            pos = m.end()


def starts_within(text: str, loose: re.Pattern[str], inside_word: Callable[[str], bool]) -> list[int]:
    """Word starts inside the matches of ``loose`` (one scan of the text).

    A pattern that matches only where ``loose`` matches too (at the same place,
    maybe to another end) starts at one of these, as ``finditer_at`` needs:
    a scan of ``loose`` passes over no place where it matches.
    """
    out = []
    for match in loose.finditer(text):
        out.extend(at for at in range(match.start(), match.end())
                   if at == 0 or not inside_word(text[at - 1]))
    return out


def word_alternation(phrases: Iterable[str], not_before: str) -> str:
    """``(?<!not_before)(?:phrase|…)`` (a space matching any whitespace), written so
    that re runs faster over a long text: phrases grouped by first letter, each
    group ``c(?<!not_before c)(?:rest|…)``. The phrases keep their order inside
    a group, and two groups never match at the same place, so it matches what
    the plain alternation matches. ``not_before`` is one character class."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(re.escape(phrase[1:]).replace(r"\ ", r"\s+"))
    return "(?:" + "|".join(
        f"{re.escape(first)}(?<!{not_before}{re.escape(first)})(?:{'|'.join(rests)})"
        for first, rests in groups.items()) + ")"


def is_word_char(ch: str) -> bool:
    """What ``\\w`` matches (``\\b`` is a change between it and the rest)."""
    return ch.isalnum() or ch == "_"
