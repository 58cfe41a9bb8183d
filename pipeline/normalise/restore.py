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
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from pipeline.document import RestoredText, TextState
from pipeline.normalise import ocr_confusions
from pipeline.normalise.fold import fold
from pipeline.normalise.syllable_lm import (
    BOUNDARY,
    SyllableLM,
    lm_tokens,
    load_model,
    syllable_key,
    token_class,
)
from pipeline.normalise.textstate import detect_text_state
from pipeline.offsets import OffsetMap, TextBuilder

__all__ = ["detect_text_state", "restore", "restore_text"]

MAX_CANDIDATES = 6  # accented forms kept per word, most frequent first
KEEP_COST = 2.0  # cost of leaving an unreadable OCR word as printed
_CHUNK = re.compile(r"\S+")
_LEAD = set("\"“‘'([{<«*")
_TRAIL = set(".,;:!?)]}>»\"”’'…*")
_GARBLE_CHARS = set("&¢|")
_ACRONYM = re.compile(r"^[A-ZĐ&]{2,}$")


@dataclass
class _Slot:
    """One LM position: its candidate ids and their channel costs."""

    ids: np.ndarray
    costs: np.ndarray
    words: list[str | None] = field(default_factory=list)  # output text per candidate (None: keep)


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
    slots: list[_Slot] = [_fixed(model, BOUNDARY), _fixed(model, BOUNDARY)]
    pieces: list[_Piece] = []
    markers = {s: (e, t) for s, e, t in ocr_confusions.marker_fixes(text)} if garbled else {}
    last_line_blank = True
    for line_start, line in _lines(text):
        if not line.strip():
            last_line_blank = True
            continue
        if last_line_blank:
            slots.append(_fixed(model, BOUNDARY))
        last_line_blank = False
        for match in _CHUNK.finditer(line):
            start = line_start + match.start()
            if start in markers:
                end, fixed = markers[start]
                pieces.append(_Piece(start, end, text=fixed))
                slots.extend(_fixed(model, t) for t in lm_tokens(fixed))
                continue
            _chunk(model, text, start, line_start + match.end(), garbled, slots, pieces)
    choice = _viterbi(model, slots)
    return _build(text, pieces, slots, choice)


def restore_text(text: str) -> str:
    """The restored text alone (``kehoach restore``); full text comes back unchanged."""
    state = detect_text_state(text)
    if state == "full":
        return text
    return restore(text, state).text


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _fixed(model: SyllableLM, token: str) -> _Slot:
    return _Slot(np.array([model.token_id(token)], np.int64), np.zeros(1), [None])


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
    core = text[start:end]
    parts = core.split("-")
    if "/" in core or (len(parts) > 1 and not all(p and _is_word(p, garbled) for p in parts)):
        slots.extend(_fixed(model, t) for t in lm_tokens(core))  # a symbol: keep as printed
        return
    pos = start
    for k, part in enumerate(parts):
        if k:
            slots.append(_fixed(model, token_class("-")))
            pos += 1
        _word(model, part, pos, garbled, slots, pieces)
        pos += len(part)


def _is_word(part: str, garbled: bool) -> bool:
    if _ACRONYM.match(part) and not model_knows(fold(part)):
        return False
    if garbled:
        return any(c.isalpha() for c in part) and all(c.isalnum() or c in _GARBLE_CHARS for c in part)
    return part.isalpha()


def model_knows(folded: str) -> bool:
    return bool(load_model().candidates(folded))


def _word(model: SyllableLM, word: str, start: int, garbled: bool,
          slots: list[_Slot], pieces: list[_Piece]) -> None:
    options = _options(word, garbled)
    if not options:
        slots.extend(_fixed(model, t) for t in lm_tokens(word))
        return
    ids = np.array([i for i, _ in options], np.int64)
    costs = np.array([c for _, c in options])
    words = [None if i < 0 else model.vocab[i] for i, _ in options]
    ids[ids < 0] = model.token_id("<unk>")
    pieces.append(_Piece(start, start + len(word), slot=len(slots), observed=word))
    slots.append(_Slot(ids, costs, words))


@lru_cache(maxsize=65536)
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
    options: list[tuple[int, float]] = []
    for folded, cost in sorted(found.items(), key=lambda kv: kv[1]):
        for rank, i in enumerate(model.candidates(folded)[:MAX_CANDIDATES]):
            options.append((i, cost + _mark_penalty(word, model.vocab[i]) + 0.0 * rank))
    options.sort(key=lambda o: o[1])
    options = options[: 3 * MAX_CANDIDATES]
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


def _viterbi(model: SyllableLM, slots: list[_Slot]) -> list[int]:
    """Index of the chosen candidate in each slot (trigram Viterbi, exact)."""
    n = len(slots)
    if n <= 2:
        return [0] * n
    # all trigram scores at once: one vectorised lookup for the whole text
    starts, a_all, b_all, c_all = [0], [], [], []
    for i in range(2, n):
        a, b, c = slots[i - 2].ids, slots[i - 1].ids, slots[i].ids
        grid = np.broadcast_arrays(a[:, None, None], b[None, :, None], c[None, None, :])
        a_all.append(grid[0].ravel())
        b_all.append(grid[1].ravel())
        c_all.append(grid[2].ravel())
        starts.append(starts[-1] + grid[0].size)
    scores = model.trigram(np.concatenate(a_all), np.concatenate(b_all), np.concatenate(c_all))
    best = np.zeros((1, 1))
    back: list[np.ndarray] = []
    for i in range(2, n):
        ka, kb, kc = len(slots[i - 2].ids), len(slots[i - 1].ids), len(slots[i].ids)
        trans = scores[starts[i - 2]:starts[i - 1]].reshape(ka, kb, kc)
        total = best[:, :, None] + trans - slots[i].costs[None, None, :]
        arg = total.argmax(axis=0)
        back.append(arg)
        best = np.take_along_axis(total, arg[None], axis=0)[0]
    b, c = np.unravel_index(int(best.argmax()), best.shape)
    choice = [0] * n
    choice[n - 1], choice[n - 2] = int(c), int(b)
    for i in range(n - 1, 1, -1):
        a = int(back[i - 2][choice[i - 1], choice[i]])
        choice[i - 2] = a
    return choice


def _build(text: str, pieces: list[_Piece], slots: list[_Slot], choice: list[int]) -> RestoredText:
    out = TextBuilder()
    last = 0
    changed = False
    for piece in pieces:
        if piece.text is not None:
            new = piece.text
        else:
            word = slots[piece.slot].words[choice[piece.slot]]
            new = piece.observed if word is None else _apply_case(piece.observed, word)
        if new == text[piece.start:piece.end]:
            continue
        out.copy(text, last, piece.start)
        out.replace(new, piece.start, piece.end)
        last = piece.end
        changed = True
    out.copy(text, last, len(text))
    restored, to_source = out.build(len(text))
    return RestoredText(text=restored, to_source=to_source, changed=changed)


def _apply_case(observed: str, word: str) -> str:
    """Give ``word`` the case pattern of the printed ``observed``: "TO" → "TỔ", "S6" → "Số"."""
    letters = [c for c in observed if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return word.upper()
    if observed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
