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
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, chain, repeat
from operator import attrgetter
from typing import NamedTuple

import numpy as np

from pipeline.document import RestoredText, TextState
from pipeline.normalise import ocr_confusions
from pipeline.normalise.fold import fold
from pipeline.normalise.lattice import best_path
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
MAX_GARBLED_OPTIONS = 12  # readings kept per OCR word, cheapest first
RANK_COST = 0.15  # ranking only: the k-th most frequent form of a reading ranks k × 0.15 lower
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


def restore(text: str, state: TextState | None = None) -> RestoredText:
    """Restore the diacritics of ``text``; every output character maps into the input."""
    if state is None:
        state = detect_text_state(text)
    model = load_model()
    garbled = state == "garbled"
    starts, words = _chunk_spans(text)
    plans = list(map(_chunk_plan, words, repeat(garbled)))
    fixes = []  # misread section markers (at a chunk's start): their reading is known
    for fix in ocr_confusions.marker_fixes(text) if garbled else ():
        i = bisect_left(starts, fix[0])
        if i < len(starts) and starts[i] == fix[0]:
            plans[i] = _fixed_plan(fix[2])
            fixes.append(fix)
    boundary = _boundary_plan()
    lattice = _Lattice.of(text, starts, plans, boundary)
    choice = best_path(model.ngrams, *lattice.arrays())
    changes = lattice.changes(choice)
    fixes += _acronym_fixes(text, changes)
    if fixes:
        changes = sorted(changes + fixes)
    return _build(text, changes)


def _acronym_fixes(text: str, changes: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "QD" → "QĐ", "HDND" → "HĐND" where the search left the token as printed."""
    ends = [end for _, end, _ in changes]
    out = []
    for start, end, acronym in ocr_confusions.acronym_fixes(text):
        i = bisect_left(ends, start + 1)  # the first change that ends inside or after
        if i == len(changes) or changes[i][0] >= end:
            out.append((start, end, acronym))
    return out


def chunks(text: str) -> Iterator[tuple[int, str, bool]]:
    r"""(start, chunk, starts a paragraph) for each run of non-space, as r"\S+" finds
    them; a paragraph starts the text or follows a blank line."""
    starts, words = _chunk_spans(text)
    paragraphs = _paragraph_starts(text)
    for i, (start, chunk) in enumerate(zip(starts, words, strict=True)):
        yield start, chunk, i == 0 or start in paragraphs


def _chunk_spans(text: str) -> tuple[list[int], list[str]]:
    """The start of each run of non-space, and the runs."""
    parts = _CHUNK.split(text)  # space, chunk, space, …, chunk, space
    ends = list(accumulate(map(len, parts)))
    return ends[::2][:-1], parts[1::2]


_CHUNK = re.compile(r"(\S+)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def _paragraph_starts(text: str) -> set[int]:
    """Where the first chunk after a blank line starts."""
    return {m.end() for m in _BLANK_LINE.finditer(text)}


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


_SLOT = np.dtype([("width", "<i8"), ("start", "<i8"), ("end", "<i8")])
_CANDIDATE = np.dtype([("id", "<i8"), ("cost", "<f8"), ("rewrites", "?")])


class _Plan(NamedTuple):
    """The slots of one chunk, ready to be laid end to end into a lattice.

    Per slot (``_SLOT`` records): its width, and the span of its printed word in
    the chunk ((0, 0) for punctuation and the like). Per candidate
    (``_CANDIDATE`` records): its LM id and cost, and whether it rewrites the
    printed word; and apart, the text it writes (None: the word stays as it is).
    """

    slots: int
    slot_records: bytes
    candidate_records: bytes
    writes: tuple[str | None, ...]


def _plan(slots: list[_Slot], pieces: list[_Piece]) -> _Plan:
    records = np.zeros(len(slots), _SLOT)
    records["width"] = [len(s.ids) for s in slots]
    writes = [(None,) * len(s.ids) for s in slots]
    for piece in pieces:
        records["start"][piece.slot], records["end"][piece.slot] = piece.start, piece.end
        writes[piece.slot] = tuple(_write(piece.observed, w) for w in slots[piece.slot].words)
    flat_writes = tuple(chain.from_iterable(writes))
    candidates = np.zeros(len(flat_writes), _CANDIDATE)
    candidates["id"] = list(chain.from_iterable(s.ids for s in slots))
    candidates["cost"] = list(chain.from_iterable(s.costs for s in slots))
    candidates["rewrites"] = [w is not None for w in flat_writes]
    return _Plan(len(slots), records.tobytes(), candidates.tobytes(), flat_writes)


def _write(observed: str, word: str | None) -> str | None:
    """What a candidate writes over the printed word, in its case; None: nothing."""
    if word is None:
        return None
    new = word if observed.islower() else _apply_case(observed, word)
    return None if new == observed else new


@lru_cache(maxsize=65536)
def _chunk_plan(chunk: str, garbled: bool) -> _Plan:
    slots: list[_Slot] = []
    pieces: list[_Piece] = []
    _chunk(load_model(), chunk, 0, len(chunk), garbled, slots, pieces)
    return _plan(slots, pieces)


@lru_cache(maxsize=256)
def _fixed_plan(text: str) -> _Plan:
    return _plan([_fixed(load_model(), t) for t in lm_tokens(text)], [])


@cache
def _boundary_plan() -> _Plan:
    return _plan([_fixed(load_model(), BOUNDARY)], [])


class _Lattice:
    """Every slot of a text: the chunk plans in order, a boundary plan before each
    paragraph, and where each plan's chunk starts (-1 for a boundary)."""

    def __init__(self, plans: list[_Plan], starts: list[int]) -> None:
        self.plans, self.starts = plans, starts
        self.slots = np.frombuffer(b"".join(map(attrgetter("slot_records"), plans)), _SLOT)
        self.candidates = np.frombuffer(b"".join(map(attrgetter("candidate_records"), plans)),
                                        _CANDIDATE)
        self.widths = self.slots["width"]

    @classmethod
    def of(cls, text: str, starts: list[int], plans: list[_Plan], boundary: _Plan) -> _Lattice:
        cuts = sorted({0} | {bisect_left(starts, at) for at in _paragraph_starts(text)})
        seq, seq_starts = [boundary, boundary], [-1, -1]
        for first, after in zip(cuts, [*cuts[1:], len(plans)], strict=True):
            if first < len(plans):
                seq.append(boundary)
                seq_starts.append(-1)
            seq += plans[first:after]
            seq_starts += starts[first:after]
        return cls(seq, seq_starts)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate ids and costs, slot after slot, and the slots' widths."""
        return self.candidates["id"], self.candidates["cost"], self.widths

    def changes(self, choice: np.ndarray) -> list[tuple[int, int, str]]:
        """(start, end, new text) for each printed word the chosen path rewrites."""
        chosen = np.cumsum(self.widths) - self.widths + choice
        slots = np.flatnonzero(self.candidates["rewrites"][chosen])
        if not len(slots):
            return []
        per_plan = np.fromiter(map(attrgetter("slots"), self.plans), np.int64, len(self.plans))
        base = np.repeat(np.asarray(self.starts, np.int64), per_plan)[slots]
        starts = base + self.slots["start"][slots]
        ends = base + self.slots["end"][slots]
        writes = list(chain.from_iterable(map(attrgetter("writes"), self.plans)))
        return list(zip(starts.tolist(), ends.tolist(),
                        [writes[k] for k in chosen[slots].tolist()], strict=True))


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


def _build(text: str, changes: list[tuple[int, int, str]]) -> RestoredText:
    """The restored text and its map. Replacements of the printed length are patched
    in first (their characters map one to one); only the others need the builder."""
    patched: list[str] = []
    resized: list[tuple[int, int, str]] = []
    last = 0
    for start, end, new in changes:
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
