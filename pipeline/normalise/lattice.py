"""Trigram Viterbi over a lattice of candidate syllables, compiled with numba.

The n-gram tables are open-addressing hash tables of 64-bit entries
(:class:`NgramIndex`): the word ids of the n-gram in the high bits and the
model's float16 log10 score in the low 16, so a lookup is one multiply and,
most of the time, one memory access. A third table holds the histories (a, b)
that some trigram continues: four in five histories of a garbled OCR lattice
have none, and one lookup per history then saves one per next word. Scores use
stupid backoff: a missing trigram falls back to ``BACKOFF`` + the bigram, a
missing bigram to ``BACKOFF`` + the unigram. A beam drops the states far behind the best one at each slot
(``beam=math.inf`` gives the exact search; on the 98,000 held-out syllables of
``benchmarks/restore_bench.py`` ``BEAM`` changes none and saves about a third
of the time).

The first call compiles the functions (seconds); numba's cache keeps the machine
code next to this file (or in the user's cache folder, or ``NUMBA_CACHE_DIR``) for
later runs. Where none of those is writable, each process compiles its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

NEVER = 1e9  # cost of a padding candidate: never chosen
BEAM = 5.0  # log10 units: states 10^5 times less likely than the best are dropped
MAX_WORDS = 0xFFFF  # word ids take 16 bits of an entry



def _compiled(func):
    """``numba.njit``, cached on disk where numba finds a writable place."""
    try:
        return njit(cache=True, nogil=True)(func)
    except RuntimeError:  # "cannot cache function …: no locator available"
        return njit(nogil=True)(func)


_EMPTY = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_SCORE_BITS = np.uint64(0xFFFF)
_MULTIPLIER = np.uint64(0x9E37_79B9_7F4A_7C15)  # Fibonacci hashing


@dataclass(frozen=True)
class NgramIndex:
    """Bigram and trigram tables of a syllable LM as hash tables, ready for the search."""

    unigram: np.ndarray  # float32 log10 p(w)
    bigrams: np.ndarray  # uint64 entries: a << 48 | b << 32 | float16 bits of log10 p(b | a)
    trigrams: np.ndarray  # uint64 entries: a << 48 | b << 32 | c << 16 | float16 bits
    histories: np.ndarray  # uint64 entries a << 48 | b << 32: the (a, b) some trigram has
    bigram_shift: int  # 64 - log2(table size): the hash is the top bits of key × multiplier
    trigram_shift: int
    history_shift: int
    half: np.ndarray  # float32 [65536]: the value of each float16 bit pattern
    backoff: float

    @classmethod
    def build(cls, size: int, unigram: np.ndarray, bigram_keys: np.ndarray,
              bigram_scores: np.ndarray, trigram_history: np.ndarray,
              trigram_next: np.ndarray, trigram_scores: np.ndarray,
              backoff: float) -> NgramIndex:
        """From the model's arrays: bigram keys ``a*V + b``, trigram histories ``a*V + b``
        with next words ``c``, and float16 scores."""
        if size > MAX_WORDS:
            raise ValueError(f"vocabulary of {size} words: word ids must fit 16 bits")
        first, second = np.divmod(bigram_keys.astype(np.uint64), np.uint64(size))
        bigrams = _entries(first, second, np.zeros_like(first), bigram_scores)
        first, second = np.divmod(trigram_history.astype(np.uint64), np.uint64(size))
        trigrams = _entries(first, second, trigram_next.astype(np.uint64), trigram_scores)
        first, second = np.divmod(np.unique(trigram_history).astype(np.uint64), np.uint64(size))
        histories = _entries(first, second, np.zeros_like(first),
                             np.zeros(len(first), np.float16))
        bigrams, trigrams, histories = map(_hash_table, (bigrams, trigrams, histories))
        return cls(unigram=unigram.astype(np.float32), bigrams=bigrams, trigrams=trigrams,
                   histories=histories, bigram_shift=_shift(bigrams),
                   trigram_shift=_shift(trigrams), history_shift=_shift(histories),
                   half=np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
                   .view(np.float16).astype(np.float32),
                   backoff=float(backoff))

    def arrays(self) -> tuple:
        return (self.unigram, self.bigrams, np.uint64(self.bigram_shift), self.trigrams,
                np.uint64(self.trigram_shift), self.histories, np.uint64(self.history_shift),
                self.half, self.backoff)


def _entries(a: np.ndarray, b: np.ndarray, c: np.ndarray, scores: np.ndarray) -> np.ndarray:
    if scores.dtype != np.float16:
        raise ValueError(f"n-gram scores must be float16, not {scores.dtype}")
    bits = scores.view(np.uint16).astype(np.uint64)
    return (a << np.uint64(48)) | (b << np.uint64(32)) | (c << np.uint64(16)) | bits


def _hash_table(entries: np.ndarray) -> np.ndarray:
    """A table at most half full (short probe runs for the many absent n-grams)."""
    capacity = 1 << max(4, int(2 * len(entries) - 1).bit_length())
    table = np.full(capacity, _EMPTY, np.uint64)
    _insert_all(table, entries, np.uint64(_shift(table)))
    return table


def _shift(table: np.ndarray) -> int:
    return 64 - (len(table).bit_length() - 1)


@_compiled
def _insert_all(table, entries, shift):
    mask = np.uint64(len(table) - 1)
    for entry in entries:
        slot = ((entry & ~_SCORE_BITS) * _MULTIPLIER) >> shift
        while table[slot] != _EMPTY:
            slot = (slot + np.uint64(1)) & mask
        table[slot] = entry


@_compiled
def _lookup(table, shift, key):
    """The float16 bits stored with ``key`` (the n-gram part of an entry), or -1."""
    mask = np.uint64(len(table) - 1)
    slot = (key * _MULTIPLIER) >> shift
    while True:
        entry = table[slot]
        if entry == _EMPTY:
            return -1
        if entry & ~_SCORE_BITS == key:
            return np.int64(entry & _SCORE_BITS)
        slot = (slot + np.uint64(1)) & mask


def best_path(index: NgramIndex, ids: np.ndarray, costs: np.ndarray,
              widths: np.ndarray, beam: float = BEAM) -> np.ndarray:
    """Index of the chosen candidate in each slot.

    Slot ``i`` has ``widths[i]`` candidates, laid out one slot after the other in
    ``ids`` and ``costs`` (their LM tokens and channel costs, in log10 units).
    The first two slots are sentence boundaries.
    """
    widths = np.ascontiguousarray(widths, np.int64)
    first = np.cumsum(widths) - widths
    return _viterbi(np.ascontiguousarray(ids, np.uint64), np.ascontiguousarray(costs, np.float64),
                    widths, first, *index.arrays(), beam)


@_compiled
def _bigram(b, c, unigram, bigrams, bigram_shift, half, backoff):
    bits = _lookup(bigrams, bigram_shift, (b << np.uint64(48)) | (c << np.uint64(32)))
    if bits >= 0:
        return np.float64(half[bits])
    return np.float64(np.float32(backoff) + unigram[c])


@_compiled
def _viterbi(ids, costs, widths, first, unigram, bigrams, bigram_shift, trigrams, trigram_shift,
             histories, history_shift, half, backoff, beam):
    n = len(widths)
    width = max(1, widths.max())
    best = np.full((width, width), -NEVER)
    best[0, 0] = 0.0
    new = np.empty((width, width))
    back = np.zeros((n, width, width), np.int16)
    history = np.empty(width, np.uint64)
    known = np.empty(width, np.bool_)  # whether any trigram continues the history
    live = np.empty(width, np.int64)
    for i in range(n - 2):
        wa, wb, wc = widths[i], widths[i + 1], widths[i + 2]
        fa, fb, fc = first[i], first[i + 1], first[i + 2]
        new[:wb, :wc] = -NEVER
        floor = best[:wa, :wb].max() - beam
        for kb in range(wb):
            b = ids[fb + kb]
            alive = 0
            for ka in range(wa):
                if best[ka, kb] >= floor:
                    live[alive] = ka
                    history[alive] = (ids[fa + ka] << np.uint64(48)) | (b << np.uint64(32))
                    known[alive] = _lookup(histories, history_shift, history[alive]) >= 0
                    alive += 1
            for kc in range(wc):
                c = ids[fc + kc]
                cost = costs[fc + kc]
                fallback = 1.0  # log10 scores are <= 0: 1.0 means "not looked up yet"
                for j in range(alive):
                    ka = live[j]
                    bits = -1
                    if known[j]:
                        bits = _lookup(trigrams, trigram_shift, history[j] | (c << np.uint64(16)))
                    if bits >= 0:
                        score = np.float64(half[bits])
                    else:
                        if fallback > 0.0:
                            fallback = backoff + _bigram(b, c, unigram, bigrams, bigram_shift, half,
                                                         backoff)
                        score = fallback
                    total = best[ka, kb] + (score - cost)
                    if total > new[kb, kc]:
                        new[kb, kc] = total
                        back[i + 2, kb, kc] = ka
        best[:wb, :wc] = new[:wb, :wc]
    last_b, last_c = 0, 0
    top = -np.inf
    for kb in range(widths[n - 2]):
        for kc in range(widths[n - 1]):
            if best[kb, kc] > top:
                top = best[kb, kc]
                last_b, last_c = kb, kc
    choice = np.zeros(n, np.int64)
    choice[n - 1], choice[n - 2] = last_c, last_b
    for i in range(n - 1, 1, -1):
        choice[i - 2] = back[i, choice[i - 1], choice[i]]
    return choice
