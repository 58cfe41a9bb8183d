"""Whole-text scans for patterns that start with one of a few known words.

Python's ``re`` tries a long alternation at every position of a text, which is
slow on a whole document; ``str.find`` looks for one word in C. So we find where
the first words of a pattern stand and try the pattern only there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from functools import lru_cache

LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
LETTERS_DIGITS = LETTERS | frozenset("0123456789")


def first_words(phrases: Iterable[str]) -> frozenset[str]:
    """ "quyet dinh" → "quyet": the literal word a match of the phrase starts with."""
    words = frozenset(phrase.split()[0] for phrase in phrases)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words), words
    return words


WordPlaces = dict[Hashable, list[int]]
"""A document's cache for ``word_starts``: keyed by (word, inside_word) and by
(words, inside_word)."""


def word_starts(text: str, words: Iterable[str], inside_word: Callable[[str], bool],
                found: WordPlaces | None = None) -> list[int]:
    """Sorted places where one of ``words`` begins and the character before it
    (if any) is not ``inside_word``: where a pattern that opens with a
    look-behind for a word boundary and then one of ``words`` can match.

    ``found`` keeps the answer, and that for each word, for the next call on ``text``.
    """
    found = {} if found is None else found
    key = (frozenset(words), inside_word)
    if key not in found:
        out: set[int] = set()
        for word in key[0]:
            out.update(_word_starts(text, word, inside_word, found))
        found[key] = sorted(out)
    return found[key]


def _word_starts(text: str, word: str, inside_word: Callable[[str], bool],
                 found: WordPlaces) -> list[int]:
    key = (word, inside_word)
    if key not in found:
        found[key] = [at for at in _places(text, word) if at == 0 or not inside_word(text[at - 1])]
    return found[key]


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
    # by index: a slice of the rest of ``starts`` would copy it at every call
    for i in range(bisect.bisect_left(starts, pos), len(starts)):
        at = starts[i]
        if at >= end:
            break
        if at >= pos and (m := pattern.match(text, at, end)):
            yield m
            pos = m.end()


def starts_within(text: str, loose: re.Pattern[str], word_chars: frozenset[str]) -> list[int]:
    """Word starts (a place after no character of ``word_chars``) inside the
    matches of ``loose`` (one scan of the text).

    A pattern that matches only where ``loose`` matches too (at the same place,
    maybe to another end) starts at one of these, as ``finditer_at`` needs:
    a scan of ``loose`` passes over no place where it matches.
    """
    after_other = _after_other_char(word_chars)
    out = []
    for match in loose.finditer(text):
        start, end = match.span()
        if start == 0 or text[start - 1] not in word_chars:
            out.append(start)
        # the places after a character not in word_chars, inside the match
        out.extend(m.end() for m in after_other.finditer(text, start, end - 1))
    return out


@lru_cache(maxsize=8)
def _after_other_char(word_chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile(f"[^{re.escape(''.join(sorted(word_chars)))}]")


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


def needed_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literal strings (3 characters or more) every match of ``pattern`` contains,
    longest first: a text holding one of them not can hold no match.

    Read from the parsed pattern: runs of literal characters that are not in a
    branch, an optional or repeated part or a look-around. Empty for a pattern
    with flags that change what a literal matches (ignore case, verbose).
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return ()
    runs: list[str] = []
    _literal_runs(re._parser.parse(pattern.pattern, pattern.flags), runs)  # type: ignore[attr-defined]
    return tuple(sorted((r for r in runs if len(r) >= 3), key=len, reverse=True))


def _literal_runs(parsed: object, runs: list[str]) -> None:
    """Append the runs of literals of a parsed (sub)pattern that every match holds."""
    c = re._constants  # type: ignore[attr-defined]
    run: list[str] = []
    for op, arg in parsed:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        runs.append("".join(run))
        run = []
        if op is c.SUBPATTERN and not arg[1] & (re.IGNORECASE | re.VERBOSE):
            _literal_runs(arg[3], runs)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            _literal_runs(arg[2], runs)
    runs.append("".join(run))
