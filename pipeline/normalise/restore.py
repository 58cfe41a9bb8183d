"""Restore Vietnamese diacritics in stripped or OCR-garbled text.

``restore_text("Ke hoach truyen thong ve Chuong trinh giam ngheo")`` gives
"Kế hoạch truyền thông về Chương trình giảm nghèo"; for the OCR text
"S6: 194 /KH-UBND" it gives "Số: 194 /KH-UBND".

How:

1. Cut the text into chunks (runs of non-space). Numbers, document symbols
   ("90/QD-TTg", "05-CT/TW", "LĐ-TB&XH") and unknown words are kept as printed.
2. Each word gets candidate syllables. Stripped text: every accented syllable
   that folds to the word ("dang" → đang, đảng, đăng, …). Garbled text: first
   the OCR confusion rules (:mod:`pipeline.normalise.ocr_confusions`) give the
   clean folded syllables the word may stand for, each with a cost, then their
   accented forms.
3. A syllable trigram model (:mod:`pipeline.normalise.syllable_lm`) picks the
   best sequence over the whole text by Viterbi search.
4. Each restored word takes the printed word's case ("TO CHUC" → "TỔ CHỨC");
   whitespace, punctuation and line breaks are copied unchanged, and the offset
   map sends every output character to the printed word it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from pipeline.document import RestoredText, TextState
from pipeline.normalise import ocr_confusions
from pipeline.normalise.fold import fold
from pipeline.normalise.lattice import NEVER, best_path
from pipeline.normalise.syllable_lm import (
    BOUNDARY,
    SyllableLM,
    lm_tokens,
    load_model,
    syllable_key,
    token_class,
)
from pipeline.normalise.textstate import detect_text_state
from pipeline.offsets import TextBuilder

__all__ = ["detect_text_state", "restore", "restore_text"]

MAX_CANDIDATES = 6  # accented forms kept per word, most frequent first
KEEP_COST = 3.0  # cost of leaving an unreadable OCR word as printed
MAX_GARBLED_OPTIONS = 9  # readings kept per OCR word, cheapest first
RANK_COST = 0.25  # ranking only: the k-th most frequent form of a reading ranks k × 0.25 lower
_LEAD = set("\"“‘'([{<«*")
_TRAIL = set(".,;:!?)]}>»\"”’'…*/")
_GARBLE_CHARS = set("&¢|")
_ACRONYM = re.compile(r"^[A-ZĐ&]{2,}$")
_SEPARATOR = re.compile(r"[-–.,;:()\"“”]+")


@dataclass(frozen=True)
class _Slot:
    """One LM position: its candidate ids, their channel costs and output words."""

    ids: tuple[int, ...]
    costs: tuple[float, ...]
    words: tuple[str | None, ...]  # output per candidate (None: keep the printed word)


@dataclass
class _Piece:
    """A span of the input and how to write it: fixed text, or the choice of a slot."""

    start: int
    end: int
    text: str | None = None  # fixed replacement (None: copy unchanged)
    slot: int = -1
    observed: str = ""


_Placed = tuple[int, int, "str | None", int, str]  # start, end, fixed text, slot, printed word


def restore(text: str, state: TextState | None = None) -> RestoredText:
    """Restore the diacritics of ``text``; every output character maps into the input."""
    if state is None:
        state = detect_text_state(text)
    model = load_model()
    garbled = state == "garbled"
    lattice = _Lattice()
    boundary = _plan((_fixed(model, BOUNDARY),))
    lattice.add(boundary)
    lattice.add(boundary)
    pieces: list[_Placed] = []
    markers = {s: (e, t) for s, e, t in ocr_confusions.marker_fixes(text)} if garbled else {}
    for start, chunk, paragraph in chunks(text):
        if paragraph:
            lattice.add(boundary)
        if start in markers:
            end, fixed = markers[start]
            pieces.append((start, end, fixed, -1, ""))
            lattice.add(_plan(tuple(_fixed(model, t) for t in lm_tokens(fixed))))
            continue
        plan = _chunk_plan(chunk, garbled)
        base = lattice.add(plan)
        for s, e, k, word in plan.pieces:
            pieces.append((start + s, start + e, None, base + k, word))
    return _build(text, pieces, lattice.words(), lattice.best_path(model))


def chunks(text: str) -> Iterator[tuple[int, str, bool]]:
    r"""(start, chunk, starts a paragraph) for each run of non-space, as r"\S+" finds
    them; a paragraph starts the text or follows a blank line."""
    last, find = -1, text.find  # the end of the previous chunk
    for chunk in text.split():
        start = find(chunk, max(last, 0))
        yield start, chunk, last < 0 or (start - last > 1
                                          and text.count("\n", last, start) >= 2)
        last = start + len(chunk)


def restore_text(text: str) -> str:
    """The restored text alone (``kehoach restore``); full text comes back unchanged."""
    state = detect_text_state(text)
    if state == "full":
        return text
    return restore(text, state).text


def _fixed(model: SyllableLM, token: str) -> _Slot:
    return _fixed_slot(model.token_id(token))


@cache
def _fixed_slot(token_id: int) -> _Slot:
    return _Slot((token_id,), (0.0,), (None,))


class _Plan(NamedTuple):
    """The slots of one chunk, flattened for the lattice, and its words as
    (start, end, slot, printed word)."""

    widths: tuple[int, ...]
    ids: tuple[int, ...]
    costs: tuple[float, ...]
    words: tuple[tuple[str | None, ...], ...]
    pieces: tuple[tuple[int, int, int, str], ...] = ()


def _plan(slots: tuple[_Slot, ...], pieces: tuple[tuple[int, int, int, str], ...] = ()) -> _Plan:
    return _Plan(tuple(len(s.ids) for s in slots), tuple(chain.from_iterable(s.ids for s in slots)),
                 tuple(chain.from_iterable(s.costs for s in slots)),
                 tuple(s.words for s in slots), pieces)


@lru_cache(maxsize=65536)
def _chunk_plan(chunk: str, garbled: bool) -> _Plan:
    slots: list[_Slot] = []
    pieces: list[_Piece] = []
    _chunk(load_model(), chunk, 0, len(chunk), garbled, slots, pieces)
    return _plan(tuple(slots), tuple((p.start, p.end, p.slot, p.observed) for p in pieces))


class _Lattice:
    """Every slot of a text, as the chunk plans that make it up."""

    def __init__(self) -> None:
        self.plans: list[_Plan] = []
        self.size = 0

    def add(self, plan: _Plan) -> int:
        """Append a plan's slots; the index of its first slot."""
        self.plans.append(plan)
        self.size += len(plan.widths)
        return self.size - len(plan.widths)

    def words(self) -> list[tuple[str | None, ...]]:
        return list(chain.from_iterable(p.words for p in self.plans))

    def best_path(self, model: SyllableLM) -> list[int]:
        """Index of the chosen candidate in each slot (trigram Viterbi, :mod:`lattice`)."""
        widths = np.fromiter(chain.from_iterable(p.widths for p in self.plans), np.int64,
                             self.size)
        rows = np.repeat(np.arange(len(widths)), widths)
        columns = np.arange(len(rows)) - np.repeat(np.cumsum(widths) - widths, widths)
        ids = np.zeros((len(widths), int(widths.max())), np.int64)
        costs = np.full(ids.shape, NEVER)
        ids[rows, columns] = np.fromiter(chain.from_iterable(p.ids for p in self.plans),
                                         np.int64, len(rows))
        costs[rows, columns] = np.fromiter(chain.from_iterable(p.costs for p in self.plans),
                                           np.float64, len(rows))
        return best_path(model.ngrams, ids, costs, widths).tolist()


def _chunk(model: SyllableLM, text: str, start: int, end: int, garbled: bool,
           slots: list[_Slot], pieces: list[_Piece]) -> None:
    """Split one chunk into leading punctuation, core and trailing punctuation."""
    core_start, core_end = start, end
    while core_start < core_end and text[core_start] in _LEAD:
        core_start += 1
    while core_end > core_start and text[core_end - 1] in _TRAIL:
        core_end -= 1
    for i in range(start, core_start):
        slots.append(_fixed(model, token_class(text[i])))
    core = text[core_start:core_end]
    if core:
        _core(model, text, core_start, core_end, garbled, slots, pieces)
    for i in range(core_end, end):
        slots.append(_fixed(model, token_class(text[i])))


def _core(model: SyllableLM, text: str, start: int, end: int, garbled: bool,
          slots: list[_Slot], pieces: list[_Piece]) -> None:
    """A chunk without its outer punctuation: a symbol, or words joined by - . , ; :"""
    core = text[start:end]
    if "/" in core:  # a document number or symbol: "90/QD-TTg", "05-CT/TW"
        slots.extend(_fixed(model, t) for t in lm_tokens(core))
        return
    joined = False
    pos = 0
    for match in _SEPARATOR.finditer(core):
        _part(model, core[pos:match.start()], start + pos, garbled, True, slots, pieces)
        slots.extend(_fixed(model, token_class(c)) for c in match.group())
        pos = match.end()
        joined = True
    _part(model, core[pos:], start + pos, garbled, joined, slots, pieces)


def _part(model: SyllableLM, part: str, start: int, garbled: bool, joined: bool,
          slots: list[_Slot], pieces: list[_Piece]) -> None:
    if not part:
        return
    if joined and _ACRONYM.match(part) and not model_knows(fold(part)):
        slots.extend(_fixed(model, t) for t in lm_tokens(part))  # "TB&XH" in "LĐ-TB&XH"
        return
    _word(model, part, start, garbled, slots, pieces)


def model_knows(folded: str) -> bool:
    return bool(load_model().candidates(folded))


def _is_acronym(word: str) -> bool:
    """ "TT", "HĐND", "PCT": capitals with no vowel are abbreviations, never syllables."""
    return len(word) >= 2 and word.isalpha() and word.isupper() \
        and not any(c in "aeiouy" for c in fold(word))


def _word(model: SyllableLM, word: str, start: int, garbled: bool,
          slots: list[_Slot], pieces: list[_Piece]) -> None:
    slot = None if _is_acronym(word) else _word_slot(word, garbled)
    if slot is None:
        slots.extend(_fixed(model, t) for t in lm_tokens(word))
        return
    pieces.append(_Piece(start, start + len(word), slot=len(slots), observed=word))
    slots.append(slot)


@lru_cache(maxsize=65536)
def _word_slot(word: str, garbled: bool) -> _Slot | None:
    options = _options(word, garbled)
    if not options:
        return None
    model = load_model()
    keep_id = model.token_id(token_class(word))
    return _Slot(tuple(keep_id if i < 0 else i for i, _ in options),
                 tuple(c for _, c in options),
                 tuple(None if i < 0 else model.vocab[i] for i, _ in options))


def _options(word: str, garbled: bool) -> tuple[tuple[int, float], ...]:
    """(syllable id, channel cost) for each reading of a printed word; id -1 keeps it."""
    model = load_model()
    if not garbled:
        if not word.isalpha():
            return ()
        key = syllable_key(word)
        if key != fold(key) and key in model.ids:
            return ((model.ids[key], 0.0),)  # already accented: trust it
        ids = model.candidates(fold(word))[:MAX_CANDIDATES]
        return tuple((i, 0.0) for i in ids)
    if not any(c.isalpha() for c in word) or not all(c.isalnum() or c in _GARBLE_CHARS for c in word):
        return ()
    valid, prefixes = _folded_index()
    found = ocr_confusions.folded_candidates(word, valid, prefixes)
    ranked: list[tuple[float, int, float]] = []
    for folded, cost in found.items():
        for rank, i in enumerate(model.candidates(folded)[:MAX_CANDIDATES]):
            total = cost + _mark_penalty(word, model.vocab[i])
            ranked.append((total + RANK_COST * rank, i, total))
    ranked.sort()  # a rarer form of a cheap reading against the best form of a costly one
    options = [(i, total) for _, i, total in ranked[:MAX_GARBLED_OPTIONS]]
    if fold(word) not in valid:
        options.append((-1, KEEP_COST))
    return tuple(options)


def _mark_penalty(observed: str, candidate: str) -> float:
    """A printed mark ("Truyén") is weak evidence that the true syllable has one too."""
    printed = any(not c.isascii() and c.isalpha() for c in observed)
    return 0.3 if printed and candidate == fold(candidate) else 0.0


@lru_cache(maxsize=1)
def _folded_index() -> tuple[frozenset[str], frozenset[str]]:
    valid = frozenset(load_model().by_folded)
    return valid, ocr_confusions.prefixes(valid)


def _build(text: str, pieces: list[_Placed], words: list[tuple[str | None, ...]],
           choice: list[int]) -> RestoredText:
    """The restored text and its map. Replacements of the printed length are patched
    in first (their characters map one to one); only the others need the builder."""
    patched: list[str] = []
    resized: list[tuple[int, int, str]] = []
    last = 0
    for start, end, fixed, slot, observed in pieces:
        if fixed is not None:
            new = fixed
        else:
            word = words[slot][choice[slot]]
            new = observed if word is None else (
                word if observed.islower() else _apply_case(observed, word))
        if len(new) != end - start:
            resized.append((start, end, new))
        elif new != text[start:end]:
            patched += (text[last:start], new)
            last = end
    changed = bool(patched or resized)
    if patched:
        patched.append(text[last:])
        text = "".join(patched)
    out = TextBuilder()
    last = 0
    for start, end, new in resized:
        out.copy(text, last, start)
        out.replace(new, start, end)
        last = end
    out.copy(text, last, len(text))
    restored, to_source = out.build(len(text))
    return RestoredText(text=restored, to_source=to_source, changed=changed)


def _apply_case(observed: str, word: str) -> str:
    """Give ``word`` the case pattern of the printed ``observed``: "TO" → "TỔ", "S6" → "Số"."""
    if observed.islower():
        return word
    letters = [c for c in observed if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return word.upper()
    if observed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
