"""Whole plans in the genre's other shapes (tests/fixtures/genre): every table at once."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def _fixture(name: str):
    return extract_text((Path(__file__).parent / "fixtures" / "genre" / name).read_text(
        encoding="utf-8"))


def test_a_decision_issuing_a_plan_reads_the_attached_plans_deadlines():
    result = _fixture("quyet-dinh-ban-hanh-ke-hoach.txt")
    deadlines = {d.text: d for d in result.deadlines}
    # different duties with the same date are separate items, each with its unit
    assert deadlines["hoàn thành trong Quý II/2024"].units == ["Phòng Tài chính - Kế hoạch"]
    assert deadlines["hoàn thành trong Quý II/2024"].applies_to == \
        "Chủ trì tham mưu UBND huyện bố trí kinh phí thực hiện Kế hoạch"
    assert deadlines["hoàn thành trước ngày 30/6/2024"].units == \
        ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"]
    assert deadlines["hoàn thành trong tháng 5/2024"].end == "2024-05-31"
    assert deadlines["trước ngày 15/12/2024"].units == ["Ủy ban nhân dân các xã, thị trấn"]


def test_a_directed_body_shares_the_deadline_of_its_task_only():
    deadlines = {d.text: d for d in _fixture("thanh-pho-ke-hoach-thuy-san.txt").deadlines}
    assert deadlines["hoàn thành trước ngày 30/6/2025"].units == \
        ["Sở Nông nghiệp và Phát triển nông thôn", "Chi cục Thủy sản"]
    assert deadlines["Định kỳ trước ngày 15 tháng 12 hằng năm"].units == \
        ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert deadlines["trong Quý III/2025"].applies_to.startswith("Phối hợp với Sở")
    assert deadlines["trước ngày 10/12/2025"].units == ["Ủy ban nhân dân các quận, huyện"]


GARBLED = sorted((Path(__file__).parent / "fixtures" / "garbled" / "genre").glob("*.txt"))


@pytest.mark.parametrize("garbled", GARBLED, ids=lambda p: p.stem)
def test_a_garbled_ocr_of_the_plan_gives_its_header_and_references(garbled: Path):
    """The plan laid out, printed and read back by `tesseract -l eng` (README there)."""
    clean = _fixture(garbled.name)
    restored = extract_text(garbled.read_text(encoding="utf-8"), garbled.name)
    assert restored.document.text_quality.diacritics == "garbled"
    for name in ("number", "issuer", "issued_date", "doc_type"):
        assert getattr(restored.document, name) == getattr(clean.document, name), name
    def refs(result):
        return {(r.doc_type, r.number, r.date, r.issuer) for r in result.legal_references}
    assert refs(restored) == refs(clean)


def test_units_given_by_giao_and_by_letter_headings_and_a_program_fund():
    result = _fixture("huyen-ke-hoach-giao-nhiem-vu.txt")
    units = {u.name: u.roles for u in result.units}
    assert units == {
        "Phòng Văn hóa và Thông tin": ["lead", "coordinate"],
        "Phòng Tài chính - Kế hoạch": ["implement"],
        "Phòng Lao động - Thương binh và Xã hội": ["coordinate", "implement", "report"],
        "Ủy ban nhân dân các xã, thị trấn": ["coordinate", "implement"]}
    (fund,) = result.funding_sources
    assert (fund.category, fund.amount_vnd, fund.legal_reference) == \
        ("program_fund", 150_000_000, "1156/QĐ-UBND")
    periods = [(d.start, d.end) for d in result.deadlines if d.kind == "period"]
    assert ("2024-06-01", "2024-12-31") in periods


def test_a_scanned_plan_gives_the_same_tables_as_its_text(tmp_path: Path):
    """The Hải Phòng plan laid out, printed, scanned at 300 dpi (skew, blur, speckle) and
    read by the real OCR path: every table equal to the one from the text."""
    import scanlib

    from pipeline.process import process_path

    genre = Path(__file__).parent / "fixtures" / "genre"
    plan = scanlib.plan_from_seed("thanh-pho-ke-hoach-thuy-san", folder=genre)
    images = [scanlib.scan(scanlib.draw(page, 300), seed=i)
              for i, page in enumerate(scanlib.layout(plan))]
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scanlib.images_to_pdf(images, 300))
    scanned, text = process_path(pdf), _fixture("thanh-pho-ke-hoach-thuy-san.txt")
    assert scanned.document.input_kind != "text"

    def tables(result):
        return ({(r.doc_type, r.number, r.date, r.issuer) for r in result.legal_references},
                {(u.name, u.level, tuple(u.roles), tuple(u.reports_to)) for u in result.units},
                {(d.kind, d.start, d.end, d.recurrence, tuple(d.units)) for d in result.deadlines},
                {(f.category, f.amount_vnd) for f in result.funding_sources})
    assert tables(scanned) == tables(text)
    for name in ("number", "issuer", "issued_date", "title", "place"):
        assert getattr(scanned.document, name) == getattr(text.document, name), name


COMMUNE_DOCX_BEFORE = """ỦY BAN NHÂN DÂN
XÃ HÒA PHÚ
Số: 33/KH-UBND
Hòa Phú, ngày 10 tháng 4 năm 2024
KẾ HOẠCH
Tuyên truyền giảm nghèo năm 2024
I. MỤC ĐÍCH
Nâng cao nhận thức của Nhân dân.
II. NHIỆM VỤ CỤ THỂ"""
COMMUNE_DOCX_TABLE = [
    ["STT", "Nội dung công việc", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian"],
    ["1", "Tuyên truyền trên loa truyền thanh", "Đài truyền thanh xã", "Các thôn", "Hằng tháng"],
    ["2", "Tổ chức hội nghị đối thoại chính sách", "Công chức Văn hóa - Xã hội",
     "Hội Nông dân xã", "Quý III/2024"],
    ["3", "Rà soát hộ nghèo cuối năm", "Công chức Lao động - Thương binh và Xã hội",
     "Trưởng các thôn", "Tháng 10 - 11/2024"]]
COMMUNE_DOCX_AFTER = """III. KINH PHÍ
Ngân sách xã bố trí 20 triệu đồng.
IV. TỔ CHỨC THỰC HIỆN
Giao Công chức Văn hóa - Xã hội theo dõi, tổng hợp, báo cáo UBND xã trước ngày 15/12/2024.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Tám"""


def test_a_commune_plan_in_word_with_a_task_table_and_an_unnumbered_assignment(tmp_path):
    from docx import Document as WordDocument

    from pipeline.process import process_path

    word = WordDocument()
    for line in COMMUNE_DOCX_BEFORE.splitlines():
        word.add_paragraph(line)
    table = word.add_table(rows=len(COMMUNE_DOCX_TABLE), cols=5)
    for r, row in enumerate(COMMUNE_DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in COMMUNE_DOCX_AFTER.splitlines():
        word.add_paragraph(line)
    word.save(tmp_path / "plan.docx")
    result = process_path(tmp_path / "plan.docx")
    units = {u.name: u for u in result.units}
    assert units["Công chức Văn hóa - Xã hội"].reports_to == ["Ủy ban nhân dân xã"]
    assert set(units["Công chức Văn hóa - Xã hội"].roles) == {"lead", "report"}
    assert units["Trưởng các thôn"].level == "thon" and units["Trưởng các thôn"].roles == \
        ["coordinate"]
    deadlines = {d.text: (d.kind, d.end, d.units) for d in result.deadlines}
    assert deadlines["Tháng 10 - 11/2024"] == (
        "period", "2024-11-30", ["Công chức Lao động - Thương binh và Xã hội", "Trưởng các thôn"])
    assert deadlines["trước ngày 15/12/2024"] == (
        "before", "2024-12-15", ["Công chức Văn hóa - Xã hội"])


GENRE = sorted((Path(__file__).parent / "fixtures" / "genre").glob("*.txt"))


def _strip_marks(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)))


def _tables(result):
    return ({(r.doc_type, r.number, r.date, r.issuer) for r in result.legal_references},
            {(u.name, u.level, tuple(sorted(u.roles)), tuple(u.reports_to)) for u in result.units},
            {(d.kind, d.start, d.end, d.recurrence, tuple(d.units)) for d in result.deadlines},
            {(f.category, f.amount_vnd) for f in result.funding_sources})


@pytest.mark.parametrize("plan", GENRE, ids=lambda p: p.stem)
def test_the_plan_without_diacritics_gives_the_same_tables(plan: Path):
    """Every mark stripped (an ASCII export): restored, then read to the same records; the
    place in the spelling of the document's province ("Thanh Tân", not "Thạnh Tân")."""
    clean = _fixture(plan.name)
    stripped = extract_text(_strip_marks(plan.read_text(encoding="utf-8")), plan.name)
    assert stripped.document.text_quality.diacritics == "stripped"
    assert _tables(stripped) == _tables(clean)
    for name in ("number", "issuer", "issued_date", "place", "doc_type"):
        assert getattr(stripped.document, name) == getattr(clean.document, name), name


def test_a_web_article_with_a_headline_and_a_posting_date():
    """A saved news page: the <h1> is its title, not the site's <title>; "Ngày đăng:" is
    its date; the date of the event it reports is no deadline; citations listed with
    "và" each get their own issuer."""
    from pipeline.process import process_path

    result = process_path(Path(__file__).parent / "fixtures" / "genre" / "bai-viet-trang-tin.html")
    meta = result.document
    assert (meta.doc_type, meta.issued_date) == ("bai_viet", "2024-03-15")
    assert meta.title.startswith("Triển khai Kế hoạch thực hiện Chương trình")
    issuers = {r.number: r.issuer for r in result.legal_references}
    assert issuers["90/QĐ-TTg"] == "Thủ tướng Chính phủ"
    assert issuers["24/2021/NQ-HĐND"] == "Hội đồng nhân dân tỉnh Gia Lai"
    assert "2024-03-12" not in {d.end for d in result.deadlines}


def test_a_party_committee_plan():
    """A Huyện ủy plan: "Số 27-KH/HU" with no colon, a lower-case title under "KẾ HOẠCH",
    Party bodies as units and "T/M HUYỆN ỦY" over the signature."""
    result = _fixture("huyen-uy-ke-hoach-dang.txt")
    meta = result.document
    assert (meta.doc_type, meta.number, meta.issuer) == ("ke_hoach", "27-KH/HU", "Huyện ủy Tuy Phước")
    assert meta.title.startswith("thực hiện Nghị quyết Đại hội XXII")
    assert (meta.signer.name, meta.signer.title, meta.signer.authority) == \
        ("Nguyễn Văn An", "Phó Bí thư", "TM. Huyện ủy")
    assert [r.number for r in result.legal_references] == ["05-CT/TW"]  # not its own number
    units = {u.name: u.roles for u in result.units}
    assert units["Đảng đoàn Hội đồng nhân dân"] == ["implement"]
    assert units["Ban cán sự đảng Ủy ban nhân dân"] == ["implement"]
    assert units["Các chi, đảng bộ cơ sở"] == ["report"]
