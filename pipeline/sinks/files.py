"""Streaming Parquet and CSV writers for every table.

Rows are buffered per table and written as a Parquet row group (and a CSV
block) once ``row_group_rows`` are waiting, so memory stays flat however many
documents pass through. Files are written under ``.part`` names and renamed
into place by :meth:`TableFiles.commit`; a run that dies before that leaves no
file that looks complete.

CSV: UTF-8 with a header; a null is an empty field and an empty string is
``""``; list columns hold a JSON array (``["Sở Tài chính", "Sở Y tế"]``);
timestamps are ISO 8601 in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.records import ExtractionResult
from pipeline.sinks.schema import arrow_schema, csv_column, csv_schema
from pipeline.tables import (
    ERRORS,
    TABLES,
    Rows,
    Table,
    flatten,
    validate_document_rows,
    validate_rows,
)

ROW_GROUP_ROWS = 20_000
PART = ".part"


def table_paths(out_dir: Path, table: Table) -> tuple[Path, Path]:
    return out_dir / f"{table.name}.parquet", out_dir / f"{table.name}.csv"


class _TableFile:
    def __init__(self, out_dir: Path, table: Table):
        self.table = table
        self.parquet_path, self.csv_path = table_paths(out_dir, table)
        self.schema, self.csv_schema = arrow_schema(table), csv_schema(table)
        self.parquet = pq.ParquetWriter(self._part(self.parquet_path), self.schema,
                                        compression="zstd")
        self.csv = pacsv.CSVWriter(self._part(self.csv_path), self.csv_schema)
        self.buffer: list[dict[str, Any]] = []
        self.rows = 0

    @staticmethod
    def _part(path: Path) -> str:
        return str(path) + PART

    def add(self, rows: list[dict[str, Any]], row_group_rows: int) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= row_group_rows:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        columns = [pa.array([row[c.name] for row in self.buffer], self.schema.field(c.name).type)
                   for c in self.table.columns]
        self.parquet.write_table(pa.Table.from_arrays(columns, schema=self.schema))
        # The CSV shares every array but the list columns, which become JSON text.
        csv_columns = [csv_column(c, self.buffer) if c.type.endswith("[]") else array
                       for c, array in zip(self.table.columns, columns, strict=True)]
        self.csv.write_table(pa.Table.from_arrays(csv_columns, schema=self.csv_schema))
        self.rows += len(self.buffer)
        self.buffer = []

    def close(self) -> None:
        self.flush()
        self.parquet.close()
        self.csv.close()

    def commit(self) -> None:
        for path in (self.parquet_path, self.csv_path):
            Path(self._part(path)).replace(path)

    def discard(self) -> None:
        for path in (self.parquet_path, self.csv_path):
            Path(self._part(path)).unlink(missing_ok=True)


class TableFiles:
    """``DIR/<table>.parquet`` and ``DIR/<table>.csv`` for every table, streamed."""

    def __init__(self, out_dir: Path, row_group_rows: int = ROW_GROUP_ROWS):
        self.row_group_rows = row_group_rows
        out_dir.mkdir(parents=True, exist_ok=True)
        self.files = {t.name: _TableFile(out_dir, t) for t in TABLES}

    def add(self, rows: Rows) -> None:
        for name, table_rows in rows.items():
            if table_rows:
                self.files[name].add(table_rows, self.row_group_rows)

    def row_counts(self) -> dict[str, int]:
        return {name: f.rows + len(f.buffer) for name, f in self.files.items()}

    def commit(self) -> dict[str, int]:
        """Close every file and rename it into place; the row count per table."""
        counts = self.row_counts()
        for f in self.files.values():
            f.close()
        for f in self.files.values():
            f.commit()
        return counts

    def discard(self) -> None:
        for f in self.files.values():
            try:
                f.close()
            finally:
                f.discard()


def remove_parts(out_dir: Path) -> None:
    """Delete ``.part`` files a killed run left behind."""
    for part in out_dir.glob(f"*{PART}"):
        part.unlink(missing_ok=True)


def write_results(out_dir: Path, results: Iterable[ExtractionResult],
                  errors: Iterable[dict[str, Any]] = ()) -> dict[str, int]:
    """Flatten, validate and write records and error rows as every table's files.

    The batch runner streams from its cache instead; this is for records
    already in hand (a notebook, a test). Returns the row count per table.
    """
    files = TableFiles(out_dir)
    try:
        for result in results:
            rows = flatten(result)
            validate_document_rows(rows)
            files.add(rows)
        error_list = list(errors)
        validate_rows(ERRORS, error_list)
        files.add({"errors": error_list})
        return files.commit()
    except BaseException:
        files.discard()
        raise
