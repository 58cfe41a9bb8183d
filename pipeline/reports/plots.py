"""Plots for the comparison report, drawn by matplotlib as inline SVG strings.

Each function takes the same DataFrame the report's table is rendered from, so
a bar's length is the number in the table.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

ROLE_COLOURS = {"lead": "#c0392b", "advise": "#8e44ad", "coordinate": "#2980b9",
                "implement": "#27ae60", "report": "#d68910"}
MAX_PLANS = 60  # plots show at most this many plans; the tables show all
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#393b79"]


def to_svg(fig: plt.Figure, salt: str) -> str:
    """The figure as an ``<svg>`` element: text kept as text, ids made unique by ``salt``."""
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        buf = io.StringIO()
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{salt}-{m[1]}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{salt}-{m[1]})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{salt}-{m[1]}"', svg)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _height(rows: int) -> float:
    return max(1.6, 0.42 * rows + 1.0)


def cited_plot(cited: pd.DataFrame, limit: int = 20) -> str:
    """Bars: how many plans cite each of the most cited documents."""
    top = cited.sort_values("n_plans", ascending=False, kind="stable").head(limit)
    fig, ax = plt.subplots(figsize=(7.5, _height(len(top))))
    positions = list(range(len(top)))[::-1]
    ax.barh(positions, [int(n) for n in top["n_plans"]], color="#2c7fb8")
    ax.set_yticks(positions, list(top["label"].astype(str)))
    ax.set_xlabel("plans citing it")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _tidy(ax)
    return to_svg(fig, "cited")


def stacked_plot(frame: pd.DataFrame, labels: list[str], colours: dict[str, str] | None,
                 xlabel: str, salt: str) -> str:
    """Horizontal stacked bars, one per row of ``frame`` (plans), one colour per column."""
    fig, ax = plt.subplots(figsize=(7.5, _height(len(frame))))
    positions = list(range(len(frame)))[::-1]  # first plan at the top
    left = [0] * len(frame)
    for i, column in enumerate(frame.columns):
        values = [int(v) for v in frame[column]]
        colour = (colours or {}).get(column, PALETTE[i % len(PALETTE)])
        ax.barh(positions, values, left=left, color=colour, label=str(column))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(positions, labels)
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(frame.columns):
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    _tidy(ax)
    return to_svg(fig, salt)


TIMELINE_COLOURS = {"period": "#2c7fb8", "before": "#d95f0e", "date": "#31a354",
                    "recurring": "#756bb1"}


def timeline_plot(deadlines: pd.DataFrame, plan_labels: list[str]) -> str:
    """One lane per plan: periods as bars, dated deadlines as markers; each
    deadline on its own thin row inside its plan's lane."""
    placed = deadlines[deadlines["placed"] & deadlines["plan_label"].isin(plan_labels)]
    fig, ax = plt.subplots(figsize=(8.5, _height(len(plan_labels))))
    lane = {label: len(plan_labels) - 1 - i for i, label in enumerate(plan_labels)}
    bars: dict[str, list[tuple[float, float, float, float]]] = {}
    points: dict[str, list[tuple[float, float]]] = {}
    for _, group in placed.groupby("plan_label", sort=False):
        step = 0.8 / len(group)
        for k, row in enumerate(group.itertuples()):
            y = lane[row.plan_label] + 0.4 - step * (k + 0.5)
            start, end = row.start_date, row.end_date
            if pd.notna(start) and pd.notna(end) and end > start:
                left = mdates.date2num(start)
                bars.setdefault(row.kind, []).append(
                    (y, left, mdates.date2num(end) - left, step * 0.8))
            else:
                when = end if pd.notna(end) else start
                points.setdefault(row.kind, []).append((mdates.date2num(when), y))
    for kind, rows in bars.items():
        y, left, width, height = zip(*rows, strict=True)
        ax.barh(y, width, left=left, height=height, alpha=0.7,
                color=TIMELINE_COLOURS.get(kind, "#636363"))
    for kind, rows in points.items():
        x, y = zip(*rows, strict=True)
        ax.scatter(x, y, marker="v" if kind == "before" else "o", s=50, zorder=3,
                   color=TIMELINE_COLOURS.get(kind, "#636363"))
    ax.set_yticks(range(len(plan_labels)), plan_labels[::-1])
    ax.set_ylim(-0.7, len(plan_labels) - 0.3)
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    handles = [plt.Line2D([0], [0], color=c, lw=6 if k == "period" else 0,
                          marker=None if k == "period" else ("v" if k == "before" else "o"),
                          markersize=8, label=k)
               for k, c in TIMELINE_COLOURS.items() if k != "recurring"]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False,
              fontsize=8)
    fig.autofmt_xdate()
    _tidy(ax)
    return to_svg(fig, "timeline")


def _tidy(ax: plt.Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    ax.grid(axis="x", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
