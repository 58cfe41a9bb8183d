"""Legal references: a table of real phrases and the reference each must give.

Phrases are taken from real plans (the seeds and the genre's common forms); each
row also runs with its diacritics stripped, the way old OCR and ASCII exports
deliver the same text.
"""

from __future__ import annotations

import pytest

from pipeline.ingest import ingest_bytes
from pipeline.normalise.fold import fold
from pipeline.process import build_document, extract_document

# (phrase, [(doc_type, number, date, issuer, subject starts with, article)])
ROWS = [
    ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt "
     "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025;",
     [("quyet_dinh", "90/QĐ-TTg", "2022-01-18", "Thủ tướng Chính phủ", "phê duyệt Chương trình", None)]),
    ("Căn cứ Kế hoạch số 27-KH/HU ngày 14/12/2021 của Huyện ủy Tuy Phước về việc thực hiện "
     "Nghị quyết Đại hội XXII Đảng bộ huyện;",
     [("ke_hoach", "27-KH/HU", "2021-12-14", "Huyện ủy Tuy Phước", "thực hiện Nghị quyết", None)]),
    ("Thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư Trung ương Đảng về tăng "
     "cường sự lãnh đạo của Đảng đối với công tác giảm nghèo bền vững đến năm 2030;",
     [("chi_thi", "05-CT/TW", "2021-06-23", "Ban Bí thư Trung ương Đảng", "tăng cường sự lãnh đạo", None)]),
    ("Các nội dung khác thực hiện theo Điều 14, Thông tư số 06/2022/TT-BTTTT ngày 30 tháng 6 "
     "năm 2022 của Bộ trưởng Bộ Thông tin và Truyền thông về hướng dẫn thực hiện Dự án.",
     [("thong_tu", "06/2022/TT-BTTTT", "2022-06-30", "Bộ trưởng Bộ Thông tin và Truyền thông",
       "hướng dẫn thực hiện Dự án", "14")]),
    ("Thực hiện công văn số 98/KH - UBND, ngày 11/5/2023 của Ủy ban nhân dân huyện Cẩm Thủy "
     "về việc thực hiện tiểu dự án “Giảm nghèo về thông tin”;",
     [("cong_van", "98/KH-UBND", "2023-05-11", "Ủy ban nhân dân huyện Cẩm Thủy", "thực hiện tiểu dự án", None)]),
    ("Căn cứ Nghị quyết số 160/NQ-CP ngày 22/12/2021 của Chính phủ ban hành Kế hoạch thực hiện;",
     [("nghi_quyet", "160/NQ-CP", "2021-12-22", "Chính phủ", "ban hành Kế hoạch", None)]),
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
     [("luat", None, "2015-06-19", "Quốc hội", "Luật Tổ chức chính quyền địa phương", None)]),
    ("Căn cứ Luật Ngân sách nhà nước;",
     [("luat", None, None, "Quốc hội", "Luật Ngân sách nhà nước", None)]),
    ("của UBND huyện về việc ban hành Kế hoạch thực hiện Quyết định số 1736/QĐ-UBND và "
     "9637/QĐ-UBND của UBND huyện;",
     [("quyet_dinh", "1736/QĐ-UBND", None, None, None, None),
      ("quyet_dinh", "9637/QĐ-UBND", None, None, None, None)]),
    ("Căn cứ Quyết định số\n90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;",
     [("quyet_dinh", "90/QĐ-TTg", "2022-01-18", "Thủ tướng Chính phủ", None, None)]),
    ("Căn cứ Quyết định số 1722/QĐ- TTg ngày 02/9/2016 của Thủ tướng Chính phủ;",
     [("quyet_dinh", "1722/QĐ-TTg", "2016-09-02", "Thủ tướng Chính phủ", None, None)]),
    ("Căn cứ Quyết định số 5556/QĐBYT ngày 01/10/2021 của Bộ Y tế;",
     [("quyet_dinh", "5556/QĐ-BYT", "2021-10-01", "Bộ Y tế", None, None)]),
    ("Căn cứ Thông tư 05/2022/TT-BTC ngày 12/01/2022 của Bộ Tài chính quy định quản lý kinh phí;",
     [("thong_tu", "05/2022/TT-BTC", "2022-01-12", "Bộ Tài chính", "quy định quản lý kinh phí", None)]),
    ("Thực hiện kế hoạch số: 32 ngày 26/10/2023 của Ủy ban nhân dân xã;",
     [("ke_hoach", "32", "2023-10-26", None, None, None)]),
    ("Căn cứ Quyết định số 2655/QĐ-UBND ngày 22\ntháng 8 năm 2022 của UBND tỉnh Bình Định;",
     [("quyet_dinh", "2655/QĐ-UBND", "2022-08-22", "Ủy ban nhân dân tỉnh Bình Định", None, None)]),
    ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 (không nêu cơ quan);",
     [("quyet_dinh", "90/QĐ-TTg", "2022-01-18", "Thủ tướng Chính phủ", None, None)]),
    ("Thực hiện Chỉ thị số 05-CT/TW;",
     [("chi_thi", "05-CT/TW", None, "Ban Bí thư Trung ương Đảng", None, None)]),
    ("Căn cứ Nghị định số 27/2022/NĐ-CP ngày 19/4/2022 của Chính phủ quy định cơ chế quản lý, "
     "tổ chức thực hiện các chương trình mục tiêu quốc gia;",
     [("nghi_dinh", "27/2022/NĐ-CP", "2022-04-19", "Chính phủ", "quy định cơ chế quản lý", None)]),
    ("Xét Tờ trình số 15/TTr-UBND ngày 10/3/2023 của Ủy ban nhân dân huyện;",
     [("to_trinh", "15/TTr-UBND", "2023-03-10", None, None, None)]),
    ("Quyết định số 650/QĐ-LĐTBXH ngày 21 tháng 7 năm 2022 của Bộ trưởng Bộ Lao động - "
     "Thương binh và Xã hội phê duyệt Kế hoạch truyền thông;",
     [("quyet_dinh", "650/QĐ-LĐTBXH", "2022-07-21",
       "Bộ trưởng Bộ Lao động - Thương binh và Xã hội", "phê duyệt Kế hoạch", None)]),
    ("Căn cứ Thông báo kết luận số 12-TB/TU ngày 05/01/2023 của Ban Thường vụ Tỉnh ủy;",
     [("thong_bao", "12-TB/TU", "2023-01-05", None, None, None)]),
    ("Thực hiện Công văn số 1234/UBND-VX ngày 12/3/2024 của UBND tỉnh Đắk Lắk về việc triển "
     "khai truyền thông;",
     [("cong_van", "1234/UBND-VX", "2024-03-12", "Ủy ban nhân dân tỉnh Đắk Lắk",
       "triển khai truyền thông", None)]),
    ("Căn cứ các Quyết định của Thủ tướng Chính phủ: số 90/QĐ-TTg ngày 18/01/2022, số "
     "652/QĐ-TTg ngày 28/5/2022;",
     [("quyet_dinh", "90/QĐ-TTg", "2022-01-18", "Thủ tướng Chính phủ", None, None),
      ("quyet_dinh", "652/QĐ-TTg", "2022-05-28", "Thủ tướng Chính phủ", None, None)]),
    # a document cited in a subject keeps its number there, not its date and issuer
    ("Thực hiện Kế hoạch số 31-KH/TU ngày 10/3/2022 của Ban Thường vụ Tỉnh ủy thực hiện Chỉ "
     "thị số 05-CT/TW ngày 23 tháng 6 năm 2021 của Ban Bí thư Trung ương Đảng về tăng cường "
     "sự lãnh đạo của Đảng;",
     [("ke_hoach", "31-KH/TU", "2022-03-10", None,
       "thực hiện Chỉ thị số 05-CT/TW về tăng cường sự lãnh đạo của Đảng", None),
      ("chi_thi", "05-CT/TW", "2021-06-23", "Ban Bí thư Trung ương Đảng",
       "tăng cường sự lãnh đạo của Đảng", None)]),
    # the preamble's own clause ends the subject; a bare "huyện" takes the district's name
    ("Thực hiện Kế hoạch số 45/KH-UBND ngày 20/01/2025 của Chủ tịch UBND huyện về chuyển đổi "
     "số trên địa bàn huyện Krông Bông, Phòng Văn hóa xây dựng Kế hoạch thực hiện như sau:",
     [("ke_hoach", "45/KH-UBND", "2025-01-20", "Chủ tịch Ủy ban nhân dân huyện Krông Bông",
       "chuyển đổi số trên địa bàn huyện Krông Bông", None)]),
]

GARBLED = [
    ("Quyét dinh s6 90/QD-TTg ngay 18/01/2022 cua Thu tudng Chinh phu phé duyét Chuong trinh "
     "muc tiéu quéc gia giam nghéo bén viing giai doan 2021 - 2025;",
     ("quyet_dinh", "90/QĐ-TTg", "2022-01-18", "Thủ tướng Chính phủ")),
    ("Quyét dinh s6 650/QD-LDTBXH ngay 21/7/2022 cua Bo Lao dong - Thuong binh va X4 hoi "
     "phé duyét Ké hoach truyén thong;",
     ("quyet_dinh", "650/QĐ-LĐTBXH", "2022-07-21", "Bộ Lao động - Thương binh và Xã hội")),
]


def references(text: str):
    doc = build_document(ingest_bytes(text.encode("utf-8"), "phrase.txt"))
    return extract_document(doc).legal_references


def _strip(text: str) -> str:
    """The phrase as an ASCII export or a wrong-language OCR gives it: no diacritics."""
    folded = fold(text)
    return "".join(o if o.isupper() and f.isalpha() else (f.upper() if o.isupper() else f)
                   for o, f in zip(text, folded, strict=True))


@pytest.mark.parametrize("phrase,expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_reference_phrase(phrase, expected):
    found = references(phrase)
    assert len(found) == len(expected), [r.number for r in found]
    for ref, (doc_type, number, date, issuer, subject, article) in zip(found, expected, strict=True):
        assert ref.doc_type == doc_type
        assert ref.number == number
        assert ref.date == date
        if issuer is not None:
            assert ref.issuer == issuer
        if subject is not None:
            assert (ref.subject or "").startswith(subject)
        assert ref.article == article
        assert ref.mentions and ref.mentions[0].end > ref.mentions[0].start


@pytest.mark.parametrize("phrase,expected", ROWS[:8], ids=[r[0][:40] for r in ROWS[:8]])
def test_reference_phrase_without_diacritics(phrase, expected):
    found = references(_strip(phrase))
    assert [(r.doc_type, r.number, r.date) for r in found] == [e[:3] for e in expected]


@pytest.mark.parametrize("phrase,expected", GARBLED, ids=["90/QĐ-TTg", "650/QĐ-LĐTBXH"])
def test_reference_from_garbled_ocr(phrase, expected):
    found = references(phrase)
    assert [(r.doc_type, r.number, r.date, r.issuer) for r in found] == [expected]


def test_same_document_cited_twice_is_one_reference_with_two_mentions():
    text = ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ;\n\n"
            "Các nội dung thực hiện theo Quyết định số 90/QĐ-TTg.")
    found = references(text)
    assert len(found) == 1
    assert len(found[0].mentions) == 2


def test_own_number_is_not_a_reference():
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN LỤC NAM\nSố: 194/KH-UBND\nLục Nam, ngày 19 tháng 9 năm 2022\n"
            "KẾ HOẠCH\nTruyền thông về giảm nghèo\n\nThực hiện Kế hoạch số 4186/KH-UBND ngày "
            "27/8/2022 của UBND tỉnh Bắc Giang.\n")
    assert [r.number for r in references(text)] == ["4186/KH-UBND"]


def test_issuer_title_with_its_office():
    found = references("Căn cứ Thông tư số 01/2023/TT-VPCP ngày 05/4/2023 của Bộ trưởng, Chủ "
                       "nhiệm Văn phòng Chính phủ quy định một số nội dung và biện pháp thi hành;")
    assert [(r.number, r.issuer) for r in found] == [
        ("01/2023/TT-VPCP", "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ")]
