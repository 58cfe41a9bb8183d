"""Physical types of the declared tables: Arrow (Parquet, CSV) and SQL (DuckDB).

Derived from :data:`pipeline.tables.TABLES`; nothing here names a column.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

import pyarrow as pa

from pipeline.tables import Column, Table

_ARROW: dict[str, pa.DataType] = {
    "text": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
    "text[]": pa.list_(pa.string()), "int[]": pa.list_(pa.int64()),
    "timestamp": pa.timestamp("us", tz="UTC"),
}
DUCKDB_TYPES: dict[str, str] = {
    "text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN",
    "text[]": "VARCHAR[]", "int[]": "BIGINT[]", "timestamp": "TIMESTAMPTZ",
}


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, _ARROW[c.type], nullable=c.nullable)
                      for c in table.columns])


def csv_schema(table: Table) -> pa.Schema:
    """The CSV layout: list columns become JSON arrays in a text column."""
    return pa.schema([pa.field(c.name, pa.string() if c.type.endswith("[]")
                               else _ARROW[c.type], nullable=c.nullable)
                      for c in table.columns])


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False)


def csv_value(col: Column, value: Any) -> Any:
    if col.type.endswith("[]") and value is not None:
        return _to_json(value)
    return value


#: How ``json.dumps(..., ensure_ascii=False)`` writes one item of a validated list
#: (strict str or int): the json module's own string encoder and ``int.__repr__``.
_JSON_ITEM: dict[str, Any] = {"text[]": encode_basestring, "int[]": int.__repr__}


def csv_column(col: Column, rows: list[dict[str, Any]]) -> pa.Array:
    """The CSV array of list column ``col``: each list as a JSON array, null as null.

    The same text as :func:`csv_value`, without a JSON encoder call per value."""
    name, encode = col.name, _JSON_ITEM[col.type]
    return pa.array([None if (items := row[name]) is None
                     else "[" + ", ".join(map(encode, items)) + "]" for row in rows],
                    pa.string())


def quote(name: str) -> str:
    """An SQL identifier from our own declarations (never from document text)."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a declared identifier: {name!r}")
    return f'"{name}"'


def duckdb_ddl(table: Table) -> list[str]:
    cols = [f"{quote(c.name)} {DUCKDB_TYPES[c.type]}{'' if c.nullable else ' NOT NULL'}"
            for c in table.columns]
    cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in table.key)})")
    statements = [f"CREATE TABLE IF NOT EXISTS {quote(table.name)} ({', '.join(cols)})"]
    for index in table.indexes:
        name = quote(f"ix_{table.name}_{'_'.join(index)}")
        statements.append(f"CREATE INDEX IF NOT EXISTS {name} ON {quote(table.name)} "
                          f"({', '.join(quote(c) for c in index)})")
    return statements
