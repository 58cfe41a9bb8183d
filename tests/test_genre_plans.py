"""Whole plans in the genre's other shapes (tests/fixtures/genre): every table at once."""

from __future__ import annotations

from pathlib import Path

from _docs import extract_text


def test_a_district_level_city_plan_with_an_appendix_task_table():
    path = Path(__file__).parent / "fixtures" / "genre" / "thanh-pho-thuoc-tinh-phu-luc.txt"
    result = extract_text(path.read_text(encoding="utf-8"))
    units = {u.name: u for u in result.units}
    assert "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân" in units  # one office, not two
    assert units["Phòng Tư pháp"].level == "huyen"  # "thành phố Bắc Giang" is not a province
    assert units["Các doanh nghiệp viễn thông"].level is None
    assert all(not t.startswith("(") for u in units.values() for t in u.tasks)
    # completion times in the appendix's task table, after the signature
    table = {d.text: (d.kind, d.start, d.end) for d in result.deadlines}
    assert table["Quý IV/2025 - Quý II/2026"] == ("period", "2025-10-01", "2026-06-30")
    assert table["Tháng 8 - 9/2025"] == ("period", "2025-08-01", "2025-09-30")
    assert "Phụ lục" not in " ".join(result.document.recipients)
    refs = {r.number: r.subject for r in result.legal_references}
    assert refs["45/KH-UBND"] == "chuyển đổi số tỉnh Bắc Giang năm 2025"
    assert refs["749/QĐ-TTg"].endswith('định hướng đến năm 2030"')
    assert [f.text for f in result.funding_sources][0].startswith("Kinh phí thực hiện")
