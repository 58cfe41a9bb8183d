"""Where the tables go: Parquet and CSV files, DuckDB, PostgreSQL.

Sinks read rows and the declarations of :mod:`pipeline.tables`; they never
parse document text.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigurationError


def load(out_dir: Path, target: str) -> dict[str, int]:
    """Load a run's output into ``target``: ``duckdb:PATH`` or ``postgresql://…``.

    Returns the row count of every table in the target afterwards.
    """
    if target.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from pipeline.sinks.postgres_sink import load_postgres

        return load_postgres(out_dir, target)
    if target.startswith("duckdb:"):
        from pipeline.sinks.duckdb_sink import load_duckdb

        path = target[len("duckdb:"):]
        if not path:
            raise ConfigurationError("duckdb: needs a file path, e.g. duckdb:kehoach.duckdb")
        return load_duckdb(out_dir, Path(path))
    raise ConfigurationError(f"unknown target {target!r}: use duckdb:PATH or postgresql://…")
