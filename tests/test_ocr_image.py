"""Image inputs: multi-page TIFF (a faint 200 dpi copy and a task table), errors."""

from __future__ import annotations

import pytest
from scanlib import cer

from pipeline.errors import CorruptInputError, LimitExceededError
from pipeline.ingest import ingest_bytes
from pipeline.limits import Limits

pytestmark = pytest.mark.slow
CER_200_FAINT = 0.04  # measured 0.000-0.01 on this page; plain tesseract -l vie: 0.066


@pytest.fixture(scope="module")
def tiff(scans):
    return ingest_bytes(scans.data("two-page.tiff"), "two-page.tiff")


def test_multi_page_tiff_gives_one_page_per_frame(tiff):
    assert tiff.input_kind == "image"
    assert [p.number for p in tiff.pages] == [1, 2]
    assert tiff.text.count("\f") == 1
    assert all(p.origin == "ocr" and p.words and p.ocr_confidence for p in tiff.pages)


def test_faint_200_dpi_copy_is_upscaled_and_read(scans, tiff):
    first = tiff.text.split("\f")[0]
    assert cer(scans.truth("faint-200.png"), first) < CER_200_FAINT
    assert any("upscale" in f for f in tiff.pages[0].flags)


def test_task_table_is_read_row_by_row(tiff):
    rows = [line.split("\t") for line in tiff.text.split("\f")[1].split("\n") if "\t" in line]
    assert len(rows) == 4 and all(len(r) == 4 for r in rows)
    assert rows[1][2] == "Phòng Lao động - Thương binh và Xã hội"
    assert rows[3][3] == "Trước ngày 10/12/2022"


def test_oversized_image_is_refused_before_decoding(scans):
    with pytest.raises(LimitExceededError, match="pixels"):
        ingest_bytes(scans.data("noisy-300.png"), "big.png", Limits(max_image_pixels=1_000_000))


@pytest.mark.parametrize(("name", "reason"), [("corrupt.png", "image"),
                                              ("truncated.jpg", "truncated")])
def test_broken_images_raise_corrupt_input(scans, name, reason):
    with pytest.raises(CorruptInputError, match=reason):
        ingest_bytes(scans.data(name), name)
