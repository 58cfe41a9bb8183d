"""``kehoach run INPUT… --out DIR``: an archive in, every table out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.errors import ConfigurationError
from pipeline.limits import Limits


def make_engine(name: str, workers: int | None, limits: Limits, address: str | None = None,
                ship_bytes: bool = False) -> Any:
    """The engine called ``name``: ``local`` (worker processes) or ``ray``."""
    if name == "local":
        from pipeline.engines.local import LocalEngine

        return LocalEngine(workers, limits)
    if name == "ray":
        from pipeline.engines.ray_engine import RayEngine

        return RayEngine(workers, limits, address=address, ship_bytes=ship_bytes)
    raise ConfigurationError(f"unknown engine {name!r}: use local or ray")


def run(
    out: Annotated[Path, typer.Option("--out", help="output folder")],
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="input files or folders (folders are walked recursively)")] = None,
    include: Annotated[list[str] | None, typer.Option(
        "--include", help="glob of files to take, e.g. '*.pdf' (repeatable)")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        "--exclude", help="glob of files to skip (repeatable)")] = None,
    from_list: Annotated[Path | None, typer.Option(
        "--from-list", help="a file of input paths, one a line")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", help="worker processes (default: the core count)")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local or ray")] = "local",
    address: Annotated[str | None, typer.Option(
        "--address", help="Ray cluster address, e.g. ray://head:10001 (ray engine)")] = None,
    ship_bytes: Annotated[bool, typer.Option(
        "--ship-bytes", help="ray: send input bytes through the object store instead of "
                             "reading the paths on the workers")] = False,
    seconds: Annotated[float | None, typer.Option(
        "--seconds-per-document", help="time limit per document")] = None,
    memory_mb: Annotated[int | None, typer.Option(
        "--memory-mb-per-document", help="memory limit per document")] = None,
    max_pages: Annotated[int | None, typer.Option(
        "--max-pages", help="refuse inputs with more pages")] = None,
    max_file_mb: Annotated[float | None, typer.Option(
        "--max-file-mb", help="refuse larger input files")] = None,
    cache_dir: Annotated[Path | None, typer.Option(
        "--cache-dir", help="result cache (default: DIR/.cache)")] = None,
    retry_errors: Annotated[bool, typer.Option(
        "--retry-errors", help="process inputs that failed before again")] = False,
) -> None:
    """Process an archive into DIR/<table>.parquet|.csv, DIR/kehoach.duckdb and DIR/json/.

    Limits not given here come from KEHOACH_* environment variables (see
    pipeline/limits.py), then the defaults.
    """
    from rich.console import Console

    from pipeline.batch import discover, run_batch

    if not inputs and from_list is None:
        raise ConfigurationError("give input files or folders, or --from-list FILE")
    limits = Limits.from_options(Limits.from_env(), seconds_per_document=seconds,
                                 memory_mb_per_document=memory_mb, max_pages=max_pages,
                                 max_file_mb=max_file_mb)
    sources = discover(inputs or [], include or [], exclude or [], from_list, skip=out)
    chosen = make_engine(engine, workers, limits, address, ship_bytes)
    stats = run_batch(sources, out, chosen, limits, cache_dir=cache_dir,
                      retry_errors=retry_errors,
                      show_progress=Console(stderr=True).is_terminal)
    typer.echo(f"{stats.inputs} inputs: {stats.documents} documents, {stats.errors} errors "
               f"({stats.processed} processed, {stats.cached} from cache) in "
               f"{stats.seconds:.1f}s → {out}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
