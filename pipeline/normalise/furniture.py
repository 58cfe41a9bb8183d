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


def is_furniture(line: str) -> bool:
    folded = fold(line).strip()
    if not folded:
        return False
    if _PAGE_NUMBER.match(folded):
        return True
    return bool(_CHROME_LINES.match(folded))


def strip_furniture(text: str) -> tuple[str, OffsetMap]:
    """Drop furniture lines, keeping everything else byte for byte."""
    out = TextBuilder()
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if not is_furniture(line) or _keeps_metadata(line):
            out.copy(text, pos, end)
        pos = end
    return out.build(len(text))


def _keeps_metadata(line: str) -> bool:
    # "Đăng bởi : X Ngày đăng : 13/09/2022" carries the posting date and publisher
    return "ngay dang" in fold(line)
