"""Deadlines and time frames: the plan's period, completion dates, recurring duties.

Reads the folded text (``doc.folded``) and cuts values from ``doc.restored.text``.
A time expression becomes a contract ``Deadline``:

=========================================  ========  ============  ============  =========
expression                                 kind      start         end           recurrence
=========================================  ========  ============  ============  =========
"Từ năm 2022 đến hết năm 2025"             period    2022-01-01    2025-12-31
"Từ tháng 3/2023 đến tháng 12/2023"        period    2023-03-01    2023-12-31
"Trong năm 2023"                           period    2023-01-01    2023-12-31
"Từ nay đến hết năm 2025"                  period    (issue date)  2025-12-31
"Quý IV/2025 - Quý II/2026"                period    2025-10-01    2026-06-30
"Tháng 12/2025", "trong tháng 11/2025"     before                  month end
"Quý III/2026"                             before                  2026-09-30
"Quý I và Quý II năm 2024"                 period    2024-01-01    2024-06-30
"trước ngày 30/9" (a plan for 2024)        before                  2024-09-30
"Định kỳ trước ngày 10/11 hằng năm"        before                  --11-10       yearly
"ngày 26/6 hằng năm"                       date      --06-26       --06-26       yearly
"trong thời hạn 10 ngày kể từ ngày nhận"   before                  null
"Hằng năm", "Hằng tháng"                   recurring                             yearly/monthly
"Định kỳ, đột xuất"                        recurring                             periodic
=========================================  ========  ============  ============  =========

Where a time counts: dates inside cited documents (``found.references``, and
the clause that follows a citation), quoted slogans, the header and "Nơi nhận"
are skipped; a bare date is a deadline only after a trigger ("trước", "vào",
"trong", "đến") or where it stands as a completion time (after a "Thời gian
thực hiện:" label, in a task table's time column, on a line of its own). The
title's phase ("giai đoạn 2021-2025") is a period of the plan; target milestones
("đến hết năm 2030") count only when the plan states no implementation period.
The same duty given to several units is one item listing them all.

All words are in ``extractors/data/time_words.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractors import Found
from extractors.dates import DateMatch, find_dates, parse_date, time_words
from extractors.legal_refs import type_word_starts
from extractors.lexicon import doc_type_words
from extractors.scan import LETTERS_DIGITS, finditer_at, first_words, word_alternation, word_starts
from pipeline.document import Document
from pipeline.normalise.fold import fold_key
from pipeline.records import Deadline

_RECURRENCE_ORDER = ("yearly", "quarterly", "monthly", "weekly", "periodic")


# --- patterns ------------------------------------------------------------------

def _alt(words: list[str]) -> str:
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"


class _Patterns:
    """Regexes built once from ``time_words.yaml``."""

    def __init__(self) -> None:
        w = time_words()
        wb, we = r"(?<![a-z0-9])", r"(?![a-z0-9])"
        self.from_ = re.compile(rf"{wb}{_alt(w['from'])}\s+$")
        self.and_ = re.compile(rf"\s*,?\s+{_alt(w['and'])}\s+")
        self.to = re.compile(rf"\s*(?:{_alt(w['to'])}{we}|-(?!\d+/))\s*(?:{_alt(w['end_of'])}\s+)?")
        self.from_now = re.compile(rf"{wb}{_alt(w['from_now'])}\s+{_alt(w['to'])}\s+"
                                   rf"(?:{_alt(w['end_of'])}\s+)?")
        self.before = re.compile(rf"{wb}{_alt(w['before'])}\s*$")
        self.before_date = re.compile(rf"{wb}{_alt(w['before'])}\s+(?:{_alt(time_words()['date_words']['ngay'])}\s*)?\d")
        self.on = re.compile(rf"{wb}{_alt(w['on_day'])}\s+$")
        self.within = re.compile(rf"{wb}{_alt(w['within'])}\s+$")
        ngay = _alt(time_words()["date_words"]["ngay"])
        self.day_of_month = re.compile(
            rf"{wb}(?:(?P<before>{_alt(w['before'])})\s+)?{ngay}\s+(?P<day>\d{{1,2}})\s+"
            rf"{_alt(w['recurrence']['monthly'])}{we}")
        self.until = re.compile(rf"{wb}{_alt(w['to'])}\s+(?:{_alt(w['end_of'])}\s+)?$")
        rel = "|".join(rf"{_alt([a])}\s+(?:\d+|[a-z]+)\s*(?:\(\s*\w+\s*\)\s*)?{_alt([b])}"
                       for a, b in w["relative_before"])
        self.relative = re.compile(rf"{wb}(?:{rel}){we}\s*,?\s*{_alt(w['relative_anchor'])}{we}")
        self.recurrence = {rec: re.compile(rf"{wb}{_alt(words)}{we}")
                           for rec, words in w["recurrence"].items()}
        self.weak = re.compile(rf"{wb}{_alt(w['recurrence_weak'])}{we}")
        glue = "|".join(re.escape(g) if not g.isalpha() else rf"\s{g}\s" for g in w["recurrence_glue"])
        self.glue = re.compile(rf"^(?:\s|{glue})*$")
        self.rate_context = re.compile(rf"{wb}{_alt(w['recurrence_rate_context'])}{we}")
        self.rate_before = re.compile(rf"{wb}{_alt(w['recurrence_rate_before'])}\s*$")
        self.ongoing = re.compile(rf"^{_alt(w['ongoing'])}$")
        labels = _alt(w["implementation_labels"])
        self.label = re.compile(rf"{wb}{labels}(?:\s+[a-z]+){{0,4}}?\s*:")
        self.task_label = re.compile(rf"^{_alt(w['task_labels'])}{we}")
        self.label_title = re.compile(rf"^{labels}{we}")
        self.phase = re.compile(rf"{wb}(?:{_alt(w['phase'])}\s+|{_alt(time_words()['date_words']['nam'])}\s+)?"
                                rf"(\d{{4}})\s*(?:-|{_alt(w['to'])})\s*(\d{{4}})(?!\d)")
        self.table_time = [fold_key(h) for h in w["table_time_headers"]]
        self.table_task = [fold_key(h) for h in w["table_task_headers"]]
        self.vision = re.compile(rf"{wb}{_alt(w['vision'])}{we}")
        self.target_words = re.compile(rf"{wb}{_alt(w['target_words'])}{we}")
        self.propaganda = re.compile(rf"^{_alt(w['propaganda_words'])}{we}")
        self.target_sections = [fold_key(s) for s in w["target_sections"]]
        self.stops = re.compile(rf"\s(?:{_alt(w['applies_to_stops'])}){we}")
        # = {wb}{_alt(type words)}\s*(?:so|s6)?…, written to scan faster
        type_words = sorted({e.words for e in doc_type_words()}, key=len, reverse=True)
        self.citation = re.compile(rf"{word_alternation(type_words, '[a-z0-9]')}"
                                   r"\s*(?:so|s6)?\s*:?\s*\d+[\w.]*\s*/\s*[a-z0-9]")
        self.clause_end = re.compile(r";|\.(?=\s)|\n\s*\n|\n\s*[-+•*]\s|\t")
        # the word each match of a scanned pattern starts with (``_Reader.finditer``)
        self.first_words = {
            self.relative: first_words(a for a, _ in w["relative_before"]),
            self.day_of_month: first_words(w["before"] + time_words()["date_words"]["ngay"]),
            self.from_now: first_words(w["from_now"]),
            self.weak: first_words(w["recurrence_weak"]),
            self.label: first_words(w["implementation_labels"]),
            self.before_date: first_words(w["before"]),
            **{p: first_words(words)
               for p, words in zip(self.recurrence.values(), w["recurrence"].values(),
                                   strict=True)}}
        for pattern in self.first_words:
            assert pattern.pattern.startswith(wb) and not pattern.flags & re.IGNORECASE


_VALUE_END = re.compile(r"\n|\.(?=\s)|;")
_FIRST_LINE = re.compile(r"\S[^\n]*")
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*]|\d+(?:\.\d+)*[.)/]|[a-zđ]\)|[IVXL]+[.-])\s+")


def line_core(line: str) -> tuple[int, int]:
    """The span of a line (no newline in it) without its leading spaces and list
    marks and its trailing spaces and punctuation: group 1 of
    ``^[\\s\\-+•*]*(.*?)[\\s.;,]*$``, by ``str`` strips instead of a lazy match."""
    head = line
    while len(stripped := head.lstrip().lstrip("-+•*")) < len(head):
        head = stripped
    core = head
    while len(stripped := core.rstrip().rstrip(".;,")) < len(core):
        core = stripped
    start = len(line) - len(head)
    return start, start + len(core)

_P: _Patterns | None = None


def _patterns() -> _Patterns:
    global _P
    if _P is None:
        _P = _Patterns()
    return _P


# --- hits ----------------------------------------------------------------------

@dataclass
class _Hit:
    start: int  # span of the expression in restored/folded coordinates
    end: int
    kind: str
    first: str | None = None
    last: str | None = None
    recurrence: str | None = None
    role: str = "task"  # plan | title | target | task
    applies_to: str | None = None
    units: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    leads_clause: bool = False  # "Ngày 12/3/2024, …": a step of the plan, or a past event

    @property
    def key(self) -> tuple:
        return (self.kind, self.first, self.last, self.recurrence)

    def last_known(self) -> str | None:
        """The last day covered, when it has a year ("--11-10" has none)."""
        value = self.last or self.first
        return value if value and not value.startswith("--") else None


@dataclass
class _Region:
    """A stretch of text read in one mode: running text, a label's value or a cell."""

    start: int
    end: int
    mode: str  # text | label | cell
    role: str = "task"
    applies_to: str | None = None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, 10**12)) - 1
    for s, e in spans[max(0, index - 1):index + 2]:
        if s < end and start < e:
            return True
    return False


class _Reader:
    def __init__(self, doc: Document, found: Found) -> None:
        self.doc, self.found = doc, found
        self.f = doc.folded
        self.t = doc.restored.text
        self.p = _patterns()
        self.index = found.index(doc)
        self.issued = found.meta.issued_date if found.meta else None
        self._starts: dict[re.Pattern[str], list[int]] = {}
        self._carried: dict[int, str] = {}  # date start → the trigger of "Quý I và Quý III …"
        self.blocked = self._blocked()
        self.hits: list[_Hit] = []
        self.all_dates = find_dates(self.f, self.index.word_places)
        self._date_starts = [d.start for d in self.all_dates]
        self._date_ends = [d.end for d in self.all_dates]  # increasing: the dates do not overlap

    # -- where nothing counts --------------------------------------------------
    def _blocked(self) -> list[tuple[int, int]]:
        h = self.doc.header
        spans: list[tuple[int, int]] = []
        title = h.title
        if h.body_start:
            if title:
                spans += [(0, title.start), (title.end, h.body_start)]
            else:
                spans.append((0, h.body_start))
        for part in (h.recipients, h.signature):
            if part:
                spans.append((part.start, part.end))
        spans += [self._clause_after(s, e) for s, e in self._reference_spans()]
        spans += list(self._quotes())
        return sorted(spans)

    def _reference_spans(self) -> Iterator[tuple[int, int]]:
        positions = self.doc.restored.to_source.positions
        for ref in self.found.references:
            for m in ref.mentions:
                s = bisect.bisect_left(positions, m.start, 0, len(positions) - 1)
                e = bisect.bisect_left(positions, m.end, 0, len(positions) - 1)
                yield s, max(e, s + 1)
        starts = type_word_starts(self.doc, self.index)  # shared with the references' scan
        for m in finditer_at(self.p.citation, self.f, starts):
            yield m.start(), m.end()

    def _clause_after(self, start: int, end: int) -> tuple[int, int]:
        """A citation and its subject: up to the clause end, at most 400 chars."""
        stop = self.p.clause_end.search(self.f, end, min(len(self.f), end + 400))
        limit = stop.start() if stop else min(len(self.f), end + 400)
        # a limit after the citation is the plan's: "… Kế hoạch số 45/KH-UBND trước ngày 15/12"
        if m := self.search(self.p.before_date, end, limit):
            limit = m.start()
        # a time word after a comma starts a new clause: "…số 12/KH-UBND, hằng năm báo cáo"
        for rec in self.p.recurrence.values() if "," in self.f[end:limit] else ():
            m = self.search(rec, end, limit)
            if m and self.f[end:m.start()].rstrip().endswith(","):
                limit = m.start()
        return start, limit

    def _quotes(self) -> Iterator[tuple[int, int]]:
        opened = None
        for m in re.finditer(r'"|\n\s*\n', self.f):
            if m.group() != '"':
                opened = None
            elif opened is None:
                opened = m.start()
            else:
                if m.start() - opened <= 400:
                    yield opened, m.end()
                opened = None

    def finditer(self, pattern: re.Pattern[str], s: int, e: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(self.f, s, e)`` for a pattern of ``p.first_words``."""
        starts = self._starts.get(pattern)
        if starts is None:
            starts = word_starts(self.f, self.p.first_words[pattern], LETTERS_DIGITS.__contains__,
                                 self.index.word_places)
            self._starts[pattern] = starts
        return finditer_at(pattern, self.f, starts, s, e)

    def search(self, pattern: re.Pattern[str], s: int, e: int) -> re.Match[str] | None:
        """``pattern.search(self.f, s, e)`` for a pattern of ``p.first_words``."""
        return next(self.finditer(pattern, s, e), None)

    def free(self, start: int, end: int) -> bool:
        return not _overlaps(self.blocked, start, end)

    # -- regions ------------------------------------------------------------------
    def regions(self) -> list[_Region]:
        h = self.doc.header
        body_end = len(self.f) if h.body_end is None else h.body_end
        special = self._label_regions(h.body_start, body_end) + self._table_regions() \
            + self._line_regions(h.body_start, body_end)
        special.sort(key=lambda r: r.start)
        out: list[_Region] = []
        pos = h.body_start
        for region in special:
            if region.start < pos:
                continue
            if region.start > pos:
                out.append(_Region(pos, region.start, "text"))
            out.append(region)
            pos = region.end
        if pos < body_end:
            out.append(_Region(pos, body_end, "text"))
        return out

    def _in_units_part(self, pos: int) -> bool:
        if any(b.span.start <= pos < b.span.end for b in self.found.unit_blocks):
            return True
        return any(s.start <= pos < s.end
                   for s in self.index.find_sections("to chuc thuc hien", "trach nhiem"))

    def _label_regions(self, start: int, end: int) -> list[_Region]:
        out = []
        for m in self.finditer(self.p.label, start, end):
            stop = _VALUE_END.search(self.f, m.end(), end)
            value_end = stop.start() if stop else end
            role = "plan" if self._plan_label(m.start(), m.group()) else "task"
            task = self._label_task(m.start()) if role == "task" else None
            out.append(_Region(m.end(), value_end, "label", role, task))
        for section in self.index.sections:
            if section.kind in ("roman", "arabic", "letter") and self.p.label_title.match(section.title):
                body = section.heading.end
                stop = _FIRST_LINE.search(self.f, body, section.end)
                if stop and stop.start() >= body:
                    role = "task" if self._in_units_part(section.start) else "plan"
                    out.append(_Region(stop.start(), stop.end(), "label", role))
        return out

    def _plan_label(self, pos: int, label: str) -> bool:
        """A "Thời gian thực hiện:" of the plan itself, not of one task or unit."""
        if self.p.task_label.match(label) or self._in_units_part(pos):
            return False
        around = [s for s in self.index.sections
                  if s.kind in ("roman", "arabic", "letter") and s.heading.end <= pos < s.end]
        if any(self.p.label.search(s.title + ":") for s in around):
            return True
        return all(s.kind == "roman" for s in around)

    def _label_task(self, label_start: int) -> str | None:
        """What a task's "Thời gian: …" line governs: the text before it, or the line above."""
        line = self.doc.line_at(label_start)
        head = self.t[line.start:label_start] if line else ""
        words = _words(head.strip(" -+•*,;:"))
        if len(words) >= 2:
            return " ".join(words[-time_words()["applies_to_max_words"]:]).strip(" ,;:.")
        return self._previous_task(line.start if line else label_start)

    def _table_regions(self) -> list[_Region]:
        out: list[_Region] = []
        time_col = task_col = None
        for line in self.doc.lines:
            text = self.f[line.start:line.end]
            if "\t" not in text:
                if text.strip():
                    time_col = None
                continue
            cells = self._cells(line.start, line.end)
            keys = [fold_key(self.f[s:e]) for s, e in cells]
            header_time = [i for i, k in enumerate(keys) if any(k.startswith(h) for h in self.p.table_time)]
            if header_time:
                time_col = header_time[0]
                tasks = [i for i, k in enumerate(keys) if any(k.startswith(h) for h in self.p.table_task)]
                task_col = tasks[0] if tasks else None
                continue
            if time_col is None or time_col >= len(cells):
                continue
            s, e = cells[time_col]
            task = self._task_cell(cells, keys, task_col, time_col)
            out.append(_Region(s, e, "cell", "task", task))
        return out

    def _cells(self, start: int, end: int) -> list[tuple[int, int]]:
        cells, pos = [], start
        for i in range(start, end + 1):
            if i == end or self.f[i] == "\t":
                cells.append((pos, i))
                pos = i + 1
        return cells

    def _task_cell(self, cells: list[tuple[int, int]], keys: list[str], task_col: int | None,
                   time_col: int) -> str | None:
        order = [task_col] if task_col is not None and task_col < len(cells) else []
        order += [i for i, k in enumerate(keys) if i != time_col and not k.isdigit() and k]
        for i in order:
            s, e = cells[i]
            text = " ".join(self.t[s:e].split())
            if text:
                return text
        return None

    def _line_regions(self, start: int, end: int) -> list[_Region]:
        """A line that holds only a time ("Tháng 12/2025", "Thường xuyên") is a cell."""
        out = []
        for line in self.doc.lines:
            if not start <= line.start < end or "\t" in self.f[line.start:line.end]:
                continue
            s, e = line_core(self.f[line.start:line.end])
            if not 0 < e - s <= 40:
                continue
            s, e = line.start + s, line.start + e
            if self._whole_time(s, e):
                out.append(_Region(s, e, "cell", "task", self._previous_task(line.start)))
        return out

    def _whole_time(self, s: int, e: int) -> bool:
        text = self.f[s:e]
        if self.p.ongoing.match(text) or any(r.fullmatch(text) for r in self.p.recurrence.values()):
            return True
        pos = s
        while pos < e:
            d = parse_date(self.f, pos, bare_year=False)
            if d is None or d.precision in ("year", "day_month") or d.end > e:
                return False
            pos = d.end
            gap = self.p.to.match(self.f, pos, e)
            if gap and gap.end() > pos:
                pos = gap.end()
            elif pos < e:
                return False
        return pos >= e

    def _previous_task(self, pos: int) -> str | None:
        line = self.doc.line_at(pos - 1) if pos > 0 else None
        while line is not None and not self.t[line.start:line.end].strip() and line.start > 0:
            line = self.doc.line_at(line.start - 1)
        if line is None:
            return None
        text = _LIST_MARKER.sub("", self.t[line.start:line.end], count=1)
        return " ".join(text.strip(" -+•*").split()) or None

    # -- reading ------------------------------------------------------------------
    def read(self) -> None:
        for region in self.regions():
            self._read_region(region)
        self._read_title()

    def _read_region(self, region: _Region) -> None:
        taken: list[tuple[int, int]] = []
        s, e, mode = region.start, region.end, region.mode

        def add(hit: _Hit) -> None:
            if not self.free(hit.start, hit.end) or _overlaps(sorted(taken), hit.start, hit.end):
                return
            hit.role = region.role if hit.role == "task" else hit.role
            hit.applies_to = region.applies_to
            taken.append((hit.start, hit.end))
            self.hits.append(hit)

        for m in self.finditer(self.p.relative, s, e):
            add(_Hit(m.start(), m.end(), "before"))
        for m in self.finditer(self.p.day_of_month, s, e):
            if 1 <= int(m["day"]) <= 31:
                day = f"---{int(m['day']):02d}"
                kind = "before" if m["before"] else "date"
                add(_Hit(m.start(), m.end(), kind, None if m["before"] else day, day, "monthly"))
        for m in self.finditer(self.p.from_now, s, e):
            d = parse_date(self.f, m.end(), bare_year=True)
            if d and d.end <= e:
                add(_Hit(m.start(), d.end, "period", self.issued, d.last))
        if mode != "text":
            for m in self.p.phase.finditer(self.f, s, e):
                add(_Hit(m.start(), m.end(), "period", f"{m[1]}-01-01", f"{m[2]}-12-31"))
        self._read_dates(s, e, mode, add)
        self._read_recurrences(s, e, mode, add)
        if mode != "text":
            text = self.f[s:e].strip()
            if self.p.ongoing.match(text):
                add(_Hit(s, e, "recurring", recurrence="periodic"))

    def _read_dates(self, s: int, e: int, mode: str, add) -> None:  # noqa: ANN001
        dates = self._dates_within(s, e) if mode == "text" else self._dates_with_years(s, e)
        used: set[int] = set()
        for i, d in enumerate(dates):
            if d.start in used:
                continue
            hit, partner = self._date_hit(d, dates[i + 1] if i + 1 < len(dates) else None, s, e, mode)
            if partner is not None:
                used.add(partner.start)
            if hit is not None:
                add(hit)

    def _dates_within(self, s: int, e: int) -> list[DateMatch]:
        """The dates of ``find_dates`` that lie inside ``[s, e)``."""
        lo = bisect.bisect_left(self._date_starts, s)
        hi = bisect.bisect_right(self._date_ends, e)
        return self.all_dates[lo:hi]

    def _dates_with_years(self, s: int, e: int) -> list[DateMatch]:
        out, pos = [], s
        while pos < e:
            d = parse_date(self.f, pos, bare_year=True)
            if d and d.end <= e:
                out.append(d)
                pos = d.end
            else:
                pos += 1
        return out

    def _date_hit(self, d: DateMatch, nxt: DateMatch | None, s: int, e: int,
                  mode: str) -> tuple[_Hit | None, DateMatch | None]:
        before = self.f[max(s, d.start - 40):d.start]
        from_m = self.p.from_.search(before)
        start = d.start - (len(before) - from_m.start()) if from_m else d.start
        # a range: "từ D1 đến D2", "D1 - D2"
        link = self.p.to.match(self.f, d.end, e)
        if link and link.end() > d.end:
            other = parse_date(self.f, link.end(), bare_year=True)
            if other and other.end <= e and (from_m or mode != "text" or _rangeable(d, other)):
                first = d.with_year(_borrow_year(d, other)) if other.year else d
                if first.first and other.last:
                    return _Hit(start, other.end, "period", first.first, other.last), other
        trigger = self._trigger(before)
        trigger_start = d.start - (len(before) - trigger[1]) if trigger else d.start
        other = self._and_date(d, e)
        if other is not None:  # "Quý I và Quý II năm 2024": one period, or the year shared
            if _consecutive(d, other) and d.with_year(other.year).first and other.last:
                return _Hit(min(start, trigger_start), other.end, "period",
                            d.with_year(other.year).first, other.last), other
            d = d.with_year(other.year or 0)
        if from_m:
            return None, None
        if carried := self._carried.pop(d.start, None):  # "… trong Quý I và [trong] Quý III"
            return self._triggered(d, d.start, carried), None
        if trigger:
            joined = other or self._date_after_and(d, e)
            if joined is not None:  # "trước ngày 20/6 và ngày 20/12": both before
                self._carried[joined.start] = trigger[0]
            return self._triggered(d, trigger_start, trigger[0]), None
        if mode != "text" or d.precision == "day_month":
            return self._standing(d), None
        if self._leads_clause(d):
            hit = self._standing(d)
            if hit is not None:
                hit.leads_clause = True
            return hit, None
        return None, None

    def _and_date(self, d: DateMatch, e: int) -> DateMatch | None:
        """The dated month or quarter after "và" that gives a yearless one its year."""
        if d.year is not None or d.precision not in ("month", "quarter"):
            return None
        other = self._date_after_and(d, e)
        if other is None or not other.year or other.precision != d.precision:
            return None
        return other

    def _date_after_and(self, d: DateMatch, e: int) -> DateMatch | None:
        link = self.p.and_.match(self.f, d.end, e)
        other = parse_date(self.f, link.end()) if link else None
        return other if other is not None and other.end <= e else None

    def _trigger(self, before: str) -> tuple[str, int] | None:
        """The trigger ("trước", "trong", "vào", "đến") that ends ``before``, and where it
        starts in ``before``."""
        for pattern, kind in ((self.p.before, "before"), (self.p.within, "within"),
                              (self.p.on, "on"), (self.p.until, "until")):
            if m := pattern.search(before):
                return kind, m.start()
        return None

    def _leads_clause(self, d: DateMatch) -> bool:
        """"Quý IV/2025: tổng kết …", "Tháng 12/2025, …": a dated step (not a bare year)."""
        if d.precision not in ("day", "month", "quarter", "half"):
            return False
        clause_start, _ = self.clause(d.start, d.end)
        head = self.f[clause_start:d.start].strip(" -+•*\n\t")
        return not head and bool(re.match(r"\s*[:,]", self.f[d.end:d.end + 3]))

    def _triggered(self, d: DateMatch, start: int, trigger: str) -> _Hit | None:
        p = d.precision
        if trigger == "before":
            return _Hit(start, d.end, "before", None, d.last)
        if trigger == "within":
            if p in ("year", "half"):
                return _Hit(start, d.end, "period", d.first, d.last)
            return _Hit(start, d.end, "before", None, d.last)
        if trigger == "on":
            if p in ("day", "day_month"):
                return _Hit(start, d.end, "date", d.iso, d.iso)
            if p in ("year", "half"):
                return _Hit(start, d.end, "period", d.first, d.last)
            return _Hit(start, d.end, "before", None, d.last)
        if p == "year":  # "đến (hết) năm 2030": a target milestone
            return _Hit(start, d.end, "before", None, d.last, role="target")
        return _Hit(start, d.end, "before", None, d.last)

    def _standing(self, d: DateMatch) -> _Hit | None:
        """A date standing alone as a completion time (label value, cell, "ngày 26/6 hằng năm")."""
        p = d.precision
        if p == "day_month":
            return _Hit(d.start, d.end, "date", d.iso, d.iso, role="day_month")
        if p in ("year", "half"):
            return _Hit(d.start, d.end, "period", d.first, d.last)
        return _Hit(d.start, d.end, "before", None, d.last)

    def _read_recurrences(self, s: int, e: int, mode: str, add) -> None:  # noqa: ANN001
        words = []
        for rec, pattern in self.p.recurrence.items():
            words += [(m.start(), m.end(), rec) for m in self.finditer(pattern, s, e)]
        words += [(m.start(), m.end(), "weak") for m in self.finditer(self.p.weak, s, e)]
        words = _drop_nested(sorted(words))
        for cluster in self._clusters(words):
            start, end = cluster[0][0], cluster[-1][1]
            recs = [r for _, _, r in cluster]
            specific = [r for r in recs if r not in ("periodic", "weak")]
            if not specific and "periodic" not in recs:
                continue  # "đột xuất" or "6 tháng" alone
            rec = specific[0] if specific else "periodic"
            if mode == "text" and self._is_rate(start, end):
                continue
            if self._absorb(start, end, rec):
                continue
            add(_Hit(start, end, "recurring", recurrence=rec))

    def _clusters(self, words: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = []
        for word in words:
            if out and self.p.glue.match(self.f[out[-1][-1][1]:word[0]]):
                out[-1].append(word)
            else:
                out.append([word])
        return out

    def _is_rate(self, start: int, end: int) -> bool:
        clause_start, clause_end = self.clause(start, end)
        if self.p.rate_context.search(self.f, clause_start, clause_end):
            return True
        return bool(self.p.rate_before.search(self.f[max(clause_start, start - 20):start]))

    def _absorb(self, start: int, end: int, rec: str) -> bool:
        """Join a recurrence to the dated hit beside it: "trước ngày 10/11 hằng năm"."""
        for hit in self.hits:
            if hit.kind == "recurring" or hit.recurrence not in (None, "periodic"):
                continue
            gap = self.f[end:hit.start] if end <= hit.start else self.f[hit.end:start]
            if start >= hit.end or end <= hit.start:
                if len(gap) <= 4 and re.fullmatch(r"[\s,;:()]*", gap):
                    hit.recurrence = rec if hit.recurrence is None or rec != "periodic" \
                        else hit.recurrence
                    hit.start, hit.end = min(hit.start, start), max(hit.end, end)
                    if hit.role == "day_month":
                        hit.role = "task"
                    self._share_recurrence(hit)
                    return True
        return False

    def _share_recurrence(self, hit: _Hit) -> None:
        """ "trước ngày 20 tháng 6 và ngày 20 tháng 12 hằng năm": both days are yearly."""
        for other in self.hits:
            if other is not hit and other.recurrence is None and other.end <= hit.start \
                    and other.kind in ("before", "date") \
                    and self.p.and_.fullmatch(self.f, other.end, hit.start):
                other.recurrence = hit.recurrence

    def _read_title(self) -> None:
        title = self.doc.header.title
        if title is None:
            title = self._find_title()
        if title is None:
            return
        s, e = title.start, title.end
        hit = None
        years = [d for d in self.all_dates if s <= d.start and d.end <= e and d.precision == "year"
                 and not self.p.vision.search(self.f[max(s, d.start - 20):d.start])]
        if m := self.p.phase.search(self.f, s, e):
            hit = _Hit(m.start(), m.end(), "period", f"{m[1]}-01-01", f"{m[2]}-12-31")
        elif years and (m := self.p.until.search(self.f[max(s, years[0].start - 12):years[0].start])):
            # "… đến năm 2030, tầm nhìn đến năm 2045": from the issue date to 2030
            d = years[0]
            hit = _Hit(d.start - (len(m.string) - m.start()), d.end, "period", self.issued, d.last)
        elif years:
            hit = _Hit(years[-1].start, years[-1].end, "period", years[-1].first, years[-1].last)
        if hit:
            hit.role = "title"
            hit.applies_to = " ".join(self.t[s:e].split())
            self.hits.append(hit)

    def _find_title(self):  # noqa: ANN202
        meta = self.found.meta
        if not meta or not meta.title:
            return None
        key = fold_key(meta.title)[:60]
        pattern = r"\W+".join(re.escape(w) for w in key.split())
        m = re.search(pattern, self.f)
        if not m:
            return None
        from pipeline.document import Span
        return Span(m.start(), m.start() + len(meta.title))

    # -- clauses, applies_to, units ---------------------------------------------
    def clause(self, start: int, end: int) -> tuple[int, int]:
        lo = max(0, start - 400)
        cut = lo
        for m in self.p.clause_end.finditer(self.f, lo, start):
            cut = m.end()
        if cut == lo and lo > 0:
            cut = start
        stop = self.p.clause_end.search(self.f, end, min(len(self.f), end + 400))
        return cut, stop.start() if stop else min(len(self.f), end + 400)

    def applies_to(self, hit: _Hit) -> str | None:
        if hit.applies_to:
            return hit.applies_to
        if hit.role == "plan":
            return time_words()["implementation_applies_to"]
        s, e = self.clause(hit.start, hit.end)
        for section in self.index.sections:  # a unit's heading line is not its duty
            if s <= section.heading.end <= hit.start:
                s = section.heading.end
        max_words = time_words()["applies_to_max_words"]
        head = self.t[s:hit.start]
        if fold_key(head) in time_words()["applies_to_labels"]:
            head = ""
        tail_end = e
        if stop := self.p.stops.search(self.f, hit.end, e):
            tail_end = stop.start()
        tail = self.t[hit.end:tail_end]
        head_words = _words(head)
        tail_words = _short(_words(tail), max_words)
        drop = set(time_words()["applies_to_drop_first"])
        while tail_words and fold_key(tail_words[0]) in drop:
            tail_words = tail_words[1:]
        if len(head_words) <= 1:
            words = tail_words
        else:
            words = head_words[-max_words:] + tail_words[:max(0, max_words - len(head_words))]
        text = " ".join(words).strip(" ,;:-–()")
        before = s
        while before > 0 and self.f[before - 1].isspace():
            before -= 1
        if not text and self.f[before - 1:before] == ";":  # "Chủ trì …; hoàn thành trong Quý II"
            text = self._clause_before(before - 1)
        return text or None

    def _clause_before(self, end: int) -> str:
        """The duty in the clause that ends at ``end`` on the same line."""
        start, _ = self.clause(end, end)
        line = self.doc.line_at(end)
        if line is not None:
            start = max(start, line.start)
        words = _short(_words(self.t[start:end]), time_words()["applies_to_max_words"])
        return " ".join(words).strip(" ,;:-–()")

    def units(self, hit: _Hit) -> list[str]:
        if hit.role in ("plan", "title"):
            return []
        blocks = [b for b in self.found.unit_blocks if b.span.start <= hit.start < b.span.end]
        if not blocks:
            return []
        size = min(b.span.end - b.span.start for b in blocks)
        names: list[str] = []
        for block in blocks:  # a task row with two lead units gives two blocks
            if block.span.end - block.span.start == size:
                names += [n for n in block.names if n not in names]
        return names


def _words(text: str) -> list[str]:
    return [w for w in text.replace("\n", " ").split() if w not in "-+•*"]


def _short(words: list[str], max_words: int) -> list[str]:
    """The words of a duty, up to the first comma after its first six words."""
    for i, word in enumerate(words[:max_words]):
        if i >= 5 and word.endswith((",", ";")):
            return words[:i + 1]
    return words[:max_words]


def _drop_nested(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for word in sorted(words, key=lambda w: (w[0], -w[1])):
        if out and word[0] < out[-1][1]:
            continue
        out.append(word)
    return out


def _rangeable(a: DateMatch, b: DateMatch) -> bool:
    """"Tháng 11 - 12/2025", "Quý IV/2025 - Quý II/2026": both ends of one kind of date."""
    pa, pb = a.precision, b.precision
    if pa == "day_month" and pb == "day":
        return True
    if pa == "month" and a.year is None:
        return pb == "month"
    return pa == pb and pa in ("month", "quarter", "year", "day", "half")


def _consecutive(a: DateMatch, b: DateMatch) -> bool:
    if a.precision == "quarter" or (a.quarter and b.quarter):
        return bool(a.quarter and b.quarter and b.quarter == a.quarter + 1)
    return bool(a.month and b.month and not a.day and not b.day and b.month == a.month + 1)


def _borrow_year(first: DateMatch, other: DateMatch) -> int:
    """"từ tháng 10 đến tháng 3/2024": the start is in the year before."""
    year = other.year or 0
    if first.month and other.month and first.month > other.month:
        return year - 1
    return year


# --- deciding, merging, building ---------------------------------------------------

def _plan_period_exists(hits: list[_Hit]) -> bool:
    return any(h.role == "plan" and h.kind == "period" for h in hits)


def _keep(reader: _Reader, hit: _Hit, has_period: bool) -> bool:
    if hit.role == "day_month":  # a yearless day with no trigger and no recurrence
        return False
    if hit.role == "target":
        return not has_period and reader_target_context(reader, hit)
    last = hit.last_known()
    if hit.leads_clause and last and reader.issued and len(last) == len(reader.issued) == 10:
        return last >= reader.issued  # "Ngày 12/3/2024, UBND tỉnh ban hành …": already past
    if hit.kind in ("before", "period", "date") and reader.issued and last:
        return last >= reader.issued[:4]
    return True


def reader_target_context(reader: _Reader, hit: _Hit) -> bool:
    """A target milestone sits in a "Mục tiêu" part or a clause that sets a target."""
    s, e = reader.clause(hit.start, hit.end)
    head = reader.f[s:e].lstrip(" -+•*\n")
    if reader.p.propaganda.match(head):
        return False
    for section in reader.index.sections:
        if section.start <= hit.start < section.end and any(
                fold_key(section.title).startswith(t) for t in reader.p.target_sections):
            return True
    return bool(reader.p.target_words.search(reader.f, s, e))


def _same_duty(a: _Hit, b: _Hit) -> bool:
    if a.key != b.key:
        return False
    if {a.role, b.role} <= {"plan", "title"}:
        return True
    if a.role in ("plan", "title") or b.role in ("plan", "title"):
        return False
    ka = " ".join(fold_key(a.applies_to or "").split()[:8])
    kb = " ".join(fold_key(b.applies_to or "").split()[:8])
    if not ka and not kb:
        return True
    return fuzz.token_set_ratio(ka, kb) >= 70


def _merge(hits: list[_Hit]) -> list[_Hit]:
    out: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        hit.spans = hit.spans or [(hit.start, hit.end)]
        twin = next((o for o in out if _same_duty(o, hit)), None)
        if twin is None:
            out.append(hit)
            continue
        if twin.role == "title" and hit.role == "plan":  # the stated period speaks for the plan
            twin.role, twin.applies_to = "plan", hit.applies_to
            twin.start, twin.end = hit.start, hit.end
        twin.spans.extend(hit.spans)
        twin.units += [u for u in hit.units if u not in twin.units]
    return out


def _give_plan_year(hits: list[_Hit]) -> None:
    """ "xong trước ngày 30/9" in a plan for one year (its title's "năm 2024" or its stated
    period): that year's 30 September. A yearly duty keeps "--09-30"."""
    years = {h.first[:4] for h in hits if h.role in ("plan", "title") and h.kind == "period"
             and h.first and h.last and h.first[:4] == h.last[:4]}
    spans = {(h.first or "")[:4] + (h.last or "")[:4] for h in hits
             if h.role in ("plan", "title") and h.kind == "period"}
    if len(years) != 1 or len(spans) != 1:
        return
    (year,) = years
    for hit in hits:
        if hit.recurrence is None and hit.kind in ("before", "date"):
            if hit.last and hit.last.startswith("--"):
                hit.last = year + hit.last[1:]
            if hit.first and hit.first.startswith("--"):
                hit.first = year + hit.first[1:]


def _text(doc: Document, start: int, end: int) -> str:
    text = " ".join(doc.restored.text[start:end].split())
    if text.count("(") > text.count(")"):
        text += ")"
    return text


def extract(doc: Document, found: Found) -> None:
    """Set ``found.deadlines`` from the document's time expressions.

    ``found.meta`` (issue date, title), ``found.references`` (citations to skip)
    and ``found.unit_blocks`` (who a duty belongs to) must be filled already.
    """
    reader = _Reader(doc, found)
    reader.read()
    has_period = _plan_period_exists(reader.hits)
    kept = [h for h in reader.hits if _keep(reader, h, has_period)]
    _give_plan_year(kept)
    for hit in kept:
        hit.applies_to = reader.applies_to(hit)
        hit.units = reader.units(hit)
    found.deadlines = [
        Deadline(text=_text(doc, h.start, h.end), kind=h.kind,  # type: ignore[arg-type]
                 start=h.first if h.kind in ("period", "date") else None,
                 end=h.last if h.kind != "recurring" else None,
                 recurrence=h.recurrence,  # type: ignore[arg-type]
                 applies_to=h.applies_to, units=h.units,
                 mentions=[doc.mention(s, e) for s, e in sorted(set(h.spans))])
        for h in _merge(kept)
    ]
