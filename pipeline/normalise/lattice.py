"""Trigram Viterbi over a lattice of candidate syllables, compiled with numba.

The n-gram tables are kept as a trie of sorted arrays (:class:`NgramIndex`):
word ``a`` → its histories ``(a, b)`` → their next words ``c``. A score lookup
is two or three binary searches over short, contiguous runs, so a document's
half a million trigram scores cost milliseconds and no hash tables are built.
Scores use stupid backoff: a missing trigram falls back to ``BACKOFF`` + the
bigram, a missing bigram to ``BACKOFF`` + the unigram. A beam drops the states
far behind the best one at each slot (``beam=math.inf`` gives the exact search;
on the 98,000 held-out syllables of ``benchmarks/restore_bench.py`` ``BEAM``
changes none and saves about a third of the time).

The first call compiles the functions (about a second); ``cache=True`` keeps
the machine code next to this file (or in ``NUMBA_CACHE_DIR``) for later runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

NEVER = 1e9  # cost of a padding candidate: never chosen
BEAM = 5.0  # log10 units: states 10^5 times less likely than the best are dropped


@dataclass(frozen=True)
class NgramIndex:
    """Bigram and trigram tables of a syllable LM as sorted runs, ready for search."""

    unigram: np.ndarray  # float32 log10 p(w)
    bigram_start: np.ndarray  # int64 [V + 1]: the bigrams (a, ·) are [start[a], start[a+1])
    bigram_next: np.ndarray  # uint16 b, sorted within each run
    bigram_scores: np.ndarray  # float32 log10 p(b | a)
    history_start: np.ndarray  # int64 [V + 1]: histories (a, ·) are [start[a], start[a+1])
    history_second: np.ndarray  # uint16 b of each history, sorted within each run
    trigram_start: np.ndarray  # int64 [H + 1]: next words of history h are [start[h], start[h+1])
    trigram_next: np.ndarray  # uint16 c, sorted within each run
    trigram_scores: np.ndarray  # float32 log10 p(c | a b)
    backoff: float

    @classmethod
    def build(cls, size: int, unigram: np.ndarray, bigram_keys: np.ndarray,
              bigram_scores: np.ndarray, trigram_history: np.ndarray,
              trigram_next: np.ndarray, trigram_scores: np.ndarray,
              backoff: float) -> NgramIndex:
        """From sorted keys: bigrams ``a*V + b``; trigrams by history ``a*V + b`` then ``c``."""
        if size > np.iinfo(np.uint16).max:
            raise ValueError(f"vocabulary of {size} words: word ids must fit 16 bits")
        words = np.arange(size + 1, dtype=np.int64) * size
        histories, first = np.unique(trigram_history, return_index=True)
        return cls(
            unigram=unigram.astype(np.float32),
            bigram_start=np.searchsorted(bigram_keys, words).astype(np.int64),
            bigram_next=(bigram_keys % size).astype(np.uint16),
            bigram_scores=bigram_scores.astype(np.float32),
            history_start=np.searchsorted(histories, words).astype(np.int64),
            history_second=(histories % size).astype(np.uint16),
            trigram_start=np.append(first, len(trigram_history)).astype(np.int64),
            trigram_next=trigram_next.astype(np.uint16),
            trigram_scores=trigram_scores.astype(np.float32),
            backoff=float(backoff),
        )

    def arrays(self) -> tuple:
        return (self.unigram, self.bigram_start, self.bigram_next, self.bigram_scores,
                self.history_start, self.history_second, self.trigram_start,
                self.trigram_next, self.trigram_scores, self.backoff)


def best_path(index: NgramIndex, ids: np.ndarray, costs: np.ndarray,
              widths: np.ndarray, beam: float = BEAM) -> np.ndarray:
    """Index of the chosen candidate in each slot.

    ``ids[i, k]`` and ``costs[i, k]`` are candidate ``k`` of slot ``i`` (its LM
    token and channel cost, in log10 units); only the first ``widths[i]`` are
    real. The first two slots are sentence boundaries.
    """
    return _viterbi(ids, costs, widths, *index.arrays(), beam)


@njit(cache=True, nogil=True)
def _find(values, lo, hi, target):
    """Position of ``target`` in the sorted run ``values[lo:hi]``, or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and values[lo] == target:
        return lo
    return -1


@njit(cache=True, nogil=True)
def _bigram(b, c, unigram, bigram_start, bigram_next, bigram_scores, backoff):
    pos = _find(bigram_next, bigram_start[b], bigram_start[b + 1], c)
    if pos >= 0:
        return np.float64(bigram_scores[pos])
    return np.float64(np.float32(backoff) + unigram[c])


@njit(cache=True, nogil=True)
def _viterbi(ids, costs, widths, unigram, bigram_start, bigram_next, bigram_scores,
             history_start, history_second, trigram_start, trigram_next, trigram_scores,
             backoff, beam):
    n, width = ids.shape
    best = np.full((width, width), -NEVER)
    best[0, 0] = 0.0
    new = np.empty((width, width))
    back = np.zeros((n, width, width), np.int16)
    history = np.empty(width, np.int64)
    live = np.empty(width, np.int64)
    for i in range(n - 2):
        wa, wb, wc = widths[i], widths[i + 1], widths[i + 2]
        new[:, :] = -NEVER
        floor = best.max() - beam
        for kb in range(wb):
            b = ids[i + 1, kb]
            alive = 0
            for ka in range(wa):
                if best[ka, kb] >= floor:
                    a = ids[i, ka]
                    live[alive] = ka
                    history[alive] = _find(history_second, history_start[a],
                                           history_start[a + 1], b)
                    alive += 1
            for kc in range(wc):
                c = ids[i + 2, kc]
                fallback = 1.0  # log10 scores are <= 0: 1.0 means "not looked up yet"
                for j in range(alive):
                    ka = live[j]
                    h = history[j]
                    pos = -1
                    if h >= 0:
                        pos = _find(trigram_next, trigram_start[h], trigram_start[h + 1], c)
                    if pos >= 0:
                        score = np.float64(trigram_scores[pos])
                    else:
                        if fallback > 0.0:
                            fallback = backoff + _bigram(b, c, unigram, bigram_start,
                                                         bigram_next, bigram_scores, backoff)
                        score = fallback
                    total = best[ka, kb] + (score - costs[i + 2, kc])
                    if total > new[kb, kc]:
                        new[kb, kc] = total
                        back[i + 2, kb, kc] = ka
        best[:, :] = new
    last_b, last_c = 0, 0
    top = -np.inf
    for kb in range(width):
        for kc in range(width):
            if best[kb, kc] > top:
                top = best[kb, kc]
                last_b, last_c = kb, kc
    choice = np.zeros(n, np.int64)
    choice[n - 1], choice[n - 2] = last_c, last_b
    for i in range(n - 1, 1, -1):
        choice[i - 2] = back[i, choice[i - 1], choice[i]]
    return choice
