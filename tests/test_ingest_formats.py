"""Text inputs of every kind go through the same pipeline: .txt, .html, .docx.

The kind is sniffed from the bytes, not the extension; the web page's chrome is
dropped; a DOCX task table is read row by row.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from docx import Document as WordDocument

from pipeline.errors import InputError
from pipeline.ingest import ingest_bytes, sniff
from pipeline.process import process_bytes

PAGE = """<!DOCTYPE html><html><head><title>Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum</title>
<script>document.write('<p>Quyết định số 1/QĐ-FAKE</p>')</script></head><body>
<div id="header"><div class="banner">Banner1</div><ul class="menu"><li><a href="/">Trang chủ</a></li>
<li><a href="/tin">Tin tức</a></li></ul></div>
<div class="sidebar"><div class="counter">LƯỢT TRUY CẬP 69.534</div></div>
<div class="content"><h1>Hoạt động truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững</h1>
<p>Căn cứ Quyết định số 650/QĐ-LĐTBXH ngày 21 tháng 7 năm 2022 của Bộ trưởng Bộ Lao động - Thương binh
và Xã hội phê duyệt Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững giai
đoạn 2021 - 2025; Ủy ban nhân dân tỉnh ban hành Kế hoạch số 2973 /KH-UBND về tổ chức, triển khai các
hoạt động truyền thông trên địa bàn tỉnh Kon Tum.</p>
<p>Hàng năm, tổ chức giám sát, đánh giá tình hình triển khai thực hiện công tác truyền thông.</p>
<p>Đăng bởi : SLDTBXH Kontum Ngày đăng : 13/09/2022 Lượt xem : 1723</p></div>
<div id="footer">Bản quyền thuộc Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum</div>
</body></html>"""


def test_web_page_article_without_chrome():
    raw = ingest_bytes(PAGE.encode("utf-8"), "bai-viet.htm")
    assert raw.input_kind == "html"
    assert "Trang chủ" not in raw.text and "69.534" not in raw.text
    assert "document.write" not in raw.text
    result = process_bytes(PAGE.encode("utf-8"), "bai-viet.htm")
    assert [r.number for r in result.legal_references] == ["650/QĐ-LĐTBXH", "2973/KH-UBND"]
    assert result.document.doc_type == "bai_viet"
    assert result.document.issued_date == "2022-09-13"


def _docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    document = WordDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu: VT.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_task_table():
    data = _docx(
        ["ỦY BAN NHÂN DÂN", "HUYỆN CẨM THỦY", "Số: 45/KH-UBND", "Cẩm Thủy, ngày 10 tháng 3 năm 2025",
         "KẾ HOẠCH", "Chuyển đổi số năm 2025", "I. NHIỆM VỤ CỤ THỂ"],
        [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
         ["1", "Xây dựng cơ sở dữ liệu dân cư", "Công an huyện", "UBND các xã, thị trấn", "Quý IV/2025"],
         ["2", "Tập huấn kỹ năng số cho cán bộ", "Phòng Văn hóa và Thông tin", "Phòng Nội vụ",
          "Tháng 6/2025"]])
    assert sniff(data, "no-extension") == "docx"
    result = process_bytes(data, "ke-hoach.docx")
    assert result.document.input_kind == "docx"
    assert result.document.number == "45/KH-UBND"
    roles = {u.name: set(u.roles) for u in result.units}
    assert roles == {"Công an": {"lead"}, "Ủy ban nhân dân các xã, thị trấn": {"coordinate"},
                     "Phòng Văn hóa và Thông tin": {"lead"}, "Phòng Nội vụ": {"coordinate"}}
    ends = {(d.kind, d.end) for d in result.deadlines}
    assert {("before", "2025-12-31"), ("before", "2025-06-30")} <= ends


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps â, ê, ơ … precomposed and writes the tone as a combining mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def test_text_in_windows_1258_and_utf16():
    text = "KẾ HOẠCH\nThực hiện Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ.\n"
    for name, data in (("utf-16", text.encode("utf-16")), ("cp1258", _cp1258(text))):
        result = process_bytes(data, "plan.txt")
        assert [r.number for r in result.legal_references] == ["90/QĐ-TTg"], name
        assert result.legal_references[0].issuer == "Thủ tướng Chính phủ", name


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02" * 500, bytes(range(256)) * 40],
                         ids=["empty", "nul-bytes", "binary"])
def test_not_a_document(data):
    with pytest.raises(InputError):
        process_bytes(data, "bad.txt")


def test_text_that_is_not_vietnamese_is_not_a_document():
    with pytest.raises(InputError) as caught:
        process_bytes(b"hello world, this is a shopping list: eggs, milk and bread.\n" * 5,
                      "list.txt")
    assert caught.value.code == "K106"
