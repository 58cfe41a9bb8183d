"""Score prediction JSON files against gold files (``docs/output-contract.md``, "Gold files").

Rules, as the contract and ``tests/gold/README.md`` fix them:

- A key missing from a gold item is not scored.
- An ``"optional": true`` gold item is ignored whether it is found or not: a
  prediction matched to it is neither a true nor a false positive, and its
  fields are not scored.
- ``"accept"`` on a unit lists other right names; ``"<field>_accept"`` beside a
  field lists other right values; ``recipients_accept`` maps each expanded
  recipient to its printed forms.

Items are matched one to one within a document:

- references by folded number (case-insensitive, Đ → D, spaces removed), or by
  (doc_type, date) where one side has no number (a law with no date also needs
  its subject to be similar);
- units by folded, abbreviation-expanded name: Dice overlap of the name tokens
  ≥ ``NAME_MATCH`` with the same head word ("Phòng", "Sở", "Trung tâm" …); the
  unit's ``accept`` names count too;
- deadlines by (kind, start, end, recurrence);
- funding by category, as a multiset.

Among candidates, deadlines, funding and references prefer a required gold item,
then the most similar text; units prefer the most similar name.

Text fields are scored twice: *strict* is equality of the folded key
(diacritics, case, spaces and punctuation ignored), *fuzzy* also accepts a
rapidfuzz token-set ratio ≥ ``FUZZY`` when the shorter value has at least
``COVER`` of the longer one's words (so "Ủy ban nhân dân" does not pass for
"Ủy ban nhân dân huyện Lục Nam"). Name fields (unit names, reports_to,
recipients, issuers) are compared after abbreviation expansion
("UBND" → "Ủy ban nhân dân"). List fields are scored as the F1 of the two lists
(strict and fuzzy item matching for text lists). Empty gold and empty
prediction score 1.0.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipeline.normalise.fold import fold_key

FUZZY = 90.0  # token-set ratio (0-100) for a fuzzy text match
COVER = 0.6  # the shorter text holds at least this share of the longer one's words
NAME_MATCH = 0.7  # Dice overlap of name tokens for two units to be the same body
TABLES = ("legal_references", "units", "deadlines", "funding_sources")
_LEVEL_WORDS = {"huyen", "tinh", "xa", "thon", "phuong"}
_HEAD_SKIP = {"cac", "nhung"}

Json = dict[str, Any]


# --------------------------------------------------------------------------- counts


@dataclass
class Counts:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> Json:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class FieldScore:
    """One field over the matched pairs where gold has it.

    ``strict``/``fuzzy`` are sums of per-pair scores (0/1, or a list F1);
    list fields also keep item counts for micro precision and recall.
    """

    kind: str
    n: int = 0
    strict: float = 0.0
    fuzzy: float = 0.0
    items_strict: Counts = field(default_factory=Counts)
    items_fuzzy: Counts = field(default_factory=Counts)

    def add(self, other: FieldScore) -> None:
        self.n += other.n
        self.strict += other.strict
        self.fuzzy += other.fuzzy
        self.items_strict.add(other.items_strict)
        self.items_fuzzy.add(other.items_fuzzy)

    @property
    def strict_score(self) -> float:
        return self.strict / self.n if self.n else 1.0

    @property
    def fuzzy_score(self) -> float:
        return self.fuzzy / self.n if self.n else 1.0

    def as_dict(self) -> Json:
        out: Json = {"kind": self.kind, "n": self.n, "strict": round(self.strict_score, 4),
                     "fuzzy": round(self.fuzzy_score, 4)}
        if self.kind.startswith("list"):
            out["items_strict"] = self.items_strict.as_dict()
            out["items_fuzzy"] = self.items_fuzzy.as_dict()
        return out


@dataclass
class TableScore:
    counts: Counts = field(default_factory=Counts)
    fields: dict[str, FieldScore] = field(default_factory=dict)
    optional_found: int = 0

    def add(self, other: TableScore) -> None:
        self.counts.add(other.counts)
        self.optional_found += other.optional_found
        for name, score in other.fields.items():
            self.fields.setdefault(name, FieldScore(score.kind)).add(score)

    def as_dict(self) -> Json:
        return {**self.counts.as_dict(), "optional_found": self.optional_found,
                "fields": {k: v.as_dict() for k, v in self.fields.items()}}


@dataclass
class DocScore:
    name: str
    tables: dict[str, TableScore] = field(default_factory=dict)
    document: dict[str, FieldScore] = field(default_factory=dict)
    missing_prediction: bool = False
    warnings: list[str] = field(default_factory=list)

    def document_share(self, mode: str = "fuzzy") -> float:
        return _share(self.document, mode)

    def as_dict(self) -> Json:
        return {"missing_prediction": self.missing_prediction, "warnings": self.warnings,
                "document_fields": {"strict": round(self.document_share("strict"), 4),
                                    "fuzzy": round(self.document_share("fuzzy"), 4),
                                    "fields": {k: v.as_dict() for k, v in self.document.items()}},
                "tables": {k: v.as_dict() for k, v in self.tables.items()}}


@dataclass
class Report:
    docs: list[DocScore]
    extra_predictions: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [d.name for d in self.docs if d.missing_prediction]

    def overall_tables(self) -> dict[str, TableScore]:
        out = {name: TableScore() for name in TABLES}
        for doc in self.docs:
            for name, score in doc.tables.items():
                out[name].add(score)
        return out

    def overall_document(self) -> dict[str, FieldScore]:
        out: dict[str, FieldScore] = {}
        for doc in self.docs:
            for name, score in doc.document.items():
                out.setdefault(name, FieldScore(score.kind)).add(score)
        return out

    def as_dict(self) -> Json:
        tables = self.overall_tables()
        document = self.overall_document()
        total = Counts()
        for score in tables.values():
            total.add(score.counts)
        return {
            "settings": {"fuzzy_token_set_ratio": FUZZY, "fuzzy_cover": COVER,
                         "unit_name_dice": NAME_MATCH},
            "overall": {
                "items": total.as_dict(),
                "tables": {k: v.as_dict() for k, v in tables.items()},
                "document_fields": {"strict": round(_share(document, "strict"), 4),
                                    "fuzzy": round(_share(document, "fuzzy"), 4),
                                    "fields": {k: v.as_dict() for k, v in document.items()}},
            },
            "documents": {d.name: d.as_dict() for d in self.docs},
            "missing_predictions": self.missing,
            "predictions_without_gold": self.extra_predictions,
        }


def _share(fields: dict[str, FieldScore], mode: str) -> float:
    n = sum(f.n for f in fields.values())
    if not n:
        return 1.0
    return sum(f.strict if mode == "strict" else f.fuzzy for f in fields.values()) / n


# --------------------------------------------------------------------------- text keys


def number_key(value: Any) -> str:
    """``"98/KH - UBND"`` and ``"98/kh-ubnd"`` give the same key; Đ folds to d."""
    from extractors.numbers import number_key as key

    return key(str(value)) if value is not None else ""


def text_key(value: Any) -> str:
    return fold_key(str(value)) if value is not None else ""


def name_key(value: Any) -> str:
    """Folded key with abbreviations expanded (the extractors' table,
    ``extractors/data/abbreviations.yaml``): "UBND huyện" → "uy ban nhan dan huyen"."""
    if value is None:
        return ""
    from extractors.lexicon import expand_abbreviations

    return fold_key(expand_abbreviations(str(value)))


def _similar(a: str, b: str) -> bool:
    """Fuzzy equality of two keys (already folded)."""
    if a == b:
        return True
    if not a or not b:
        return False
    wa, wb = a.split(), b.split()
    short, long = sorted((len(wa), len(wb)))
    if short < COVER * long:
        return False
    return fuzz.token_set_ratio(a, b) >= FUZZY


def similarity(a: str, b: str) -> float:
    """Token-set similarity of two keys in [0, 1], for tie-breaking."""
    return fuzz.token_set_ratio(a, b) / 100.0 if a and b else 0.0


def _levels(words: list[str]) -> set[str]:
    """Level words in a name: "huyen", "tinh", "xa" (not the "xa" of "xa hoi") …"""
    return {w for i, w in enumerate(words) if w in _LEVEL_WORDS
            and not (w == "xa" and words[i + 1: i + 2] == ["hoi"])}


def name_similarity(a: str, b: str) -> float:
    """Dice overlap of two unit names (keys from :func:`name_key`); 0 when the head words
    ("phong", "so", "uy" …) differ or the names carry different levels ("huyen" / "xa")."""
    if a == b:
        return 1.0
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return 0.0
    head_a = [w for w in wa if w not in _HEAD_SKIP][:1]
    head_b = [w for w in wb if w not in _HEAD_SKIP][:1]
    if head_a != head_b:
        return 0.0
    levels_a, levels_b = _levels(wa), _levels(wb)
    if levels_a and levels_b and not levels_a & levels_b:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    return 2 * common / (len(wa) + len(wb))


# --------------------------------------------------------------------------- field comparison


def _alternatives(gold: Json, key: str) -> list[Any]:
    alts = [gold.get(key)]
    accept = gold.get(f"{key}_accept")
    if isinstance(accept, list):
        alts.extend(accept)
    return alts


def _exact(alts: list[Any], pred: Any) -> tuple[float, float]:
    ok = float(any(a == pred for a in alts))
    return ok, ok


def _number(alts: list[Any], pred: Any) -> tuple[float, float]:
    if pred is None:
        return _exact(alts, None)
    ok = float(any(a is not None and number_key(a) == number_key(pred) for a in alts))
    return ok, ok


def _text(alts: list[Any], pred: Any, key: Callable[[Any], str] = text_key) -> tuple[float, float]:
    if pred is None:
        return _exact(alts, None)
    values = [a for a in alts if a is not None]
    p = key(pred)
    strict = any(key(a) == p for a in values)
    fuzzy = strict or any(_similar(key(a), p) for a in values)
    return float(strict), float(fuzzy)


def _name(alts: list[Any], pred: Any) -> tuple[float, float]:
    return _text(alts, pred, name_key)


def _period(alts: list[Any], pred: Any) -> tuple[float, float]:
    def norm(p: Any) -> Any:
        return (p.get("start"), p.get("end")) if isinstance(p, dict) else p

    return _exact([norm(a) for a in alts], norm(pred))


def _fold_exact(alts: list[Any], pred: Any) -> tuple[float, float]:
    """Short codes like an article number: folded key equality."""
    return _text(alts, pred, text_key)


def match_lists(gold: list[list[str]], pred: list[str],
                same: Callable[[str, str], bool]) -> Counts:
    """One-to-one matching of list items; each gold item has its own accepted forms."""
    used: set[int] = set()
    tp = 0
    for forms in gold:
        for j, item in enumerate(pred):
            if j not in used and any(same(f, item) for f in forms):
                used.add(j)
                tp += 1
                break
    return Counts(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)


def _list_score(gold: list[list[str]], pred: list[str], key: Callable[[Any], str]
                ) -> tuple[Counts, Counts]:
    gold_keys = [[key(f) for f in forms] for forms in gold]
    pred_keys = [key(p) for p in pred]
    strict = match_lists(gold_keys, pred_keys, lambda a, b: a == b)
    fuzzy = match_lists(gold_keys, pred_keys, _similar)
    return strict, fuzzy


def _list_field(kind: str, gold: Json, key: str, pred: Any) -> FieldScore:
    items = gold.get(key) or []
    pred_items = [p for p in (pred or []) if p is not None]
    if kind == "list_set":
        g, p = set(items), set(pred_items)
        counts = Counts(tp=len(g & p), fp=len(p - g), fn=len(g - p))
        strict = fuzzy = counts
    else:
        accept = gold.get(f"{key}_accept")
        forms = [[item, *(accept.get(item, []) if isinstance(accept, dict) else [])]
                 for item in items]
        strict, fuzzy = _list_score(forms, [str(p) for p in pred_items],
                                    name_key if kind == "list_name" else text_key)
    return FieldScore(kind, n=1, strict=strict.f1 if strict.tp + strict.fp + strict.fn else 1.0,
                      fuzzy=fuzzy.f1 if fuzzy.tp + fuzzy.fp + fuzzy.fn else 1.0,
                      items_strict=strict, items_fuzzy=fuzzy)


_COMPARE: dict[str, Callable[[list[Any], Any], tuple[float, float]]] = {
    "exact": _exact, "number": _number, "text": _text, "name": _name, "period": _period,
    "code": _fold_exact,
}

FIELDS: dict[str, dict[str, str]] = {
    "legal_references": {"doc_type": "exact", "number": "number", "date": "exact",
                         "issuer": "name", "subject": "text", "article": "code"},
    "units": {"name": "name", "level": "exact", "roles": "list_set", "tasks": "list_text",
              "reports_to": "list_name"},
    "deadlines": {"text": "text", "kind": "exact", "start": "exact", "end": "exact",
                  "recurrence": "exact", "applies_to": "text", "units": "list_name"},
    "funding_sources": {"category": "exact", "text": "text", "amount_vnd": "exact",
                        "legal_reference": "number"},
}

DOCUMENT_FIELDS: dict[str, str] = {
    "doc_type": "exact", "number": "number", "issuer": "name", "place": "text",
    "issued_date": "exact", "title": "text", "period": "period", "recipients": "list_name",
    "input_kind": "exact",
}
SIGNER_FIELDS = {"name": "text", "title": "text", "authority": "text"}
QUALITY_FIELDS = {"diacritics": "exact", "restored": "exact"}


def score_field(kind: str, gold: Json, key: str, pred: Json | None) -> FieldScore:
    """Score ``gold[key]`` against ``pred[key]`` (the key is present in gold)."""
    value = (pred or {}).get(key)
    if kind.startswith("list"):
        return _list_field(kind, gold, key, value)
    alts = _alternatives(gold, key)
    if kind == "name" and key == "name":
        alts.extend(gold.get("accept") or [])
    strict, fuzzy = _COMPARE[kind](alts, value)
    return FieldScore(kind, n=1, strict=strict, fuzzy=fuzzy)


def score_fields(spec: dict[str, str], gold: Json, pred: Json | None,
                 prefix: str = "") -> dict[str, FieldScore]:
    return {prefix + key: score_field(kind, gold, key, pred)
            for key, kind in spec.items() if key in gold}


# --------------------------------------------------------------------------- matching


def _required(item: Json) -> bool:
    return not item.get("optional", False)


def _reference_score(gold: Json, pred: Json) -> float | None:
    numbers = {number_key(n) for n in _alternatives(gold, "number") if n}
    pred_number = number_key(pred.get("number")) if pred.get("number") else ""
    subject = similarity(text_key(gold.get("subject")), text_key(pred.get("subject")))
    if numbers and pred_number:
        return 1.0 + subject / 10 if pred_number in numbers else None
    if gold.get("doc_type") != pred.get("doc_type"):
        return None
    if pred.get("date") not in _alternatives(gold, "date"):
        return None
    if pred.get("date") is None and subject * 100 < FUZZY:
        return None
    return 0.5 + subject / 10


def _unit_score(gold: Json, pred: Json) -> float | None:
    names = [gold.get("name"), *(gold.get("accept") or [])]
    p = name_key(pred.get("name"))
    best = max(name_similarity(name_key(n), p) for n in names if n)
    return best if best >= NAME_MATCH else None


_DEADLINE_KEY = ("kind", "start", "end", "recurrence")


def _deadline_score(gold: Json, pred: Json) -> float | None:
    for key in _DEADLINE_KEY:
        if key in gold and pred.get(key) not in _alternatives(gold, key):
            return None
    texts = [t for t in _alternatives(gold, "text") if t]
    text = max((similarity(text_key(t), text_key(pred.get("text"))) for t in texts), default=0.0)
    return text + similarity(text_key(gold.get("applies_to")), text_key(pred.get("applies_to")))


def _funding_score(gold: Json, pred: Json) -> float | None:
    if gold.get("category") != pred.get("category"):
        return None
    texts = [t for t in _alternatives(gold, "text") if t]
    return max((similarity(text_key(t), text_key(pred.get("text"))) for t in texts), default=0.0)


_MATCHERS: dict[str, tuple[Callable[[Json, Json], float | None], bool]] = {
    # table: (pair score or None, prefer a required gold item before a closer one)
    "legal_references": (_reference_score, True),
    "units": (_unit_score, False),
    "deadlines": (_deadline_score, True),
    "funding_sources": (_funding_score, True),
}


def match_items(table: str, gold: list[Json], pred: list[Json]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: (gold index, pred index) pairs."""
    scorer, required_first = _MATCHERS[table]
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            score = scorer(g, p)
            if score is not None:
                req = int(_required(g))
                rank = (-req, -score) if required_first else (-score, -req)
                pairs.append((rank, i, j))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _rank, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def score_table(table: str, gold: list[Json], pred: list[Json]) -> TableScore:
    result = TableScore()
    pairs = match_items(table, gold, pred)
    matched_g = {i for i, _ in pairs}
    for i, j in pairs:
        if not _required(gold[i]):
            result.optional_found += 1
            continue
        result.counts.tp += 1
        for name, score in score_fields(FIELDS[table], gold[i], pred[j]).items():
            result.fields.setdefault(name, FieldScore(score.kind)).add(score)
    result.counts.fp = len(pred) - len(pairs)
    result.counts.fn = sum(1 for i, g in enumerate(gold) if _required(g) and i not in matched_g)
    for name, kind in FIELDS[table].items():  # every field appears, even with n = 0
        result.fields.setdefault(name, FieldScore(kind))
    return result


def score_document_fields(gold: Json, pred: Json | None) -> dict[str, FieldScore]:
    out = score_fields(DOCUMENT_FIELDS, gold, pred)
    pred = pred or {}
    for key, spec in (("signer", SIGNER_FIELDS), ("text_quality", QUALITY_FIELDS)):
        if key not in gold:
            continue
        if gold[key] is None:
            ok = float(pred.get(key) is None)
            out[key] = FieldScore("exact", n=1, strict=ok, fuzzy=ok)
            continue
        out.update(score_fields(spec, gold[key], pred.get(key), prefix=f"{key}."))
    return out


def score_document(name: str, gold: Json, pred: Json | None) -> DocScore:
    """One gold file against its prediction (``None``: no prediction, all missed)."""
    doc = DocScore(name=name, missing_prediction=pred is None)
    gold_meta = gold.get("document") or {}
    pred_meta = (pred or {}).get("document")
    gold_id, pred_id = gold_meta.get("doc_id"), (pred_meta or {}).get("doc_id")
    if gold_id and pred_id and gold_id != pred_id:
        doc.warnings.append(f"doc_id differs: gold {gold_id}, prediction {pred_id}")
    doc.document = score_document_fields(gold_meta, pred_meta)
    if pred is None:  # a null gold value is not "found" by a file that does not exist
        for score in doc.document.values():
            score.strict = score.fuzzy = 0.0
    for table in TABLES:
        if table in gold:
            doc.tables[table] = score_table(table, gold[table] or [],
                                            (pred or {}).get(table) or [])
    return doc


# --------------------------------------------------------------------------- files


GOLD_SUFFIX = ".gold.json"


def pair_files(gold_dir: Path, pred_dir: Path) -> tuple[list[tuple[str, Path, Path | None]],
                                                        list[str]]:
    """``(name, gold path, prediction path or None)`` for each gold file, and the names of
    predictions that have no gold."""
    golds = sorted(p for p in gold_dir.iterdir() if p.name.endswith(GOLD_SUFFIX))
    names = {p.name[: -len(GOLD_SUFFIX)] for p in golds}
    pairs = []
    for path in golds:
        name = path.name[: -len(GOLD_SUFFIX)]
        pred = pred_dir / f"{name}.json"
        pairs.append((name, path, pred if pred.is_file() else None))
    extra = sorted(p.stem for p in pred_dir.glob("*.json")
                   if not p.name.endswith(GOLD_SUFFIX) and p.stem not in names)
    return pairs, extra


def _load(path: Path) -> Json:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a JSON object")
    return data


def evaluate_dirs(gold_dir: Path, pred_dir: Path) -> Report:
    """Score every ``<name>.gold.json`` in ``gold_dir`` against ``pred_dir/<name>.json``."""
    pairs, extra = pair_files(gold_dir, pred_dir)
    docs = []
    for name, gold_path, pred_path in pairs:
        pred: Json | None = None
        warnings: list[str] = []
        if pred_path is not None:
            try:
                pred = _load(pred_path)
            except (ValueError, UnicodeDecodeError) as err:
                warnings.append(f"unreadable prediction, scored as missing: {err}")
        doc = score_document(name, _load(gold_path), pred)
        doc.warnings[:0] = warnings
        docs.append(doc)
    return Report(docs=docs, extra_predictions=extra)
