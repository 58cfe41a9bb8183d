"""Page furniture: lone page numbers, web-page chrome lines, running headers.

Removed lines are dropped from the normalised text (the offset map skips them),
so extractors never see "5" between two halves of a sentence.
"""

from __future__ import annotations

import re
from itertools import accumulate

from pipeline.normalise.fold import fold
from pipeline.offsets import OffsetMap, TextBuilder

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$")
_CHROME_LINES = re.compile(
    r"^\s*(?:baner\w*|banner\w*|luot truy cap|luot xem\s*:?\s*[\d.]*|quay ve|in bai viet|"
    r"chia se|tro ve|ve dau trang|trang chu|lien ket website|thong ke truy cap|"
    r"dang nhap|tim kiem|\d{1,3}(?:\.\d{3})+|dang boi\s*:.*|ngay dang\s*:.*)\s*$")
_FURNITURE = re.compile(f"{_PAGE_NUMBER.pattern}|{_CHROME_LINES.pattern}")  # on a stripped line


def strip_furniture(text: str) -> tuple[str, OffsetMap]:
    """Drop furniture lines, keeping everything else byte for byte."""
    folded = fold(text)  # one character for one: folded lines line up with the text's
    lines = folded.splitlines(keepends=True)
    # map() keeps the per-line test in C; only the few hits reach the Python loop
    hits = [i for i, hit in enumerate(map(_FURNITURE.match, map(str.strip, lines))) if hit]
    if not hits:
        return text, OffsetMap.identity(len(text))
    ends = list(accumulate(map(len, lines)))
    out = TextBuilder()
    kept = 0  # text[kept:] is kept and not yet copied
    for i in hits:
        # "Đăng bởi : X Ngày đăng : 13/09/2022" carries the posting date and publisher
        if "ngay dang" not in lines[i]:
            out.copy(text, kept, ends[i] - len(lines[i]))
            kept = ends[i]
    out.copy(text, kept, len(text))
    return out.build(len(text))
