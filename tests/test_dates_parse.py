"""The date reader (extractors/dates.py): the ways plans write dates, and robustness."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import find_dates, month_end, parse_date
from pipeline.normalise.fold import fold

# text as printed → (iso, first day, last day) of the one date in it
ROWS = [
    ("Quý I1/2024", "2024-Q2", "2024-04-01", "2024-06-30"),  # an OCR's "1" for "I"
    ("Quý 1V/2025", "2025-Q4", "2025-10-01", "2025-12-31"),
    ("18/01/2022", "2022-01-18", "2022-01-18", "2022-01-18"),
    ("ngày 18/01/2022", "2022-01-18", "2022-01-18", "2022-01-18"),
    ("Ngày 5/8/2022", "2022-08-05", "2022-08-05", "2022-08-05"),
    ("18-01-2022", "2022-01-18", "2022-01-18", "2022-01-18"),
    ("18.01.2022", "2022-01-18", "2022-01-18", "2022-01-18"),
    ("ngày 18 / 01 / 2022", "2022-01-18", "2022-01-18", "2022-01-18"),
    ("ngày 21 tháng 7 năm 2022", "2022-07-21", "2022-07-21", "2022-07-21"),
    ("ngay 21 thang 7 nam 2022", "2022-07-21", "2022-07-21", "2022-07-21"),
    ("NGÀY 21 THÁNG 7 NĂM 2022", "2022-07-21", "2022-07-21", "2022-07-21"),
    ("ngày 22\ntháng 8 năm 2022", "2022-08-22", "2022-08-22", "2022-08-22"),
    ("ngày 22 tháng 8\nnăm 2022", "2022-08-22", "2022-08-22", "2022-08-22"),
    ("ngày 30 tháng 6 năm 2022", "2022-06-30", "2022-06-30", "2022-06-30"),
    ("Tuy Phước, ngày    tháng 9 năm 2022", "2022-09", "2022-09-01", "2022-09-30"),
    ("ngày ... tháng 9 năm 2022", "2022-09", "2022-09-01", "2022-09-30"),
    ("ngày     tháng     năm 2023", "2023", "2023-01-01", "2023-12-31"),
    ("ngày 10/11 hằng năm", "--11-10", "--11-10", "--11-10"),
    ("ngày 26/6", "--06-26", "--06-26", "--06-26"),
    ("ngày 15 tháng 12", "--12-15", "--12-15", "--12-15"),
    ("tháng 12/2025", "2025-12", "2025-12-01", "2025-12-31"),
    ("Tháng 02/2024", "2024-02", "2024-02-01", "2024-02-29"),
    ("tháng 3 năm 2023", "2023-03", "2023-03-01", "2023-03-31"),
    ("tháng 11-2025", "2025-11", "2025-11-01", "2025-11-30"),
    ("12/2025", "2025-12", "2025-12-01", "2025-12-31"),
    ("tháng 3", "--03", "--03-01", "--03-31"),
    ("năm 2023", "2023", "2023-01-01", "2023-12-31"),
    ("Năm 2023", "2023", "2023-01-01", "2023-12-31"),
    ("Quý IV/2025", "2025-Q4", "2025-10-01", "2025-12-31"),
    ("quý III/2026", "2026-Q3", "2026-07-01", "2026-09-30"),
    ("Quý I năm 2024", "2024-Q1", "2024-01-01", "2024-03-31"),
    ("quý 2/2025", "2025-Q2", "2025-04-01", "2025-06-30"),
    ("quy iv/2025", "2025-Q4", "2025-10-01", "2025-12-31"),
    ("Quý ıv/2025", "2025-Q4", "2025-10-01", "2025-12-31"),  # OCR: dotless ı for i
    ("6 tháng đầu năm 2025", "2025-H1", "2025-01-01", "2025-06-30"),
    ("6 tháng cuối năm 2025", "2025-H2", "2025-07-01", "2025-12-31"),
    ("ngay 29/2/2024", "2024-02-29", "2024-02-29", "2024-02-29"),
]


@pytest.mark.parametrize(("text", "iso", "first", "last"), ROWS)
def test_one_date(text: str, iso: str, first: str, last: str) -> None:
    found = find_dates(fold(text))
    assert len(found) == 1, found
    date = found[0]
    assert (date.iso, date.first, date.last) == (iso, first, last)
    assert 0 <= date.start < date.end <= len(text)


# numbers that are not dates
@pytest.mark.parametrize("text", [
    "2021-2025", "giai đoạn 2021 - 2025", "06/2022/TT-BTTTT", "2.2. Phạm vi",
    "1.200.000.000 đồng", "hơn 3,2 tỷ đồng", "Số: 194/KH-UBND", "90/QĐ-TTg",
    "ngày 31/2/2022", "ngày 32/1/2022", "tháng 13/2025", "quý V/2025", "theo quy định",
    "Nghị quyết số 88/2014/QH13", "10/KH-UBND", "hằng tháng", "6 tháng",
])
def test_not_a_date(text: str) -> None:
    assert find_dates(fold(text)) == []


def test_span_is_the_printed_date() -> None:
    text = "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ"
    (date,) = find_dates(fold(text))
    assert text[date.start:date.end] == "ngày 18/01/2022"


def test_several_dates_in_order() -> None:
    text = "Từ tháng 3/2023 đến tháng 12/2023; Quý IV/2025 - Quý II/2026"
    assert [d.iso for d in find_dates(fold(text))] == ["2023-03", "2023-12", "2025-Q4", "2026-Q2"]


def test_parse_date_is_anchored() -> None:
    folded = fold("trước ngày 10/11 hằng năm")
    assert parse_date(folded, 0) is None
    assert parse_date(folded, 6).iso == "--11-10"
    assert parse_date(folded, 600) is None


def test_bare_year_only_when_asked() -> None:
    folded = fold("đến 2025")
    assert parse_date(folded, 4) is None
    assert parse_date(folded, 4, bare_year=True).iso == "2025"


def test_with_year_fills_a_missing_year() -> None:
    (first, last) = find_dates(fold("từ tháng 3 đến tháng 12/2023"))
    assert first.iso == "--03"
    assert first.with_year(last.year).first == "2023-03-01"


def test_month_end() -> None:
    assert month_end(2024, 2) == 29
    assert month_end(2025, 2) == 28
    assert month_end(None, 4) == 30


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-: \nngaythmquyivđáễ")) , max_size=60)
       | st.text(max_size=60))
def test_never_raises_and_spans_inside(text: str) -> None:
    folded = fold(text)
    dates = find_dates(folded)
    last_end = 0
    for date in dates:
        assert last_end <= date.start < date.end <= len(folded)
        last_end = date.end
        assert date.iso is None or isinstance(date.iso, str)
        date.first, date.last  # noqa: B018 - computing them must not raise
    for pos in range(0, len(folded) + 1, 7):
        parse_date(folded, pos, bare_year=True)
