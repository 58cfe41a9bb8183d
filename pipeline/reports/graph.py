"""The citation graph as inline SVG: plans and the documents they cite.

Columns run national → provincial → district → commune (left to right); in each
column the documents cited by most plans come first. A node is a link: a plan
to its section of the report, a cited document to its row in the cited table.
An edge goes from a citing plan to the document it cites.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.reports.html import esc
from pipeline.reports.names import LEVELS, level_label

NODE_W, NODE_H, ROW_GAP, COL_GAP, TOP, LEFT = 220, 40, 14, 110, 44, 12


@dataclass
class Node:
    node_id: str
    label: str
    detail: str
    href: str
    kind: str  # "plan" or "cited"
    rank: int
    n_citing: int
    order: int
    x: float = 0.0
    y: float = 0.0
    tooltip: str = ""
    edges: list[str] = field(default_factory=list)


def build_nodes(plans: pd.DataFrame, cited: pd.DataFrame) -> tuple[dict[str, Node],
                                                                   list[tuple[str, str]]]:
    """Nodes by id and edges (citing plan id, cited node id)."""
    nodes: dict[str, Node] = {}
    cited_by_plan = {row.plan_id: int(row.n_plans) for row in cited.itertuples()
                     if isinstance(row.plan_id, str)}
    for i, plan in enumerate(plans.itertuples()):
        nodes[plan.plan_id] = Node(
            node_id=plan.plan_id, label=str(plan.label), detail=str(plan.issuer or ""),
            href=f"#{plan.anchor}", kind="plan", rank=int(plan.level_rank),
            n_citing=cited_by_plan.get(plan.plan_id, 0), order=i,
            tooltip=f"{plan.label} — {plan.issuer or ''} — {plan.title or ''}")
    edges = []
    for i, doc in enumerate(cited.itertuples()):
        target = doc.plan_id if isinstance(doc.plan_id, str) else doc.cited_key
        if target not in nodes:
            nodes[target] = Node(
                node_id=target, label=str(doc.label), detail=str(doc.issuer or ""),
                href=f"#{doc.anchor}", kind="cited", rank=int(doc.level_rank),
                n_citing=int(doc.n_plans), order=i,
                tooltip=f"{doc.label} — {doc.issuer or ''} — {doc.subject or ''}")
        edges.extend((plan_id, target) for plan_id in doc.citing_plans)
    return nodes, edges


def layout(nodes: dict[str, Node]) -> tuple[list[int], float, float]:
    """Place nodes in level columns; returns the ranks used and the canvas size."""
    ranks = sorted({n.rank for n in nodes.values()})
    height = TOP
    for col, rank in enumerate(ranks):
        column = sorted((n for n in nodes.values() if n.rank == rank),
                        key=lambda n: (-n.n_citing, n.kind != "cited", n.order))
        for row, node in enumerate(column):
            node.x = LEFT + col * (NODE_W + COL_GAP)
            node.y = TOP + row * (NODE_H + ROW_GAP)
            height = max(height, node.y + NODE_H + ROW_GAP)
    width = LEFT * 2 + len(ranks) * NODE_W + max(0, len(ranks) - 1) * COL_GAP + 60
    return ranks, width, height


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _edge_path(a: Node, b: Node) -> str:
    """A curve from the citing node to the cited node."""
    if a.x == b.x:  # same column: an arc on the right
        x = a.x + NODE_W
        y1, y2 = a.y + NODE_H / 2, b.y + NODE_H / 2
        bulge = 40 + min(80, abs(y2 - y1) / 6)
        return f"M{x},{y1} C{x + bulge},{y1} {x + bulge},{y2} {x + 6},{y2}"
    if a.x > b.x:
        x1, x2 = a.x, b.x + NODE_W + 6
    else:
        x1, x2 = a.x + NODE_W, b.x - 6
    y1, y2 = a.y + NODE_H / 2, b.y + NODE_H / 2
    mid = (x1 + x2) / 2
    return f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}"


def citation_graph_svg(plans: pd.DataFrame, cited: pd.DataFrame) -> str:
    nodes, edges = build_nodes(plans, cited)
    if not nodes:
        return '<p class="empty">No plans.</p>'
    ranks, width, height = layout(nodes)
    parts = [f'<svg id="citation-graph" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
             f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
             'aria-label="Citation graph">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             'fill="#7a869a"/></marker></defs>']
    for col, rank in enumerate(ranks):
        x = LEFT + col * (NODE_W + COL_GAP)
        name = level_label(LEVELS[rank]) if rank < len(LEVELS) else level_label(None)
        parts.append(f'<text class="col-head" x="{x}" y="22">{esc(name)}</text>')
    for source, target in edges:
        a, b = nodes[source], nodes[target]
        parts.append(f'<path class="edge" data-from="{esc(source)}" data-to="{esc(target)}" '
                     f'd="{_edge_path(a, b)}" marker-end="url(#arrow)"/>')
    for node in nodes.values():
        parts.append(_node_svg(node))
    parts.append("</svg>")
    return "".join(parts)


def _node_svg(node: Node) -> str:
    badge = (f'<text class="badge" x="{node.x + NODE_W - 8}" y="{node.y + 16}" '
             f'text-anchor="end" data-count="{node.n_citing}">{node.n_citing}×</text>'
             if node.n_citing else "")
    return (f'<a class="node node-{node.kind}" href="{esc(node.href)}" data-node="{esc(node.node_id)}"'
            f' data-kind="{node.kind}" data-citing="{node.n_citing}">'
            f"<title>{esc(node.tooltip)}</title>"
            f'<rect x="{node.x}" y="{node.y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
            f'<text class="label" x="{node.x + 8}" y="{node.y + 16}">{esc(_clip(node.label, 24 if node.n_citing else 30))}</text>'
            f'<text class="detail" x="{node.x + 8}" y="{node.y + 32}">{esc(_clip(node.detail, 38))}</text>'
            f"{badge}</a>")
