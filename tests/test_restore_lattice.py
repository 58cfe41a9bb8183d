"""The compiled Viterbi against brute force over every path, with the shipped model.

Scores are recomputed here from the model file's raw arrays with dictionaries,
independently of :class:`pipeline.normalise.lattice.NgramIndex`.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import cache

import numpy as np
import pytest

from pipeline.normalise.lattice import best_path
from pipeline.normalise.syllable_lm import BACKOFF, BOUNDARY, MODEL_PATH, load_model


@cache
def _raw_tables() -> tuple[np.ndarray, dict[int, float], dict[int, float]]:
    data = np.load(MODEL_PATH)
    size = len(load_model().vocab)
    bigrams = dict(zip(data["bigram_keys"].astype(np.int64).tolist(),
                       data["bigram_scores"].astype(np.float32).tolist(), strict=True))
    keys = data["trigram_history"].astype(np.int64) * size + data["trigram_next"]
    trigrams = dict(zip(keys.tolist(), data["trigram_scores"].astype(np.float32).tolist(),
                        strict=True))
    return data["unigram"].astype(np.float32), bigrams, trigrams


def _score(a: int, b: int, c: int) -> float:
    unigram, bigrams, trigrams = _raw_tables()
    size = len(load_model().vocab)
    if (a * size + b) * size + c in trigrams:
        return trigrams[(a * size + b) * size + c]
    if b * size + c in bigrams:
        return BACKOFF + bigrams[b * size + c]
    return BACKOFF + float(np.float32(BACKOFF) + unigram[c])


def _path_score(words: list[int], costs: list[float]) -> float:
    return sum(_score(*words[i - 2:i + 1]) - costs[i] for i in range(2, len(words)))


def _lattice(seed: int) -> list[list[tuple[int, float]]]:
    """Two boundaries, then 3–6 slots of 1–4 real candidates of one folded spelling."""
    model = load_model()
    rng = random.Random(seed)
    spellings = [k for k, v in model.by_folded.items() if len(v) >= 2]
    start = [(model.token_id(BOUNDARY), 0.0)] * 2
    slots = []
    for _ in range(rng.randint(3, 6)):
        ids = model.candidates(rng.choice(spellings))[:rng.randint(1, 4)]
        slots.append([(i, round(rng.uniform(0, 2), 2)) for i in ids])
    return [[s] for s in start] + slots


def _arrays(lattice):
    ids = np.array([word for slot in lattice for word, _ in slot], np.int64)
    costs = np.array([cost for slot in lattice for _, cost in slot])
    return ids, costs, np.array([len(slot) for slot in lattice])


@pytest.mark.parametrize("seed", range(40))
def test_exact_search_finds_the_best_path(seed: int) -> None:
    lattice = _lattice(seed)
    brute = max(_path_score([w for w, _ in path], [c for _, c in path])
                for path in itertools.product(*lattice))
    choice = best_path(load_model().ngrams, *_arrays(lattice), beam=math.inf)
    chosen = [lattice[i][k] for i, k in enumerate(choice)]
    assert _path_score([w for w, _ in chosen], [c for _, c in chosen]) == pytest.approx(brute,
                                                                                       abs=1e-9)


def test_default_beam_keeps_the_best_path_of_a_real_phrase() -> None:
    """ "ke hoach truyen thong ve chuong trinh giam ngheo": beam and exact search agree."""
    model = load_model()
    words = "ke hoach truyen thong ve chuong trinh giam ngheo ben vung".split()
    lattice = [[(model.token_id(BOUNDARY), 0.0)]] * 2 + [
        [(i, 0.0) for i in model.candidates(w)[:6]] for w in words]
    exact = best_path(model.ngrams, *_arrays(lattice), beam=math.inf)
    assert best_path(model.ngrams, *_arrays(lattice)).tolist() == exact.tolist()
    restored = " ".join(model.vocab[lattice[i][k][0]] for i, k in enumerate(exact) if i >= 2)
    assert restored == "kế hoạch truyền thông về chương trình giảm nghèo bền vững"


def test_every_choice_is_a_candidate_of_its_slot() -> None:
    model = load_model()
    lattice = [[(model.token_id(BOUNDARY), 0.0)]] * 2 + [
        [(i, 0.0) for i in model.candidates("dong")[:5]], [(model.candidates("bo")[0], 0.0)]]
    choice = best_path(model.ngrams, *_arrays(lattice))
    assert all(k < len(slot) for k, slot in zip(choice, lattice, strict=True))


def test_restoration_works_where_numba_cannot_cache(tmp_path) -> None:
    """A read-only install with no writable home: numba compiles in memory instead."""
    import subprocess
    import sys

    code = ("import numba.core.caching as c; c.CacheImpl._locator_classes = []; "
            "from pipeline.normalise.restore import restore_text; "
            "print(restore_text('Ke hoach truyen thong'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=True)
    assert out.stdout.strip() == "Kế hoạch truyền thông"
