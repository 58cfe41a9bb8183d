"""Loading into DuckDB: schema, idempotence, replacement of changed documents."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from _records import gold_result, gold_results
from _warehouse import counts, duckdb_snapshot
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import OutputError
from pipeline.sinks import load
from pipeline.sinks.files import write_results

TUY_PHUOC = "tuy-phuoc-2022-ke-hoach-truyen-thong"
WHEN = dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)


def _error(source: str, doc_id: str | None = None) -> dict:
    return {"doc_id": doc_id, "source": source, "stage": "ingest", "code": "K101",
            "message": "the file is empty", "time": WHEN}


@pytest.fixture
def out_dir(tmp_path):
    out = tmp_path / "out"
    write_results(out, gold_results(), [_error("in/empty.txt", "e3b0c44298fc1c14")])
    return out


def test_load_creates_schema_keys_and_indexes(out_dir, tmp_path):
    db = tmp_path / "w.duckdb"
    counts_after = load(out_dir, f"duckdb:{db}")
    assert counts_after["documents"] == 5 and counts_after["errors"] == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT component, version FROM schema_version").fetchall() == \
        [("kehoach.tables", 1)]
    indexes = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert {"ix_documents_source", "ix_legal_references_number"} <= indexes
    kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'documents'").fetchall())
    assert kinds["recipients"] == "VARCHAR[]" and kinds["pages"] == "BIGINT"
    con.close()
    con = duckdb.connect(str(db))
    doc_id = con.execute("SELECT doc_id FROM documents LIMIT 1").fetchone()[0]
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO units VALUES (?, 0, 'Sở Tài chính', NULL, [], [])", [doc_id])
    con.close()


def test_loading_twice_changes_nothing(out_dir, tmp_path):
    db = str(tmp_path / "w.duckdb")
    load(out_dir, f"duckdb:{db}")
    first = duckdb_snapshot(db)
    load(out_dir, f"duckdb:{db}")
    assert duckdb_snapshot(db) == first
    assert counts(first)["unit_tasks"] == sum(len(u.tasks) for r in gold_results()
                                              for u in r.units)


def test_a_changed_document_replaces_its_rows(out_dir, tmp_path):
    db = str(tmp_path / "w.duckdb")
    load(out_dir, f"duckdb:{db}")
    before = duckdb_snapshot(db)
    changed = gold_result(TUY_PHUOC)  # the same file, edited: new bytes, new doc_id
    old_id = changed.document.doc_id
    changed.document.doc_id = "0123456789abcdef"
    changed.units = changed.units[:2]
    again = tmp_path / "again"
    write_results(again, [changed])
    load(again, f"duckdb:{db}")
    after = duckdb_snapshot(db)
    assert not [r for name, rows in after.items() if name != "errors" for r in rows
                if r[0] == old_id]
    assert len([r for r in after["units"] if r[0] == "0123456789abcdef"]) == 2
    others = [r for r in before["legal_references"] if r[0] != old_id]
    assert [r for r in after["legal_references"] if r[0] != "0123456789abcdef"] == others


def test_a_document_that_now_fails_leaves_only_its_error(out_dir, tmp_path):
    db = str(tmp_path / "w.duckdb")
    load(out_dir, f"duckdb:{db}")
    failed = tmp_path / "failed"
    write_results(failed, [], [_error(f"data/raw/{TUY_PHUOC}.txt")])
    load(failed, f"duckdb:{db}")
    snap = duckdb_snapshot(db)
    assert len(snap["documents"]) == 4 and len(snap["errors"]) == 2
    assert f"data/raw/{TUY_PHUOC}.txt" in {r[1] for r in snap["errors"]}


def test_document_text_is_data_never_sql(tmp_path):
    hostile = gold_result(TUY_PHUOC)
    hostile.document.title = "x'); DROP TABLE documents; --"
    hostile.units[0].name = "Sở \"Tài chính\"; DELETE FROM units"
    out = tmp_path / "out"
    write_results(out, [hostile])
    db = str(tmp_path / "w.duckdb")
    load(out, f"duckdb:{db}")
    snap = duckdb_snapshot(db)
    assert snap["documents"][0][8] == "x'); DROP TABLE documents; --"
    assert snap["units"][0][2] == "Sở \"Tài chính\"; DELETE FROM units"


def test_a_database_at_another_tables_version_is_refused(out_dir, tmp_path):
    db = tmp_path / "w.duckdb"
    load(out_dir, f"duckdb:{db}")
    con = duckdb.connect(str(db))
    con.execute("UPDATE schema_version SET version = 99")
    con.close()
    with pytest.raises(OutputError, match="version 99"):
        load(out_dir, f"duckdb:{db}")


def test_load_command_defaults_to_duckdb(out_dir):
    result = CliRunner().invoke(app, ["load", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert "documents 5" in result.output
    assert counts(duckdb_snapshot(str(out_dir / "warehouse.duckdb")))["documents"] == 5


def test_a_file_that_is_not_duckdb_is_a_clear_error(out_dir, tmp_path):
    bogus = tmp_path / "w.duckdb"
    bogus.write_bytes(b"not a database" * 100)
    with pytest.raises(OutputError, match="DuckDB"):
        load(out_dir, f"duckdb:{bogus}")
