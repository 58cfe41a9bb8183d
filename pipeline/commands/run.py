"""``kehoach run INPUT… --out DIR``: an archive in, every table out."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.errors import ConfigurationError
from pipeline.limits import Limits


def make_engine(name: str, workers: int | None, limits: Limits, address: str | None,
                ship_bytes: bool = False):  # noqa: ANN201 - a LocalEngine or a RayEngine
    """The engine called ``name``: ``local`` (worker processes) or ``ray``."""
    if name == "local":
        from pipeline.engines.local import LocalEngine

        return LocalEngine(workers, limits)
    if name == "ray":
        from pipeline.engines.ray_engine import RayEngine

        return RayEngine(workers, limits, address=address, ship_bytes=ship_bytes)
    raise ConfigurationError(f"unknown engine {name!r}: use local or ray")


def run(
    inputs: list[Path] = typer.Argument(None, help="input files or folders (walked recursively)"),
    out: Path = typer.Option(..., "--out", help="output folder"),
    include: list[str] = typer.Option([], "--include", help="glob of files to take, e.g. '*.pdf'"),
    exclude: list[str] = typer.Option([], "--exclude", help="glob of files to skip"),
    from_list: Path = typer.Option(None, "--from-list", help="a file of input paths, one a line"),
    workers: int = typer.Option(None, "--workers", help="worker processes (default: cores)"),
    engine: str = typer.Option("local", "--engine", help="local or ray"),
    address: str = typer.Option(None, "--address", help="Ray cluster address (ray engine)"),
    ship_bytes: bool = typer.Option(False, "--ship-bytes",
                                    help="ray: send input bytes through the object store "
                                         "instead of reading paths on the workers"),
    seconds: float = typer.Option(None, "--seconds-per-document", help="time limit"),
    memory_mb: int = typer.Option(None, "--memory-mb-per-document", help="memory limit"),
    cache_dir: Path = typer.Option(None, "--cache-dir", help="result cache (default DIR/.cache)"),
    retry_errors: bool = typer.Option(False, "--retry-errors",
                                      help="process inputs that failed before again"),
) -> None:
    """Process an archive into DIR/<table>.parquet|.csv, DIR/kehoach.duckdb and DIR/json/."""
    from dataclasses import replace

    from rich.console import Console

    from pipeline.batch import discover, run_batch

    if not inputs and from_list is None:
        raise ConfigurationError("give input files or folders, or --from-list FILE")
    limits = Limits()
    if seconds is not None:
        limits = replace(limits, seconds_per_document=seconds)
    if memory_mb is not None:
        limits = replace(limits, memory_mb_per_document=memory_mb)
    sources = discover(inputs or [], include, exclude, from_list, skip=out)
    chosen = make_engine(engine, workers, limits, address, ship_bytes)
    console = Console(stderr=True)
    stats = run_batch(sources, out, chosen, limits, cache_dir=cache_dir,
                      retry_errors=retry_errors, show_progress=console.is_terminal)
    typer.echo(f"{stats.inputs} inputs: {stats.documents} documents, {stats.errors} errors "
               f"({stats.processed} processed, {stats.cached} from cache) in "
               f"{stats.seconds:.1f}s → {out}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
