"""``kehoach review FILE --html review.html``: check every extraction in its source."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def review(
    file: Annotated[Path, typer.Argument(help="one input document (text, PDF, image, …)")],
    html: Annotated[Path, typer.Option("--html", help="where to write the review page")],
) -> None:
    """Run the pipeline on FILE and write its text with every extraction highlighted."""
    from pipeline.errors import InputError
    from pipeline.reports.review import write_review

    if not file.is_file():
        raise InputError("no such file", source=str(file), stage="ingest")
    result = write_review(file, html)
    counts = {name: len(getattr(result, name)) for name in
              ("legal_references", "units", "deadlines", "funding_sources")}
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
    typer.echo(f"{summary} → {html}")


def register(app: typer.Typer) -> None:
    app.command("review")(review)
