"""The comparison report: one self-contained HTML page rendered from a
:class:`~pipeline.reports.compare.Comparison`. Every table is a DataFrame of
the comparison, every plot is drawn from the same DataFrame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.files import write_text_atomic
from pipeline.reports import plots
from pipeline.reports.compare import ROLES, Comparison, compare
from pipeline.reports.graph import citation_graph_svg
from pipeline.reports.html import esc, figure, page, table
from pipeline.reports.names import label

ROLE_SHORT = {"lead": "L", "advise": "A", "coordinate": "C", "implement": "I", "report": "R"}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, with pandas' missing values as None."""
    if frame.empty:
        return []
    plain = frame.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")


class ReportContext:
    """Links between the report's parts (and to review pages, when given)."""

    def __init__(self, comparison: Comparison, reviews: dict[str, str] | None = None):
        self.c = comparison
        self.reviews = reviews or {}
        self.plan_anchor = dict(zip(comparison.plans["plan_id"], comparison.plans["anchor"],
                                    strict=True))
        self.plan_label = dict(zip(comparison.plans["plan_id"], comparison.plans["label"],
                                   strict=True))
        self.cited_anchor = dict(zip(comparison.cited["cited_key"], comparison.cited["anchor"],
                                     strict=True))

    def plan_link(self, plan_id: str) -> str:
        return (f'<a class="plan-link" href="#{esc(self.plan_anchor[plan_id])}">'
                f"{esc(self.plan_label[plan_id])}</a>")

    def source(self, row: dict[str, Any], kind: str) -> str:
        """The mention a row came from, quoted, linked to the review page."""
        text = row.get("mention_text")
        if not text:
            return '<span class="no-mention">—</span>'
        quote = esc(text if len(text) <= 160 else text[:159] + "…")
        page_no = f' <span class="page">p.{esc(row.get("mention_page"))}</span>' \
            if row.get("mention_page") else ""
        review = self.reviews.get(row["plan_id"])
        if review:
            href = f"{review}#m-{kind}-{row['record']}-0"
            return f'<a class="mention" href="{esc(href)}">“{quote}”</a>{page_no}'
        return f'<q class="mention">{quote}</q>{page_no}'


def role_chips(roles: str) -> str:
    chips = "".join(f'<span class="role role-{r}" title="{esc(r)} — {esc(label("roles", r))}">'
                    f"{ROLE_SHORT[r]}</span>" for r in filter(None, roles.split(", ")))
    return chips


def _labels(c: Comparison, limit: int) -> list[str]:
    return list(c.plans["label"].head(limit))


def _which(c: Comparison, shown: int) -> str:
    """"" when the plot shows every plan, else which ones it shows."""
    return "" if shown >= len(c.plans) else f" (the first {shown} of {len(c.plans)} plans)"


# --- sections --------------------------------------------------------------

def summary_section(c: Comparison) -> str:
    counts = {"plans": len(c.plans), "cited": len(c.cited), "citations": len(c.citations),
              "agencies": len(c.agencies), "deadlines": len(c.deadlines),
              "funding": len(c.funding)}
    names = {"plans": "plans", "cited": "cited documents", "citations": "citations",
             "agencies": "agencies", "deadlines": "deadlines", "funding": "funding sources"}
    items = "".join(f'<li><strong data-count="{k}">{v}</strong> {names[k]}</li>'
                    for k, v in counts.items())
    skipped = ""
    if c.archive.skipped:
        rows = "".join(f"<li>{esc(p.name)}: {esc(why)}</li>" for p, why in c.archive.skipped)
        skipped = f'<details class="skipped"><summary>{len(c.archive.skipped)} files skipped' \
                  f"</summary><ul>{rows}</ul></details>"
    return f'<ul class="summary">{items}</ul>{skipped}'


def plans_section(ctx: ReportContext) -> str:
    columns = [("Plan", lambda r: ctx.plan_link(r["plan_id"])), ("Level", "level_label"),
               ("Issuer", "issuer"), ("Date", "issued_date"), ("Title", "title"),
               ("References", "n_references"), ("Units", "n_units"),
               ("Deadlines", "n_deadlines"), ("Funding", "n_funding_sources"),
               ("File", "file")]
    return table(records(ctx.c.plans), columns, table_id="plans-table",
                 row_attrs=lambda r: f'data-plan="{esc(r["plan_id"])}"', empty="No plans.")


def graph_section(ctx: ReportContext) -> str:
    c = ctx.c
    in_archive = int(c.cited["plan_id"].notna().sum()) if len(c.cited) else 0
    graph = (f'<figure class="graph" id="graph-figure"><div class="scroll">'
             f"{citation_graph_svg(c.plans, c.cited)}</div><figcaption>"
             f"{len(c.plans)} plans (blue) and the {len(c.cited)} documents they cite "
             f"({len(c.citations)} citations; {in_archive} cited documents are plans of this "
             "archive and appear as plans). Columns: national, provincial, district, commune; "
             "the number on a node is how many plans cite it. Click a node to open its row."
             "</figcaption></figure>")
    columns = [
        ("Cited document", lambda r: f'<span id="{esc(r["anchor"])}">{esc(r["label"])}</span>'),
        ("Type", lambda r: esc(label("doc_types", r["doc_type"]))),
        ("Level", "level_label"), ("Issuer", "issuer"), ("Date", "date"),
        ("Subject", "subject"), ("Cited by", "n_plans"),
        ("Citing plans", lambda r: ", ".join(ctx.plan_link(p) for p in r["citing_plans"])),
        ("In archive", lambda r: ctx.plan_link(r["plan_id"]) if r["plan_id"] else ""),
    ]
    cited_table = table(records(c.cited), columns, table_id="cited-table",
                        row_attrs=lambda r: f'data-key="{esc(r["cited_key"])}"',
                        empty="No cited documents.")
    plot = ""
    if len(c.cited):
        shown = min(20, len(c.cited))
        plot = figure(plots.cited_plot(c.cited), f"Number of plans citing each document: the "
                      f"{shown} most cited of {len(c.cited)} cited documents (same numbers as "
                      "the 'Cited by' column).", "cited-plot")
    return graph + plot + cited_table


def matrix_section(ctx: ReportContext) -> str:
    c = ctx.c
    if c.matrix.empty or not len(c.matrix.columns):
        return '<p class="empty" id="agency-matrix">No agencies.</p>'
    head = "".join(f'<th class="agency" title="{esc(a.names)}"><span>{esc(a.agency)}</span></th>'
                   for a in c.agencies.itertuples())
    rows = []
    for plan_id, row in c.matrix.iterrows():
        cells = "".join(
            f'<td data-agency="{esc(agency)}" data-roles="{esc(roles)}">{role_chips(roles)}</td>'
            for agency, roles in row.items())
        rows.append(f'<tr data-plan="{esc(plan_id)}"><th>{ctx.plan_link(plan_id)}</th>{cells}</tr>')
    legend = " ".join(f'<span class="role role-{r}">{ROLE_SHORT[r]}</span> {r} '
                      f"({esc(label('roles', r))})" for r in ROLES)
    shown = c.role_counts.head(plots.MAX_PLANS)
    total = int(shown.to_numpy().sum())
    plot = figure(plots.stacked_plot(shown, _labels(c, len(shown)), plots.ROLE_COLOURS,
                                     "agencies with the role", "roles"),
                  f"Agencies given each role in each plan{_which(c, len(shown))} "
                  f"({total} plan-agency-role triples; same numbers as the matrix).",
                  "roles-plot")
    return (f'<p class="legend">{legend}</p><div class="scroll"><table id="agency-matrix" '
            f'class="matrix"><thead><tr><th>Plan</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{plot}")


def deadlines_section(ctx: ReportContext) -> str:
    c = ctx.c
    d = c.deadlines
    placed = int(d["placed"].sum()) if len(d) else 0
    plot = ""
    if placed:
        labels = _labels(c, plots.MAX_PLANS)
        drawn = int((d["placed"] & d["plan_label"].isin(labels)).sum())
        plot = figure(plots.timeline_plot(d, labels),
                      f"Deadlines on a calendar, one lane per plan{_which(c, len(labels))}: "
                      f"{drawn} deadlines drawn; {placed} of all {len(d)} deadlines have a year "
                      "(bars are periods, ▼ 'before' a date, ● on a date); the others recur "
                      "with no year and are listed in the table.", "timeline-plot")
    columns = [("Plan", lambda r: ctx.plan_link(r["plan_id"])), ("Text", "text"),
               ("Kind", "kind"), ("Start", "start"), ("End", "end"),
               ("Recurrence", "recurrence"), ("Applies to", "applies_to"), ("Units", "units"),
               ("Source", lambda r: ctx.source(r, "deadline"))]
    return plot + table(records(d), columns, table_id="deadlines-table",
                        row_attrs=lambda r: f'data-plan="{esc(r["plan_id"])}"',
                        empty="No deadlines.")


def funding_section(ctx: ReportContext) -> str:
    c = ctx.c
    m = c.funding_matrix
    plot = ""
    if len(c.funding):
        shown = m.head(plots.MAX_PLANS)
        plot = figure(plots.stacked_plot(shown, _labels(c, len(shown)), None,
                                         "funding sources", "funding"),
                      f"Funding sources by category in each plan{_which(c, len(shown))} "
                      f"({int(shown.to_numpy().sum())} sources; same numbers as the table "
                      "below).", "funding-plot")
    head = "".join(f'<th title="{esc(label("funding", k))}">{esc(k)}</th>' for k in m.columns)
    rows = []
    for plan_id, row in m.iterrows():
        cells = "".join(f'<td data-category="{esc(k)}">{int(v)}</td>' for k, v in row.items())
        rows.append(f'<tr data-plan="{esc(plan_id)}"><th>{ctx.plan_link(plan_id)}</th>{cells}</tr>')
    matrix = (f'<table id="funding-matrix" class="matrix counts"><thead><tr><th>Plan</th>{head}'
              f"</tr></thead><tbody>{''.join(rows)}</tbody></table>") if len(m.columns) else ""
    return plot + matrix


def plan_articles(ctx: ReportContext) -> str:
    c = ctx.c
    out = []
    by_plan = {name: _split(frame) for name, frame in (
        ("refs", c.citations), ("units", c.units), ("deadlines", c.deadlines),
        ("funding", c.funding))}
    citing: dict[str, list[str]] = {}
    for row in c.citations.dropna(subset=["resolved_plan_id"]).itertuples():
        if row.plan_id not in citing.setdefault(row.resolved_plan_id, []):
            citing[row.resolved_plan_id].append(row.plan_id)
    for plan in records(c.plans):
        pid = plan["plan_id"]
        refs, units = by_plan["refs"].get(pid, []), by_plan["units"].get(pid, [])
        deadlines, funding = by_plan["deadlines"].get(pid, []), by_plan["funding"].get(pid, [])
        cited_by = citing.get(pid, [])
        cited_by_html = ("<p>Cited by: " + ", ".join(ctx.plan_link(p) for p in cited_by)
                         + "</p>") if len(cited_by) else ""
        review = ctx.reviews.get(pid)
        review_html = f'<p><a class="review-link" href="{esc(review)}">Review this document ' \
                      "with every extraction highlighted</a></p>" if review else ""
        out.append(f"""<article class="plan" id="{esc(plan['anchor'])}" data-plan="{esc(pid)}">
<h3>{esc(plan['label'])} <small>{esc(plan['level_label'])}</small></h3>
<p class="title">{esc(plan['title'])}</p>
<p class="meta">{esc(plan['issuer'])} · {esc(plan['issued_date'])} · {esc(plan['file'])}</p>
{cited_by_html}{review_html}
<h4>References ({len(refs)})</h4>{_refs_table(ctx, refs)}
<h4>Units ({len(units)})</h4>{_units_table(ctx, units)}
<h4>Deadlines ({len(deadlines)})</h4>{table(deadlines, [
    ("Text", "text"), ("Kind", "kind"), ("Start", "start"), ("End", "end"),
    ("Recurrence", "recurrence"), ("Source", lambda r: ctx.source(r, "deadline"))])}
<h4>Funding ({len(funding)})</h4>{table(funding, [
    ("Category", "category"), ("Text", "text"), ("Amount (VND)", "amount_vnd"),
    ("Source", lambda r: ctx.source(r, "funding"))])}
</article>""")
    return "\n".join(out)


def _split(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in records(frame):
        out.setdefault(row["plan_id"], []).append(row)
    return out


def _refs_table(ctx: ReportContext, refs: list[dict[str, Any]]) -> str:
    def target(r: dict[str, Any]) -> str:
        if r["resolved_plan_id"]:
            return ctx.plan_link(r["resolved_plan_id"])
        anchor = ctx.cited_anchor.get(r["cited_key"])
        return f'<a href="#{esc(anchor)}">{esc(r["cited_label"])}</a>'

    return table(refs, [("Document", target), ("Type", "doc_type"), ("Date", "date"),
                        ("Issuer", "issuer"), ("Subject", "subject"), ("Article", "article"),
                        ("Source", lambda r: ctx.source(r, "ref"))])


def _units_table(ctx: ReportContext, units: list[dict[str, Any]]) -> str:
    names = dict(zip(ctx.c.agencies["agency_key"], ctx.c.agencies["agency"], strict=True))
    return table(units, [("Name", "name"), ("Agency (unified)",
                                            lambda r: esc(names.get(r["agency_key"]))),
                         ("Level", "level"), ("Roles", lambda r: role_chips(r["roles"])),
                         ("Tasks", "n_tasks"), ("Reports to", "reports_to"),
                         ("Source", lambda r: ctx.source(r, "unit"))])


# --- the page --------------------------------------------------------------

def render_compare(comparison: Comparison, reviews: dict[str, str] | None = None,
                   title: str = "Plans compared") -> str:
    """The whole report as one HTML string. ``reviews`` maps plan ids to review pages."""
    ctx = ReportContext(comparison, reviews)
    sections = [("summary", "Summary", summary_section(comparison)),
                ("plans", "Plans", plans_section(ctx)),
                ("citations", "Citation graph", graph_section(ctx)),
                ("agencies", "Agencies and their roles", matrix_section(ctx)),
                ("deadlines", "Deadlines", deadlines_section(ctx)),
                ("funding", "Funding", funding_section(ctx)),
                ("documents", "Each plan", plan_articles(ctx))]
    nav = "".join(f'<a href="#{key}">{esc(name)}</a>' for key, name, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{esc(name)}</h2>{html}</section>'
                   for key, name, html in sections)
    main = (f'<header><h1>{esc(title)}</h1><nav>{nav}</nav></header>'
            f"<main>{body}</main>")
    return page(title, main, css=["report.css"], js=["compare.js"])


def write_compare_report(archive_dir: Path | str, html_path: Path | str,
                         reviews: dict[str, str] | None = None) -> Comparison:
    """Read ``archive_dir``, write the report to ``html_path``, return the comparison."""
    comparison = compare(archive_dir)
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(html_path, render_compare(comparison, reviews))
    return comparison
