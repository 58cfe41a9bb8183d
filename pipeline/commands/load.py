"""``kehoach load OUT_DIR --to duckdb:PATH | postgresql://…``: tables into a warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def load(
    out_dir: Annotated[Path, typer.Argument(help="the output folder of `kehoach run`")],
    to: Annotated[str | None, typer.Option(
        "--to", help="duckdb:PATH (default: duckdb:OUT_DIR/warehouse.duckdb) or "
                     "postgresql://user:password@host:port/database")] = None,
) -> None:
    """Create the schema if needed and load idempotently (upsert by doc_id)."""
    from pipeline.sinks import load as load_into

    target = to or f"duckdb:{out_dir / 'warehouse.duckdb'}"
    counts = load_into(out_dir, target)
    shown = target.rsplit("@", 1)[-1] if target.startswith("postgres") else target
    typer.echo(f"loaded {out_dir} into {shown}: "
               + ", ".join(f"{name} {n}" for name, n in counts.items()))


def register(app: typer.Typer) -> None:
    app.command("load")(load)
