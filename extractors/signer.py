"""The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Hùng Tân"."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.lexicon import load_yaml
from pipeline.document import Document
from pipeline.normalise.fold import fold
from pipeline.normalise.restore import restore_text
from pipeline.records import Signer
from pipeline.structure import slash_authority

_AUTHORITY = re.compile(r"\b(tm|kt|q|tl|tuq|ktl)\s*[.,]\s*([a-z][a-z .]*?)(?=\s+(?:tm|kt|q|tl)\s*[.,]|$)")


def _titles() -> dict[str, str]:
    return dict(load_yaml("signer_titles.yaml")["titles"])


def _printed(folded: str) -> str | None:
    words = " ".join(folded.replace(".", " ").split())
    data = load_yaml("signer_titles.yaml")
    for table in ("titles", "bodies"):
        if words in data[table]:
            return data[table][words]
    return None


def _looks_like_name(line: str) -> bool:
    clean = " ".join(line.replace("*", " ").split())
    words = clean.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) \
        and not any(c.isdigit() for c in clean) and not clean.isupper() \
        and not any(ch in clean for ch in "():/;,-")


def _name_line(lines: list[str], folded_lines: list[str]) -> int | None:
    """Index of the first name-like line after the last title or authority line."""
    titles = [i for i, f in enumerate(folded_lines)
              if _AUTHORITY.search(slash_authority(f)) or f.rstrip(" *.").endswith(tuple(_titles()))]
    titles = [i for i in titles if titles and i <= titles[0] + 3]
    start = titles[-1] + 1 if titles else 0
    for index in range(start, len(lines)):
        if _looks_like_name(lines[index]):
            return index
    return None


@lru_cache(maxsize=2)
def _name_forms(family: bool) -> dict[str, str]:
    groups = load_yaml("name_syllables.yaml")
    forms: dict[str, str] = {}
    for group in (groups if family else list(reversed(groups))):
        for syllable in group:
            forms.setdefault(fold(syllable), syllable)
    return forms


def respell_name(name: str) -> str:
    """ "Dương Cộng Định" (restored without context) → "Dương Công Định"; the family
    name is looked up among family names first, the others among given names."""
    words = name.split()
    return " ".join(_name_forms(i == 0).get(fold(w), w) for i, w in enumerate(words))


@lru_cache(maxsize=4096)
def _restored_name(text: str) -> str:
    """The name line with diacritics restored and respelled (the same name recurs)."""
    return respell_name(restore_text(text).strip())


def find_signer(doc: Document) -> Signer | None:
    """Signer name, title and authority ("KT. Chủ tịch"); None without a signature."""
    span = doc.header.signature
    if span is None:
        return None
    authority, title = None, None
    for line in slash_authority(doc.folded[span.start:span.end]).replace("*", " ").splitlines():
        line = line.strip()
        found = list(_AUTHORITY.finditer(line))
        if found:
            kind, head = found[-1].group(1), " ".join(found[-1].group(2).split())
            authority = f"{kind.upper()}. {_printed(head) or head}"
            if kind == "kt" and head in _titles():
                title = _titles()[head if head.startswith("pho ") else "pho " + head] \
                    if ("pho " + head) in _titles() or head.startswith("pho ") else None
            continue
        printed = _printed(line)
        if printed in _titles().values():
            title = printed
    lines, folded_lines, starts = [], [], []
    pos = span.start
    for line in doc.cut(span.start, span.end).splitlines(keepends=True):
        if line.strip():
            lines.append(line.strip())
            folded_lines.append(doc.folded[pos:pos + len(line)].strip())
            starts.append(pos + len(line) - len(line.lstrip()))
        pos += len(line)
    index = _name_line(lines, folded_lines)
    name = None
    if index is not None:
        name = " ".join(lines[index].replace("*", " ").split())
        if doc.text_state != "full":
            mention = doc.mention(starts[index], starts[index] + len(lines[index]))
            name = _restored_name(mention.text)
    return Signer(name=name, title=title, authority=authority)
