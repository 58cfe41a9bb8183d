"""Review one document: its text with every extraction highlighted in place.

The API behind ``kehoach review FILE --html review.html``. The page shows
``Document.text`` with each mention marked (colour by kind), the records in a
side table (click one to scroll to its mention and flash it), the restored text
beside the original where restoration happened, and for OCR input the page
images with the mentions' boxes.

Ids are stable so the comparison report can link here: the record ``i`` of a
kind is ``r-<kind>-<i>``, its mention ``j`` is ``m-<kind>-<i>-<j>`` (kinds
``ref``, ``unit``, ``deadline``, ``funding``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.files import write_text_atomic
from pipeline.limits import Limits
from pipeline.records import ExtractionResult, Mention
from pipeline.reports.html import esc, page, table
from pipeline.reports.names import label
from pipeline.reports.page_images import PageImageError, page_image

KINDS = {"ref": "legal_references", "unit": "units", "deadline": "deadlines",
         "funding": "funding_sources"}
MAX_PAGE_IMAGES = 40


@dataclass
class Highlight:
    """One mention placed in a text: ``start``/``end`` index that text."""

    mention_id: str
    record_id: str
    kind: str
    start: int
    end: int
    page: int
    mention: Mention


def run_pipeline(path: Path | str, limits: Limits | None = None
                 ) -> tuple[Document, ExtractionResult]:
    """Ingest, normalise, structure and extract one file; keep the Document."""
    from pipeline.process import extract_document, load_document

    doc = load_document(path, limits)
    return doc, extract_document(doc)


def highlights(result: ExtractionResult, text_length: int) -> tuple[list[Highlight],
                                                                    list[Highlight]]:
    """Every mention as a highlight of ``Document.text``; the second list holds
    mentions whose offsets fall outside the text (shown as warnings)."""
    placed, outside = [], []
    for kind, field in KINDS.items():
        for i, record in enumerate(getattr(result, field)):
            for j, mention in enumerate(record.mentions):
                h = Highlight(f"m-{kind}-{i}-{j}", f"r-{kind}-{i}", kind, mention.start,
                              mention.end, mention.page, mention)
                ok = 0 <= mention.start <= mention.end <= text_length
                (placed if ok else outside).append(h)
    return placed, outside


def to_restored(doc: Document, marks: list[Highlight]) -> list[Highlight]:
    """The same highlights in ``Document.restored.text`` coordinates."""
    positions = doc.restored.to_source.positions
    n = len(doc.restored.text)
    out = []
    for h in marks:
        start = min(bisect.bisect_left(positions, h.start, 0, n), n)
        end = min(max(start, bisect.bisect_left(positions, h.end, 0, n)), n)
        out.append(Highlight(h.mention_id + "-r", h.record_id, h.kind, start, end, h.page,
                             h.mention))
    return out


def page_breaks_in_text(doc: Document) -> dict[int, int]:
    """Position in ``Document.text`` where each page after the first starts."""
    positions = doc.to_raw.positions
    n = len(doc.text)
    return {min(bisect.bisect_left(positions, p.start, 0, n), n): p.number
            for p in doc.raw.pages if p.number > 1}


def render_marked(text: str, marks: list[Highlight], breaks: dict[int, int] | None = None,
                  anchors: bool = True) -> str:
    """``text`` escaped, each highlight wrapped in ``<mark>`` pieces.

    Overlapping highlights are split at every boundary; a piece lists all the
    mentions covering it (``data-m``) and takes the colour of the innermost.
    An empty ``<span id=mention_id>`` before the first piece is the link target.
    """
    breaks = breaks or {}
    bounds = sorted({0, len(text), *breaks, *(h.start for h in marks),
                     *(h.end for h in marks)})
    starting: dict[int, list[Highlight]] = {}
    for h in marks:
        starting.setdefault(h.start, []).append(h)
    active: list[Highlight] = []
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:] + [None], strict=True):
        if a in breaks:
            out.append(f'<span class="page-break" data-page="{breaks[a]}">page {breaks[a]}'
                       "</span>")
        active = [h for h in active if h.end > a]
        for h in starting.get(a, []):
            if anchors:
                out.append(f'<span class="anchor" id="{h.mention_id}"></span>')
            if h.end == h.start:
                out.append(_mark([h], "\u2038", empty=True))
            else:
                active.append(h)
        if b is None:
            break
        piece = text[a:b]
        out.append(_mark(active, piece) if active else esc(piece))
    return "".join(out)


def _mark(active: list[Highlight], piece: str, empty: bool = False) -> str:
    inner = min(active, key=lambda h: h.end - h.start)
    ids = " ".join(h.mention_id for h in active)
    records = " ".join(dict.fromkeys(h.record_id for h in active))
    kinds = " ".join(sorted({h.kind for h in active}))
    extra = " multi" if len(active) > 1 else ""
    extra += " empty" if empty else ""
    return (f'<mark class="hl k-{inner.kind}{extra}" data-m="{ids}" data-r="{records}" '
            f'data-kinds="{kinds}">{esc(piece)}</mark>')


# --- the side table --------------------------------------------------------

def _mention_links(kind: str, index: int, mentions: list[Mention]) -> str:
    links = []
    for j, m in enumerate(mentions):
        mid = f"m-{kind}-{index}-{j}"
        links.append(f'<a class="goto" href="#{mid}" data-goto="{mid}" '
                     f'title="{esc(m.text)}">p.{m.page}</a>')
        if m.box:
            links.append(f'<a class="goto goto-box" href="#{mid}" data-goto="{mid}" '
                         'data-on-page="1" title="show on the page image">▣</a>')
    return " ".join(links) or '<span class="no-mention">no mention</span>'


def _record_rows(result: ExtractionResult, kind: str) -> list[dict[str, Any]]:
    rows = []
    for i, record in enumerate(getattr(result, KINDS[kind])):
        row = record.model_dump(exclude={"mentions"})
        row.update(_kind=kind, _index=i, _mentions=record.mentions)
        rows.append(row)
    return rows


RECORD_COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "ref": [("Type", lambda r: esc(label("doc_types", r["doc_type"]))), ("Number", "number"),
            ("Date", "date"), ("Issuer", "issuer"), ("Subject", "subject"),
            ("Article", "article")],
    "unit": [("Name", "name"), ("Level", "level"), ("Roles", lambda r: esc(", ".join(r["roles"]))),
             ("Tasks", lambda r: "<br>".join(esc(t) for t in r["tasks"])),
             ("Reports to", lambda r: esc("; ".join(r["reports_to"])))],
    "deadline": [("Text", "text"), ("Kind", "kind"), ("Start", "start"), ("End", "end"),
                 ("Recurrence", "recurrence"), ("Applies to", "applies_to"),
                 ("Units", lambda r: esc("; ".join(r["units"])))],
    "funding": [("Category", "category"), ("Text", "text"), ("Amount (VND)", "amount_vnd"),
                ("Legal reference", "legal_reference")],
}


def records_panel(result: ExtractionResult) -> str:
    parts = [document_table(result)]
    for kind in KINDS:
        rows = _record_rows(result, kind)
        columns = [("#", lambda r: str(r["_index"] + 1)), *RECORD_COLUMNS[kind],
                   ("Found at", lambda r: _mention_links(r["_kind"], r["_index"],
                                                         r["_mentions"]))]
        parts.append(
            f'<h3 class="kind-head k-{kind}">{esc(label("record_kinds", kind))} '
            f'<small>({esc(KINDS[kind])}, <span data-count="{kind}">{len(rows)}</span>)</small></h3>'
            + table(rows, columns, table_id=f"records-{kind}", css_class="data records",
                    row_attrs=lambda r: _row_attrs(r), empty="None found."))
    return "".join(parts)


def _row_attrs(row: dict[str, Any]) -> str:
    rid = f'r-{row["_kind"]}-{row["_index"]}'
    first = f'm-{row["_kind"]}-{row["_index"]}-0' if row["_mentions"] else ""
    return (f'class="rec k-{row["_kind"]}" id="{rid}" data-r="{rid}" data-first="{first}" '
            'tabindex="0"')


def document_table(result: ExtractionResult) -> str:
    meta = result.document
    signer = meta.signer
    rows = [("doc_type", meta.doc_type), ("number", meta.number), ("issuer", meta.issuer),
            ("place", meta.place), ("issued_date", meta.issued_date), ("title", meta.title),
            ("period", f"{meta.period.start} – {meta.period.end}" if meta.period else None),
            ("signer", " · ".join(filter(None, [signer.authority, signer.title, signer.name]))
             if signer else None),
            ("recipients", "; ".join(meta.recipients)),
            ("diacritics", meta.text_quality.diacritics),
            ("ocr_confidence", meta.text_quality.ocr_confidence)]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<h3>Document</h3><table class="data meta" id="document-meta">{body}</table>'


# --- page images -----------------------------------------------------------

def pages_panel(doc: Document, marks: list[Highlight]) -> str:
    ocr_pages = [p for p in doc.raw.pages if p.words]
    if not ocr_pages:
        return ""
    parts = []
    for p in ocr_pages[:MAX_PAGE_IMAGES]:
        try:
            image = page_image(doc.raw, p)
        except PageImageError as err:
            parts.append(f'<div class="page-missing" data-page="{p.number}">Page {p.number}: '
                         f"{esc(err)}</div>")
            continue
        w, h = image.size
        boxes = [_box_html(m.mention_id, m.kind, m.mention.box, w, h, "box")
                 for m in marks if m.mention.box and m.page == p.number]
        words = [_word_html(word, w, h) for word in p.words]
        parts.append(f'<div class="page-image" data-page="{p.number}" id="page-{p.number}">'
                     f'<img alt="page {p.number}" src="{image.data_uri}">'
                     f'<div class="words">{"".join(words)}</div>{"".join(boxes)}</div>')
    more = len(ocr_pages) - MAX_PAGE_IMAGES
    if more > 0:
        parts.append(f'<p class="empty">{more} more pages not shown.</p>')
    return "".join(parts)


def _pct(value: float, total: int) -> str:
    return f"{100 * value / max(total, 1):.3f}%"


def _box_html(mention_id: str, kind: str, box: Any, w: int, h: int, css: str) -> str:
    return (f'<a class="{css} k-{kind}" href="#{mention_id}" data-goto="{mention_id}" '
            f'data-box-for="{mention_id}" style="left:{_pct(box.left, w)};top:{_pct(box.top, h)};'
            f'width:{_pct(box.width, w)};height:{_pct(box.height, h)}"></a>')


def _word_html(word: Any, w: int, h: int) -> str:
    left, top, width, height = word.box
    low = " low" if word.confidence < 0.6 else ""
    return (f'<span class="word{low}" title="{word.confidence:.2f}" style="left:{_pct(left, w)};'
            f'top:{_pct(top, h)};width:{_pct(width, w)};height:{_pct(height, h)}"></span>')


# --- the page --------------------------------------------------------------

def render_review(doc: Document, result: ExtractionResult, title: str | None = None) -> str:
    """The review page for one processed document, as one HTML string."""
    marks, outside = highlights(result, len(doc.text))
    restored = doc.text_state != "full" and doc.restored.text != doc.text
    text_html = render_marked(doc.text, marks, page_breaks_in_text(doc))
    panes = [f'<div class="pane" id="text-pane"><h3>Normalised text '
             f'<small>(Document.text, {len(doc.text)} characters)</small></h3>'
             f'<div class="doc-text" id="doc-text">{text_html}</div></div>']
    if restored:
        restored_breaks = {s: i + 1 for i, s in enumerate(doc.page_starts) if i > 0}
        restored_html = render_marked(doc.restored.text, to_restored(doc, marks),
                                      restored_breaks)
        panes.append(f'<div class="pane" id="restored-pane"><h3>Restored text '
                     f'<small>(diacritics restored; the text was {esc(doc.text_state)})</small>'
                     f'</h3><div class="doc-text" id="restored-text">{restored_html}</div></div>')
    pages = pages_panel(doc, marks)
    tabs = '<button type="button" class="tab active" data-tab="texts">Text</button>'
    if pages:
        tabs += '<button type="button" class="tab" data-tab="pages">Page images</button>'
    warnings = ""
    if outside:
        items = "".join(f"<li>{esc(h.mention_id)}: {h.start}–{h.end}</li>" for h in outside)
        warnings = (f'<details class="warnings"><summary>{len(outside)} mentions outside the '
                    f"text</summary><ul>{items}</ul></details>")
    legend = "".join(
        f'<label class="legend k-{k}"><input type="checkbox" checked data-kind="{k}"> '
        f'{esc(label("record_kinds", k))} <span data-count="{k}-mentions">'
        f'{sum(1 for m in marks if m.kind == k)}</span></label>' for k in KINDS)
    name = title or Path(doc.raw.source).name
    body = f"""<header class="review-head"><h1>{esc(name)}</h1>
<span class="meta">{esc(doc.raw.input_kind)} · {len(doc.raw.pages)} pages · text {esc(doc.text_state)}
 · {len(marks)} highlighted mentions</span>
<span class="legends">{legend}</span></header>
<div class="review{' with-restored' if restored else ''}">
<div class="left"><nav class="tabs">{tabs}</nav>{warnings}
<div class="tab-body" id="tab-texts">{''.join(panes)}</div>
<div class="tab-body" id="tab-pages" hidden><label><input type="checkbox" id="show-words">
 show every OCR word box (red: confidence under 0.6)</label>{pages}</div></div>
<aside id="records">{records_panel(result)}</aside>
</div>"""
    return page(f"Review: {name}", body, css=["review.css"], js=["review.js"])


def write_review(path: Path | str, html_path: Path | str,
                 limits: Limits | None = None) -> ExtractionResult:
    """Run the pipeline on ``path`` and write its review page to ``html_path``."""
    doc, result = run_pipeline(path, limits)
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(html_path, render_review(doc, result))
    return result
