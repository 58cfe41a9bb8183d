"""Load a run's tables into a DuckDB file, idempotently, in one transaction.

The whole load is one transaction: every document in the output replaces its
rows (by ``doc_id``, and the rows of an older version of the same ``source``),
failed inputs replace their ``errors`` row. Loading the same output twice
leaves the same rows. Only our declared identifiers and bound parameters reach
SQL; document text travels as Parquet data, never as SQL text.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.errors import OutputError
from pipeline.records import SCHEMA_VERSION
from pipeline.sinks.reader import parquet_path
from pipeline.sinks.schema import duckdb_ddl, quote
from pipeline.tables import DOCUMENT_TABLES, DOCUMENTS, ERRORS, TABLES, TABLES_VERSION, Table

SCHEMA_VERSION_DDL = (
    'CREATE TABLE IF NOT EXISTS "schema_version" ("component" VARCHAR PRIMARY KEY, '
    '"version" INTEGER NOT NULL, "contract_version" INTEGER NOT NULL, '
    '"applied_at" TIMESTAMPTZ NOT NULL)')
COMPONENT = "kehoach.tables"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Create the tables, keys and indexes; refuse a database at another version.

    True if none of the tables existed before (so they are empty now)."""
    existing = con.execute('SELECT count(*) FROM information_schema.tables WHERE '
                           '"table_name" IN (SELECT unnest(?))',
                           [[t.name for t in TABLES]]).fetchone()
    con.execute(SCHEMA_VERSION_DDL)
    row = con.execute('SELECT "version" FROM "schema_version" WHERE "component" = ?',
                      [COMPONENT]).fetchone()
    if row is not None and row[0] != TABLES_VERSION:
        raise OutputError(f"the database holds kehoach tables version {row[0]}; this kehoach "
                          f"writes version {TABLES_VERSION}. Load into a new database.",
                          stage="load")
    for table in TABLES:
        for statement in duckdb_ddl(table):
            con.execute(statement)
    if row is None:
        con.execute('INSERT INTO "schema_version" VALUES (?, ?, ?, now())',
                    [COMPONENT, TABLES_VERSION, SCHEMA_VERSION])
    return existing is not None and existing[0] == 0


def _delete_stale(con: duckdb.DuckDBPyConnection) -> None:
    """Delete every row of the documents listed in the temp table ``_stale``."""
    for table in reversed(DOCUMENT_TABLES):
        con.execute(f'DELETE FROM {quote(table.name)} WHERE "doc_id" IN '
                    '(SELECT "doc_id" FROM "_stale")')


def _insert(con: duckdb.DuckDBPyConnection, out_dir: Path, table: Table) -> None:
    cols = ", ".join(quote(c) for c in table.column_names)
    con.execute(f"INSERT INTO {quote(table.name)} ({cols}) SELECT {cols} FROM read_parquet(?)",
                [str(parquet_path(out_dir, table))])


def _insert_all(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    """Into tables created just now: nothing to replace, every row is inserted."""
    for table in TABLES:
        _insert(con, out_dir, table)


def _replace_documents(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    docs = str(parquet_path(out_dir, DOCUMENTS))
    con.execute('CREATE TEMP TABLE "_new" AS SELECT "doc_id", "source" FROM read_parquet(?)',
                [docs])
    con.execute('CREATE TEMP TABLE "_stale" AS SELECT "doc_id" FROM "_new" UNION '
                'SELECT d."doc_id" FROM "documents" d JOIN "_new" n ON d."source" = n."source"')
    _delete_stale(con)
    con.execute('DELETE FROM "errors" WHERE "source" IN (SELECT "source" FROM "_new") '
                'OR "doc_id" IN (SELECT "doc_id" FROM "_new")')
    for table in DOCUMENT_TABLES:
        _insert(con, out_dir, table)
    con.execute('DROP TABLE "_new"')
    con.execute('DROP TABLE "_stale"')


def _replace_errors(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    """A failed input's errors row replaces the rows of its earlier version."""
    errors = str(parquet_path(out_dir, ERRORS))
    con.execute('CREATE TEMP TABLE "_failed" AS SELECT "source" FROM read_parquet(?)',
                [errors])
    con.execute('CREATE TEMP TABLE "_stale" AS SELECT "doc_id" FROM "documents" '
                'WHERE "source" IN (SELECT "source" FROM "_failed")')
    _delete_stale(con)
    con.execute('DELETE FROM "errors" WHERE "source" IN (SELECT "source" FROM "_failed")')
    _insert(con, out_dir, ERRORS)
    con.execute('DROP TABLE "_failed"')
    con.execute('DROP TABLE "_stale"')


def load_duckdb(out_dir: Path, db_path: Path) -> dict[str, int]:
    """Load ``out_dir``'s tables into ``db_path``; the row count per table after."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as err:  # locked by another process, not a DuckDB file, …
        raise OutputError(f"DuckDB {db_path}: {err}", stage="load") from None
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            if ensure_schema(con):
                _insert_all(con, out_dir)
            else:
                _replace_documents(con, out_dir)
                _replace_errors(con, out_dir)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return {t.name: con.execute(f"SELECT count(*) FROM {quote(t.name)}").fetchone()[0]
                for t in TABLES}
    finally:
        con.close()
