"""Names of bodies (agencies, committees, offices) as reports should print them.

``canonical_body("UBND tỉnh", places)`` → ``"Ủy ban nhân dân tỉnh Bình Định"``;
``canonical_body("ỦY BAN NHÂN DÂN HUYỆN LỤC NAM")`` → ``"Ủy ban nhân dân huyện Lục Nam"``.
Abbreviations are expanded, the spelling of known bodies comes from
``data/agencies.yaml`` and place names from the gazetteer, so a name read from
an all-caps header or a garbled OCR line comes out in the usual form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from extractors.context import PlaceContext
from extractors.lexicon import agency_names, expand_abbreviations, find_place
from pipeline.normalise.fold import fold, fold_key

LEVEL_WORDS = {"tinh": ("tỉnh", "tinh"), "thanh pho": ("thành phố", None),
               "huyen": ("huyện", "huyen"), "thi xa": ("thị xã", "huyen"),
               "quan": ("quận", "huyen"), "xa": ("xã", "xa"), "phuong": ("phường", "xa"),
               "thi tran": ("thị trấn", "xa")}
_LEVEL_WORDS_LONGEST_FIRST = sorted(LEVEL_WORDS.items(), key=lambda kv: -len(kv[0]))
_PROVINCE_BODIES = ("so ", "tinh uy", "ban thuong vu tinh uy", "thuong truc tinh uy",
                    "cong an tinh", "dai phat thanh")
_DISTRICT_BODIES = ("huyen uy", "ban thuong vu huyen uy", "dang bo huyen",
                    "thuong truc huyen uy")


_TOKEN = re.compile(r"[^\s,;:()]+|,")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _match_agency(tokens: list[str]) -> tuple[str, int] | None:
    """The longest known body the tokens start with: (canonical name, tokens used).

    A long name may differ by one OCR slip ("Ủy ban nhân đến") and still match.
    """
    return _match_agency_start(tuple(tokens[:14]))


@lru_cache(maxsize=16384)
def _match_agency_start(tokens: tuple[str, ...]) -> tuple[str, int] | None:
    names = agency_names()
    best = None
    words: list[str] = []  # fold_key of the tokens so far is the join of their own keys
    for used, token in enumerate(tokens, 1):
        token_key = _token_key(token)
        if token_key:
            words.append(token_key)
        if not any(c.isalnum() for c in token):
            continue  # a name does not end on a dash or a comma
        key = " ".join(words)
        if key in names:
            best = (names[key], used)
        elif len(key) >= 12:
            close = _close_agency_key(key)
            if close and len(close.split()) == len(key.split()):
                best = (names[close], used)
    return best


@lru_cache(maxsize=16384)
def _token_key(token: str) -> str:
    return fold_key(token)


@lru_cache(maxsize=16384)
def _close_agency_key(key: str) -> str | None:
    close = process.extractOne(key, agency_names().keys(), scorer=fuzz.ratio, score_cutoff=92)
    return close[0] if close else None


def _sentence_case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return text[:1].upper() + text[1:].lower()
    return text


def _place_phrase(tokens: list[str], places: PlaceContext, province_body: bool = False) -> str:
    """ "HUYỆN LỤC NAM" → "huyện Lục Nam"; "tỉnh" alone → "tỉnh <context province>"."""
    text = " ".join(tokens).strip(" ,")
    folded = fold(text)
    for word, (printed, level) in _LEVEL_WORDS_LONGEST_FIRST:
        if folded == word or folded.startswith(word + " "):
            rest = text[len(word):].strip()
            if not rest:
                name = places.name_for(level) if level else _city(places)
                return f"{printed} {name}" if name else printed
            place = find_place(rest, level, _province(places, level))
            return f"{printed} {place.name if place else _title_words(rest)}"
    place = find_place(text, "tinh" if province_body else None)
    if place is None:
        # a short proper name is kept; a long run of words is not part of the body's name
        return _sentence_case(text) if len(text.split()) <= 3 else ""
    return f"tỉnh {place.name}" if province_body and place.level == "tinh" else place.name


def _province(places: PlaceContext, level: str | None) -> str | None:
    return places.province.name if places.province and level != "tinh" else None


def _city(places: PlaceContext) -> str | None:
    """ "thành phố" alone: the centrally-run city, or the city the district is."""
    for place in (places.province, places.district):
        if place is not None and place.kind == "Thành phố":
            return place.name
    return None


def _title_words(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() if w.isupper() else w for w in text.split())


def canonical_body(text: str, places: PlaceContext | None = None,
                   add_place: bool = True) -> str:
    """The body named by ``text``, expanded, in its usual spelling, with its place."""
    return _canonical_body(text, places or PlaceContext(), add_place)


@lru_cache(maxsize=8192)
def _canonical_body(text: str, places: PlaceContext, add_place: bool) -> str:
    tokens = _tokens(expand_abbreviations(" ".join(text.replace("*", " ").split())))
    matched = _match_agency(tokens)
    if matched is None:
        head, place = _split_at_place(tokens)
        name = _sentence_case(" ".join(head)).replace(" ,", ",")
        return f"{name} {_place_phrase(place, places)}".strip() if place else name
    name, used = matched
    rest = tokens[used:]
    if rest:
        province_body = fold(name).startswith(_PROVINCE_BODIES)
        head, place = _split_at_place(rest)
        if head and place:  # "Ban Chỉ đạo" + "các Chương trình mục tiêu quốc gia" + "huyện X"
            words = " ".join(head)
            words = words.lower() if _sentence_case(words) != words else words
            return f"{name} {words} {_place_phrase(place, places)}".replace(" ,", ",")
        return f"{name} {_place_phrase(rest, places, province_body)}".strip()
    if add_place:
        return f"{name} {_implied_place(name, places)}".strip()
    return name


def _split_at_place(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Tokens before the last level word ("huyện", "tỉnh", …) and from it on."""
    for index in range(len(tokens) - 1, -1, -1):
        word = fold(tokens[index]).lower()
        pair = fold(" ".join(tokens[index:index + 2])).lower()
        if word in ("tinh", "huyen", "xa", "phuong", "quan") or pair in ("thanh pho", "thi xa",
                                                                          "thi tran"):
            if index + 1 < len(tokens) and tokens[index + 1][:1].isupper() or \
                    tokens[index + 1:index + 2] and pair in ("thanh pho", "thi xa", "thi tran"):
                return tokens[:index], tokens[index:]
            if index == len(tokens) - 1 and index > 0:  # "Chủ tịch UBND huyện": the district
                return tokens[:index], tokens[index:]
    return tokens, []


def _implied_place(name: str, places: PlaceContext) -> str:
    key = fold(name).lower()
    if key.startswith(_PROVINCE_BODIES) and places.province:
        return f"tỉnh {places.province.name}" if key.startswith("so ") else places.province.name
    if key.startswith(_DISTRICT_BODIES) and places.district:
        return places.district.name
    return ""


def issuer_with_place(lines: list[str], places: PlaceContext, header_place: str | None) -> str:
    """The issuing body of a header block (the lowest body named) with its place."""
    lines = _lowest_body_lines(lines)
    text = " ".join(" ".join(lines).split())
    tokens = _tokens(expand_abbreviations(text))
    starts = [i for i in range(len(tokens)) if _match_agency(tokens[i:])]
    if not starts:
        return canonical_body(text, places)
    body_tokens = tokens[starts[-1]:]
    parent = tokens[:starts[-1]]
    body = canonical_body(" ".join(body_tokens), places, add_place=False)
    if body == _match_agency(body_tokens)[0]:  # type: ignore[index]
        place = _place_from_parent(parent, places) or _implied_place(body, places)
        if not place and fold(body).startswith("uy ban nhan dan") and header_place:
            located = find_place(header_place)
            if located:
                place = f"{LEVEL_WORDS[located.level][0]} {located.name}"
        body = f"{body} {place}".strip()
    return body


_UNKNOWN_BODY = ("ban ", "vu ", "cuc ", "vien ", "chi cuc ", "trung tam ", "hoi ", "doan ")


def _lowest_body_lines(lines: list[str]) -> list[str]:
    """Drop the parent lines above a body we do not know by name: "BAN CHẤP HÀNH /
    TRUNG ƯƠNG / BAN TUYÊN GIÁO VÀ DÂN VẬN" is issued by the last, not the first."""
    for index in range(len(lines) - 1, 0, -1):
        folded = fold(lines[index]).lower() + " "
        if folded.startswith(_UNKNOWN_BODY) and _match_agency(_tokens(lines[index])) is None:
            return lines[index:]
    return lines


def _place_from_parent(parent: list[str], places: PlaceContext) -> str:
    if not parent:
        return ""
    matched = _match_agency(parent)
    if matched is None:
        return ""
    rest = parent[matched[1]:]
    return _place_phrase(rest, places) if rest else ""


@lru_cache(maxsize=8192)
def respell(name: str) -> str:
    """A known body at the start of ``name`` in its usual spelling, the rest kept:
    "Ủy ban Mũ trận Tổ quốc Việt Nam" (an OCR slip) → "Ủy ban Mặt trận Tổ quốc Việt Nam"."""
    tokens = _tokens(name)
    matched = _match_agency(tokens)
    if matched is None or matched[1] < 2:  # one word ("Báo") is no body to respell "Bảo" by
        return name
    canonical, used = matched
    rest = " ".join(tokens[used:]).replace(" ,", ",")
    return f"{canonical} {rest}".strip() if rest else canonical
