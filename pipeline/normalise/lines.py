"""Broken lines: a sentence cut by a line break (and maybe blank lines) is rejoined.

"góp phần quan\\n\\ntrọng vào sự phát triển" → "góp phần quan trọng vào sự phát triển".
A break is joined when the line before it does not end a sentence or a list item and
the line after it starts with a lower-case letter; headings and bullets start with a
marker or a capital, so the document's structure is kept.
"""

from __future__ import annotations

import re

from pipeline.offsets import OffsetMap, TextBuilder

_MARKER = re.compile(r"[a-zđ]\s*[).]\s")  # "a) …", "đ. …": a list item, not a broken line
_BROKEN = re.compile(r"(?<=[^\s.:;!?…])[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*(?=[^\W\d_(])")


def join_broken_lines(text: str) -> tuple[str, OffsetMap]:
    out = TextBuilder()
    last = 0
    for match in _BROKEN.finditer(text):
        if not text[match.end()].islower() or _MARKER.match(text, match.end()):
            continue
        out.copy(text, last, match.start())
        out.replace(" ", match.start(), match.end())
        last = match.end()
    out.copy(text, last, len(text))
    return out.build(len(text))
