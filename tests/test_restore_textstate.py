"""The text-state detector on the five seeds and on short phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalise.textstate import detect_text_state

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.mark.parametrize(("name", "state"), [
    ("luc-nam-2022-194-KH-UBND.ocr.txt", "garbled"),
    ("cam-tan-2023-giam-ngheo-thong-tin.txt", "full"),
    ("kon-tum-2022-web-article.txt", "full"),
    ("lang-son-2023-tieu-du-an-2.txt", "full"),
    ("tuy-phuoc-2022-ke-hoach-truyen-thong.txt", "full"),
])
def test_seed_states(name: str, state: str) -> None:
    assert detect_text_state((RAW / name).read_text(encoding="utf-8")) == state


@pytest.mark.parametrize(("text", "state"), [
    ("Kế hoạch truyền thông về Chương trình mục tiêu quốc gia giảm nghèo", "full"),
    ("Ke hoach truyen thong ve Chuong trinh muc tieu quoc gia giam ngheo", "stripped"),
    ("Truyén thong vé Chwong trinh muc tiéu qudc gia giam nghéo bén virng", "garbled"),
    ("S6: 194 /KH-UBND Luc Nam, ngay 19 thang 9 nam 2022", "garbled"),
    ("The quick brown fox jumps over the lazy dog", "full"),  # not Vietnamese: left alone
    ("", "full"),
    ("12/2022 - 2025", "full"),
])
def test_phrase_states(text: str, state: str) -> None:
    assert detect_text_state(text) == state


def test_stripped_seed_is_stripped() -> None:
    from pipeline.normalise.fold import fold

    text = (RAW / "tuy-phuoc-2022-ke-hoach-truyen-thong.txt").read_text(encoding="utf-8")
    assert detect_text_state(fold(text)) == "stripped"
