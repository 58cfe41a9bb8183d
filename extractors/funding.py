"""Funding sources: where the money of a plan comes from.

The KINH PHÍ section ("IV. KINH PHÍ THỰC HIỆN", or an unnumbered "Kinh phí thực
hiện: …" paragraph) is the main source. A plan with no such section names its
money in the units' tasks ("UBND các xã bố trí ngân sách …"), and those
clauses are read instead (``tests/gold/README.md``, "Funding").

Each clause is matched on the folded text against the phrase tables of
``extractors/data/funding.yaml``; one clause may give several categories, one
row each::

    "Lồng ghép kinh phí từ các chương trình, đề án liên quan; huy động từ các
     nguồn xã hội hóa và các nguồn hợp pháp khác (nếu có)."
    → integrated, socialized, other_lawful

Amounts ("150 triệu đồng", "1.200.000.000 đồng", "hơn 3,2 tỷ đồng") become
``amount_vnd``; "được bố trí tại Quyết định số 1966/QĐ-UBND" becomes
``legal_reference`` (the number as the reference extractor printed it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from extractors import Found
from extractors.docindex import DocIndex
from extractors.lexicon import load_yaml, names_central_city
from extractors.numbers import NUMBER, canonical_number, number_key
from extractors.scan import needed_literals
from pipeline.document import Document, Section, Span, title_starts
from pipeline.normalise.fold import fold_key
from pipeline.records import FundingSource

_MARKER = re.compile(r"\s*(?:\*\*)?(?:phan\s+)?(?:(?:[ivxl]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]|"
                     r"(?:[ivxl]+|\d+(?:\.\d+)*)\s*[/-](?=\s)|[-–—•*+·])\s*")
_SENTENCE_END = re.compile(r"[.;](?=\s)|;")
_SEPARATOR = re.compile(r",\s+|\s+(?:va|hoac|cung nhu|cung voi)\s+")
_ELABORATION = re.compile(r"\b(?:nhat la|dac biet la|trong do|chu yeu la|uu tien)\b")
_NUMBER_WORD = r"\d{1,3}(?:[.,]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.,])(?P<num>{_NUMBER_WORD})\s*(?P<unit>ty|trieu|nghin|ngan|dong|vnd|d)(?![a-z])"
    rf"(?:\s*(?P<num2>{_NUMBER_WORD})\s*(?P<unit2>trieu|nghin|ngan)(?![a-z]))?")
_UNIT_VALUE = {"ty": 10**9, "trieu": 10**6, "nghin": 10**3, "ngan": 10**3,
               "dong": 1, "vnd": 1, "d": 1}
PSEUDO = ("city_budget", "local_budget", "generic_budget")


# --------------------------------------------------------------------------- tables


class _Phrase(NamedTuple):
    pattern: re.Pattern[str]
    literals: tuple[str, ...]  # in every match (``scan.needed_literals``)


@dataclass(frozen=True)
class _Tables:
    phrases: dict[str, list[_Phrase]]  # category → patterns trusted anywhere
    section_only: dict[str, list[_Phrase]]
    section_title: re.Pattern[str]
    section_titles: tuple[str, ...]
    paragraph_opener: re.Pattern[str]
    absorbs: dict[str, list[str]]
    absorbs_after: dict[str, list[str]]
    payer_levels: dict[str, re.Pattern[str]]
    level_category: dict[str, str]
    money_words: re.Pattern[str]
    cited_title: re.Pattern[str]
    allotted_by: re.Pattern[str]
    total_words: re.Pattern[str]


def _compile(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    for _ in range(3):
        for name, value in macros.items():
            pattern = pattern.replace("{" + name + "}", value)
    return re.compile(pattern.replace(" ", r"\s+"))


@lru_cache(maxsize=1)
def tables() -> _Tables:
    data: dict[str, Any] = load_yaml("funding.yaml")
    macros = data.get("macros", {})

    def comp(p: str) -> re.Pattern[str]:
        return _compile(p, macros)

    def phrase(p: str) -> _Phrase:
        pattern = comp(p)
        return _Phrase(pattern, needed_literals(pattern))

    cats = data["categories"]
    titles = "|".join(re.escape(t).replace(r"\ ", " ") for t in data["section_titles"])
    return _Tables(
        phrases={c: [phrase(p) for p in v.get("phrases", [])] for c, v in cats.items()},
        section_only={c: [phrase(p) for p in v.get("section_only", [])] for c, v in cats.items()},
        section_title=comp(rf"^(?:{titles})(?![\w-]| -)"),
        section_titles=tuple(data["section_titles"]),
        paragraph_opener=comp("^(?:" + "|".join(data["paragraph_openers"]) + ")"),
        absorbs=data.get("absorbs", {}),
        absorbs_after=data.get("absorbs_after", {}),
        payer_levels={k: comp(v) for k, v in data["payer_levels"].items()},
        level_category=data["level_category"],
        money_words=comp(data["money_words"]),
        cited_title=comp(data["cited_title"]),
        allotted_by=comp(data["allotted_by"]),
        total_words=comp(data["total_words"]),
    )


# --------------------------------------------------------------------------- amounts


def _number(text: str) -> float:
    """"1.200.000.000" → 1200000000; "1,2" → 1.2; "1.5" → 1.5; "1.500" → 1500."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def parse_amount(folded: str) -> int | None:
    """The first amount of money in a folded text, in đồng.

    ``parse_amount("hon 3,2 ty dong")`` → ``3200000000``;
    ``parse_amount("2 ty 500 trieu dong")`` → ``2500000000``.
    """
    match = _AMOUNT.search(folded)
    return _amount_value(match) if match else None


def _amount_value(match: re.Match[str]) -> int:
    value = _number(match["num"]) * _UNIT_VALUE[match["unit"]]
    if match["num2"]:
        value += _number(match["num2"]) * _UNIT_VALUE[match["unit2"]]
    return round(value)


def _amounts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(position, value) of each amount in ``text[start:end]`` (flat folded text)."""
    return [(m.start(), _amount_value(m)) for m in _AMOUNT.finditer(text, start, end)]


# --------------------------------------------------------------------------- scopes


# every character ``\s`` matches (those ``str.isspace`` accepts)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
           "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


def _flat(doc: Document) -> str:
    """The folded text with every whitespace character a space (same length)."""
    text = doc.folded
    for space in _SPACES:
        if space in text:  # most are not: a search is cheaper than a copy
            text = text.replace(space, " ")
    return text


def _body(doc: Document) -> Span:
    header = doc.header
    end = len(doc.folded) if header.body_end is None else header.body_end
    if header.closing and header.body_start <= header.closing.start < end:
        end = header.closing.start
    return Span(header.body_start, end)


@lru_cache(maxsize=4096)
def _is_funding_title(title: str) -> bool:
    if not tables().section_title.match(title) and not any(
            title_starts(title, t) for t in tables().section_titles):
        return False
    head = title.split(":", 1)[0]
    return len(head.split()) <= 10


def funding_sections(doc: Document, index: DocIndex | None = None) -> list[Span]:
    """The KINH PHÍ parts of the body: numbered sections, else unnumbered paragraphs."""
    index = index or DocIndex(doc)
    found = [s for s in index.sections
             if s.kind in ("roman", "arabic", "letter") and _is_funding_title(s.title)]
    outer: list[Span] = []
    for section in found:
        if not any(o.start <= section.start and section.end <= o.end for o in outer):
            outer.append(Span(section.start, section.end))
    return outer or _funding_paragraphs(doc, index)


def _funding_paragraphs(doc: Document, index: DocIndex) -> list[Span]:
    body = _body(doc)
    headings = sorted(s.start for s in index.sections
                      if s.kind in ("roman", "arabic", "letter"))
    out: list[Span] = []
    lines = [line for line in doc.lines if body.start <= line.start < body.end]
    for index, line in enumerate(lines):
        if out and line.start < out[-1].end:
            continue
        text = doc.folded[line.start:line.end]
        marker = _MARKER.match(text)
        text = text[marker.end():] if marker else text
        if not tables().paragraph_opener.match(text):
            continue
        end = line.end
        for nxt in lines[index + 1:]:
            blank = doc.folded.count("\n", end, nxt.start) > 1
            bullet = doc.folded[nxt.start] in "-+•*–"
            if nxt.start in headings or (blank and not bullet):
                break
            end = nxt.end
        out.append(Span(line.start, end))
    return out


def _task_scopes(doc: Document, index: DocIndex) -> list[Span]:
    sections = index.find_sections("to chuc thuc hien", "trach nhiem thuc hien", "phan cong")
    outer: list[Span] = []
    for section in sections:
        if not any(o.start <= section.start < o.end for o in outer):
            outer.append(Span(section.start, section.end))
    return outer or [_body(doc)]


# --------------------------------------------------------------------------- clauses


def _items(doc: Document, sections: list[Section], scope: Span) -> list[Span]:
    """Paragraphs and numbered or bulleted items inside ``scope``."""
    cuts = {scope.start, scope.end}
    cuts.update(s.start for s in sections if scope.start < s.start < scope.end)
    # a heading line that is only the part's title ("III. KINH PHÍ") is not a source's text
    cuts.update(s.heading.end for s in sections if scope.start <= s.start < scope.end
                and ":" not in s.title and _is_funding_title(s.title))
    for match in re.finditer(r"\n[ \t]*\n", doc.folded[scope.start:scope.end]):
        cuts.add(scope.start + match.end())
    points = sorted(cuts)
    return [Span(a, b) for a, b in zip(points, points[1:], strict=False) if b > a]


def _segments(doc: Document, item: Span) -> list[Span]:
    """Sentences and ";"-clauses of one item, without the item's marker."""
    folded = doc.folded
    start = item.start
    marker = _MARKER.match(folded, start, item.end)
    if marker and marker.end() > start:
        start = marker.end()
    out, pos = [], start
    for match in _SENTENCE_END.finditer(folded, start, item.end):
        end = match.end() if folded[match.start()] == "." else match.start()
        out.append(Span(pos, end))
        pos = match.end()
    out.append(Span(pos, item.end))
    return [s for s in (_trim(doc, s) for s in out) if s.end > s.start]


def _trim(doc: Document, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (doc.folded[start].isspace() or doc.folded[start] in "*_"):
        start += 1
    while end > start and (doc.folded[end - 1].isspace() or doc.folded[end - 1] in "*_,:"):
        end -= 1
    return Span(start, end)


# --------------------------------------------------------------------------- matching


@dataclass
class _Hit:
    category: str
    start: int
    end: int


def _hits(flat: str, span: Span, in_section: bool) -> list[_Hit]:
    t = tables()
    limit = span.end
    cited = t.cited_title.search(flat, span.start, span.end)
    if cited:
        limit = cited.start()
    hits: list[_Hit] = []
    segment = flat[span.start:limit]
    for category, patterns in t.phrases.items():
        extra = t.section_only.get(category, []) if in_section else []
        for pattern, literals in [*patterns, *extra]:
            if not all(literal in segment for literal in literals):
                continue  # cannot match here (much cheaper than the scan)
            at = "at" if "at" in pattern.groupindex else 0
            for match in pattern.finditer(flat, span.start, limit):
                hits.append(_Hit(category, match.start(at), match.end(at)))
    return _resolve_overlaps(hits)


def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Longest first; a hit inside a longer one of another category is dropped.
    Then the first hit of each category."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if any(h.start < hit.end and hit.start < h.end and h.category != hit.category
               for h in kept):
            continue
        kept.append(hit)
    first: dict[str, _Hit] = {}
    for hit in sorted(kept, key=lambda h: h.start):
        first.setdefault(hit.category, hit)
    return sorted(first.values(), key=lambda h: h.start)


def _absorb(hits: list[_Hit]) -> list[_Hit]:
    """One source said two ways: "ngân sách nhà nước … từ Dự án …" is the program fund."""
    t = tables()
    present = {h.category: h for h in hits}
    dropped: set[str] = set()
    for category, victims in t.absorbs.items():
        if category in present:
            dropped.update(victims)
    for category, victims in t.absorbs_after.items():
        if category in present:
            dropped.update(v for v in victims
                           if v in present and present[v].start > present[category].start)
    return [h for h in hits if h.category not in dropped]


def _payer_level(text: str) -> str | None:
    for level, pattern in tables().payer_levels.items():
        if pattern.search(text):
            return level
    return None


@dataclass
class _Context:
    doc: Document
    flat: str
    found: Found
    issuer_level: str | None
    central_city: bool
    index: DocIndex


def _context(doc: Document, found: Found) -> _Context:
    issuer = found.meta.issuer if found.meta and found.meta.issuer else ""
    key = fold_key(issuer)
    level = None
    for name, pattern in (("xa", r"\b(?:xa|phuong|thi tran)\b"),
                          ("huyen", r"\b(?:huyen|quan|thi xa)\b"), ("tinh", r"\btinh\b")):
        if re.search(pattern, key):
            level = name
            break
    central = names_central_city(issuer)
    if level is None and "thanh pho" in key:
        level = "tinh" if central else "huyen"
    return _Context(doc, _flat(doc), found, level, central, found.index(doc))


def _resolve(hit: _Hit, seg: Span, ctx: _Context, heading_level: str | None) -> str:
    """The contract category of a pseudo-category hit."""
    t = tables()
    if hit.category == "city_budget":
        return "provincial_budget" if ctx.central_city else "district_budget"
    if hit.category not in ("local_budget", "generic_budget"):
        return hit.category
    level = _payer_level(ctx.flat[seg.start:hit.start]) or heading_level
    if level is None and hit.category == "local_budget":
        level = ctx.issuer_level
    return t.level_category.get(level or "", "state_budget")


# --------------------------------------------------------------------------- rows


def _row_spans(ctx: _Context, seg: Span, hits: list[_Hit]) -> list[Span]:
    """Split a clause that names several sources at the separator before each one."""
    spans = []
    start = seg.start
    for index, hit in enumerate(hits):
        end = seg.end
        if index + 1 < len(hits):
            nxt = hits[index + 1]
            gap = ctx.flat[hit.end:nxt.start]
            seps = list(_SEPARATOR.finditer(gap))
            end = hit.end + seps[-1].start() if seps else nxt.start
        spans.append(Span(start, max(end, hit.end)))
        if index + 1 < len(hits):
            nxt = hits[index + 1]
            gap = ctx.flat[hit.end:nxt.start]
            seps = list(_SEPARATOR.finditer(gap))
            if _ELABORATION.search(gap):
                start = seg.start  # "…, nhất là nguồn xã hội hóa …": the whole clause
            else:
                start = hit.end + seps[-1].end() if seps else nxt.start
    return [_trim(ctx.doc, s) for s in spans]


def _amount_for(ctx: _Context, hit: _Hit, span: Span) -> int | None:
    found = _amounts(ctx.flat, span.start, span.end)
    after = [v for pos, v in found if pos >= hit.start]
    before = [v for pos, v in found if pos < hit.start]
    if after:
        return after[0]
    return before[-1] if before else None


def _reference_for(ctx: _Context, span: Span) -> str | None:
    t = tables()
    for match in t.allotted_by.finditer(ctx.flat, span.start, span.end):
        number = NUMBER.match(ctx.flat, match.end(), span.end)
        if not number:
            continue
        printed = ctx.doc.cut(number.start(), number.end())
        key = number_key(printed)
        for ref in ctx.found.references:
            if ref.number and number_key(ref.number) == key:
                return ref.number
        return canonical_number(printed)
    return None


def _text(doc: Document, span: Span) -> str:
    return " ".join(doc.cut(span.start, span.end).replace("**", "").replace("*", "").split())


def _heading_level(doc: Document, sections: list[Section], pos: int) -> str | None:
    """Level of the unit whose task heading encloses ``pos`` ("5. UBND các xã, thị trấn")."""
    best: Section | None = None
    for section in sections:
        if section.start <= pos < section.end and section.kind in ("arabic", "letter", "roman"):
            best = section
    if best is None:
        return None
    return _payer_level(doc.folded[best.heading.start:best.heading.end])


def _rows_for_segment(ctx: _Context, seg: Span, in_section: bool) -> list[FundingSource]:
    if not in_section and not tables().money_words.search(ctx.flat, seg.start, seg.end):
        return []
    hits = _absorb(_hits(ctx.flat, seg, in_section))
    if not hits:
        return []
    cited = tables().cited_title.search(ctx.flat, seg.start, seg.end)
    if cited:  # the cited decision's own subject is not part of the source
        seg = _trim(ctx.doc, Span(seg.start, cited.start()))
    heading_level = None if in_section else _heading_level(ctx.doc, ctx.index.sections, seg.start)
    spans = _row_spans(ctx, seg, hits)
    rows: list[FundingSource] = []
    seen: set[str] = set()
    for hit, span in zip(hits, spans, strict=True):
        category = _resolve(hit, seg, ctx, heading_level)
        if category in seen:
            continue
        seen.add(category)
        rows.append(FundingSource(
            category=category, text=_text(ctx.doc, span),  # type: ignore[arg-type]
            amount_vnd=_amount_for(ctx, hit, span), legal_reference=_reference_for(ctx, span),
            mentions=[ctx.doc.mention(span.start, span.end)]))
    return rows


def _section_rows(ctx: _Context, scope: Span, in_section: bool) -> list[FundingSource]:
    rows: list[FundingSource] = []
    for item in _items(ctx.doc, ctx.index.sections, scope):
        for seg in _segments(ctx.doc, item):
            rows.extend(_rows_for_segment(ctx, seg, in_section))
    if in_section:
        _attach_total(ctx, scope, rows)
    return rows


def _attach_total(ctx: _Context, scope: Span, rows: list[FundingSource]) -> None:
    """"Tổng kinh phí: 150 triệu đồng" with a single source: that source's amount."""
    if len(rows) != 1 or rows[0].amount_vnd is not None:
        return
    total = tables().total_words.search(ctx.flat, scope.start, scope.end)
    if total:
        amounts = _amounts(ctx.flat, total.end(), scope.end)
        if amounts:
            rows[0].amount_vnd = amounts[0][1]


def extract(doc: Document, found: Found) -> None:
    """Set ``found.funding``: the KINH PHÍ section's sources, else the money in the tasks."""
    ctx = _context(doc, found)
    sections = funding_sections(doc, ctx.index)
    rows: list[FundingSource] = []
    if sections:
        for scope in sections:
            rows.extend(_section_rows(ctx, scope, in_section=True))
    else:
        seen: set[str] = set()
        for scope in _task_scopes(doc, ctx.index):
            for row in _section_rows(ctx, scope, in_section=False):
                if row.category not in seen:  # the same duty given to many units: one row
                    seen.add(row.category)
                    rows.append(row)
    found.funding = rows
