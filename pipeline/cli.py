"""The ``kehoach`` command line. Errors are turned into exit codes here only."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pipeline.commands import register_all
from pipeline.errors import KehoachError
from pipeline.files import write_text_atomic

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Vietnamese plan documents (Kế hoạch) in, tables out.")


def output_name(source: str) -> str:
    """``DIR/<input name without its last suffix>.json``, made safe as a file name."""
    from pipeline.safety import safe_stem

    return safe_stem(Path(source).name) + ".json"


@app.command()
def extract(paths: list[Path] = typer.Argument(..., help="input files"),
            json_dir: Path = typer.Option(..., "--json-dir", help="where to write JSON")) -> None:
    """Extract each input into the contract's JSON, one file per input."""
    from pipeline.process import process_path

    json_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in paths:
        try:
            result = process_path(path)
        except KehoachError as err:
            failed += 1
            typer.echo(f"error: {err}", err=True)
            continue
        write_text_atomic(json_dir / output_name(str(path)), result.model_dump_json(indent=2))
    if failed:
        typer.echo(f"{failed} of {len(paths)} inputs failed", err=True)
        raise typer.Exit(1)


@app.command()
def restore(file: str = typer.Argument(..., help="a text file, or - for standard input")) -> None:
    """Print the text with its Vietnamese diacritics restored."""
    from pipeline.normalise.restore import restore_text

    data = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    sys.stdout.write(restore_text(data))


register_all(app)


def main() -> None:
    try:
        app()
    except KehoachError as err:
        typer.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)


if __name__ == "__main__":
    main()
