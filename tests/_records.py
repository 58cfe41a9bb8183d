"""Real records for the table and warehouse tests, independent of the extractors.

``gold_result(stem)`` turns a hand-checked gold file (``tests/gold/``) into the
:class:`ExtractionResult` a perfect pipeline would give for that seed: the
scoring markers (``optional``, ``accept``, ``*_accept``) are dropped, keys the
gold leaves out get their empty value, and each item gets the mentions a
literal search of the seed text finds (a reference's number, a deadline's
text). So the tables are filled with real Vietnamese values whatever the
extractors return today.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.records import ExtractionResult

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
RAW = ROOT / "data" / "raw"
SEEDS = sorted(p.name.removesuffix(".gold.json") for p in GOLD.glob("*.gold.json"))

_EMPTY = {"document": {"signer": None, "period": None, "recipients": []},
          "units": {"reports_to": [], "tasks": [], "roles": []},
          "deadlines": {"units": [], "applies_to": None}}


def _strip(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items()
            if k not in ("optional", "accept") and not k.endswith("_accept")}


def _mentions(text: str, needle: str | None) -> list[dict[str, Any]]:
    if not needle:
        return []
    found, start = [], text.find(needle)
    while start != -1 and len(found) < 5:
        line = text.count("\n", 0, start)
        found.append({"start": start, "end": start + len(needle), "page": 1 + line // 60,
                      "text": needle})
        start = text.find(needle, start + 1)
    return found


def gold_result(stem: str) -> ExtractionResult:
    """The gold record of ``data/raw/<stem>.txt`` as an ExtractionResult."""
    gold = json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))
    text = (RAW / f"{stem}.txt").read_text(encoding="utf-8")
    doc = {**_EMPTY["document"], **_strip(gold["document"])}
    doc["source"] = f"data/raw/{stem}.txt"
    if doc.get("signer"):
        doc["signer"] = _strip(doc["signer"])
    doc["text_quality"] = _strip(doc["text_quality"])
    needles = {"legal_references": "number", "units": "name", "deadlines": "text",
               "funding_sources": "text"}
    record: dict[str, Any] = {"schema_version": gold["schema_version"], "document": doc}
    for table, key in needles.items():
        items = []
        for item in gold.get(table, []):
            row = {**_EMPTY.get(table, {}), **_strip(item)}
            row["mentions"] = _mentions(text, row.get(key))
            items.append(row)
        record[table] = items
    return ExtractionResult.model_validate(record)


def gold_results() -> list[ExtractionResult]:
    return [gold_result(stem) for stem in SEEDS]
