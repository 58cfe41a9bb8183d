"""Text-layer quality: keep a Vietnamese layer with its diacritics, OCR anything else."""

from __future__ import annotations

from pathlib import Path

import unidecode

from pipeline.ingest.layer_quality import assess
from pipeline.normalise.legacy import encode_tcvn3

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
GOOD = (RAW / "tuy-phuoc-2022-ke-hoach-truyen-thong.txt").read_text(encoding="utf-8")[:3000]
GARBLED = (RAW / "luc-nam-2022-194-KH-UBND.ocr.txt").read_text(encoding="utf-8")[:3000]


def test_vietnamese_layer_with_diacritics_is_kept():
    verdict = assess(GOOD)
    assert verdict.usable and verdict.legacy is None


def test_english_model_ocr_layer_of_luc_nam_is_rejected():
    verdict = assess(GARBLED)
    assert not verdict.usable
    assert "garbled" in verdict.reason


def test_layer_without_diacritics_is_rejected():
    verdict = assess(unidecode.unidecode(GOOD))
    assert not verdict.usable
    assert "diacritics" in verdict.reason


def test_every_page_of_the_garbled_seed_is_rejected():
    pages = [GARBLED_PAGE for GARBLED_PAGE in
             (RAW / "luc-nam-2022-194-KH-UBND.ocr.txt").read_text(encoding="utf-8").split("\n\n")
             if len(GARBLED_PAGE) > 400]
    assert pages
    assert not any(assess(page).usable for page in pages)


def test_legacy_tcvn3_layer_is_kept_for_conversion():
    verdict = assess(encode_tcvn3(GOOD))
    assert verdict.usable and verdict.legacy == "tcvn3"


def test_glyph_ids_without_unicode_are_rejected():
    assert not assess("(cid:34)(cid:12)(cid:55) " * 40).usable


def test_scanned_page_without_layer_is_ocred_but_blank_page_is_not():
    assert not assess("", image_coverage=1.0).usable
    assert assess("", image_coverage=0.0).usable
