"""Broken lines: a sentence cut by a line break (and maybe blank lines) is rejoined.

"góp phần quan\\n\\ntrọng vào sự phát triển" → "góp phần quan trọng vào sự phát triển";
a sentence that runs on to the next page ("tại các\\fvùng nuôi") is joined the same way.
A break is joined when the line before it does not end a sentence or a list item and
is not in capitals, and the line after it starts with a lower-case letter; headings and
bullets start with a marker or a capital, so the document's structure is kept.
"""

from __future__ import annotations

import re

from pipeline.offsets import OffsetMap, TextBuilder

_MARKER = re.compile(r"[a-zđ]\s*[).]\s")  # "a) …", "đ. …": a list item, not a broken line
# A break: spaces, a line break and up to two blank lines before a letter, after a
# character that does not end a sentence. The scan looks for the line break (a fast
# literal search), then checks what comes before it.
_BREAK = re.compile(r"[\n\f](?:[ \t]*[\n\f]){0,3}[ \t]*(?=[^\W\d_(])")  # \f: a page break
_ENDS_SENTENCE = re.compile(r"[\s.:;!?…]")


def join_broken_lines(text: str) -> tuple[str, OffsetMap]:
    out = TextBuilder()
    last = 0
    for start, end in _breaks(text):
        if not text[end].islower() or _MARKER.match(text, end) or _is_caps_line(text, start):
            continue
        out.copy(text, last, start)
        out.replace(" ", start, end)
        last = end
    out.copy(text, last, len(text))
    return out.build(len(text))


def _is_caps_line(text: str, end: int) -> bool:
    """The line ending at ``end`` is in capitals: a heading such as "KẾ HOẠCH", which a
    Party plan follows with a lower-case title ("thực hiện Nghị quyết …")."""
    line = text[text.rfind("\n", 0, end) + 1:end]
    return line.isupper() and sum(c.isalpha() for c in line) >= 2


def _breaks(text: str) -> list[tuple[int, int]]:
    r"""Spans of ``(?<=[^\s.:;!?…])[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?=[^\W\d_(])``."""
    found = []
    for match in _BREAK.finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        # a rejected match cannot hide a break: its later line breaks follow blank lines
        if start > 0 and not _ENDS_SENTENCE.match(text, start - 1):
            found.append((start, match.end()))
    return found
