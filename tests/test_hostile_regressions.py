"""Inputs that once crashed ingestion (found by ``fuzz/run.py``), kept fixed.

Each file in ``tests/fixtures/hostile/`` is a fuzz input: the first byte picks the
reader (0 text, 1 HTML, 2 DOCX, 3 PDF) as in ``fuzz/fuzz_ingest.py``, the rest is
the file. Reading it must give a RawDocument or a numbered KehoachError, nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import KehoachError
from pipeline.ingest import docx, html, pdf, text
from pipeline.limits import Limits
from pipeline.normalise import normalise

CASES = sorted((Path(__file__).parent / "fixtures" / "hostile").glob("*"))
READERS = [text.read, html.read, docx.read, pdf.read]
LIMITS = Limits(max_file_bytes=2 * 1024 * 1024, max_pages=3, max_image_pixels=4_000_000,
                max_docx_uncompressed_bytes=8 * 1024 * 1024, max_text_chars=400_000,
                seconds_per_document=20)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_fuzz_crash_stays_fixed(case: Path) -> None:
    data = case.read_bytes()
    read = READERS[data[0] % len(READERS)]
    try:
        raw = read(data[1:], case.name, "0" * 16, LIMITS)
        doc = normalise(raw)
    except KehoachError:
        return
    assert all(0 <= p <= len(raw.text) for p in doc.to_raw.positions)


def test_the_corpus_is_not_empty() -> None:
    assert CASES, "tests/fixtures/hostile/ lost its fuzz regressions"
