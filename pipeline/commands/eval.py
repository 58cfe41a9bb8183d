"""``kehoach eval --gold DIR --pred DIR``: accuracy of predictions against gold files.

Example::

    kehoach extract data/raw/*.txt --json-dir out/
    kehoach eval --gold tests/gold --pred out/ --per-doc --json out/scores.json

Exit status 0 whatever the scores; 2 for a usage error (a missing directory, an
unreadable gold file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.evaluate import TABLES, DocScore, FieldScore, Report, TableScore, evaluate_dirs


def _pct(value: float) -> str:
    return f"{value:.3f}"


def _tables_view(title: str, tables: dict[str, TableScore]) -> Table:
    view = Table(title=title, title_justify="left")
    for col in ("table", "TP", "FP", "FN", "opt", "precision", "recall", "F1"):
        view.add_column(col, justify="left" if col == "table" else "right")
    for name in TABLES:
        if name not in tables:
            continue
        c = tables[name].counts
        view.add_row(name, str(c.tp), str(c.fp), str(c.fn), str(tables[name].optional_found),
                     _pct(c.precision), _pct(c.recall), _pct(c.f1))
    return view


def _fields_view(title: str, rows: list[tuple[str, FieldScore]]) -> Table:
    view = Table(title=title, title_justify="left")
    for col in ("field", "kind", "n", "strict", "fuzzy", "items P", "items R", "items F1"):
        view.add_column(col, justify="left" if col in ("field", "kind") else "right")
    for name, score in rows:
        items = ["", "", ""]
        if score.kind.startswith("list"):
            c = score.items_fuzzy
            items = [_pct(c.precision), _pct(c.recall), _pct(c.f1)]
        view.add_row(name, score.kind, str(score.n),
                     _pct(score.strict_score) if score.n else "—",
                     _pct(score.fuzzy_score) if score.n else "—", *items)
    return view


def _field_rows(tables: dict[str, TableScore], document: dict[str, FieldScore]
                ) -> list[tuple[str, FieldScore]]:
    rows = [(f"document.{k}", v) for k, v in document.items()]
    for table in TABLES:
        if table in tables:
            rows += [(f"{table}.{k}", v) for k, v in tables[table].fields.items()]
    return rows


def _document_line(document: dict[str, FieldScore]) -> str:
    n = sum(f.n for f in document.values())
    strict = sum(f.strict for f in document.values())
    fuzzy = sum(f.fuzzy for f in document.values())
    if not n:
        return "document fields: none scored"
    return (f"document fields: {fuzzy:.1f}/{n} right (fuzzy {fuzzy / n:.3f}, "
            f"strict {strict / n:.3f})")


def _print_doc(console: Console, doc: DocScore) -> None:
    header = f"[bold]{doc.name}[/bold]"
    if doc.missing_prediction:
        header += "  [red]no prediction: every item missed[/red]"
    console.print(header)
    for warning in doc.warnings:
        console.print(f"  warning: {warning}")
    console.print("  " + _document_line(doc.document))
    console.print(_tables_view("tables", doc.tables))
    console.print(_fields_view("fields", _field_rows(doc.tables, doc.document)))


def print_report(report: Report, per_doc: bool, console: Console | None = None) -> None:
    if console is None:
        console = Console()
        if not console.is_terminal:
            console = Console(width=140)
    if per_doc:
        for doc in report.docs:
            _print_doc(console, doc)
    tables = report.overall_tables()
    document = report.overall_document()
    console.print(f"[bold]overall[/bold] ({len(report.docs)} gold files)")
    console.print("  " + _document_line(document))
    console.print(_tables_view("tables (micro over documents)", tables))
    console.print(_fields_view("fields of matched pairs", _field_rows(tables, document)))
    if report.missing:
        console.print("[red]missing predictions (scored as all missed):[/red] "
                      + ", ".join(report.missing))
    if report.extra_predictions:
        console.print("predictions without gold (not scored): "
                      + ", ".join(report.extra_predictions))


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def eval_command(
        gold: Annotated[Path, typer.Option("--gold", help="directory of <name>.gold.json")],
        pred: Annotated[Path, typer.Option("--pred", help="directory of <name>.json")],
        per_doc: Annotated[bool, typer.Option("--per-doc", help="print each document")] = False,
        json_out: Annotated[Path | None, typer.Option("--json", help="write scores here")] = None,
    ) -> None:
        """Score predictions against gold: precision, recall, F1 per table and field."""
        for label, path in (("--gold", gold), ("--pred", pred)):
            if not path.is_dir():
                raise typer.BadParameter(f"not a directory: {path}", param_hint=label)
        try:
            report = evaluate_dirs(gold, pred)
        except (ValueError, UnicodeDecodeError) as err:
            raise typer.BadParameter(f"unreadable gold file: {err}", param_hint="--gold") from err
        if not report.docs:
            raise typer.BadParameter(f"no *.gold.json files in {gold}", param_hint="--gold")
        print_report(report, per_doc)
        if json_out is not None:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2),
                                encoding="utf-8")
