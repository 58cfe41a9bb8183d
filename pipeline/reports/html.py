"""Small helpers for self-contained HTML: escaping, embedded assets, tables.

Every string that comes from a document goes through :func:`esc` (text) or
:func:`script_json` (data for scripts); nothing is fetched from the network.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

Cell = Callable[[dict[str, Any]], str]


def esc(value: Any) -> str:
    """Text for HTML: ``"<script>"`` becomes ``"&lt;script&gt;"``; None and NaN are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return html.escape(str(value), quote=True)


def attr(value: Any) -> str:
    """An attribute value, quoted."""
    return f'"{esc(value)}"'


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def asset(name: str) -> str:
    return resources.files("pipeline.reports").joinpath("assets", name).read_text("utf-8")


def page(title: str, body: str, css: Iterable[str], js: Iterable[str],
         data: dict[str, Any] | None = None) -> str:
    """A whole HTML page with its CSS and scripts inlined. A strict Content
    Security Policy forbids loading anything from the network."""
    styles = "\n".join(asset(name) for name in css)
    scripts = "\n".join(asset(name) for name in js)
    data_tag = (f'<script type="application/json" id="report-data">{script_json(data)}</script>'
                if data is not None else "")
    csp = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; font-src data:")
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>
{styles}
</style>
</head>
<body>
{body}
{data_tag}
<script>
{scripts}
</script>
</body>
</html>
"""


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str | Cell]], *,
          table_id: str | None = None, css_class: str = "data",
          row_attrs: Callable[[dict[str, Any]], str] | None = None,
          empty: str = "None.") -> str:
    """An HTML table. ``columns`` are (heading, key or function returning HTML)."""
    if not rows:
        return f'<p class="empty"{_id(table_id)}>{esc(empty)}</p>'
    head = "".join(f"<th>{esc(h)}</th>" for h, _ in columns)
    body = []
    for row in rows:
        cells = []
        for _, col in columns:
            content = col(row) if callable(col) else esc(row.get(col))
            cells.append(f"<td>{content}</td>")
        extra = (" " + row_attrs(row)) if row_attrs else ""
        body.append(f"<tr{extra}>{''.join(cells)}</tr>")
    return (f'<table class="{css_class}"{_id(table_id)}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _id(table_id: str | None) -> str:
    return f' id="{esc(table_id)}"' if table_id else ""


def figure(svg: str, caption: str, figure_id: str) -> str:
    """A plot with its caption; ``svg`` is markup we generated, the caption is text."""
    return (f'<figure class="plot" id="{esc(figure_id)}">{svg}'
            f"<figcaption>{esc(caption)}</figcaption></figure>")
