"""A born-digital PDF page's text layer, in layout order.

pdfplumber gives words with positions. They are grouped into lines by vertical
overlap and split into segments at wide gaps. A run of lines that share one
empty vertical gutter — the header block::

    ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    HUYỆN TUY PHƯỚC              Độc lập - Tự do - Hạnh phúc
    Số: 12/KH-UBND         Tuy Phước, ngày 5 tháng 9 năm 2022

— is read column by column ("ỦY BAN NHÂN DÂN", "HUYỆN TUY PHƯỚC", "Số: ...",
then the motto and the place and date), never line by line across. Ruled
tables (pdfplumber's table finder) are read row by row. Boxes are given in
pixels of the page rendered at ``dpi``, like OCR boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ingest.layout import PageContent, Table, TextLine, WordBox
from pipeline.normalise.legacy import convert_legacy_mapped

GAP_EMS = 1.6  # a gap wider than this many font sizes splits a line into segments


@dataclass
class _Segment:
    words: list[dict]

    @property
    def left(self) -> float:
        return min(float(w["x0"]) for w in self.words)

    @property
    def right(self) -> float:
        return max(float(w["x1"]) for w in self.words)


def layer_page(page, words: list[dict], number: int, dpi: float,  # noqa: ANN001
               legacy: str | None = None) -> PageContent:
    """A pdfplumber page and its words → lines (header columns apart) and tables."""
    scale = dpi / 72
    content = PageContent(number=number, origin="text_layer",
                          size=(round(float(page.width) * scale),
                                round(float(page.height) * scale)))
    if legacy:
        content.flags.append(f"legacy:{legacy}")
    tables, words = _tables(page, words, scale, legacy)
    content.tables = tables
    lines = _lines(words)
    for block, segments in _ordered(lines):
        content.lines.append(TextLine(words=[_word(w, scale, legacy) for s in segments
                                             for w in s.words], block=block))
    return content


def _word(w: dict, scale: float, legacy: str | None) -> WordBox:
    text = w["text"]
    if legacy:
        text = convert_legacy_mapped(text, legacy)[0]
    box = (round(float(w["x0"]) * scale), round(float(w["top"]) * scale),
           max(1, round((float(w["x1"]) - float(w["x0"])) * scale)),
           max(1, round((float(w["bottom"]) - float(w["top"])) * scale)))
    return WordBox(text=text, box=box, confidence=1.0)


def _lines(words: list[dict]) -> list[list[_Segment]]:
    """Words → lines (by vertical overlap) → segments (split at wide gaps)."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (float(w["top"]), float(w["x0"]))):
        middle = (float(w["top"]) + float(w["bottom"])) / 2
        if rows and float(rows[-1][0]["top"]) <= middle <= float(rows[-1][0]["bottom"]):
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))
        segments = [_Segment([row[0]])]
        for prev, w in zip(row, row[1:], strict=False):
            size = float(w.get("size") or (float(w["bottom"]) - float(w["top"])))
            if float(w["x0"]) - float(prev["x1"]) > GAP_EMS * size:
                segments.append(_Segment([w]))
            else:
                segments[-1].words.append(w)
        lines.append(segments)
    return lines


def _ordered(lines: list[list[_Segment]]) -> list[tuple[int, list[_Segment]]]:
    """Lines in reading order with block ids; two-column runs read column by column."""
    out: list[tuple[int, list[_Segment]]] = []
    block, i = 0, 0
    while i < len(lines):
        end, gutter = _column_run(lines, i)
        if end > i:
            left, right = [], []
            for segments in lines[i:end]:
                for seg in segments:
                    (left if seg.right <= gutter else right).append(seg)
            out += [(block + 1, [s]) for s in left] + [(block + 2, [s]) for s in right]
            block += 3
            i = end
        else:
            out.append((block, lines[i]))
            i += 1
    return out


def _column_run(lines: list[list[_Segment]], start: int) -> tuple[int, float]:
    """End (exclusive) of a run of lines from ``start`` that share a gutter, and the
    gutter's x; ``start`` itself when no two-column run starts there."""
    if len(lines[start]) != 2:
        return start, 0.0
    low, high = lines[start][0].right, lines[start][1].left
    end = start + 1
    while end < len(lines):
        segs = lines[end]
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


def _tables(page, words: list[dict], scale: float,  # noqa: ANN001
            legacy: str | None) -> tuple[list[Table], list[dict]]:
    """Ruled tables read row by row; returns them and the words outside them."""
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing must not stop the text
        return [], words
    tables, used = [], set()
    for table in found:
        if len(table.rows) < 2:
            continue
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell is None:
                    continue
                x0, top, x1, bottom = cell
                inside = [k for k, w in enumerate(words) if k not in used and
                          x0 <= (float(w["x0"]) + float(w["x1"])) / 2 <= x1 and
                          top <= (float(w["top"]) + float(w["bottom"])) / 2 <= bottom]
                used.update(inside)
                cells.append([_word(words[k], scale, legacy) for k in inside])
            rows.append(cells)
        x0, top, x1, bottom = table.bbox
        tables.append(Table(rows=rows, top=round(top * scale), bottom=round(bottom * scale)))
    return tables, [w for k, w in enumerate(words) if k not in used]
