"""Header block, sections, recipients and signature on real header layouts."""

from __future__ import annotations

import pytest
from _docs import document_of, extract_text

HEADER = """ỦY BAN NHÂN DÂN
HUYỆN LỤC NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 194/KH-UBND
Lục Nam, ngày 19 tháng 9 năm 2022

KẾ HOẠCH
Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững
huyện Lục Nam giai đoạn 2021-2025

Thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư Trung ương Đảng.

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Truyền thông kịp thời.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Lao động - Thương binh và Xã hội
- Chủ trì tham mưu tổ chức thực hiện Kế hoạch.

Nơi nhận:
- Sở Lao động - TB&XH;
- TT Huyện ủy, TT HĐND;
- Chi Cục Thống kê huyện; Phòng GDNHCSXH
huyện; Trung tâm VH,TT&TT huyện;
- Lưu: VT, LĐTB&XH.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Dương Công Định
"""

#: one header written the ways it arrives: two columns merged into lines, from a DOCX table
MERGED = ("UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM\n"
          "HUYEN LUC NAM Doc lap - Tu do - Hanh phuc\n"
          "So: 194 /KH-UBND Luc Nam, ngay 19 thang 9 nam 2022\nKE HOACH\n"
          "Truyen thong ve giam ngheo giai doan 2021-2025\n\nThuc hien Chi thi so 05-CT/TW.\n")
DOCX_ROWS = ("ỦY BAN NHÂN DÂN HUYỆN LỤC NAM\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
             "Số: 194/KH-UBND\tLục Nam, ngày 19 tháng 9 năm 2022\n\nKẾ HOẠCH\n"
             "Truyền thông về giảm nghèo giai đoạn 2021-2025\n\nThực hiện Chỉ thị số 05-CT/TW.\n")


def test_header_fields():
    meta = extract_text(HEADER).document
    assert meta.doc_type == "ke_hoach"
    assert meta.number == "194/KH-UBND"
    assert meta.issuer == "Ủy ban nhân dân huyện Lục Nam"
    assert meta.place == "Lục Nam"
    assert meta.issued_date == "2022-09-19"
    assert meta.title == ("Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững "
                          "huyện Lục Nam giai đoạn 2021-2025")
    assert meta.period is not None and (meta.period.start, meta.period.end) == ("2021", "2025")
    assert meta.signer is not None
    assert (meta.signer.name, meta.signer.title, meta.signer.authority) == (
        "Dương Công Định", "Phó Chủ tịch", "KT. Chủ tịch")
    assert meta.recipients == [
        "Sở Lao động - Thương binh và Xã hội",
        "Thường trực Huyện ủy, Thường trực Hội đồng nhân dân",
        "Chi Cục Thống kê huyện", "Phòng giao dịch Ngân hàng Chính sách xã hội huyện",
        "Trung tâm Văn hóa, Thông tin và Thể thao huyện"]


@pytest.mark.parametrize("text", [MERGED, DOCX_ROWS], ids=["merged-ascii", "docx-rows"])
def test_header_layouts(text):
    meta = extract_text(text).document
    assert meta.number == "194/KH-UBND"
    assert meta.issued_date == "2022-09-19"
    assert meta.issuer == "Ủy ban nhân dân huyện Lục Nam"
    assert meta.place == "Lục Nam"


def test_sections_tree():
    doc = document_of(HEADER)
    tops = [(s.kind, s.marker, s.title) for s in doc.sections]
    assert tops == [("roman", "i", "muc dich, yeu cau"), ("roman", "ii", "to chuc thuc hien")]
    assert [c.title for c in doc.sections[1].children] == [
        "phong lao dong - thuong binh va xa hoi"]
    part = doc.find_sections("to chuc thuc hien")[0]
    assert doc.cut(part.start, part.end).rstrip().endswith("Kế hoạch.")


@pytest.mark.parametrize("line,number", [
    ("Số: 194/KH-UBND", "194/KH-UBND"),
    ("Số: 194 /KH-UBND", "194/KH-UBND"),
    ("S6: 90/QD-UBND", "90/QĐ-UBND"),
    ("Số: 27-KH/HU", "27-KH/HU"),
    # the two header columns read as one line by an OCR
    ("Số: 215/KH-UBND Độc lập - Tự do - Hạnh phúc", "215/KH-UBND"),
    ("S06: 215/KH-UBND Doc lap - Tu do - Hanh phuc", "215/KH-UBND"),
])
def test_document_number(line, number):
    text = HEADER.replace("Số: 194/KH-UBND", line)
    assert extract_text(text).document.number == number


def test_blank_number_and_day():
    text = "Số: /KH-UBND\n\nTuy Phước, ngày tháng 9 năm 2022\n\nKẾ HOẠCH\nTruyền thông\n"
    meta = extract_text(text).document
    assert meta.number is None
    assert meta.issued_date == "2022-09"


def test_web_article():
    text = ("Banner1\nLƯỢT TRUY CẬP\n69.534\nTin hoạt động\n\nHoạt động truyền thông về giảm "
            "nghèo giai đoạn 2021 - 2025\n\n" + "Nội dung bài viết về kế hoạch. " * 20 +
            "\n\nĐăng bởi : SLDTBXH Kontum Ngày đăng : 13/09/2022 Lượt xem : 1723\nQuay Về\n")
    meta = extract_text(text).document
    assert meta.doc_type == "bai_viet"
    assert meta.issued_date == "2022-09-13"
    assert meta.issuer == "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum"
    assert meta.title == "Hoạt động truyền thông về giảm nghèo giai đoạn 2021 - 2025"


def test_decision_issuing_a_plan():
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "genre" / "quyet-dinh-ban-hanh-ke-hoach.txt"
    result = extract_text(path.read_text(encoding="utf-8"))
    meta = result.document
    assert (meta.doc_type, meta.number) == ("quyet_dinh", "1520/QĐ-UBND")
    assert meta.title == "Về việc ban hành Kế hoạch chuyển đổi số huyện Cẩm Thủy năm 2024"
    assert meta.signer is not None and meta.signer.name == "Lê Văn Hùng"
    assert "Như Điều 3" in meta.recipients and len(meta.recipients) == 3
    names = [u.name for u in result.units]
    assert names[:2] == ["Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch"]
    assert "1520/QĐ-UBND" not in {r.number for r in result.legal_references}
    assert {f.category for f in result.funding_sources} >= {"district_budget", "unit_budget"}


@pytest.mark.parametrize("text,period", [
    ("KẾ HOẠCH\nTruyền thông về giảm nghèo giai đoạn 2021-2025\n", ("2021", "2025")),
    ("KẾ HOẠCH\nTruyền thông về giảm nghèo năm 2023\n", ("2023", "2023")),
    ("KẾ HOẠCH\nThực hiện Quy hoạch thời kỳ 2021-2030, tầm nhìn đến năm 2045\n", ("2021", "2030")),
    ("KẾ HOẠCH\nTruyền thông về giảm nghèo\n\nI. THỜI GIAN\nThời gian thực hiện: Từ tháng "
     "3/2023 đến tháng 12/2023.\n", ("2023-03", "2023-12")),
    ("KẾ HOẠCH\nTruyền thông về giảm nghèo\n\nThời gian thực hiện: từ năm 2022 đến hết năm 2025.\n",
     ("2022", "2025")),
])
def test_period(text, period):
    found = extract_text(text).document.period
    assert found is not None and (found.start, found.end) == period


def test_steering_committee_as_issuer():
    text = ("HUYỆN ỦY LỤC NAM\nBAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH\nMỤC TIÊU QUỐC GIA HUYỆN LỤC NAM\n"
            "Số: 12/KH-BCĐ\nLục Nam, ngày 02 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Kiểm tra, giám sát thực hiện các Chương trình mục tiêu quốc gia năm 2024\n\n"
            "I. MỤC ĐÍCH\nBảo đảm thực hiện đúng tiến độ.\n")
    meta = extract_text(text).document
    assert meta.number == "12/KH-BCĐ"
    assert meta.issuer == "Ban Chỉ đạo các chương trình mục tiêu quốc gia huyện Lục Nam"


def test_type_line_read_before_the_right_header_column():
    """An OCR that reads the left column and the type line before the motto and date."""
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN CẨM THỦY\nSố: 1520/QĐ-UBND\nQUYẾT ĐỊNH\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Cẩm Thủy, ngày 12 tháng 4 năm 2024\n"
            "Về việc ban hành Kế hoạch chuyển đổi số huyện Cẩm Thủy năm 2024\n"
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CẨM THỦY\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n")
    meta = extract_text(text).document
    assert meta.title == "Về việc ban hành Kế hoạch chuyển đổi số huyện Cẩm Thủy năm 2024"
    assert (meta.doc_type, meta.issued_date, meta.place) == ("quyet_dinh", "2024-04-12", "Cẩm Thủy")


def test_a_sentence_across_a_page_break_is_one_line():
    from pipeline.normalise.lines import join_broken_lines

    text, _ = join_broken_lines("giám sát dịch bệnh tại các\fvùng nuôi trọng điểm.\fII. NỘI DUNG")
    assert text == "giám sát dịch bệnh tại các vùng nuôi trọng điểm.\fII. NỘI DUNG"


def test_parts_lettered_a_b_c_hold_the_roman_sections():
    text = ("KẾ HOẠCH\nTruyền thông giảm nghèo năm 2024\n\nA. MỤC ĐÍCH, YÊU CẦU\n"
            "Nâng cao nhận thức.\n\nB. TỔ CHỨC THỰC HIỆN\nI. Phòng Văn hóa và Thông tin\n"
            "Chủ trì tổ chức thực hiện.\nII. UBND các xã, thị trấn\nPhối hợp tuyên truyền.\n"
            "a) Tổ chức hội nghị.\n")
    doc = document_of(text)
    (part,) = doc.find_sections("to chuc thuc hien")
    assert [c.marker for c in part.children] == ["i", "ii"]
    assert [u.name for u in extract_text(text).units] == [
        "Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã, thị trấn"]


@pytest.mark.parametrize(("part", "first", "second"), [
    ("III. ", "1/ ", "2/ "), ("PHẦN III. ", "1. ", "2. "), ("III- ", "1- ", "2- "),
    ("**III. ", "1. ", "2. "), ("3. ", "3.1. ", "3.2. "), ("III. ", "1.", "2.")])
def test_heading_numbers_written_the_many_ways(part, first, second):
    text = (f"KẾ HOẠCH\nTruyền thông giảm nghèo năm 2024\n\n{part}TỔ CHỨC THỰC HIỆN\n"
            f"{first}Phòng Văn hóa và Thông tin\nChủ trì tổ chức thực hiện.\n"
            f"{second}UBND các xã, thị trấn\nPhối hợp tuyên truyền.\n"
            "Ngày 15/12/2024 tổng kết.\n")  # a date opens no heading
    assert [u.name for u in extract_text(text).units] == [
        "Phòng Văn hóa và Thông tin", "Ủy ban nhân dân các xã, thị trấn"]
