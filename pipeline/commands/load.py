"""``kehoach load OUT_DIR --to duckdb:PATH | postgresql://…``: tables into a warehouse."""

from __future__ import annotations

from pathlib import Path

import typer


def load(
    out_dir: Path = typer.Argument(..., help="the output folder of `kehoach run`"),
    to: str = typer.Option(None, "--to",
                           help="duckdb:PATH (default duckdb:OUT_DIR/warehouse.duckdb) or "
                                "postgresql://user@host:port/db"),
) -> None:
    """Create the schema if needed and load idempotently (upsert by doc_id)."""
    from pipeline.sinks import load as load_into

    target = to or f"duckdb:{out_dir / 'warehouse.duckdb'}"
    counts = load_into(out_dir, target)
    shown = target.split("@")[-1] if target.startswith("postgres") else target
    typer.echo(f"loaded {out_dir} into {shown}: " +
               ", ".join(f"{name} {n}" for name, n in counts.items()))


def register(app: typer.Typer) -> None:
    app.command("load")(load)
