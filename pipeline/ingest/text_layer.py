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

from pipeline.ingest.layout import PageContent, Table, WordBox, reading_order
from pipeline.normalise.legacy import convert_legacy_mapped


def layer_page(page, words: list[dict], number: int, dpi: float,  # noqa: ANN001
               legacy: str | None = None) -> PageContent:
    """A pdfplumber page and its words → lines (header columns apart) and tables."""
    scale = dpi / 72
    content = PageContent(number=number, origin="text_layer",
                          size=(round(float(page.width) * scale),
                                round(float(page.height) * scale)))
    if legacy:
        content.flags.append(f"legacy:{legacy}")
    content.tables, words = _tables(page, words, scale, legacy)
    content.lines = reading_order([_word(w, scale, legacy) for w in words])
    return content


def _word(w: dict, scale: float, legacy: str | None) -> WordBox:
    text = w["text"]
    if legacy:
        text = convert_legacy_mapped(text, legacy)[0]
    box = (round(float(w["x0"]) * scale), round(float(w["top"]) * scale),
           max(1, round((float(w["x1"]) - float(w["x0"])) * scale)),
           max(1, round((float(w["bottom"]) - float(w["top"])) * scale)))
    return WordBox(text=text, box=box, confidence=1.0)


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
