"""Parquet and CSV files: declared schema, streamed in row groups, renamed when whole."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pyarrow.parquet as pq
import pytest
from _records import gold_results

from pipeline.errors import OutputError
from pipeline.sinks.files import TableFiles, write_results
from pipeline.sinks.reader import iter_document_chunks, iter_rows
from pipeline.sinks.schema import arrow_schema
from pipeline.tables import DOCUMENTS, ERRORS, TABLES, flatten

NOW = dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)


def _error(source: str) -> dict:
    return {"doc_id": None, "source": source, "stage": "read", "code": "K100",
            "message": "cannot read the file", "time": NOW}


def test_files_have_the_declared_schema_and_round_trip(tmp_path):
    results = gold_results()
    counts = write_results(tmp_path, results, [_error("in/gone.txt")])
    for table in TABLES:
        pfile = pq.ParquetFile(tmp_path / f"{table.name}.parquet")
        assert pfile.schema_arrow == arrow_schema(table)
        assert pfile.metadata.num_rows == counts[table.name]
    expected = [row for r in results for row in flatten(r)["legal_references"]]
    assert list(iter_rows(tmp_path, TABLES[1])) == expected
    assert list(iter_rows(tmp_path, ERRORS)) == [_error("in/gone.txt")]
    assert not list(tmp_path.glob("*.part"))


def test_row_groups_keep_memory_flat(tmp_path):
    results = gold_results()
    files = TableFiles(tmp_path, row_group_rows=4)
    for result in results:
        files.add(flatten(result))
        assert all(len(f.buffer) < 4 + 40 for f in files.files.values())
    files.commit()
    mentions = pq.ParquetFile(tmp_path / "mentions.parquet")
    assert mentions.num_row_groups > 3


def test_csv_lists_are_json_and_null_differs_from_empty(tmp_path):
    result = gold_results()[0]
    result.document.place = ""
    result.document.issued_date = None
    write_results(tmp_path, [result])
    with open(tmp_path / "documents.csv", encoding="utf-8", newline="") as handle:
        raw = handle.read()
        handle.seek(0)
        (row,) = list(csv.DictReader(handle))
    assert json.loads(row["recipients"]) == result.document.recipients
    assert row["doc_id"] == result.document.doc_id
    assert ',"",' in raw  # the empty place
    import duckdb

    back = duckdb.sql(f"SELECT place, issued_date FROM "
                      f"read_csv('{tmp_path}/documents.csv', allow_quoted_nulls = false)")
    assert back.fetchall() == [("", None)]


def test_reader_gives_each_chunk_its_documents_rows(tmp_path):
    results = gold_results()
    write_results(tmp_path, results)
    chunks = list(iter_document_chunks(tmp_path, docs_per_chunk=2))
    assert [len(c["documents"]) for c in chunks] == [2, 2, 1]
    for chunk in chunks:
        ids = {d["doc_id"] for d in chunk["documents"]}
        for name, rows in chunk.items():
            assert {r["doc_id"] for r in rows} <= ids, name
    units = sum(len(c["units"]) for c in chunks)
    assert units == sum(len(r.units) for r in results)


def test_a_failed_write_leaves_no_file_that_looks_complete(tmp_path):
    bad = gold_results()[1]
    bad.document.title = "Kế hoạch\x00"
    with pytest.raises(OutputError):
        write_results(tmp_path, [gold_results()[0], bad])
    assert not list(tmp_path.iterdir())
    with pytest.raises(OutputError):
        list(iter_rows(tmp_path, DOCUMENTS))
