"""The one document model that flows through every stage.

``RawDocument`` is what ingestion returns: the decoded text of the input with
its pages (and, for OCR pages, word boxes and confidences). ``Document`` is
what every later stage reads and enriches:

- ``text``: the normalised text (NFC, one tone placement, page furniture
  removed, broken lines joined); ``to_raw`` maps it back to ``raw.text``.
- ``restored``: the same text with full Vietnamese diacritics. For a text that
  already had them it *is* ``text``; for stripped or garbled text it is the
  restorer's output, with a map back to ``text``.
- ``folded``: ``restored.text`` lower-cased without diacritics, character for
  character (``len(folded) == len(restored.text)``), so a regex match on the
  folded view is also a span of the restored text.

Extractors match on ``folded``, cut values from ``restored.text`` and build
mentions with :meth:`Document.mention`, which maps the span back to ``text``
(the contract's offsets) and to a page and box.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from pipeline.offsets import OffsetMap
from pipeline.records import Box, Mention

TextState = Literal["full", "stripped", "garbled"]


@dataclass
class Word:
    """One OCR word: offsets into ``RawDocument.text`` and its box on the page."""

    start: int
    end: int
    box: tuple[int, int, int, int]  # left, top, width, height in page pixels
    confidence: float


@dataclass
class RawPage:
    number: int  # 1-based
    start: int  # offsets into RawDocument.text
    end: int
    origin: Literal["text", "text_layer", "ocr"] = "text"
    ocr_confidence: float | None = None
    words: list[Word] = field(default_factory=list)
    size: tuple[int, int] | None = None  # rendered page image, pixels
    flags: list[str] = field(default_factory=list)


@dataclass
class RawDocument:
    source: str
    doc_id: str
    input_kind: str
    text: str
    pages: list[RawPage]
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoredText:
    """Text with full diacritics and the map back to the text it restored."""

    text: str
    to_source: OffsetMap
    changed: bool = False


@dataclass
class Span:
    """A half-open span of ``Document.restored.text``."""

    start: int
    end: int


@dataclass
class Line(Span):
    pass


@dataclass
class Section(Span):
    """A numbered part of the body: heading line plus everything under it."""

    marker: str  # "I", "1", "a", "-", "+"
    kind: Literal["roman", "arabic", "letter", "dash", "plus"]
    heading: Span  # the heading line (marker included)
    title: str  # folded heading text after the marker
    depth: int = 0
    children: list[Section] = field(default_factory=list)


_FUZZY_LENGTH = 8  # words this long may match with one slip


def title_starts(title: str, words: str) -> bool:
    """``title`` starts with ``words``, allowing one OCR slip in a long heading
    ("kunh phi thuc hien", "kiinh phi thuc hien" for "kinh phi thuc hien")."""
    if title.startswith(words):
        return True
    n = len(words)
    if n < _FUZZY_LENGTH or len(title) < n - 1:
        return False
    # one edit in 8 or more characters leaves the first 3 or the last 3 alone
    if title[:3] != words[:3] and words[-3:] not in title[n - 4:n + 1]:
        return False
    from rapidfuzz.distance import Levenshtein

    for size in (n, n + 1, n - 1):  # a swap, an extra, a lost letter
        head = title[:size]
        if (head[:3] == words[:3] or head[-3:] == words[-3:]) \
                and Levenshtein.distance(head, words) <= 1 \
                and title[size:size + 1] in ("", " ", ":", ",", "."):
            return True
    return False


@dataclass
class Header:
    """The header block and closing block of an administrative document."""

    issuer_lines: list[Span] = field(default_factory=list)
    number: Span | None = None  # the "Số: ..." value
    place_date: Span | None = None
    doc_type: Span | None = None  # "KẾ HOẠCH"
    title: Span | None = None
    body_start: int = 0
    body_end: int | None = None  # where the (attached plan's) body ends; None: the text's end
    closing: Span | None = None  # "Trên đây là Kế hoạch ..." up to "Nơi nhận"
    recipients: Span | None = None  # the "Nơi nhận:" list
    signature: Span | None = None  # TM./KT. ... name
    appendix: Span | None = None  # "PHỤ LỤC …" after the signature, to the end


@dataclass
class Document:
    raw: RawDocument
    text: str
    to_raw: OffsetMap
    restored: RestoredText
    folded: str
    text_state: TextState = "full"
    page_starts: list[int] = field(default_factory=lambda: [0])  # in restored coords
    lines: list[Line] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    header: Header = field(default_factory=Header)

    def iter_sections(self) -> list[Section]:
        """Every section, depth first, in document order."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return out

    def find_sections(self, *titles: str) -> list[Section]:
        """Sections whose folded title starts with one of ``titles`` (folded words),
        e.g. ``doc.find_sections("to chuc thuc hien")``."""
        fuzzy = [t for t in titles if len(t) >= _FUZZY_LENGTH]
        return [s for s in self.iter_sections()
                if s.kind in ("roman", "arabic", "letter")
                and (s.title.startswith(titles) or any(title_starts(s.title, t) for t in fuzzy))]

    def line_at(self, pos: int) -> Line | None:
        """The line that holds ``pos`` (a binary search: no list of starts is built)."""
        index = bisect.bisect_right(self.lines, pos, key=lambda line: line.start) - 1
        return self.lines[index] if index >= 0 else None

    @property
    def display(self) -> str:
        """The text values are cut from: full diacritics."""
        return self.restored.text

    def cut(self, start: int, end: int) -> str:
        return self.restored.text[start:end]

    def page_of(self, pos: int) -> int:
        return bisect.bisect_right(self.page_starts, pos)

    def mention(self, start: int, end: int) -> Mention:
        """A contract mention for a span of the restored text."""
        s, e = self.restored.to_source.to_source(start, end)
        return Mention(start=s, end=e, page=self.page_of(start), text=self.text[s:e],
                       box=self._box(s, e))

    def _box(self, start: int, end: int) -> Box | None:
        raw_start, raw_end = self.to_raw.to_source(start, end)
        for page in self.raw.pages:
            if not page.words or not (page.start <= raw_start < page.end + 1):
                continue
            hit = [w.box for w in page.words if w.start < raw_end and w.end > raw_start]
            if not hit:
                return None
            left = min(b[0] for b in hit)
            top = min(b[1] for b in hit)
            right = max(b[0] + b[2] for b in hit)
            bottom = max(b[1] + b[3] for b in hit)
            return Box(left=left, top=top, width=right - left, height=bottom - top)
        return None
