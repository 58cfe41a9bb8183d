"""PDF ingestion: born-digital layers kept in layout order, scans and garbled layers OCRed,
boxes that map back to the page, broken files as numbered errors."""

from __future__ import annotations

import numpy as np
import pytesseract
import pytest
from scanlib import cer

from pipeline.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    LimitExceededError,
)
from pipeline.ingest import ingest_bytes
from pipeline.limits import Limits
from pipeline.normalise.fold import fold_key

pytestmark = pytest.mark.slow
CER_300_NOISY = 0.03  # measured 0.000-0.003 on this page; plain tesseract -l vie: 0.032


@pytest.fixture(scope="module")
def scanned(scans):
    return ingest_bytes(scans.data("scan.pdf"), "scan.pdf")


@pytest.fixture(scope="module")
def garbled(scans):
    return ingest_bytes(scans.data("garbled-layer.pdf"), "garbled-layer.pdf")


def test_born_digital_pdf_keeps_its_layer_in_reading_order(scans):
    raw = ingest_bytes(scans.data("born-digital.pdf"), "born-digital.pdf")
    assert raw.input_kind == "pdf_text"
    assert raw.pages[0].origin == "text_layer"
    assert raw.text == scans.truth("born-digital.pdf")  # header columns, paragraphs, table rows
    assert raw.pages[0].words and raw.pages[0].size == (2480, 3508)


def test_scanned_pdf_is_ocred_with_low_character_error(scans, scanned):
    assert scanned.input_kind == "pdf_scan"
    page = scanned.pages[0]
    assert page.origin == "ocr" and 0.8 < page.ocr_confidence <= 1
    assert "low_confidence" not in page.flags
    assert cer(scans.truth("scan.pdf"), scanned.text) < CER_300_NOISY
    assert scanned.text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN TUY PHƯỚC\nSố: /KH-UBND\n"
                                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")


def test_ocr_boxes_point_at_the_words_on_the_page_image(scans, scanned):
    image = np.asarray(scans.image("noisy-300.png").convert("L"))
    page = scanned.pages[0]
    # rendered at the scan's own resolution: the page image is the scan, ±1 px of rounding
    assert abs(page.size[0] - image.shape[1]) <= 2 and abs(page.size[1] - image.shape[0]) <= 2
    targets = ["2655/QĐ-UBND", "Bình", "nghèo", "XXII"]
    for target in targets:
        word = next(w for w in page.words if scanned.text[w.start:w.end] == target)
        left, top, width, height = word.box
        crop = image[max(0, top - 6):top + height + 6, max(0, left - 6):left + width + 6]
        read = pytesseract.image_to_string(crop, lang="vie", config="--psm 7").strip()
        assert fold_key(read) == fold_key(target), (target, read, word.box)


def test_mentions_get_a_page_and_a_box(scanned):
    from pipeline.process import build_document

    doc = build_document(scanned)
    start = doc.restored.text.index("2655/QĐ-UBND")
    mention = doc.mention(start, start + len("2655/QĐ-UBND"))
    assert mention.page == 1 and mention.box is not None
    assert mention.box.width > 100 and mention.box.height > 20


def test_garbled_english_model_layer_is_reocred_like_the_clean_scan(scans, scanned, garbled):
    assert garbled.input_kind == "pdf_scan"
    assert garbled.pages[0].origin == "ocr"
    assert any("garbled" in w for w in garbled.warnings)
    assert cer(scanned.text, garbled.text) < 0.01
    assert "Truyền thông về Chương trình giảm nghèo" in garbled.text


@pytest.mark.parametrize(("name", "error", "reason"), [
    ("encrypted.pdf", EncryptedInputError, "encrypted"),
    ("corrupt.pdf", CorruptInputError, "corrupt"),
    ("truncated.pdf", CorruptInputError, "truncated"),
    ("zero-page.pdf", EmptyInputError, "no pages"),
    ("huge-page.pdf", LimitExceededError, "pixels"),
])
def test_broken_pdfs_raise_numbered_errors_naming_the_reason(scans, name, error, reason):
    with pytest.raises(error) as caught:
        ingest_bytes(scans.data(name), name)
    assert reason in str(caught.value)
    assert caught.value.code.startswith("K1") and caught.value.source == name


def test_embedded_scan_over_the_pixel_limit_is_refused(scans):
    with pytest.raises(LimitExceededError):
        ingest_bytes(scans.data("scan.pdf"), "scan.pdf", Limits(max_image_pixels=2_000_000))


def test_page_count_limit(scans):
    with pytest.raises(LimitExceededError, match="pages"):
        ingest_bytes(scans.data("born-digital.pdf"), "b.pdf", Limits(max_pages=0))
