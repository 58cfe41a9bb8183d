"""Dates as Vietnamese documents write them, read from the folded text.

The one date reader of the project: the metadata, reference and deadline
extractors all use it. It works on the *folded* view (``Document.folded``:
lower case, no diacritics, one character per character of the restored text),
so a span it returns is also a span of ``Document.restored.text``.

API
---
``find_dates(folded)``
    every date in the text, left to right, not overlapping.
``parse_date(folded, start, bare_year=False)``
    the longest date that begins exactly at ``start``, or None.
``DateMatch``
    ``start``/``end`` (the span, "ngày" included), ``year``/``month``/``day``/
    ``quarter``/``half`` as read, and
    ``iso`` (the contract's value), ``first``/``last`` (the first and last day the
    date covers, ISO), ``with_year(y)`` (fill a missing year).

Forms (folded input → ``iso``; ``first`` .. ``last``)::

    "18/01/2022", "18-01-2022", "18.01.2022"          → "2022-01-18"
    "ngay 21 thang 7 nam 2022", "ngay 22\\nthang 8 nam 2022"  → "2022-07-21" / "2022-08-22"
    "ngay  thang 9 nam 2022" (day left blank)           → "2022-09"
    "ngay 10/11", "ngay 15 thang 12" (no year)          → "--11-10", "--12-15"
    "thang 12/2025", "thang 3 nam 2023", "12/2025"      → "2025-12"; 2025-12-01 .. 2025-12-31
    "thang 3" (no year)                                 → "--03"
    "nam 2023"                                          → "2023"; 2023-01-01 .. 2023-12-31
    "quy iv/2025", "quy 4 nam 2025"                     → "2025-Q4"; 2025-10-01 .. 2025-12-31
    "6 thang dau nam 2025"                              → "2025-H1"; 2025-01-01 .. 2025-06-30
    "2025" (only with ``bare_year=True``)               → "2025"

Example::

    >>> from pipeline.normalise.fold import fold
    >>> [d.iso for d in find_dates(fold("Quyết định số 90/QĐ-TTg ngày 18/01/2022"))]
    ['2022-01-18']

The words ("ngày", "tháng", "năm", "quý", with OCR variants) come from
``extractors/data/time_words.yaml``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.lexicon import load_yaml
from extractors.scan import LETTERS_DIGITS, WordPlaces, word_starts

MIN_YEAR, MAX_YEAR = 1900, 2100


def time_words() -> dict:
    """The parsed ``time_words.yaml`` (shared with the deadline extractor)."""
    return load_yaml("time_words.yaml")


def month_end(year: int | None, month: int) -> int:
    """Last day of a month; a month with no year is taken in a common year."""
    return calendar.monthrange(year if year else 2001, month)[1]


@dataclass(frozen=True)
class DateMatch:
    """One date in the folded text; ``start``/``end`` are offsets into it."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None

    @property
    def precision(self) -> str:
        """"day", "month", "quarter", "half", "year" or "day_month" (no year)."""
        if self.day is not None:
            return "day" if self.year is not None else "day_month"
        if self.month is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        return "year"

    @property
    def iso(self) -> str | None:
        y = f"{self.year:04d}" if self.year is not None else None
        if self.day is not None and self.month is not None:
            return f"{y}-{self.month:02d}-{self.day:02d}" if y else f"--{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{y}-{self.month:02d}" if y else f"--{self.month:02d}"
        if self.quarter is not None:
            return f"{y}-Q{self.quarter}" if y else None
        if self.half is not None:
            return f"{y}-H{self.half}" if y else None
        return y

    @property
    def first(self) -> str | None:
        """The first day the date covers ("2023-03-01" for "tháng 3/2023")."""
        month, day = self._first_month_day()
        if month is None:
            return None
        return self._format(month, day)

    @property
    def last(self) -> str | None:
        """The last day the date covers ("2023-12-31" for "tháng 12/2023")."""
        month, day = self._last_month_day()
        if month is None:
            return None
        return self._format(month, day)

    def with_year(self, year: int) -> DateMatch:
        """The same date in ``year`` (for "từ tháng 3 đến tháng 12/2023")."""
        return replace(self, year=year) if self.year is None else self

    def _format(self, month: int, day: int) -> str:
        if self.year is None:
            return f"--{month:02d}-{day:02d}"
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def _first_month_day(self) -> tuple[int | None, int]:
        if self.month is not None:
            return self.month, self.day or 1
        if self.quarter is not None:  # a yearless one ("Quý IV hằng năm") is "--10-01"
            return 3 * self.quarter - 2, 1
        if self.half is not None:
            return 6 * self.half - 5, 1
        return (1, 1) if self.year else (None, 1)

    def _last_month_day(self) -> tuple[int | None, int]:
        if self.month is not None:
            return self.month, self.day or month_end(self.year, self.month)
        if self.quarter is not None:
            month = 3 * self.quarter
            return month, month_end(self.year, month)
        if self.half is not None:
            month = 6 * self.half
            return month, month_end(self.year, month)
        return (12, 31) if self.year else (None, 1)


def _alt(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted(set(words), key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Patterns:
    full: re.Pattern[str]  # ngày D tháng M năm Y, day or month may be blank
    day_month: re.Pattern[str]  # ngày D tháng M
    numeric: re.Pattern[str]  # [ngày] D/M[/Y], D-M-Y, D.M.Y
    month: re.Pattern[str]  # tháng M[/Y | năm Y]
    month_year: re.Pattern[str]  # M/YYYY
    quarter: re.Pattern[str]  # quý IV/2025
    half: re.Pattern[str]  # 6 tháng đầu năm 2025
    year: re.Pattern[str]  # năm 2025
    bare_year: re.Pattern[str]  # 2025
    anchor: re.Pattern[str]
    first_chars: dict[str, frozenset[str]]  # pattern → ASCII characters a match starts with
    anchor_words: frozenset[str]  # the words of ``anchor`` (its other choice is a digit)
    may_start: dict[str, frozenset[str]]  # ASCII character → patterns that can start with it


def _first_chars(words: list[str]) -> frozenset[str]:
    return frozenset(c for w in words for c in (w[0].lower(), w[0].upper()))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    words = time_words()["date_words"]
    ngay, thang, nam, quy = (_alt(words[k]) for k in ("ngay", "thang", "nam", "quy"))
    romans = "|".join(sorted(time_words()["quarters"], key=len, reverse=True))
    blank = r"[\s.…_,]*"  # the dots or spaces of a left-blank day or month
    w = r"(?<![a-z0-9])"  # word start
    year4 = r"(\d{4})(?!\d)"
    flags = re.IGNORECASE
    digits = frozenset("0123456789")
    ngay_first = _first_chars(words["ngay"])
    patterns = _Patterns(
        full=re.compile(rf"{w}{ngay}{blank}(\d{{1,2}})?{blank}{thang}{blank}(\d{{1,2}})?"
                        rf"{blank}{nam}\s*{year4}", flags),
        day_month=re.compile(rf"{w}{ngay}\s*(\d{{1,2}})[\s,]*{thang}\s*(\d{{1,2}})(?![\d/])",
                             flags),
        numeric=re.compile(rf"{w}(?:{ngay}\s*)?(\d{{1,2}})(?:\s*/\s*(\d{{1,2}})(?:\s*/\s*{year4})?"
                           rf"|-(\d{{1,2}})-{year4}|\.(\d{{1,2}})\.{year4})(?![\w/])", flags),
        month=re.compile(rf"{w}{thang}\s*(\d{{1,2}})(?:\s*[/.-]\s*{year4}"
                         rf"|[\s,]*{nam}\s*{year4})?(?![\d/])", flags),
        month_year=re.compile(rf"(?<![\w/.])(\d{{1,2}})\s*/\s*{year4}(?![\w/])", flags),
        quarter=re.compile(rf"{w}{quy}\s*({romans}|[1-4])(?![a-z0-9])"
                           rf"(?:\s*[/.-]\s*{year4}|[\s,]*{nam}\s*{year4})?", flags),
        half=re.compile(rf"{w}(?:6|06|sau)\s*{thang}\s*(dau|cuoi)\s*{nam}\s*{year4}", flags),
        year=re.compile(rf"{w}{nam}\s*{year4}", flags),
        bare_year=re.compile(rf"(?<![\w/.]){year4}(?![\w/])", flags),
        anchor=re.compile(rf"{w}(?:{ngay}|{thang}|{quy}|{nam}|6|06|sau|\d)", flags),
        first_chars={"full": ngay_first, "day_month": ngay_first, "numeric": ngay_first | digits,
                     "month": _first_chars(words["thang"]), "month_year": digits,
                     "quarter": _first_chars(words["quy"]), "half": frozenset("06sS"),
                     "year": _first_chars(words["nam"]), "bare_year": digits},
        anchor_words=frozenset(words["ngay"] + words["thang"] + words["quy"] + words["nam"]
                               + ["sau"]),
        may_start={},
    )
    for code in range(128):
        patterns.may_start[chr(code)] = frozenset(
            name for name, chars in patterns.first_chars.items() if chr(code) in chars)
    return patterns


def _num(text: str | None) -> int | None:
    return int(text) if text else None


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None or not 1 <= day <= month_end(year or 2000, month):
            return False
    return True


def _candidates(folded: str, start: int, bare_year: bool) -> list[DateMatch]:
    p = _patterns()
    out: list[DateMatch] = []
    may = p.may_start.get(folded[start], p.first_chars)  # the patterns worth trying
    if "full" in may and (m := p.full.match(folded, start)):
        day, month, year = _num(m[1]), _num(m[2]), _num(m[3])
        if month is None:
            day = None  # "ngày tháng năm 2022": only the year is known
        out.append(DateMatch(m.start(), m.end(), year, month, day))
    if "day_month" in may and (m := p.day_month.match(folded, start)):
        out.append(DateMatch(m.start(), m.end(), None, _num(m[2]), _num(m[1])))
    if "numeric" in may and (m := p.numeric.match(folded, start)):
        day = _num(m[1])
        month = _num(m[2] or m[4] or m[6])
        year = _num(m[3] or m[5] or m[7])
        out.append(DateMatch(m.start(), m.end(), year, month, day))
    if "month" in may and (m := p.month.match(folded, start)):
        out.append(DateMatch(m.start(), m.end(), _num(m[2] or m[3]), _num(m[1])))
    if "month_year" in may and (m := p.month_year.match(folded, start)):
        out.append(DateMatch(m.start(), m.end(), _num(m[2]), _num(m[1])))
    if "quarter" in may and (m := p.quarter.match(folded, start)) and (
            quarter := _quarter(m[1])):
        out.append(DateMatch(m.start(), m.end(), _num(m[2] or m[3]), quarter=quarter))
    if "half" in may and (m := p.half.match(folded, start)):
        half = 1 if m[1].lower() == "dau" else 2
        out.append(DateMatch(m.start(), m.end(), _num(m[2]), half=half))
    if "year" in may and (m := p.year.match(folded, start)):
        out.append(DateMatch(m.start(), m.end(), _num(m[1])))
    if bare_year and "bare_year" in may and (m := p.bare_year.match(folded, start)):
        out.append(DateMatch(m.start(), m.end(), _num(m[1])))
    return [d for d in out if d.end > d.start and _valid(d.year, d.month, d.day)]


def _quarter(numeral: str) -> int | None:
    """ "IV" → 4, "2" → 2; the case-blind pattern also lets a dotless "ı" stand for i."""
    numeral = numeral.lower().replace("ı", "i")
    if numeral.isdigit():
        return int(numeral)
    return time_words()["quarters"].get(numeral)


def parse_date(folded: str, start: int, bare_year: bool = False) -> DateMatch | None:
    """The longest date beginning exactly at ``start`` of the folded text.

    ``bare_year`` also accepts a lone four-digit year ("2025"), which is a date
    only in a context the caller knows (after "đến", in "2021 - 2025").

    >>> parse_date("truoc ngay 10/11 hang nam", 6).iso
    '--11-10'
    """
    if not 0 <= start < len(folded):
        return None
    found = _candidates(folded, start, bare_year)
    if not found:
        return None
    return max(found, key=lambda d: (d.end, d.year is not None))


def find_dates(folded: str, word_places: WordPlaces | None = None) -> list[DateMatch]:
    """Every date in the folded text, left to right, not overlapping.

    ``word_places``: ``DocIndex.word_places`` when ``folded`` is a document's.

    >>> [d.iso for d in find_dates("tu thang 3/2023 den thang 12/2023")]
    ['2023-03', '2023-12']
    """
    out: list[DateMatch] = []
    pos = 0
    for start in _anchors(folded, word_places):
        if start < pos:
            continue
        found = parse_date(folded, start)
        if found is not None:
            out.append(found)
            pos = found.end
    return out


_DIGIT_AT_WORD_START = re.compile(r"\d(?<![a-z0-9]\d)")
_FOLDS_TO_ASCII = ("\u0131", "\u017f")  # ı, ſ: lower case, yet (?i) matches them to i, s


def _anchors(folded: str, word_places: WordPlaces | None) -> list[int]:
    """Every place the anchor pattern matches, in order.

    In a lower-case text (a folded one) that is where a digit or one of the
    date words starts a word, found by ``str.find``: cheaper than the pattern.
    """
    p = _patterns()
    if folded != folded.lower() or any(ch in folded for ch in _FOLDS_TO_ASCII):
        return [m.start() for m in p.anchor.finditer(folded)]
    digits = [m.start() for m in _DIGIT_AT_WORD_START.finditer(folded)]
    words = word_starts(folded, p.anchor_words, LETTERS_DIGITS.__contains__, word_places)
    return sorted(set(digits).union(words))
