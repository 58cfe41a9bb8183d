"""OCR of one page image: preprocess, Tesseract ``vie``, words with boxes.

One Tesseract run per page (``image_to_data``: text, boxes and confidences at
once), on the cleaned binary image of :mod:`pipeline.ingest.preprocess` with
table rules erased. Words come back in Tesseract's reading order (its blocks
often keep the two header columns apart, and :func:`reading_order` makes sure);
words inside a ruled table are regrouped
into rows and cells. Boxes are mapped back to the page image as it was given
(before deskew and upscaling).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from pipeline.errors import DependencyError, LimitExceededError
from pipeline.ingest.layout import PageContent, Table, WordBox, reading_order
from pipeline.ingest.preprocess import Grid, Prepared, find_grid, prepare

LANG = "vie"
PSM = 3  # automatic page segmentation
LOW_CONFIDENCE = 0.70  # pages under this mean word confidence are flagged


@dataclass
class _Hit:
    word: WordBox  # box still in prepared pixels
    line: tuple[int, int, int]  # block, paragraph, line


def ocr_page(image: np.ndarray, dpi: float | None, number: int = 1, *,
             lang: str = LANG, timeout: float = 0) -> PageContent:
    """OCR one page image (grey or colour array) into lines, tables and confidence."""
    prepared = prepare(image, dpi)
    grid, rules = find_grid(prepared.image)
    clean = prepared.image.copy()
    clean[rules > 0] = 255
    hits = _tesseract(clean, lang, round(dpi_of(prepared, dpi)), timeout)
    page = PageContent(number=number, size=prepared.size, origin="ocr",
                       flags=[f"preprocess:{'+'.join(prepared.steps)}"])
    table_hits = [h for h in hits if grid and _in_grid(grid, h.word.box)]
    flow = [h for h in hits if not (grid and _in_grid(grid, h.word.box))]
    page.lines = reading_order([_to_page(h.word, prepared) for h in flow])
    if grid:
        table_hits += _empty_cells(grid, table_hits, clean, lang, timeout)
    if table_hits and grid:
        page.tables = [_table(grid, table_hits, prepared)]
    weights = [(len(h.word.text), h.word.confidence) for h in hits]
    total = sum(w for w, _ in weights)
    page.confidence = round(sum(w * c for w, c in weights) / total, 3) if total else 0.0
    if page.confidence < LOW_CONFIDENCE:
        page.flags.append("low_confidence")
    return page


def dpi_of(prepared: Prepared, dpi: float | None) -> float:
    return (dpi or 300) * prepared.scale


def _tesseract(image: np.ndarray, lang: str, dpi: int, timeout: float,
               psm: int = PSM) -> list[_Hit]:
    # One thread per Tesseract: OpenMP threads spin and slow every page down when the
    # machine is shared; the batch runner parallelises across documents instead.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        path = os.path.join(tmp, "page.png")
        cv2.imwrite(path, image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        try:
            data = pytesseract.image_to_data(
                path, lang=lang, config=f"--psm {psm} --dpi {dpi}",
                output_type=pytesseract.Output.DICT, timeout=timeout)
        except pytesseract.TesseractNotFoundError as err:
            raise DependencyError("tesseract is not installed", stage="ocr") from err
        except RuntimeError as err:  # pytesseract's timeout
            raise LimitExceededError(f"OCR of a page took over {timeout:.0f} s",
                                     stage="ocr") from err
        except pytesseract.TesseractError as err:
            if "Failed loading language" in str(err):
                raise DependencyError(f"Tesseract language data missing: {lang}",
                                      stage="ocr") from err
            raise
    hits = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text.strip():
            continue
        box = (data["left"][i], data["top"][i], data["width"][i], data["height"][i])
        hits.append(_Hit(WordBox(text.strip(), box, conf / 100),
                         (data["block_num"][i], data["par_num"][i], data["line_num"][i])))
    return hits


MAX_CELL_RETRIES = 24  # empty cells read again, one by one, per page


def _empty_cells(grid: Grid, hits: list[_Hit], clean: np.ndarray, lang: str,
                 timeout: float) -> list[_Hit]:
    """Read again, as one text line each, table cells that came back empty but hold ink.

    Tesseract's page layout drops lone short cells ("1", "2" in the "TT" column)."""
    filled = {grid.cell(*_centre(h.word.box)) for h in hits}
    found: list[_Hit] = []
    tries = 0
    for r in range(len(grid.rows) - 1):
        for c in range(len(grid.cols) - 1):
            if (r, c) in filled or tries >= MAX_CELL_RETRIES:
                continue
            x0, x1 = grid.cols[c] + 6, grid.cols[c + 1] - 6
            y0, y1 = grid.rows[r] + 6, grid.rows[r + 1] - 6
            crop = clean[y0:y1, x0:x1]
            if crop.size == 0 or (crop < 128).sum() < 30:
                continue
            tries += 1
            for hit in _tesseract(crop, lang, 300, timeout, psm=6):
                left, top, width, height = hit.word.box
                hit.word.box = (left + x0, top + y0, width, height)
                found.append(hit)
    return found


def _centre(box: tuple[int, int, int, int]) -> tuple[float, float]:
    return box[0] + box[2] / 2, box[1] + box[3] / 2


def _in_grid(grid: Grid, box: tuple[int, int, int, int]) -> bool:
    return grid.cell(*_centre(box)) is not None


def _to_page(word: WordBox, prepared: Prepared) -> WordBox:
    """Layout geometry stays deskewed (page scale); the recorded box is on the page."""
    geometry = tuple(round(v / prepared.scale) for v in word.box)
    return WordBox(word.text, geometry, word.confidence,  # type: ignore[arg-type]
                   page_box=prepared.to_page(word.box))


def _table(grid: Grid, hits: list[_Hit], prepared: Prepared) -> Table:
    cells: dict[tuple[int, int], list[_Hit]] = {}
    for hit in hits:
        cell = grid.cell(*_centre(hit.word.box))
        if cell is not None:
            cells.setdefault(cell, []).append(hit)
    rows = []
    for r in range(len(grid.rows) - 1):
        row = []
        for c in range(len(grid.cols) - 1):
            # Tesseract's order within a cell: its first text line, then the next
            row.append([_to_page(h.word, prepared) for h in cells.get((r, c), [])])
        if any(row):
            rows.append(row)
    return Table(rows=rows, top=round(grid.rows[0] / prepared.scale),
                 bottom=round(grid.rows[-1] / prepared.scale))

