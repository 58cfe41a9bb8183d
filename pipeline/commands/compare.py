"""``kehoach compare OUTPUT_DIR --html report.html``: plans side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import InputError
from pipeline.files import write_text_atomic


def compare(
    archive: Annotated[Path, typer.Argument(
        help="a folder of contract JSON files: the --out of 'kehoach run' (DIR/json/*.json) "
             "or the --json-dir of 'kehoach extract' (DIR/*.json)")],
    html: Annotated[Path, typer.Option("--html", help="where to write the HTML report")],
    tables: Annotated[Path | None, typer.Option(
        "--tables", help="also write every comparison table as CSV into this folder")] = None,
    reviews: Annotated[bool, typer.Option(
        "--reviews", help="also write a review page for each plan whose input file is "
                          "still at its 'source' path, and link every row to it")] = False,
) -> None:
    """Compare the plans of an archive: citation graph, agencies × roles, deadlines, funding."""
    from pipeline.reports.compare import compare as build
    from pipeline.reports.compare_html import render_compare
    from pipeline.reports.export import write_tables

    comparison = build(archive)
    if comparison.plans.empty:
        raise InputError(f"no contract JSON documents under {archive}", source=str(archive),
                         stage="report")
    links = write_reviews(comparison, html) if reviews else None
    html.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(html, render_compare(comparison, links))
    if tables is not None:
        write_tables(comparison, tables)
    typer.echo(f"{len(comparison.plans)} plans, {len(comparison.cited)} cited documents, "
               f"{len(comparison.agencies)} agencies → {html}")


def write_reviews(comparison: object, html: Path) -> dict[str, str]:
    """Review pages next to the report, in ``<report name>_reviews/``; returns the
    relative link of each plan's page. Plans whose input is gone get none."""
    from pipeline.errors import KehoachError
    from pipeline.reports.review import write_review
    from pipeline.safety import safe_stem

    folder = html.with_name(html.stem + "_reviews")
    links: dict[str, str] = {}
    for plan in comparison.plans.itertuples():  # type: ignore[attr-defined]
        source = Path(str(plan.source or ""))
        if not plan.source or not source.is_file():
            continue
        target = folder / f"{safe_stem(source.name)}-{plan.plan_id}.html"
        try:
            write_review(source, target)
        except KehoachError as err:
            typer.echo(f"review of {source} failed: {err}", err=True)
            continue
        links[plan.plan_id] = f"{folder.name}/{target.name}"
    return links


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
