"""Where a document is from: its province, district and commune.

Read from "tỉnh X", "huyện Y", "xã Z" in the text, checked against the
gazetteer, so "UBND tỉnh" in a reference can be reported as "Ủy ban nhân dân
tỉnh Bình Định" and a garbled "Bic Giang" as "Bắc Giang".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.lexicon import Place, find_place
from extractors.scan import WordPlaces, finditer_at, first_words, is_word_char, word_starts
from pipeline.document import Document

_LEVEL_WORDS = {"tinh": "tinh", "thanh pho": None, "huyen": "huyen", "thi xa": "huyen",
                "quan": "huyen", "xa": "xa", "phuong": "xa", "thi tran": "xa"}
_MENTION = re.compile(r"\b(tinh|thanh pho|huyen|thi xa|quan|xa|phuong|thi tran)\s+"
                      r"((?:[a-z0-9]+[ -]?){1,3})")
_MENTION_STARTS = first_words(_LEVEL_WORDS)


@dataclass(frozen=True)
class PlaceContext:
    province: Place | None = None
    district: Place | None = None
    commune: Place | None = None

    def name_for(self, level: str) -> str | None:
        place = {"tinh": self.province, "huyen": self.district, "xa": self.commune}.get(level)
        return place.name if place else None


def _capitalised_words(display: str, start: int, words: int) -> list[str]:
    """The capitalised words at ``start`` (up to ``words``), e.g. ["Lục", "Nam"]: those
    for fewer words are the first of these, so one call serves every length."""
    out = []
    for token in display[start:start + 60].split()[:words]:
        clean = token.strip(",.;:()“”\"'")
        if not clean or not clean[0].isupper() or clean != token.rstrip(",.;:)”\"'"):
            if clean and clean[0].isupper():
                out.append(clean)
            break
        out.append(clean)
    return out


def _mentions(doc: Document, word_places: WordPlaces | None) -> Counter[Place]:
    counts: Counter[Place] = Counter()
    display = doc.restored.text
    starts = word_starts(doc.folded, _MENTION_STARTS, is_word_char, word_places)
    for match in finditer_at(_MENTION, doc.folded, starts):
        level = _LEVEL_WORDS[match.group(1)]
        run = _capitalised_words(display, match.start(2), 3)
        for words in (3, 2, 1):
            name = " ".join(run[:words])
            if not name:
                break
            place = find_place(name, level)
            if place and (level is None or place.level == level):
                counts[place] += 1
                break
    return counts


def place_context(doc: Document, header_place: str | None = None,
                  word_places: WordPlaces | None = None) -> PlaceContext:
    """The document's places, most mentioned first; the header place breaks ties.

    ``word_places``: ``DocIndex.word_places`` of the document, shared with other scans.
    """
    counts = _mentions(doc, word_places)
    best: dict[str, Place] = {}
    for place, _count in counts.most_common():
        best.setdefault(place.level, place)
    if header_place:
        place = find_place(header_place, "huyen") or find_place(header_place)
        if place and place.level == "huyen" and "huyen" not in best:
            best["huyen"] = place
        if place and place.level == "tinh" and "tinh" not in best:
            best["tinh"] = place
    district = best.get("huyen")
    province = best.get("tinh")
    if province is None and district is not None and district.province:
        province = find_place(district.province, "tinh")
    return PlaceContext(province=province, district=district, commune=best.get("xa"))
