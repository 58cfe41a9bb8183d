"""Restoring OCR-garbled text: the Lục Nam seed (English-model Tesseract) and its phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalise.fold import fold
from pipeline.normalise.ocr_confusions import folded_candidates, prefixes
from pipeline.normalise.restore import restore

ROOT = Path(__file__).resolve().parent.parent
LUC_NAM = ROOT / "data" / "raw" / "luc-nam-2022-194-KH-UBND.ocr.txt"

# (line as the OCR printed it, folded text the extractors must find after restoration)
FOLDED = [
    ("Quyét dinh s6 90/QD-TTg ngay 18/01/2022", "quyet dinh so 90/qd-ttg ngay 18/01/2022"),
    ("S6: 194 /KH-UBND Luc Nam, ngay 19 thang 9 nam 2022",
     "so: 194 /kh-ubnd luc nam, ngay 19 thang 9 nam 2022"),
    ("Pinh ky trudc ngay 10/11 hang nam", "dinh ky truoc ngay 10/11 hang nam"),
    ("V.TO CHUC THUC HIEN", "v.to chuc thuc hien"),
    ("- Chit tri tham muu, t6 chirc thuc hién", "- chu tri tham muu, to chuc thuc hien"),
    ("- Phéi hop véi cac co quan", "- phoi hop voi cac co quan"),
    ("tong hop, béo cao UBND huyén", "tong hop, bao cao ubnd huyen"),
]

# (OCR line, restored line as the gold document reads)
FULL = [
    ("Truyén thong vé Chwong trinh muc tiéu qudc gia",
     "Truyền thông về Chương trình mục tiêu quốc gia"),
    ("giam nghéo bén virng huyén Luc Nam giai doan 2021-2025",
     "giảm nghèo bền vững huyện Lục Nam giai đoạn 2021-2025"),
    ("sach ciia Pang va Nha nudc", "sách của Đảng và Nhà nước"),
    ("HUYEN LUC NAM Poc 1ap - Tw do - Hanh phiic", "HUYỆN LỤC NAM Độc lập - Tự do - Hạnh phúc"),
]


@pytest.mark.parametrize(("ocr", "folded"), FOLDED)
def test_garbled_line_folds_to_the_true_words(ocr: str, folded: str) -> None:
    assert fold(restore(ocr, "garbled").text) == folded


@pytest.mark.parametrize(("ocr", "full"), FULL)
def test_garbled_line_reads_as_printed(ocr: str, full: str) -> None:
    assert restore(ocr, "garbled").text == full


def test_confusion_rules_find_the_syllable() -> None:
    valid = {"vung", "ving", "cua", "dang", "so"}
    index = prefixes(valid)
    assert "vung" in folded_candidates("virng", valid, index)
    assert "cua" in folded_candidates("ciia", valid, index)
    assert folded_candidates("Pang", valid, index)["dang"] < 1.0
    assert "so" in folded_candidates("S6", valid, index)
    assert folded_candidates("xyzzyq", valid, index) == {}


def test_luc_nam_seed_restores_key_phrases() -> None:
    raw = LUC_NAM.read_text(encoding="utf-8")
    result = restore(raw)
    assert result.changed
    assert result.text.count("\n") == raw.count("\n")
    folded = fold(result.text)
    for phrase in ("quyet dinh so 90/qd-ttg ngay 18/01/2022", "cua dang",
                   "phong lao dong - thuong binh va xa hoi", "so: 194 /kh-ubnd",
                   "dinh ky truoc ngay 10/11 hang nam", "to chuc thuc hien", "chu tri",
                   "phoi hop", "bao cao"):
        assert phrase in folded, phrase
    assert "Truyền thông về Chương trình mục tiêu quốc gia" in result.text
    assert "III. NỘI DUNG" in result.text  # the misread marker "I11." is read as III.
