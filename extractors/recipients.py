"""The "Nơi nhận" list: one entry per ";"-separated item, abbreviations expanded.

"(biết)", "(B/c)", "(T/h)" are dropped and "Lưu: VT" is not a recipient.
"""

from __future__ import annotations

import re

from extractors.lexicon import expand_abbreviations
from pipeline.document import Document

_NOTE = re.compile(r"\((?:[^()]{0,20})\)")
_HEADING = re.compile(r"^\s*\**\s*n[o0]i nh[a-z]n\s*[:.]?\s*", re.IGNORECASE)
_SIGNATURE_BITS = re.compile(
    r"\b(?:(?:tm|kt|q|tl)\s*[.,]\s*)?(?:p?ho\s+)?(?:chu tich|giam doc|truong ban|bi thu|"
    r"uy ban nhan dan)\s*$")
_STORE = re.compile(r"^\s*luu\b")


def _items(doc: Document) -> list[tuple[int, int]]:
    """(start, end) of each list item in restored coords, continuation lines joined."""
    span = doc.header.recipients
    assert span is not None
    signature = doc.header.signature
    # a signature printed beside the list (two columns merged) does not end it
    end = signature.start if signature and signature.start > span.start and \
        "\n-" not in doc.folded[signature.start:signature.end] else span.end
    items: list[list[int]] = []
    last = ""
    pos = span.start
    for line in doc.folded[span.start:end].splitlines(keepends=True):
        stripped = line.strip()
        start = pos + len(line) - len(line.lstrip())
        pos += len(line)
        if not stripped:
            continue
        if stripped[0] in "-–+•" or not items or last.endswith(";") or _HEADING.match(last):
            items.append([start, start + len(stripped)])
        elif last.endswith("."):
            break  # "Lưu: VT." closes the list; what follows is not a recipient
        else:
            items[-1][1] = start + len(stripped)
        last = stripped
    return [(s, e) for s, e in items]


def _clean(doc: Document, start: int, end: int) -> list[str]:
    folded = doc.folded[start:end]
    head = _HEADING.match(folded)
    offset = head.end() if head else 0
    text = doc.cut(start + offset, end)
    folded = folded[offset:]
    cut = _SIGNATURE_BITS.search(folded)
    if cut:
        text, folded = text[:cut.start()], folded[:cut.start()]
    out = []
    position = 0
    for piece_folded in folded.split(";"):
        piece = text[position:position + len(piece_folded)]
        position += len(piece_folded) + 1
        if _STORE.match(piece_folded.strip(" -*")):
            continue
        piece = _NOTE.sub(" ", piece.replace("*", ""))
        piece = " ".join(piece.strip(" -–+•.;,").split())
        if len(piece) > 1:
            out.append(expand_abbreviations(piece[:1].upper() + piece[1:]))
    return out


def find_recipients(doc: Document) -> list[str]:
    if doc.header.recipients is None:
        return []
    names: list[str] = []
    for start, end in _items(doc):
        names.extend(_clean(doc, start, end))
    return [n.replace(" ,", ",") for n in names]
