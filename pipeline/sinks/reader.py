"""Read a run's Parquet tables back, a few documents at a time.

The batch runner writes every table in the order of ``documents.parquet``
(all rows of one document before the next document's), so one pass over each
file, in step, gives the rows of each chunk of documents without holding the
archive in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.errors import OutputError
from pipeline.sinks.files import table_paths
from pipeline.tables import DOCUMENT_TABLES, DOCUMENTS, ERRORS, Rows, Table

BATCH_ROWS = 10_000


def parquet_path(out_dir: Path, table: Table) -> Path:
    path = table_paths(out_dir, table)[0]
    if not path.is_file():
        raise OutputError(f"{path} is missing: is {out_dir} the output of `kehoach run`?",
                          stage="load")
    return path


def iter_rows(out_dir: Path, table: Table) -> Iterator[dict[str, Any]]:
    for batch in pq.ParquetFile(parquet_path(out_dir, table)).iter_batches(BATCH_ROWS):
        yield from batch.to_pylist()


class _Peekable:
    def __init__(self, rows: Iterator[dict[str, Any]]):
        self.rows = rows
        self.head: dict[str, Any] | None = next(rows, None)

    def take_while_in(self, ids: set[str]) -> list[dict[str, Any]]:
        taken = []
        while self.head is not None and self.head["doc_id"] in ids:
            taken.append(self.head)
            self.head = next(self.rows, None)
        return taken


def iter_document_chunks(out_dir: Path, docs_per_chunk: int = 200) -> Iterator[Rows]:
    """The rows of every document table, ``docs_per_chunk`` documents at a time."""
    docs = iter_rows(out_dir, DOCUMENTS)
    others = {t.name: _Peekable(iter_rows(out_dir, t)) for t in DOCUMENT_TABLES[1:]}
    while chunk_docs := list(islice(docs, docs_per_chunk)):
        ids = {d["doc_id"] for d in chunk_docs}
        chunk: Rows = {"documents": chunk_docs}
        for name, rows in others.items():
            chunk[name] = rows.take_while_in(ids)
        yield chunk
    for name, rows in others.items():
        if rows.head is not None:
            raise OutputError(f"{name} has rows of document {rows.head['doc_id']} out of the "
                              "order of documents.parquet", stage="load")


def error_rows(out_dir: Path) -> list[dict[str, Any]]:
    return list(iter_rows(out_dir, ERRORS))
