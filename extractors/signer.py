"""The signature block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Hùng Tân"."""

from __future__ import annotations

import re

from extractors.lexicon import load_yaml
from pipeline.document import Document
from pipeline.records import Signer

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


def _name(lines: list[str]) -> str | None:
    """The first line after the titles that looks like a person's name."""
    for line in lines[:8]:
        clean = " ".join(line.replace("*", " ").split())
        words = clean.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) \
                and not any(c.isdigit() for c in clean) and not clean.isupper() \
                and not any(ch in clean for ch in "():/;,"):
            return clean
    return None


def find_signer(doc: Document) -> Signer | None:
    """Signer name, title and authority ("KT. Chủ tịch"); None without a signature."""
    span = doc.header.signature
    if span is None:
        return None
    authority, title = None, None
    for line in doc.folded[span.start:span.end].replace("*", " ").splitlines():
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
    lines = [line for line in doc.cut(span.start, span.end).splitlines() if line.strip()]
    return Signer(name=_name(lines), title=title, authority=authority)
