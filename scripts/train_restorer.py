"""Train the diacritic restorer's syllable trigram model.

    .venv/bin/python scripts/train_restorer.py ../shared/corpus [--out pipeline/models/restorer.npz]

Reads every ``*.txt`` under the corpus folder (UTF-8, one paragraph a line,
blank line between documents), holds out a fixed slice of administrative text
(:func:`is_held_out`, also used by ``benchmarks/restore_bench.py``), counts
syllable 1/2/3-grams with numpy and writes a compact ``.npz``:

- ``vocab``: the syllables (lower case, full diacritics) and class tokens;
- ``unigram``: log10 p(w);
- ``bigram_keys`` (a*V+b), ``trigram_history`` (a*V+b) with ``trigram_next`` (c):
  the sorted n-gram keys, and ``*_scores``: log10 of the stupid-backoff ratio
  (float16).

Deterministic: the same corpus gives the same model. Bounded: about 3 minutes on
one core for the 130 MB corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.normalise.fold import fold  # noqa: E402
from pipeline.normalise.syllable_lm import (  # noqa: E402
    _LM_TOKEN,
    BOUNDARY,
    SPECIALS,
    UNK,
    is_valid_syllable,
    token_class,
)

HELD_OUT_EVERY = 10  # every 10th document of the held-out sources
HELD_OUT_SOURCES = ("tvpl-legal-docs", "dvhcvn-2025-resolutions")
MIN_SYLLABLE_COUNT = 5
MIN_GROUP_SHARE = 0.002  # of all words with the same folded spelling
MIN_BIGRAM_COUNT = 2
MIN_TRIGRAM_COUNT = 2
SUBSAMPLE: dict[str, int] = {}


def documents(corpus: Path) -> Iterator[tuple[str, int, list[str]]]:
    """(source folder, document index within the source, lines) for every document."""
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        index = 0
        for path in sorted(folder.glob("*.txt")):
            lines: list[str] = []
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if line:
                        lines.append(line)
                    elif lines:
                        yield folder.name, index, lines
                        index += 1
                        lines = []
            if lines:
                yield folder.name, index, lines
                index += 1


def is_held_out(source: str, index: int) -> bool:
    """The benchmark's slice: every 10th administrative document, never trained on."""
    return source in HELD_OUT_SOURCES and index % HELD_OUT_EVERY == 0


def held_out_documents(corpus: Path) -> Iterator[list[str]]:
    for source, index, lines in documents(corpus):
        if is_held_out(source, index):
            yield lines


def token_stream(corpus: Path, stats: dict) -> tuple[array, list[str]]:
    """Every training line as LM tokens, mapped to provisional ids."""
    provisional: dict[str, int] = {}
    names: list[str] = []
    stream = array("i")
    cache: dict[str, int] = {}
    for special in SPECIALS:
        provisional[special] = len(names)
        names.append(special)
    boundary = provisional[BOUNDARY]
    for source, index, lines in documents(corpus):
        held = is_held_out(source, index)
        per = stats.setdefault(source, {"documents": 0, "chars": 0, "held_out_documents": 0,
                                        "held_out_chars": 0, "skipped_documents": 0})
        size = sum(len(line) + 1 for line in lines)
        if held:
            per["held_out_documents"] += 1
            per["held_out_chars"] += size
            continue
        if index % SUBSAMPLE.get(source, 1):
            per["skipped_documents"] += 1
            continue
        per["documents"] += 1
        per["chars"] += size
        for line in lines:
            stream.append(boundary)
            for token in _LM_TOKEN.findall(line):
                tid = cache.get(token)
                if tid is None:
                    name = token_class(token)
                    tid = provisional.get(name)
                    if tid is None:
                        tid = provisional[name] = len(names)
                        names.append(name)
                    cache[token] = tid
                stream.append(tid)
    stream.append(boundary)
    return stream, names


def build_vocab(stream: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Keep the class tokens and syllable-shaped words seen often enough; the rest is <unk>."""
    counts = np.bincount(stream, minlength=len(names))
    group: dict[str, int] = {}
    for pid, name in enumerate(names):
        group[fold(name)] = group.get(fold(name), 0) + int(counts[pid])
    vocab = list(SPECIALS)
    remap = np.empty(len(names), np.int32)
    unk = vocab.index(UNK)
    for pid, name in enumerate(names):
        if name in SPECIALS:
            remap[pid] = vocab.index(name)
        elif _keep_syllable(name, counts[pid], group[fold(name)]):
            remap[pid] = len(vocab)
            vocab.append(name)
        else:
            remap[pid] = unk
    return remap[stream], vocab


def _keep_syllable(name: str, count: int, group_count: int) -> bool:
    """A real syllable, seen often enough, and not a rare misspelling of a common one."""
    if count < MIN_SYLLABLE_COUNT or not is_valid_syllable(name):
        return False
    return count >= MIN_GROUP_SHARE * group_count or count >= 50


def ngram_table(keys: np.ndarray, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    uniq, counts = np.unique(keys, return_counts=True)
    keep = counts >= min_count
    return uniq[keep], counts[keep]


def train(corpus: Path, out: Path) -> dict:
    started = time.time()
    stats: dict = {}
    raw, names = token_stream(corpus, stats)
    stream = np.frombuffer(raw, dtype=np.int32)
    stream, vocab = build_vocab(stream, names)
    size = len(vocab)
    assert size < 65536, "trigram_next is uint16"
    n = len(stream)
    print(f"{n:,} tokens, {size:,} vocabulary, {time.time() - started:.0f}s", flush=True)

    uni_counts = np.bincount(stream, minlength=size).astype(np.float64)
    unigram = np.log10(np.maximum(uni_counts, 0.5) / n).astype(np.float32)

    a = stream[:-1].astype(np.int64)
    b = stream[1:].astype(np.int64)
    bi_all = a * size + b
    bi_keys, bi_counts = ngram_table(bi_all, 1)
    bi_lookup_keys, bi_lookup_counts = bi_keys, bi_counts  # full counts for trigram ratios
    keep = bi_counts >= MIN_BIGRAM_COUNT
    bigram_keys = bi_keys[keep]
    bigram_scores = np.log10(bi_counts[keep] / uni_counts[bigram_keys // size])
    print(f"{len(bigram_keys):,} bigrams kept of {len(bi_keys):,}", flush=True)

    tri_all = bi_all[:-1] * size + stream[2:]
    del bi_all
    tri_keys, tri_counts = ngram_table(tri_all, MIN_TRIGRAM_COUNT)
    del tri_all
    history = tri_keys // size
    pos = np.searchsorted(bi_lookup_keys, history)
    trigram_scores = np.log10(tri_counts / bi_lookup_counts[pos])
    print(f"{len(tri_keys):,} trigrams kept, {time.time() - started:.0f}s", flush=True)

    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(  # uncompressed: loads in milliseconds
        out,
        vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        unigram=unigram.astype(np.float16),
        bigram_keys=bigram_keys.astype(np.uint32),
        bigram_scores=bigram_scores.astype(np.float16),
        trigram_history=(tri_keys // size).astype(np.uint32),
        trigram_next=(tri_keys % size).astype(np.uint16),
        trigram_scores=trigram_scores.astype(np.float16),
    )
    report = {
        "tokens": int(n), "vocabulary": size, "bigrams": int(len(bigram_keys)),
        "trigrams": int(len(tri_keys)), "model_bytes": out.stat().st_size,
        "seconds": round(time.time() - started, 1), "sources": stats,
        "min_counts": {"syllable": MIN_SYLLABLE_COUNT, "bigram": MIN_BIGRAM_COUNT,
                       "trigram": MIN_TRIGRAM_COUNT},
        "held_out": f"every {HELD_OUT_EVERY}th document of {', '.join(HELD_OUT_SOURCES)}",
        "subsample": SUBSAMPLE,
    }
    out.with_suffix(".json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of UTF-8 .txt files with full diacritics")
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "pipeline/models/restorer.npz")
    args = parser.parse_args()
    report = train(args.corpus, args.out)
    print(json.dumps({k: v for k, v in report.items() if k != "sources"}, indent=1))


if __name__ == "__main__":
    main()
