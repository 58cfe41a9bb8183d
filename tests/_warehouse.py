"""Read every table back from DuckDB or PostgreSQL as comparable Python values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.tables import TABLES, Table

Snapshot = dict[str, list[tuple[Any, ...]]]


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return value


def _select(table: Table) -> str:
    cols = ", ".join(f'"{c}"' for c in table.column_names)
    order = ", ".join(f'"{c}"' for c in table.key)
    return f'SELECT {cols} FROM "{table.name}" ORDER BY {order}'


def duckdb_snapshot(path: str) -> Snapshot:
    import duckdb

    con = duckdb.connect(path, read_only=True)
    try:
        out = {}
        for table in TABLES:
            rows = con.sql(_select(table)).to_arrow_table().to_pylist()
            out[table.name] = [tuple(_plain(r[c]) for c in table.column_names) for r in rows]
        return out
    finally:
        con.close()


def pg_snapshot(url: str) -> Snapshot:
    import psycopg

    with psycopg.connect(url) as conn:
        return {t.name: [tuple(_plain(v) for v in row) for row in conn.execute(_select(t))]
                for t in TABLES}


def counts(snapshot: Snapshot) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot.items()}
