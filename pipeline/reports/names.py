"""Names compared across plans: agencies unified, document numbers folded, levels read.

Vietnamese knowledge (abbreviations, level words, issuer codes) is in ``data/``.

>>> agency_key("Phòng Lao động - TB&XH huyện")
'phong lao dong thuong binh xa hoi'
>>> agency_key("Phòng Lao động - Thương binh và Xã hội")
'phong lao dong thuong binh xa hoi'
>>> number_key("90/QĐ-TTg")
'90/qd-ttg'
>>> level_of("4186/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Giang")
'tinh'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from pipeline.normalise.fold import fold_key

LEVELS = ("trung_uong", "tinh", "huyen", "xa", "thon")


def _data(name: str) -> str:
    return resources.files("pipeline.reports").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=1)
def _levels() -> dict:
    return yaml.safe_load(_data("levels.yaml"))


@lru_cache(maxsize=1)
def _agency_rules() -> dict:
    return yaml.safe_load(_data("agency_names.yaml"))


def level_label(level: str | None) -> str:
    """The Vietnamese label of a level: ``"huyen"`` → ``"Huyện"``."""
    return _levels()["labels"].get(level, _levels()["labels"][None])


def level_rank(level: str | None) -> int:
    """National first: trung_uong 0, tinh 1, huyen 2, xa 3, thon 4, unknown 5."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def expand_abbreviations(name: str) -> str:
    """``"UBND các xã, thị trấn"`` → ``"Ủy ban nhân dân các xã, thị trấn"`` (the
    extractors' table, ``extractors/data/abbreviations.yaml``: one list for both)."""
    from extractors.lexicon import expand_abbreviations as expand

    return expand(name)


def agency_key(name: str) -> str:
    """The key that unifies one agency's names across plans.

    Folded and abbreviation-expanded; a trailing huyện/tỉnh/xã is dropped unless
    the name is a generic body that needs it; a few joining words are ignored.
    """
    rules = _agency_rules()
    key = f" {fold_key(expand_abbreviations(name))} "
    for phrase, replacement in rules["phrases"].items():
        key = key.replace(f" {phrase} ", f" {replacement} ")
    key = key.strip()
    for word in sorted(rules["trailing_level_words"], key=len, reverse=True):
        if key.endswith(" " + word):
            shorter = key[: -len(word) - 1].strip()
            last = shorter.rsplit(" ", 1)[-1]
            if shorter not in rules["generic_bodies"] and last not in rules["keep_after"]:
                key = shorter
            break
    ignored = set(rules["ignored_words"])
    return " ".join(w for w in key.split() if w not in ignored)


def short_name(name: str) -> str:
    """A compact label: ``"Ủy ban nhân dân xã Cẩm Tân"`` → ``"UBND xã Cẩm Tân"``."""
    for long, short in _agency_rules()["short_forms"].items():
        name = re.sub(re.escape(long), short, name, flags=re.IGNORECASE)
    return name


def number_key(number: str | None) -> str | None:
    """A document number compared across documents: folded (Đ → D), lower case,
    without spaces."""
    from extractors.numbers import number_key as key

    return key(number) if number else None


def number_code(number: str | None) -> str | None:
    """The issuer code of a number: ``"05-CT/TW"`` → ``"TW"``, ``"90/QĐ-TTg"`` → ``"TTG"``."""
    key = number_key(number)
    if not key or "/" not in key:
        return None
    tail = key.rsplit("/", 1)[1]
    return re.split(r"[-.]", tail)[-1].upper() or None


def level_of_code(code: str | None) -> str | None:
    if not code:
        return None
    for level, codes in _levels()["codes"].items():
        if code in codes:
            return level
    return None


def level_of_issuer(issuer: str | None) -> str | None:
    """``"Ủy ban nhân dân huyện Lục Nam"`` → ``"huyen"``; None when no rule fits."""
    if not issuer:
        return None
    folded = fold_key(expand_abbreviations(issuer))
    for level, patterns in _levels()["issuer_patterns"].items():
        if any(re.search(p, folded) for p in patterns):
            return level
    return None


def level_of(number: str | None, issuer: str | None) -> str | None:
    """The issuing body's level: the number's issuer code when it is a known
    one (TTg, CP, TW, HU …), else the issuer's name (UBND of a tỉnh/huyện/xã)."""
    return level_of_code(number_code(number)) or level_of_issuer(issuer)


@lru_cache(maxsize=1)
def _labels() -> dict:
    return yaml.safe_load(_data("labels.yaml"))


def label(group: str, code: str | None) -> str:
    """The Vietnamese label of a contract code: ``label("roles", "lead")`` is ``"Chủ trì"``."""
    if code is None:
        return ""
    return _labels()[group].get(code, code)


def codes(group: str) -> list[str]:
    """The codes of a label group in their documented order."""
    return list(_labels()[group])
