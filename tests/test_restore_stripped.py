"""Restoring stripped text: real phrases from the seeds and the corpus, diacritics removed."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.normalise.fold import fold
from pipeline.normalise.restore import restore, restore_text

PHRASES = [
    # (full text as printed in a seed or the corpus) — the test strips it itself
    "Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ",
    "TỔ CHỨC THỰC HIỆN",
    "Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với các cơ quan, đơn vị liên quan",
    "Định kỳ trước ngày 10/11 hàng năm, báo cáo kết quả thực hiện về Ủy ban nhân dân huyện",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
    "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
]


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("full", PHRASES)
def test_stripped_phrase_comes_back(full: str) -> None:
    stripped = strip_marks(full)
    result = restore(stripped, "stripped")
    assert result.text == full
    assert fold(result.text) == fold(stripped)


def test_symbols_and_numbers_are_kept_as_printed() -> None:
    text = "So: 194 /KH-UBND ngay 05-CT/TW, GN-GQVL&ĐTN 2021-2025"
    out = restore(text, "stripped").text
    for symbol in ("194 /KH-UBND", "05-CT/TW", "GN-GQVL&ĐTN", "2021-2025"):
        assert symbol in out
    assert out.startswith("Số: ")


@pytest.mark.parametrize("printed,restored", [
    ("90/QD-TTg", "90/QĐ-TTg"), ("26/2019/ND-CP", "26/2019/NĐ-CP"),
    ("Van phong HDND va UBND", "Văn phòng HĐND và UBND"), ("Phong LD-TB&XH", "Phòng LĐ-TB&XH"),
    ("Phong GD&DT huyen", "Phòng GD&ĐT huyện"), ("TTHDND huyen", "TTHĐND huyện"),
    ("DU AN", "DỰ ÁN"),  # a syllable, not the acronym ĐU
    ("QDX", "QDX"),  # not a known acronym
])
def test_acronyms_get_their_d_back(printed: str, restored: str) -> None:
    assert restore(printed, "stripped").text == restored


def test_restore_text_leaves_full_text_alone() -> None:
    full = "Kế hoạch truyền thông về giảm nghèo"
    assert restore_text(full) == full
    assert restore_text(strip_marks(full)) == full


def test_lines_and_spacing_are_kept() -> None:
    text = "KE HOACH\n\n  Truyen thong ve   giam ngheo\t(giai doan 2021 - 2025)\n"
    out = restore(text, "stripped").text
    assert [len(x) for x in out.split("\n")] == [len(x) for x in text.split("\n")]
    assert out == "KẾ HOẠCH\n\n  Truyền thông về   giảm nghèo\t(giai đoạn 2021 - 2025)\n"


def test_offsets_point_at_the_word_restored() -> None:
    text = "Ke hoach so 194"
    result = restore(text, "stripped")
    start = result.text.index("hoạch")
    assert result.to_source.to_source(start, start + len("hoạch")) == (3, 8)
