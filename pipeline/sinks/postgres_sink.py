"""Load a run's tables into PostgreSQL (SQLAlchemy Core + psycopg 3), idempotently.

Documents are loaded in chunks; each chunk is one transaction that deletes the
rows of its documents (by ``doc_id``, and of older versions of the same
``source``) and inserts the new ones, so a reader never sees a document half
replaced and loading the same output twice changes nothing. Every statement is
built by SQLAlchemy from the declarations in :mod:`pipeline.tables`; values are
bound parameters.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg

from pipeline.errors import OutputError
from pipeline.records import SCHEMA_VERSION
from pipeline.sinks.reader import error_rows, iter_document_chunks
from pipeline.tables import DOCUMENT_TABLES, TABLES, TABLES_VERSION, Rows, Table

COMPONENT = "kehoach.tables"
_TYPES: dict[str, Any] = {
    "text": sa.Text, "int": sa.BigInteger, "float": pg.DOUBLE_PRECISION,
    "bool": sa.Boolean, "text[]": lambda: pg.ARRAY(sa.Text),
    "int[]": lambda: pg.ARRAY(sa.BigInteger), "timestamp": lambda: sa.DateTime(timezone=True),
}


@cache
def metadata() -> sa.MetaData:
    """SQLAlchemy tables for every declared table, plus ``schema_version``."""
    meta = sa.MetaData()
    for table in TABLES:
        sa_table = sa.Table(
            table.name, meta,
            *(sa.Column(c.name, _TYPES[c.type](), nullable=c.nullable) for c in table.columns),
            sa.PrimaryKeyConstraint(*table.key, name=f"pk_{table.name}"))
        for index in table.indexes:
            sa.Index(f"ix_{table.name}_{'_'.join(index)}", *(sa_table.c[c] for c in index))
    sa.Table("schema_version", meta,
             sa.Column("component", sa.Text, primary_key=True),
             sa.Column("version", sa.Integer, nullable=False),
             sa.Column("contract_version", sa.Integer, nullable=False),
             sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False))
    return meta


def _t(table: Table | str) -> sa.Table:
    return metadata().tables[table if isinstance(table, str) else table.name]


def ensure_schema(engine: sa.Engine) -> None:
    """Create what is missing; refuse a database at another tables version."""
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(4242)"))  # one creator at a time
        metadata().create_all(conn, checkfirst=True)
        version = _t("schema_version")
        found = conn.execute(sa.select(version.c.version)
                             .where(version.c.component == COMPONENT)).scalar()
        if found is None:
            conn.execute(version.insert().values(
                component=COMPONENT, version=TABLES_VERSION, contract_version=SCHEMA_VERSION,
                applied_at=dt.datetime.now(dt.UTC)))
        elif found != TABLES_VERSION:
            raise OutputError(f"the database holds kehoach tables version {found}; this "
                              f"kehoach writes version {TABLES_VERSION}", stage="load")


def _stale_ids(conn: sa.Connection, ids: list[str], sources: list[str]) -> list[str]:
    docs = _t("documents")
    older = conn.execute(sa.select(docs.c.doc_id).where(docs.c.source.in_(sources))).scalars()
    return sorted(set(ids) | set(older))


def _delete_documents(conn: sa.Connection, stale: list[str]) -> None:
    for table in reversed(DOCUMENT_TABLES):
        if stale:
            conn.execute(_t(table).delete().where(_t(table).c.doc_id.in_(stale)))


def replace_chunk(conn: sa.Connection, chunk: Rows) -> None:
    """Within the caller's transaction: these documents' rows replace their old rows."""
    ids = [d["doc_id"] for d in chunk["documents"]]
    sources = [d["source"] for d in chunk["documents"]]
    _delete_documents(conn, _stale_ids(conn, ids, sources))
    errors = _t("errors")
    conn.execute(errors.delete().where(errors.c.source.in_(sources) | errors.c.doc_id.in_(ids)))
    for table in DOCUMENT_TABLES:
        if chunk.get(table.name):
            conn.execute(_t(table).insert(), chunk[table.name])


def replace_errors(conn: sa.Connection, rows: list[dict[str, Any]]) -> None:
    """A failed input's errors row replaces the rows of its earlier version."""
    if not rows:
        return
    sources = [r["source"] for r in rows]
    _delete_documents(conn, _stale_ids(conn, [], sources))
    errors = _t("errors")
    conn.execute(errors.delete().where(errors.c.source.in_(sources)))
    conn.execute(errors.insert(), rows)


def load_postgres(out_dir: Path, url: str, docs_per_chunk: int = 200) -> dict[str, int]:
    """Load ``out_dir``'s tables into the database at ``url``; row counts after."""
    engine = sa.create_engine(_driver_url(url))
    try:
        return _load(engine, out_dir, docs_per_chunk)
    except sa.exc.OperationalError as err:  # cannot connect, server gone, disk full, …
        raise OutputError(f"PostgreSQL: {err.orig}".strip(), stage="load") from None
    finally:
        engine.dispose()


def _load(engine: sa.Engine, out_dir: Path, docs_per_chunk: int) -> dict[str, int]:
    ensure_schema(engine)
    for chunk in iter_document_chunks(out_dir, docs_per_chunk):
        with engine.begin() as conn:
            replace_chunk(conn, chunk)
    with engine.begin() as conn:
        replace_errors(conn, error_rows(out_dir))
    with engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(_t(t)))
                .scalar_one() for t in TABLES}


def _driver_url(url: str) -> str:
    """``postgresql://…`` with the psycopg 3 driver named for SQLAlchemy."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
