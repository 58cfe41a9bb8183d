"""Deadlines of the five seed plans against their hand-checked gold (F1 ≥ 0.85).

Runs the whole pipeline (ingest → normalise → structure → every extractor) on
each seed and matches predicted deadlines to gold ones on the contract's key
(kind, start, end, recurrence). Optional gold items are neither required nor
counted against a prediction that matches them.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from pipeline.process import process_path
from pipeline.records import ExtractionResult

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
GOLD = ROOT / "tests" / "gold"


def _key(item: dict) -> tuple:
    return (item["kind"], item.get("start"), item.get("end"), item.get("recurrence"))


def score(predicted: list[dict], gold: list[dict]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for one document."""
    required = Counter(_key(g) for g in gold if not g.get("optional"))
    optional = Counter(_key(g) for g in gold if g.get("optional"))
    tp = fp = 0
    for key in (_key(p) for p in predicted):
        if required[key]:
            required[key] -= 1
            tp += 1
        elif optional[key]:
            optional[key] -= 1
        else:
            fp += 1
    return tp, fp, sum(required.values())


def test_score_counts_optional_items_as_neither() -> None:
    gold = [{"kind": "recurring", "start": None, "end": None, "recurrence": "yearly"},
            {"kind": "recurring", "start": None, "end": None, "recurrence": "yearly",
             "optional": True}]
    pred = [{"kind": "recurring", "start": None, "end": None, "recurrence": "yearly"}] * 3
    assert score(pred, gold) == (1, 1, 0)
    assert score([], gold) == (0, 0, 1)


@cache
def _result(path: Path) -> ExtractionResult:
    return process_path(path)


def _gold(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_has_every_required_deadline(path: Path) -> None:
    predicted = [d.model_dump() for d in _result(path).deadlines]
    tp, fp, fn = score(predicted, _gold(path)["deadlines"])
    assert fn == 0, [d["text"] for d in predicted]


def test_seeds_deadline_f1() -> None:
    tp = fp = fn = 0
    for path in SEEDS:
        predicted = [d.model_dump() for d in _result(path).deadlines]
        t, f, n = score(predicted, _gold(path)["deadlines"])
        tp, fp, fn = tp + t, fp + f, fn + n
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    assert f1 >= 0.85, (tp, fp, fn)


def test_tuy_phuoc_reporting_duty_lists_its_units() -> None:
    path = next(p for p in SEEDS if p.stem.startswith("tuy-phuoc"))
    periodic = [d for d in _result(path).deadlines if d.recurrence == "periodic"]
    assert len(periodic) == 1
    assert len(periodic[0].mentions) == 4
    assert len(periodic[0].units) == 5


def test_cited_dates_are_not_deadlines() -> None:
    for path in SEEDS:
        for deadline in _result(path).deadlines:
            assert deadline.end not in {"2022-01-18", "2021-06-23", "2030-12-31"}, deadline.text


@pytest.mark.parametrize("stem", ["lang-son-2023-tieu-du-an-2", "cam-tan-2023-giam-ngheo-thong-tin"])
def test_accent_stripped_seed_gives_the_same_deadlines(stem: str) -> None:
    from unidecode import unidecode

    from pipeline.process import process_bytes

    path = ROOT / "data" / "raw" / f"{stem}.txt"
    stripped = unidecode(path.read_text(encoding="utf-8")).encode("utf-8")
    result = process_bytes(stripped, f"{stem}.stripped.txt")
    keys = sorted(_key(d.model_dump()) for d in result.deadlines)
    assert keys == sorted(_key(d.model_dump()) for d in _result(path).deadlines)
