"""Page furniture: lone page numbers, web-page chrome lines, running headers.

Removed lines are dropped from the normalised text (the offset map skips them),
so extractors never see "5" between two halves of a sentence.
"""

from __future__ import annotations

import re

from pipeline.normalise.fold import fold
from pipeline.offsets import OffsetMap, TextBuilder

_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$")
_CHROME_LINES = re.compile(
    r"^\s*(?:baner\w*|banner\w*|luot truy cap|luot xem\s*:?\s*[\d.]*|quay ve|in bai viet|"
    r"chia se|tro ve|ve dau trang|trang chu|lien ket website|thong ke truy cap|"
    r"dang nhap|tim kiem|\d{1,3}(?:\.\d{3})+|dang boi\s*:.*|ngay dang\s*:.*)\s*$")


def strip_furniture(text: str) -> tuple[str, OffsetMap]:
    """Drop furniture lines, keeping everything else byte for byte."""
    folded = fold(text)  # one character for one: folded lines line up with the text's
    out = TextBuilder()
    pos = kept = 0  # text[kept:pos] is kept and not yet copied
    for line in folded.splitlines(keepends=True):
        end = pos + len(line)
        # "Đăng bởi : X Ngày đăng : 13/09/2022" carries the posting date and publisher
        if _is_furniture(line) and "ngay dang" not in line:
            out.copy(text, kept, pos)
            kept = end
        pos = end
    out.copy(text, kept, len(text))
    return out.build(len(text))


def _is_furniture(folded_line: str) -> bool:
    folded = folded_line.strip()
    if not folded:
        return False
    return bool(_PAGE_NUMBER.match(folded) or _CHROME_LINES.match(folded))
