"""Task tables: rows of "Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian".

Ingestion writes a table row as one line with its cells separated by tabs
(DOCX, HTML and OCR alike). A header row naming a lead column starts a table;
each later row with as many cells gives a task, its lead and coordinating units
and, where present, its completion time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from extractors import UnitBlock
from pipeline.document import Document, Span
from pipeline.normalise.fold import fold
from pipeline.records import Unit

_COLUMNS = {
    "task": re.compile(r"noi dung|nhiem vu|hoat dong|cong viec|ten nhiem vu|giai phap"),
    "lead": re.compile(r"chu tri|don vi thuc hien|co quan thuc hien|trach nhiem"),
    "coordinate": re.compile(r"phoi hop"),
    "time": re.compile(r"thoi gian|thoi han|tien do|hoan thanh"),
}


@dataclass
class TaskRow:
    span: Span
    task: str
    leads: list[str]
    coordinators: list[str]
    time: Span | None


def _cells(doc: Document, line_start: int, line_end: int) -> list[tuple[int, int]]:
    cells, pos = [], line_start
    for piece in doc.folded[line_start:line_end].split("\t"):
        cells.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return cells


def _header(doc: Document, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, (start, end) in enumerate(cells):
        text = doc.folded[start:end]
        for name, pattern in _COLUMNS.items():
            if name not in columns and pattern.search(text) and not (
                    name == "lead" and "phoi hop" in text):
                columns[name] = index
                break
    return columns if "lead" in columns and "task" in columns else None


def task_rows(doc: Document) -> Iterator[TaskRow]:
    columns: dict[str, int] | None = None
    width = 0
    for line in doc.lines:
        if "\t" not in doc.folded[line.start:line.end]:
            columns = None
            continue
        cells = _cells(doc, line.start, line.end)
        header = _header(doc, cells)
        if header:
            columns, width = header, len(cells)
            continue
        if columns is None or len(cells) < width - 1:
            continue
        yield _row(doc, line, cells, columns)


def _row(doc: Document, line: Span, cells: list[tuple[int, int]],
         columns: dict[str, int]) -> TaskRow:
    def cell(name: str) -> tuple[int, int] | None:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def names(name: str) -> list[str]:
        from extractors.units import split_names

        span = cell(name)
        return split_names(doc.cut(*span)) if span else []

    task_cell = cell("task")
    time_cell = cell("time")
    return TaskRow(span=Span(line.start, line.end),
                   task=" ".join(doc.cut(*task_cell).split()) if task_cell else "",
                   leads=names("lead"), coordinators=names("coordinate"),
                   time=Span(*time_cell) if time_cell and doc.folded[slice(*time_cell)].strip()
                   else None)


def read_task_tables(doc: Document, level: Callable[[str], str | None]
                     ) -> Iterator[tuple[Unit, UnitBlock]]:
    """One unit record per (row, body) with the row's task and the body's role;
    ``level``: the level of a body named in this document (``units.LevelOf``)."""
    from extractors.units import clean_name

    for row in task_rows(doc):
        for role, bodies in (("lead", row.leads), ("coordinate", row.coordinators)):
            for body in bodies:
                name = clean_name(body)
                if not name or fold(name) in ("", "cac"):
                    continue
                unit = Unit(name=name, level=level(body),  # type: ignore[arg-type]
                            roles=[role], tasks=[row.task] if row.task else [],  # type: ignore[list-item]
                            reports_to=[], mentions=[doc.mention(row.span.start, row.span.end)])
                yield unit, UnitBlock(span=row.span, names=[name])
