"""The funding extractor on the five seed documents, scored against their gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import Found, funding, legal_refs, metadata
from pipeline.evaluate import Counts, score_table
from pipeline.ingest import ingest_bytes
from pipeline.process import build_document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))


def _funding(path: Path) -> list[dict]:
    doc = build_document(ingest_bytes(path.read_bytes(), path.name))
    found = Found()
    metadata.extract(doc, found)
    legal_refs.extract(doc, found)
    funding.extract(doc, found)
    return [row.model_dump() for row in found.funding]


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    out = {}
    for path in SEEDS:
        gold = json.loads((ROOT / "tests" / "gold" / f"{path.stem}.gold.json")
                          .read_text(encoding="utf-8"))
        out[path.stem] = score_table("funding_sources", gold["funding_sources"], _funding(path))
    return out


def test_funding_f1_on_the_seeds(scores: dict) -> None:
    total = Counts()
    for score in scores.values():
        total.add(score.counts)
    assert total.tp + total.fn == 11  # required gold items over the five seeds
    assert total.f1 >= 0.90, {name: s.counts for name, s in scores.items()}


def test_funding_fields_on_the_seeds(scores: dict) -> None:
    for name, score in scores.items():
        fields = score.fields
        assert fields["amount_vnd"].strict == fields["amount_vnd"].n, name
        assert fields["legal_reference"].strict == fields["legal_reference"].n, name
        assert fields["text"].fuzzy >= fields["text"].n - 1, name


def test_web_article_has_no_funding() -> None:
    article = next(p for p in SEEDS if p.stem.startswith("kon-tum"))
    assert _funding(article) == []
