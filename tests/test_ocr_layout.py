"""Layout clean-up on positioned words (no OCR): reading order, furniture, paragraphs."""

from __future__ import annotations

from pipeline.ingest.layout import PageContent, Table, WordBox, assemble, reading_order

H = 50  # word height in pixels (12.5 pt at 300 dpi)


def words(text: str, left: int, top: int) -> list[WordBox]:
    out, x = [], left
    for token in text.split():
        width = 18 * len(token)
        out.append(WordBox(token, (x, top, width, H), 0.9))
        x += width + 14
    return out


def page(lines: list[list[WordBox]], number: int = 1, tables: list[Table] | None = None) -> PageContent:
    flat = [w for line in lines for w in line]
    return PageContent(number=number, size=(2480, 3508), origin="ocr",
                       lines=reading_order(flat), tables=tables or [])


def test_two_column_header_is_read_as_a_block_not_line_by_line():
    header = [words("ỦY BAN NHÂN DÂN", 300, 250) + words("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1050, 250),
              words("HUYỆN TUY PHƯỚC", 320, 320) + words("Độc lập - Tự do - Hạnh phúc", 1200, 320),
              words("Số: 12/KH-UBND", 330, 390) + words("Tuy Phước, ngày 5 tháng 9 năm 2022", 1150, 390),
              words("KẾ HOẠCH", 1100, 520)]
    text, _ = assemble([page(header)])
    assert text.split("\n") == [
        "ỦY BAN NHÂN DÂN", "HUYỆN TUY PHƯỚC", "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Tuy Phước, ngày 5 tháng 9 năm 2022", "KẾ HOẠCH"]


BODY = [
    "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt",
    "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-",
    "2025 và các văn bản có liên quan.",
    "- Tuyên truyền, phổ biến chủ trương của Đảng;",
    "- Nâng cao nhận thức của các cấp, các ngành.",
]


def justified(text: str, left: int, top: int, right: int = 2200) -> list[WordBox]:
    """A line set flush to the right margin, gaps spread evenly."""
    line = words(text, left, top)
    spare = right - line[-1].right
    for k, word in enumerate(line):
        shift = spare * k // max(1, len(line) - 1)
        word.box = (word.box[0] + shift, top, word.box[2], H)
    return line


def body_page(number: int, extra_top: str | None = None) -> PageContent:
    lines = [justified(BODY[0], 400, 800), justified(BODY[1], 300, 870), words(BODY[2], 300, 940),
             words(BODY[3], 400, 1010), words(BODY[4], 400, 1080)]
    if extra_top:
        lines.insert(0, words(extra_top, 1100, 120))
    lines.append(words(f"- {number} -", 1200, 3400))
    return page(lines, number=number)


def test_broken_lines_join_and_list_items_stay_apart():
    text, _ = assemble([body_page(1)])
    assert text.split("\n") == [
        "Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt "
        "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025 và các văn "
        "bản có liên quan.",
        BODY[3], BODY[4]]


def test_page_numbers_and_running_headers_are_dropped():
    pages = [body_page(n, extra_top="Kế hoạch số 12/KH-UBND") for n in (1, 2, 3)]
    text, raw_pages = assemble(pages)
    assert text.count("\f") == 2
    assert "Kế hoạch số 12" not in text
    assert "- 2 -" not in text and not any(line.strip() == "3" for line in text.split("\n"))
    assert [p.number for p in raw_pages] == [1, 2, 3]


def test_words_map_to_their_offsets_and_boxes():
    text, raw_pages = assemble([body_page(1)])
    for word in raw_pages[0].words:
        assert text[word.start:word.end] and " " not in text[word.start:word.end]
    hit = next(w for w in raw_pages[0].words if text[w.start:w.end] == "90/QĐ-TTg")
    assert hit.box[1] == 800


def test_table_rows_are_lines_with_tab_separated_cells():
    table = Table(rows=[[words("1", 300, 2000), words("Tổ chức hội nghị", 400, 2000),
                         words("Phòng Lao động", 1000, 2000), words("Quý IV/2022", 1700, 2000)]],
                  top=1990, bottom=2060)
    text, _ = assemble([page([words(BODY[3], 400, 1010)], tables=[table])])
    assert text.split("\n") == [BODY[3], "1\tTổ chức hội nghị\tPhòng Lao động\tQuý IV/2022"]


def test_misread_roman_numeral_of_a_heading_is_fixed():
    heading = words("TV. KINH PHÍ THỰC HIỆN", 300, 800)
    sentence = words("Tôi đi học", 300, 900)
    text, _ = assemble([page([heading, sentence])])
    assert text.split("\n") == ["IV. KINH PHÍ THỰC HIỆN", "Tôi đi học"]
