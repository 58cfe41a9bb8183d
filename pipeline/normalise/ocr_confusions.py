"""Undo OCR confusions: from a misread word to the clean folded syllables it may be.

An English-model OCR over a Vietnamese page prints "S6" for "Số", "Pang" for
"Đảng", "virng" for "vững", "bdo cdo" for "báo cáo". The rules in
``data/ocr_confusions.tsv`` say which printed letters stand for which true
(folded) letters and what each rewrite costs; :func:`folded_candidates` applies
them to one word and keeps the rewrites that are real Vietnamese syllables::

    >>> sorted(folded_candidates("virng", {"vung", "ving"}, prefixes({"vung", "ving"})))
    ['vung']

The restorer's language model then picks among the candidates by context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.normalise.fold import fold

DATA = Path(__file__).resolve().parent / "data"
MAX_COST = 1.5
MAX_LENGTH = 10


@dataclass(frozen=True)
class Rule:
    observed: str
    truth: str
    cost: float
    anchored: bool  # only at the start of the word


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The confusion table: printed letters → true folded letters, with a cost."""
    rules = []
    for line in _data_lines("ocr_confusions.tsv"):
        fields = line.split("\t")
        observed, truth, cost = fields[0], fields[1], float(fields[2])
        anchored = observed.startswith("^")
        rules.append(Rule(observed.lstrip("^"), truth, cost, anchored))
    return tuple(rules)


@lru_cache(maxsize=1)
def load_markers() -> dict[str, str]:
    """Misread section markers at the start of a line: ``"I11."`` → ``"III."``."""
    return dict(line.split("\t")[:2] for line in _data_lines("ocr_markers.tsv"))


@lru_cache(maxsize=1)
def load_acronyms() -> dict[str, str]:
    """Acronyms with Đ as printed without it: ``"HDND"`` → ``"HĐND"``."""
    return dict(line.split("\t")[:2] for line in _data_lines("acronyms.tsv"))


_ACRONYM_TOKEN = re.compile(r"(?<![\w&])[A-Z][A-Z&]*(?![\w&])")


def acronym_fixes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, true acronym) for each known acronym printed without its Đ."""
    acronyms = load_acronyms()
    return [(m.start(), m.end(), acronyms[m.group()])
            for m in _ACRONYM_TOKEN.finditer(text) if m.group() in acronyms]


def _data_lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def prefixes(words: Iterable[str]) -> frozenset[str]:
    """Every prefix of every word (the search only follows real prefixes)."""
    out = {""}
    for word in words:
        for i in range(1, len(word) + 1):
            out.add(word[:i])
    return frozenset(out)


def folded_candidates(word: str, valid: frozenset[str] | set[str],
                      valid_prefixes: frozenset[str], max_cost: float = MAX_COST) -> dict[str, float]:
    """Folded syllables the printed ``word`` may stand for, with the cost of each rewrite.

    ``folded_candidates("Pang", …)`` gives ``{"pang": …, "dang": 0.3}`` when both are
    valid; the identity reading costs 0. Words longer than 10 characters get none.
    """
    observed = word.lower()
    if not observed or len(observed) > MAX_LENGTH:
        return {}
    by_start = _rules_by_first_char()
    best: dict[str, float] = {}
    stack = [(0, "", 0.0)]
    while stack:
        i, out, cost = stack.pop()
        if i == len(observed):
            if out in valid and cost < best.get(out, max_cost + 1):
                best[out] = cost
            continue
        char = observed[i]
        same = fold(char)
        if same.isascii() and same.isalpha() and out + same in valid_prefixes:
            stack.append((i + 1, out + same, cost))
        for rule in by_start.get(char, ()):
            if rule.anchored and i:
                continue
            if not observed.startswith(rule.observed, i):
                continue
            total = cost + rule.cost
            nxt = out + rule.truth
            if total <= max_cost and nxt in valid_prefixes:
                stack.append((i + len(rule.observed), nxt, total))
    return best


@lru_cache(maxsize=1)
def _rules_by_first_char() -> dict[str, tuple[Rule, ...]]:
    table: dict[str, list[Rule]] = {}
    for rule in load_rules():
        table.setdefault(rule.observed[0], []).append(rule)
    return {k: tuple(v) for k, v in table.items()}


_MARKER = re.compile(r"^[ \t]*(\S+\.)(?=[ \t])", re.MULTILINE)


def marker_fixes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, true marker) for each misread section marker at a line start."""
    markers = load_markers()
    out = []
    for match in _MARKER.finditer(text):
        fixed = markers.get(match.group(1))
        if fixed:
            out.append((match.start(1), match.end(1), fixed))
    return out
