"""Loads the language data in ``extractors/data`` once per process.

The data files are the knowledge; this module only reads them and builds the
lookups and patterns the extractors use.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from extractors.scan import finditer_at
from pipeline.normalise.fold import fold, fold_key

DATA = Path(__file__).parent / "data"


@cache
def load_yaml(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class DocTypeWord:
    code: str
    name: str
    words: str  # folded


@lru_cache(maxsize=1)
def doc_type_words() -> list[DocTypeWord]:
    """Folded type words, longest first: "thong tu lien tich" before "thong tu"."""
    entries = [DocTypeWord(e["code"], e["name"], w)
               for e in load_yaml("doc_types.yaml") for w in e["words"]]
    return sorted(entries, key=lambda e: -len(e.words))


def doc_type_of(folded_words: str) -> DocTypeWord | None:
    text = " ".join(folded_words.split())
    for entry in doc_type_words():
        if text == entry.words:
            return entry
    return None


@lru_cache(maxsize=1)
def symbol_parts() -> dict[str, str]:
    return dict(load_yaml("symbols.yaml")["parts"])


@lru_cache(maxsize=1)
def symbol_issuers() -> dict[str, str]:
    return dict(load_yaml("symbols.yaml")["issuers"])


def _abbreviation_pattern(key: str) -> str:
    parts = []
    for ch in key:
        if ch in "&-,":
            parts.append(rf"\s*{re.escape(ch)}\s*")
        elif ch == " ":
            parts.append(r"\s+")
        elif ch in "Đđ":
            parts.append("[ĐđD]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


@lru_cache(maxsize=1)
def abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every abbreviation (longest first) and its expansions."""
    table: dict[str, str] = load_yaml("abbreviations.yaml")
    keys = sorted(table, key=len, reverse=True)
    pattern = "|".join(f"(?P<a{i}>{_abbreviation_pattern(k)})" for i, k in enumerate(keys))
    regex = re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])")
    return regex, {f"a{i}": table[k] for i, k in enumerate(keys)}


@lru_cache(maxsize=1)
def _abbreviation_start() -> re.Pattern[str]:
    """The first two characters an abbreviation can start with: a text without them
    (most texts) needs no pass of the long alternation."""
    first: set[str] = set()
    second: set[str] = set()
    for key in load_yaml("abbreviations.yaml"):
        first.update("ĐđD" if key[0] in "Đđ" else key[0])
        if key[1] in "&-, ":
            second.add(key[1].strip())
        else:
            second.update("ĐđD" if key[1] in "Đđ" else key[1])
    assert all(c.isalpha() for c in first)
    return re.compile(f"[{''.join(sorted(first))}](?=\\s|[{re.escape(''.join(sorted(second)))}])")


def expand_abbreviations(text: str) -> str:
    """``"Phòng Lao động - TB&XH huyện"`` → ``"Phòng Lao động - Thương binh và Xã hội huyện"``."""
    starts = [m.start() for m in _abbreviation_start().finditer(text)]
    if not starts:
        return text
    regex, expansions = abbreviations()
    out, done = [], 0
    for match in finditer_at(regex, text, starts):  # regex.sub, trying only the starts
        out += [text[done:match.start()], expansions[match.lastgroup or ""]]
        done = match.end()
    out.append(text[done:])
    return "".join(out)


@lru_cache(maxsize=1)
def agency_names() -> dict[str, str]:
    """Folded key → canonical agency name."""
    data = load_yaml("agencies.yaml")
    return {fold_key(name): name for group in data.values() for name in group}


@dataclass(frozen=True)
class Place:
    level: str  # tinh, huyen, xa
    kind: str  # Tỉnh, Huyện, Xã, …
    name: str
    province: str


@lru_cache(maxsize=1)
def places() -> dict[str, list[Place]]:
    """Folded place name (spaces removed too) → places of that name."""
    index: dict[str, list[Place]] = {}
    with (DATA / "places.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            place = Place(row["level"], row["kind"], row["name"], row["province"])
            index.setdefault(place_key(place.name), []).append(place)
    return index


def is_central_city(name: str) -> bool:
    """A centrally-run city ("Hải Phòng", "Hà Nội"): a province-level "thành phố"."""
    return any(p.level == "tinh" and fold(p.kind) == "thanh pho"
               for p in places().get(place_key(name), []))


_CITY_WORD = re.compile(r"\bthanh pho\s+")


def names_central_city(text: str) -> bool:
    """ "Sở Y tế thành phố Hải Phòng": the "thành phố" named is a centrally-run city."""
    match = _CITY_WORD.search(fold(text))
    words = text[match.end():].split() if match else []
    return any(is_central_city(" ".join(words[:size])) for size in (1, 2, 3)
               if size <= len(words))


def place_key(name: str) -> str:
    return fold(name).replace(" ", "").replace("-", "")


@lru_cache(maxsize=8192)
def find_place(name: str, level: str | None = None,
               province: str | None = None, fuzzy: bool = True) -> Place | None:
    """The gazetteer place named ``name`` (any spelling), preferring ``level``, the exact
    spelling given and ``province``: "Cẩm Tân" is the commune, not "Cam Tân"."""
    key = place_key(name)
    candidates = places().get(key, [])
    if not candidates and fuzzy and len(key) >= 6:
        close = _close_place_key(key)
        candidates = places().get(close, []) if close else []
    if level:
        same = [p for p in candidates if p.level == level]
        candidates = same or candidates
    if province:
        local = [p for p in candidates if province in (p.province, p.name)]
        candidates = local or candidates
    exact = [p for p in candidates if p.name == name.strip()]
    candidates = exact or candidates
    return candidates[0] if candidates else None


@lru_cache(maxsize=4096)
def _close_place_key(key: str) -> str | None:
    """A gazetteer key one OCR slip away ("tuyphuc" → "tuyphuoc")."""
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, places().keys(), scorer=fuzz.ratio, score_cutoff=88)
    return found[0] if found else None
