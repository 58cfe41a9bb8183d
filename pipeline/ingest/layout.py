"""From positioned words to the text of a RawDocument, for OCR and PDF text layers.

Both readers hand over, per page, lines of words with boxes in page pixels (in
reading order, each line tagged with its block) and the tables found on the
page. This module then:

- drops page furniture: page numbers ("- 2 -", "Trang 2") and running headers
  or footers repeated in the top or bottom zone of most pages;
- rejoins broken lines into paragraphs: a line continues when the next line's
  first word would not have fitted at its end, the next line is not indented
  and does not open a list item ("- ", "a) ", "2. "); "2021-" + "2025" joins
  without a space;
- keeps short lines of narrow blocks (the header block: "ỦY BAN NHÂN DÂN" /
  "HUYỆN TUY PHƯỚC") as lines;
- writes each table row as one line, cells separated by a tab, like the .docx
  reader: "1\\tTổ chức hội nghị\\tPhòng Lao động - Thương binh và Xã hội\\tQuý IV/2022";
- records every kept word's offsets into the text, its box and confidence.

Pages are separated by a form feed. Patterns live in ``data/layout.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from statistics import median

import yaml

from pipeline.document import RawPage, Word
from pipeline.normalise.fold import fold

DATA = Path(__file__).parent / "data"
Box = tuple[int, int, int, int]


@dataclass
class WordBox:
    text: str
    box: Box  # left, top, width, height: layout geometry (a deskewed page, page scale)
    confidence: float = 1.0  # 0-1
    page_box: Box | None = None  # the box on the page image as given, when it differs

    @property
    def middle(self) -> float:
        return self.box[1] + self.box[3] / 2

    @property
    def right(self) -> int:
        return self.box[0] + self.box[2]


@dataclass
class TextLine:
    words: list[WordBox]
    block: int = 0

    @property
    def left(self) -> int:
        return min(w.box[0] for w in self.words)

    @property
    def right(self) -> int:
        return max(w.box[0] + w.box[2] for w in self.words)

    @property
    def top(self) -> int:
        return min(w.box[1] for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.box[1] + w.box[3] for w in self.words)

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Table:
    """A ruled table: rows of cells, each cell its words in reading order."""

    rows: list[list[list[WordBox]]]
    top: int
    bottom: int


@dataclass
class PageContent:
    number: int
    size: tuple[int, int]
    origin: str  # "text_layer" or "ocr"
    lines: list[TextLine] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    confidence: float | None = None
    flags: list[str] = field(default_factory=list)


@cache
def patterns() -> dict:
    spec = yaml.safe_load((DATA / "layout.yaml").read_text(encoding="utf-8"))
    spec["page_number_re"] = re.compile(spec["page_number"])
    spec["paragraph_start_re"] = re.compile(spec["paragraph_start"])
    return spec


# -- reading order -----------------------------------------------------------

GAP_HEIGHTS = 1.0  # a gap wider than a word height (about 1 em) splits a line in two


def reading_order(words: list[WordBox], block: int = 0) -> list[TextLine]:
    """Words → lines in reading order. Words are grouped into visual lines, lines
    split at wide gaps; a run of lines sharing one empty gutter (the header block:
    issuer left, motto right) is read column by column, each column its own block."""
    rows = _rows(words)
    out: list[TextLine] = []
    i = 0
    while i < len(rows):
        end, gutter = _column_run(rows, i)
        if end > i:
            left = [seg for row in rows[i:end] for seg in row if seg.right <= gutter]
            right = [seg for row in rows[i:end] for seg in row if seg.right > gutter]
            out += [TextLine(seg.words, block + 1) for seg in left]
            out += [TextLine(seg.words, block + 2) for seg in right]
            block += 3
            i = end
        else:
            out.append(TextLine([w for seg in rows[i] for w in seg.words], block))
            i += 1
    return out


def _rows(words: list[WordBox]) -> list[list[TextLine]]:
    if not words:
        return []
    height = median(w.box[3] for w in words)
    rows: list[list[WordBox]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if rows and word.middle - rows[-1][0].middle <= 0.5 * height:
            rows[-1].append(word)
        else:
            rows.append([word])
    out = []
    for row in rows:
        row.sort(key=lambda w: w.box[0])
        size = median(w.box[3] for w in row)
        segments = [TextLine([row[0]])]
        for prev, word in zip(row, row[1:], strict=False):
            if word.box[0] - prev.right > GAP_HEIGHTS * size:
                segments.append(TextLine([word]))
            else:
                segments[-1].words.append(word)
        out.append(segments)
    return out


def _column_run(rows: list[list[TextLine]], start: int) -> tuple[int, float]:
    """End (exclusive) of the run of rows from ``start`` that share a gutter, and the
    gutter's x; ``start`` itself when no two-column run starts there."""
    if len(rows[start]) != 2:
        return start, 0.0
    low, high = rows[start][0].right, rows[start][1].left
    end = start + 1
    while end < len(rows):
        segs = rows[end]
        if len(segs) == 2:
            new_low, new_high = max(low, segs[0].right), min(high, segs[1].left)
        elif len(segs) == 1 and segs[0].right <= high:
            new_low, new_high = max(low, segs[0].right), high
        elif len(segs) == 1 and segs[0].left >= low:
            new_low, new_high = low, min(high, segs[0].left)
        else:
            break
        if new_low >= new_high:
            break
        low, high = new_low, new_high
        end += 1
    return end, (low + high) / 2


# -- furniture ---------------------------------------------------------------


def _zone(line: TextLine, height: int) -> str | None:
    spec = patterns()
    middle = (line.top + line.bottom) / 2
    if middle < height * spec["top_zone"]:
        return "top"
    if middle > height * (1 - spec["bottom_zone"]):
        return "bottom"
    return None


def _repeat_key(line: TextLine) -> str:
    return re.sub(r"\d+", "#", " ".join(fold(line.text).split()))


def drop_furniture(pages: list[PageContent]) -> None:
    """Remove page numbers and running headers/footers, in place."""
    spec = patterns()
    seen: Counter[tuple[str, str]] = Counter()
    for page in pages:
        keys = {(zone, _repeat_key(line)) for line in page.lines
                if (zone := _zone(line, page.size[1]))}
        seen.update(keys)
    need = max(2, round(spec["repeat_share"] * len(pages)))
    for page in pages:
        kept = []
        for line in page.lines:
            zone = _zone(line, page.size[1])
            if zone and (spec["page_number_re"].match(fold(line.text))
                         or seen[(zone, _repeat_key(line))] >= need):
                page.flags.append(f"furniture:{line.text[:40]}")
                continue
            kept.append(line)
        page.lines = kept


# -- paragraphs --------------------------------------------------------------


@dataclass
class _Margins:
    left: float
    right: float
    line_height: float


def _margins(lines: list[TextLine]) -> _Margins:
    lefts = sorted(line.left for line in lines)
    rights = sorted(line.right for line in lines)
    heights = [line.height for line in lines if len(line.words) > 2] or [line.height for line in lines]
    return _Margins(left=lefts[len(lefts) // 10], right=rights[len(rights) * 9 // 10],
                    line_height=median(heights))


def _continues(prev: TextLine, line: TextLine, m: _Margins, narrow: bool) -> bool:
    """Does ``line`` continue the paragraph ``prev`` ends?"""
    if line.block != prev.block or narrow:
        return False
    if line.top - prev.bottom > 1.2 * m.line_height:
        return False
    ends = prev.text.rstrip()
    first = line.words[0]
    room = m.right - prev.right
    ended_short = room > first.box[2] + 0.6 * m.line_height
    indented = line.left - m.left > 1.2 * m.line_height
    if patterns()["paragraph_start_re"].match(fold(line.text)):
        if ended_short or indented or ends[-1:] in ".;:!?" or ends.isupper():
            return False
    if _centred(prev, m) and _centred(line, m):
        # a title broken over centred lines ("Truyền thông về Chương trình ..." / "làm và ...")
        return ends[-1:] not in ".;:!?" and ends.isupper() == line.text.isupper()
    if ended_short or indented:
        return False
    return ends.isupper() == line.text.isupper() or not _letters(line.text)


def _centred(line: TextLine, m: _Margins) -> bool:
    left, right = line.left - m.left, m.right - line.right
    return min(left, right) > m.line_height and abs(left - right) < 2 * m.line_height


def _letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _narrow_blocks(lines: list[TextLine], m: _Margins) -> set[int]:
    """Blocks narrower than 60% of the text width: header columns, kept line by line."""
    extent: dict[int, list[int]] = {}
    for line in lines:
        span = extent.setdefault(line.block, [line.left, line.right])
        span[0], span[1] = min(span[0], line.left), max(span[1], line.right)
    width = max(1.0, m.right - m.left)
    return {b for b, (left, right) in extent.items() if right - left < 0.6 * width}


def paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    if not lines:
        return []
    m = _margins(lines)
    narrow = _narrow_blocks(lines, m)
    groups = [[lines[0]]]
    for line in lines[1:]:
        if _continues(groups[-1][-1], line, m, line.block in narrow):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


# -- text assembly -----------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.words: list[Word] = []

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def word(self, word: WordBox) -> None:
        start = self.length
        self.put(word.text)
        self.words.append(Word(start=start, end=self.length, box=word.page_box or word.box,
                               confidence=round(word.confidence, 3)))

    def paragraph(self, group: list[TextLine]) -> None:
        fix_heading_numeral(group[0])
        first = True
        for line in group:
            for word in line.words:
                if not first and not _glued(self.parts[-1]):
                    self.put(" ")
                self.word(word)
                first = False
        self.put("\n")

    def table(self, table: Table) -> None:
        for row in table.rows:
            for c, cell in enumerate(row):
                if c:
                    self.put("\t")
                for k, word in enumerate(cell):
                    if k and not _glued(self.parts[-1]):
                        self.put(" ")
                    self.word(word)
            self.put("\n")


_ROMAN = re.compile(r"^[IVX]{1,5}\.$")


def fix_heading_numeral(line: TextLine) -> None:
    """"TV. KINH PHÍ THỰC HIỆN" → "IV. KINH PHÍ THỰC HIỆN" (bold headings, OCR slips)."""
    if len(line.words) < 2 or _ROMAN.match(line.words[0].text):
        return
    rest = " ".join(w.text for w in line.words[1:])
    if not rest.isupper():
        return
    table = patterns()["roman_heading_confusions"]
    fixed = "".join(table.get(c, c) for c in line.words[0].text)
    if _ROMAN.match(fixed) and fixed != line.words[0].text:
        line.words[0].text = fixed


def _glued(previous: str) -> bool:
    """A line ending "2021-" joins the next without a space ("2021-2025")."""
    return len(previous) > 1 and previous.endswith("-") and previous[-2].isalnum()


def _items(page: PageContent) -> list[list[TextLine] | Table]:
    items: list[list[TextLine] | Table] = list(paragraphs(page.lines))
    for table in sorted(page.tables, key=lambda t: t.top):
        at = next((i for i, item in enumerate(items)
                   if isinstance(item, list) and item[0].top > table.top), len(items))
        items.insert(at, table)
    return items


def assemble(pages: list[PageContent]) -> tuple[str, list[RawPage]]:
    """The document text (pages separated by form feeds) and its RawPages."""
    drop_furniture(pages)
    writer = _Writer()
    raw_pages = []
    for index, page in enumerate(pages):
        if index:
            writer.put("\f")
        start, first_word = writer.length, len(writer.words)
        for item in _items(page):
            if isinstance(item, Table):
                writer.table(item)
            else:
                writer.paragraph(item)
        if writer.parts and writer.parts[-1] == "\n" and writer.length > start:
            writer.parts.pop()
            writer.length -= 1
        flags = [f for f in page.flags if not f.startswith("furniture:")]
        raw_pages.append(RawPage(number=page.number, start=start, end=writer.length,
                                 origin=page.origin, ocr_confidence=page.confidence,
                                 words=writer.words[first_word:], size=page.size,
                                 flags=flags))
    return "".join(writer.parts), raw_pages
