"""Loading into a real PostgreSQL server: schema, idempotence, same rows as DuckDB."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from _records import gold_result, gold_results
from _warehouse import counts, duckdb_snapshot, pg_snapshot
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import OutputError
from pipeline.sinks import load
from pipeline.sinks.files import write_results
from pipeline.tables import TABLES

pytestmark = pytest.mark.slow
pytest_plugins = ["_pg"]  # the pg_url and fresh_pg fixtures: a real server on loopback
TUY_PHUOC = "tuy-phuoc-2022-ke-hoach-truyen-thong"
WHEN = dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def out_dir(tmp_path):
    out = tmp_path / "out"
    error = {"doc_id": "e3b0c44298fc1c14", "source": "in/empty.txt", "stage": "ingest",
             "code": "K101", "message": "the file is empty", "time": WHEN}
    write_results(out, gold_results(), [error])
    return out


def test_schema_has_keys_indexes_types_and_version(out_dir, fresh_pg):
    load(out_dir, fresh_pg)
    with psycopg.connect(fresh_pg) as conn:
        assert conn.execute("SELECT component, version FROM schema_version").fetchall() == \
            [("kehoach.tables", 1)]
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes "
                                              "WHERE schemaname = 'public'")}
        assert {f"pk_{t.name}" for t in TABLES} <= indexes
        assert {"ix_documents_source", "ix_errors_doc_id"} <= indexes
        kinds = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns"
                                  " WHERE table_name = 'deadlines'").fetchall())
        assert kinds["units"] == "ARRAY" and kinds["deadline_id"] == "bigint"
        times = dict(conn.execute("SELECT column_name, data_type FROM information_schema.columns"
                                  " WHERE table_name = 'errors'").fetchall())
        assert times["time"] == "timestamp with time zone"


def test_loading_twice_leaves_the_same_rows(out_dir, fresh_pg):
    first_counts = load(out_dir, fresh_pg)
    first = pg_snapshot(fresh_pg)
    assert load(out_dir, fresh_pg) == first_counts
    assert pg_snapshot(fresh_pg) == first
    assert first_counts["legal_references"] == sum(len(r.legal_references)
                                                   for r in gold_results())


def test_duckdb_and_postgresql_hold_the_same_rows(out_dir, fresh_pg, tmp_path):
    load(out_dir, fresh_pg)
    db = tmp_path / "w.duckdb"
    load(out_dir, f"duckdb:{db}")
    pg, duck = pg_snapshot(fresh_pg), duckdb_snapshot(str(db))
    assert counts(pg) == counts(duck)
    assert pg == duck


def test_a_changed_document_replaces_its_rows_in_both(out_dir, fresh_pg, tmp_path):
    db = tmp_path / "w.duckdb"
    for target in (fresh_pg, f"duckdb:{db}"):
        load(out_dir, target)
    changed = gold_result(TUY_PHUOC)
    old_id, changed.document.doc_id = changed.document.doc_id, "fedcba9876543210"
    changed.legal_references = changed.legal_references[:3]
    again = tmp_path / "again"
    write_results(again, [changed])
    for target in (fresh_pg, f"duckdb:{db}"):
        load(again, target)
    pg = pg_snapshot(fresh_pg)
    assert pg == duckdb_snapshot(str(db))
    assert old_id not in {r[0] for r in pg["documents"]}
    assert len([r for r in pg["legal_references"] if r[0] == "fedcba9876543210"]) == 3
    assert len(pg["documents"]) == 5


def test_hostile_text_is_stored_verbatim(tmp_path, fresh_pg):
    hostile = gold_result(TUY_PHUOC)
    hostile.document.title = "'); DROP TABLE documents; --"
    hostile.legal_references[0].subject = "$1 %s :name ? \\x00-ish"
    out = tmp_path / "out"
    write_results(out, [hostile])
    load(out, fresh_pg)
    with psycopg.connect(fresh_pg) as conn:
        assert conn.execute("SELECT title FROM documents").fetchone()[0] == \
            "'); DROP TABLE documents; --"
        assert conn.execute("SELECT subject FROM legal_references WHERE ref_id = 0"
                            ).fetchone()[0] == "$1 %s :name ? \\x00-ish"


def test_another_tables_version_is_refused(out_dir, fresh_pg):
    load(out_dir, fresh_pg)
    with psycopg.connect(fresh_pg) as conn:
        conn.execute("UPDATE schema_version SET version = 7")
    with pytest.raises(OutputError, match="version 7"):
        load(out_dir, fresh_pg)


def test_load_command_to_postgresql(out_dir, fresh_pg):
    result = CliRunner().invoke(app, ["load", str(out_dir), "--to", fresh_pg])
    assert result.exit_code == 0, result.output
    assert "documents 5" in result.output and "errors 1" in result.output
    assert counts(pg_snapshot(fresh_pg))["documents"] == 5


def test_an_unreachable_server_is_a_clear_error(out_dir):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(OutputError, match="PostgreSQL"):
        load(out_dir, f"postgresql://kehoach@127.0.0.1:{port}/kehoach")
