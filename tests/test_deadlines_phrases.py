"""Deadlines from the ways real plans write time limits (extractors/deadlines.py).

Each row is a short text run through the real normaliser and structure stage,
then the deadline extractor; the result is compared on the contract's scoring
key (kind, start, end, recurrence). Texts come in printed, upper-case and
accent-stripped forms, as plans and OCR deliver them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import Found
from extractors.deadlines import extract
from pipeline.ingest import ingest_bytes
from pipeline.process import build_document
from pipeline.records import DocumentMeta, TextQuality

ISSUED = "2022-09-19"
Y = "yearly"


def _run(text: str, issued: str | None = ISSUED) -> Found:
    doc = build_document(ingest_bytes(text.encode("utf-8"), "phrase.txt"))
    meta = DocumentMeta(doc_id="0" * 16, source="phrase.txt", input_kind="text",
                        doc_type="ke_hoach", number=None, issuer=None, place=None,
                        issued_date=issued, title=None, period=None, signer=None,
                        recipients=[], text_quality=TextQuality(diacritics="full"))
    found = Found(meta=meta)
    extract(doc, found)
    return found


def _keys(found: Found) -> list[tuple]:
    return sorted((d.kind, d.start, d.end, d.recurrence) for d in found.deadlines)


PERIOD_22_25 = [("period", "2022-01-01", "2025-12-31", None)]

ROWS: list[tuple[str, list[tuple]]] = [
    # implementation periods
    ("- Thời gian thực hiện: Từ năm 2022 đến hết năm 2025.", PERIOD_22_25),
    ("Thoi gian thuc hien: tu nam 2022 den het nam 2025.", PERIOD_22_25),
    ("THỜI GIAN THỰC HIỆN: TỪ NĂM 2022 ĐẾN NĂM 2025", PERIOD_22_25),
    ("- Thời gian thực hiện: Tir ndim 2022 dén nam 2025.", PERIOD_22_25),
    ("Thời gian thực hiện: năm 2022 - 2025.", PERIOD_22_25),
    ("Thời gian thực hiện: giai đoạn 2022-2025.", PERIOD_22_25),
    ("Thời gian thực hiện: 2022 - 2025", PERIOD_22_25),
    ("4. Thời gian thực hiện: Từ tháng 3/2023 đến tháng 12/2023.",
     [("period", "2023-03-01", "2023-12-31", None)]),
    ("Thời gian thực hiện: từ tháng 3 đến tháng 12 năm 2023.",
     [("period", "2023-03-01", "2023-12-31", None)]),
    ("b) Thời gian thực hiện: Trong năm 2023", [("period", "2023-01-01", "2023-12-31", None)]),
    ("b) Thoi gian thuc hien: trong nam 2023", [("period", "2023-01-01", "2023-12-31", None)]),
    ("3. Thời gian thực hiện\n\nNăm 2026.", [("period", "2026-01-01", "2026-12-31", None)]),
    ("Thời gian triển khai: từ ngày 01/3/2025 đến ngày 30/4/2025.",
     [("period", "2025-03-01", "2025-04-30", None)]),
    ("Thời gian: từ ngày 15/3 đến ngày 30/4/2025.",
     [("period", "2025-03-15", "2025-04-30", None)]),
    ("Thời gian thực hiện: Tháng 11 - 12/2025", [("period", "2025-11-01", "2025-12-31", None)]),
    # two consecutive months or quarters joined by "và" share the year: one period
    ("- Tổ chức tập huấn, thực hiện trong Quý I và Quý II năm 2024.",
     [("period", "2024-01-01", "2024-06-30", None)]),
    ("- Tổ chức tập huấn, hoàn thành trong tháng 11 và tháng 12/2024.",
     [("period", "2024-11-01", "2024-12-31", None)]),
    ("- To chuc tap huan, hoan thanh trong thang 11 va thang 12/2024.",
     [("period", "2024-11-01", "2024-12-31", None)]),
    ("- Báo cáo kết quả trước ngày 20 tháng 6 và ngày 20 tháng 12 hằng năm.",  # both, yearly
     [("before", None, "--06-20", Y), ("before", None, "--12-20", Y)]),
    ("- Báo cáo kết quả trước ngày 15/6/2023 và 15/12/2023.",
     [("before", None, "2023-06-15", None), ("before", None, "2023-12-15", None)]),
    ("- Tổng kết vào Quý IV hằng năm.", [("before", None, "--12-31", Y)]),
    ("- Tổ chức tập huấn trong Quý I và Quý III năm 2024.",  # not one period: two times
     [("before", None, "2024-03-31", None), ("before", None, "2024-09-30", None)]),
    ("Thời gian hoàn thành: Quý IV/2025 - Quý II/2026",
     [("period", "2025-10-01", "2026-06-30", None)]),
    ("Trong 6 tháng đầu năm 2025, tổ chức tập huấn cho cán bộ.",
     [("period", "2025-01-01", "2025-06-30", None)]),
    ("Từ nay đến hết năm 2025, tập trung triển khai các nhiệm vụ sau:",
     [("period", ISSUED, "2025-12-31", None)]),
    ("Từ nay đến năm 2030, ưu tiên bố trí nguồn lực cho các xã.",
     [("period", ISSUED, "2030-12-31", None)]),
    # completion times
    ("Thời gian hoàn thành: Quý IV/2025.", [("before", None, "2025-12-31", None)]),
    ("Thời gian thực hiện: Quý III/2026", [("before", None, "2026-09-30", None)]),
    ("Thời gian hoàn thành: Tháng 12/2025", [("before", None, "2025-12-31", None)]),
    ("Thoi gian hoan thanh: thang 12/2025", [("before", None, "2025-12-31", None)]),
    ("Thời gian hoàn thành: 30/11/2025", [("before", None, "2025-11-30", None)]),
    ("- Hoàn thành trong tháng 11/2025.", [("before", None, "2025-11-30", None)]),
    ("Trong quý I/2026 hoàn thành việc rà soát.", [("before", None, "2026-03-31", None)]),
    ("Tổ chức hội nghị sơ kết vào tháng 6/2025.", [("before", None, "2025-06-30", None)]),
    ("Báo cáo kết quả về Sở Tài chính trước ngày 15/4/2026.",
     [("before", None, "2026-04-15", None)]),
    ("Hoàn thành trước ngày 30 tháng 6 năm 2025.", [("before", None, "2025-06-30", None)]),
    ("Gửi báo cáo chậm nhất ngày 20/12/2025.", [("before", None, "2025-12-20", None)]),
    ("Gui bao cao cham nhat ngay 20/12/2025.", [("before", None, "2025-12-20", None)]),
    ("Hoàn thành trước 30/6/2025.", [("before", None, "2025-06-30", None)]),
    ("Báo cáo UBND tỉnh trước ngày 22\ntháng 8 năm 2025.", [("before", None, "2025-08-22", None)]),
    ("Các đơn vị hoàn thành đến hết ngày 31/12/2025.", [("before", None, "2025-12-31", None)]),
    ("Trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch, các xã gửi danh sách.",
     [("before", None, None, None)]),
    ("Trong vòng 15 ngày làm việc kể từ ngày ban hành, các đơn vị xây dựng kế hoạch.",
     [("before", None, None, None)]),
    # recurring dates
    ("Định kỳ trước ngày 10/11 hằng năm, báo cáo kết quả thực hiện về Phòng Lao động.",
     [("before", None, "--11-10", Y)]),
    ("Pinh ky trudc ngay 10/11 hang nam, bdo cdo ket qua thuc hien.",
     [("before", None, "--11-10", Y)]),
    ("Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo UBND tỉnh.",
     [("before", None, "--12-15", Y)]),
    ("Báo cáo kết quả trước ngày 15/12 hàng năm.", [("before", None, "--12-15", Y)]),
    ("Tổ chức mít tinh hưởng ứng vào ngày 26/6 hằng năm.", [("date", "--06-26", "--06-26", Y)]),
    ("Tổ chức các hoạt động hưởng ứng Ngày 17/10 hằng năm.", [("date", "--10-17", "--10-17", Y)]),
    ("Báo cáo trước ngày 20 hằng tháng.", [("before", None, "---20", "monthly")]),
    # recurring duties
    ("- Hằng năm, tổ chức giám sát, đánh giá tình hình triển khai thực hiện.",
     [("recurring", None, None, Y)]),
    ("Hàng năm, tổ chức sơ kết đánh giá kết quả.", [("recurring", None, None, Y)]),
    ("hang nam, to chuc so ket danh gia ket qua.", [("recurring", None, None, Y)]),
    ("Mỗi năm tổ chức 02 hội nghị đối thoại chính sách.", [("recurring", None, None, Y)]),
    ("- Định kỳ, đột xuất tổng hợp, báo cáo kết quả thực hiện Kế hoạch cho UBND huyện.",
     [("recurring", None, None, "periodic")]),
    ("Định kỳ báo cáo kết quả về Ban Chỉ đạo.", [("recurring", None, None, "periodic")]),
    ("Hằng tháng có chuyên mục truyền thông về giảm nghèo.",
     [("recurring", None, None, "monthly")]),
    ("Định kỳ hằng tháng báo cáo tiến độ.", [("recurring", None, None, "monthly")]),
    ("Báo cáo kết quả thực hiện hằng quý về Sở.", [("recurring", None, None, "quarterly")]),
    ("Tổ chức giao ban hằng tuần.", [("recurring", None, None, "weekly")]),
    ("Thời gian thực hiện: Thường xuyên", [("recurring", None, None, "periodic")]),
    ("Thời gian thực hiện: Hằng năm.", [("recurring", None, None, Y)]),
    # targets, with no implementation period stated
    ("1. Mục tiêu\n\nĐến hết năm 2030, 100% xã có điểm thông tin điện tử.",
     [("before", None, "2030-12-31", None)]),
    ("Phấn đấu đến năm 2025, tỷ lệ hộ nghèo giảm còn dưới 2%.",
     [("before", None, "2025-12-31", None)]),
    # dated steps at the head of a clause
    ("Quý IV/2025: tổng kết, đánh giá kết quả thực hiện.", [("before", None, "2025-12-31", None)]),
    ("Tháng 12/2025, tổ chức hội nghị tổng kết.", [("before", None, "2025-12-31", None)]),
    ("Tổ chức Lễ phát động vào ngày 17/10/2025.", [("date", "2025-10-17", "2025-10-17", None)]),
    ("Báo cáo định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12).",
     [("before", None, "--06-15", "periodic"), ("before", None, "--12-15", Y)]),
    ("Thời gian: Từ ngày 01/10 đến ngày 31/12 hằng năm.",
     [("period", "--10-01", "--12-31", Y)]),
    ("Hang thang c6 chuyen muc truyen thong, thong tin ve giam ngheo.",
     [("recurring", None, None, "monthly")]),
    ("II. NHIỆM VỤ\n\n1. Xây dựng cơ sở dữ liệu\n\n- Thời gian hoàn thành: Quý III/2026.",
     [("before", None, "2026-09-30", None)]),
    ("Các xã báo cáo kết quả thực hiện Kế hoạch số 45/KH-UBND về UBND huyện trước ngày "
     "15/12/2025.", [("before", None, "2025-12-15", None)]),
    # not deadlines
    ("Năm 2023, tập trung truyền thông bằng nhiều hình thức.", []),
    ("Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ phê duyệt "
     "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025;", []),
    ("Thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư về tăng cường sự lãnh đạo "
     "của Đảng đối với công tác giảm nghèo bền vững đến năm 2030;", []),
    ("Tuyên truyền thực hiện tốt mục tiêu, chỉ tiêu giảm nghèo của huyện đến năm 2025.", []),
    ("Phát động phong trào “Vì người nghèo đến năm 2030 - Không để ai bị bỏ lại phía sau”.", []),
    ("Thực hiện các nội dung trong Kế hoạch đúng thời gian quy định.", []),
    ("Thường xuyên cập nhật các nội dung thông tin về Chương trình.", []),
    ("Tỷ lệ hộ nghèo giảm bình quân hằng năm từ 1-1,5%.", []),
    ("Đăng bởi: SLDTBXH Ngày đăng: 13/09/2022 Lượt xem: 1723", []),
    ("Kiểm tra đột xuất các địa phương khi có phản ánh.", []),
    ("Tập huấn 6 tháng cho cán bộ làm công tác giảm nghèo.", []),
    ("Lồng ghép với Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025.",
     []),
    ("Kết quả thực hiện từ năm 2016 đến năm 2020 đã đạt nhiều kết quả.", []),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[r[0][:48] for r in ROWS])
def test_phrase(text: str, expected: list[tuple]) -> None:
    assert _keys(_run(text)) == sorted(expected)


def test_enough_rows() -> None:
    assert len(ROWS) >= 40


def test_task_table_rows() -> None:
    text = ("TT\tNội dung\tCơ quan chủ trì\tThời gian hoàn thành\n"
            "1\tXây dựng kế hoạch truyền thông\tSở Lao động\tQuý IV/2025\n"
            "2\tTổ chức hội nghị đối thoại\tSở Thông tin\tTháng 12/2025\n"
            "3\tTruyền thông trên báo, đài\tĐài Phát thanh\tThường xuyên\n")
    found = _run(text)
    assert _keys(found) == sorted([("before", None, "2025-12-31", None),
                                   ("before", None, "2025-12-31", None),
                                   ("recurring", None, None, "periodic")])
    tasks = {d.applies_to for d in found.deadlines}
    assert tasks == {"Xây dựng kế hoạch truyền thông", "Tổ chức hội nghị đối thoại",
                     "Truyền thông trên báo, đài"}


def test_a_line_that_holds_only_a_time_is_the_cell_of_the_task_above() -> None:
    """A task table flattened to lines (PDF text layers, web pages), not only the first."""
    text = ("II. NHIỆM VỤ\n\n1. Xây dựng kế hoạch truyền thông năm 2025\n\nTháng 12/2025\n\n"
            "2. Tổ chức hội nghị đối thoại chính sách\n\nThường xuyên\n")
    found = _run(text)
    assert _keys(found) == [("before", None, "2025-12-31", None),
                            ("recurring", None, None, "periodic")]
    assert [d.applies_to for d in found.deadlines] == [
        "Xây dựng kế hoạch truyền thông năm 2025", "Tổ chức hội nghị đối thoại chính sách"]


def test_targets_yield_to_an_implementation_period() -> None:
    text = ("1. Mục tiêu\n\nĐến hết năm 2030, 100% xã có điểm thông tin điện tử.\n\n"
            "2. Thời gian thực hiện: Từ năm 2025 đến năm 2030.")
    assert _keys(_run(text)) == [("period", "2025-01-01", "2030-12-31", None)]


def test_same_duty_of_several_units_is_one_item() -> None:
    text = ("V. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Văn hóa và Thông tin\n\n"
            "- Định kỳ, đột xuất tổng hợp, báo cáo kết quả thực hiện gửi về Phòng Lao động.\n\n"
            "2. UBND các xã, thị trấn\n\n"
            "- Định kỳ, đột xuất tổng hợp báo cáo kết quả thực hiện gửi về Phòng Lao động.\n\n"
            "- Hằng năm, tổ chức giám sát việc thực hiện.\n")
    found = _run(text)
    assert _keys(found) == [("recurring", None, None, "periodic"), ("recurring", None, None, Y)]
    periodic = next(d for d in found.deadlines if d.recurrence == "periodic")
    assert len(periodic.mentions) == 2
    assert periodic.applies_to.startswith("tổng hợp")


def test_text_and_mentions() -> None:
    text = "Định kỳ trước ngày 10/11 hằng năm, báo cáo kết quả thực hiện về Phòng Lao động."
    (deadline,) = _run(text).deadlines
    assert deadline.text == "Định kỳ trước ngày 10/11 hằng năm"
    assert deadline.applies_to == "báo cáo kết quả thực hiện"
    (mention,) = deadline.mentions
    assert text[mention.start:mention.end] == deadline.text


def test_from_now_without_issue_date() -> None:
    found = _run("Từ nay đến hết năm 2025, tập trung triển khai.", issued=None)
    assert _keys(found) == [("period", None, "2025-12-31", None)]


TITLE_ROWS = [
    ("Truyền thông về Chương trình giảm nghèo trên địa bàn huyện giai đoạn 2021-2025",
     [("period", "2021-01-01", "2025-12-31", None)]),
    ("Thực hiện Chiến lược phát triển thông tin cơ sở đến năm 2030, tầm nhìn đến năm 2045",
     [("period", ISSUED, "2030-12-31", None)]),
    ("Thực hiện Tiểu dự án 2 thuộc Dự án 6, Chương trình mục tiêu quốc gia năm 2023",
     [("period", "2023-01-01", "2023-12-31", None)]),
    ("Thuc hien chuong trinh giam ngheo giai doan 2026 - 2030",
     [("period", "2026-01-01", "2030-12-31", None)]),
]


@pytest.mark.parametrize(("title", "expected"), TITLE_ROWS, ids=[r[0][:40] for r in TITLE_ROWS])
def test_title_phase(title: str, expected: list[tuple]) -> None:
    text = f"KẾ HOẠCH\n\n{title}\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao nhận thức.\n"
    assert _keys(_run(text)) == expected


def test_title_phase_and_same_stated_period_are_one_item() -> None:
    text = ("KẾ HOẠCH\n\nTruyền thông về giảm nghèo giai đoạn 2022-2025\n\n"
            "I. THỜI GIAN THỰC HIỆN\n\nThời gian thực hiện: Từ năm 2022 đến hết năm 2025.\n")
    (deadline,) = _run(text).deadlines
    assert (deadline.kind, deadline.start, deadline.end) == ("period", "2022-01-01", "2025-12-31")
    assert deadline.applies_to == "thời gian thực hiện Kế hoạch"
    assert len(deadline.mentions) == 2


_VOCAB = ["Từ", "từ nay", "đến", "hết", "năm", "tháng", "ngày", "Quý", "IV", "trước", "vào",
          "trong", "hằng năm", "Định kỳ", "đột xuất", "hằng tháng", "Thời gian thực hiện:",
          "giai đoạn", "2025", "2021-2025", "12/2025", "10/11", "18/01/2022", "3", "-", ",",
          ".", ";", "(", ")", "“", "”", "\n", "\t", "Quyết định số 90/QĐ-TTg", "báo cáo",
          "Phòng Văn hóa", "I.", "1.", "a)", "- ", "Thường xuyên", "kể từ", "10", "ngày"]


@settings(max_examples=int(__import__('os').environ.get('DL_EXAMPLES', 40)), deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=40))
def test_any_arrangement_of_time_words(words: list[str]) -> None:
    prose = "Kế hoạch truyền thông về giảm nghèo bền vững trên địa bàn huyện. "
    text = prose + " ".join(words) + "\n" + prose * 3
    found = _run(text)
    doc_text = build_document(ingest_bytes(text.encode("utf-8"), "phrase.txt")).text
    for deadline in found.deadlines:
        assert deadline.kind in ("date", "before", "period", "recurring")
        if deadline.kind == "date":
            assert deadline.start == deadline.end
        if deadline.kind == "recurring":
            assert deadline.start is None and deadline.end is None
        for mention in deadline.mentions:
            assert 0 <= mention.start <= mention.end <= len(doc_text)


@pytest.mark.parametrize(("title", "end", "yearly"), [
    ("Truyền thông về giảm nghèo năm 2024", "2024-09-30", "--11-10"),  # a plan for one year
    ("Truyền thông về giảm nghèo giai đoạn 2021-2025", "--09-30", "--11-10"),  # which year?
])
def test_a_yearless_day_takes_the_year_of_a_one_year_plan(title: str, end: str,
                                                         yearly: str) -> None:
    text = (f"KẾ HOẠCH\n\n{title}\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Văn hóa và Thông tin\n"
            "- Tổ chức hội nghị tập huấn, xong trước ngày 30/9.\n"
            "- Báo cáo kết quả trước ngày 10/11 hằng năm.\n")
    ends = {d.recurrence: d.end for d in _run(text).deadlines if d.kind == "before"}
    assert ends == {None: end, "yearly": yearly}
