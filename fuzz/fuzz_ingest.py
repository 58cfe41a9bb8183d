"""Coverage-guided fuzz target (atheris) for text, HTML, DOCX and PDF ingestion.

The first byte picks the reader, the rest is the file. Each input is ingested and
normalised (legacy conversion, Unicode, offset maps); any exception that is not a
numbered ``KehoachError`` is a crash. Run it through ``fuzz/run.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["pipeline", "docx", "bs4", "pdfminer", "pdfplumber"]):
    from pipeline.errors import KehoachError
    from pipeline.ingest import docx, html, pdf, text
    from pipeline.limits import Limits
    from pipeline.normalise import normalise

READERS = [("text", text.read), ("html", html.read), ("docx", docx.read), ("pdf", pdf.read)]
LIMITS = Limits(max_file_bytes=2 * 1024 * 1024, max_pages=3, max_image_pixels=4_000_000,
                max_docx_uncompressed_bytes=8 * 1024 * 1024, max_text_chars=400_000,
                seconds_per_document=20)


def one_input(data: bytes) -> None:
    if not data:
        return
    kind, read = READERS[data[0] % len(READERS)]
    body = data[1:]
    try:
        LIMITS.check_file_size(len(body), f"fuzz.{kind}")
        raw = read(body, f"fuzz.{kind}", "0" * 16, LIMITS)
        doc = normalise(raw)
    except KehoachError:
        return
    assert 0 <= len(doc.text)
    for position in doc.to_raw.positions:
        assert 0 <= position <= len(raw.text)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
