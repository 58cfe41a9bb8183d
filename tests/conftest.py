"""Shared fixtures.

``scans``: scanned, born-digital and broken versions of seed pages, made once
per test session by ``tests/scanlib.py`` and cached as files in a temporary
folder (``scans.path(name)``; bytes with ``scans.data(name)``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
import scanlib
from PIL import Image

TUY_PHUOC = "tuy-phuoc-2022-ke-hoach-truyen-thong"


class ScanSet:
    """Named test inputs, each built on first use and kept for the session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.page = scanlib.layout(scanlib.plan_from_seed(TUY_PHUOC), max_pages=1)[0]
        self.table_page = scanlib.layout(scanlib.task_table_plan(), max_pages=1)[0]
        self._makers: dict[str, Callable[[], bytes]] = {
            "noisy-300.png": lambda: _png(scanlib.scan(scanlib.draw(self.page, 300)), 300),
            "faint-200.png": lambda: _png(scanlib.faint_scan(self.page), 200),
            "table-300.png": lambda: _png(scanlib.scan(scanlib.draw(self.table_page, 300)), 300),
            "scan.pdf": lambda: scanlib.images_to_pdf([self.image("noisy-300.png")], 300),
            "two-page.tiff": self._tiff,
            "born-digital.pdf": lambda: scanlib.born_digital_pdf([self.table_page]),
            "garbled-layer.pdf": lambda: scanlib.garbled_layer_pdf(self.image("noisy-300.png")),
            "encrypted.pdf": lambda: scanlib.born_digital_pdf([self.table_page], encrypt="s3cret"),
            "corrupt.pdf": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40,
            "truncated.pdf": lambda: self.data("born-digital.pdf")[:len(self.data("born-digital.pdf")) // 2],
            "zero-page.pdf": scanlib.zero_page_pdf,
            "huge-page.pdf": lambda: _huge_page_pdf(),
            "corrupt.png": lambda: self.data("noisy-300.png")[:64] + b"\x00garbage" * 100,
            "truncated.jpg": lambda: _jpeg(self.image("noisy-300.png"))[:40000],
        }

    def path(self, name: str) -> Path:
        target = self.folder / name
        if not target.exists():
            target.write_bytes(self._makers[name]())
        return target

    def data(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def image(self, name: str) -> Image.Image:
        return Image.open(self.path(name))

    def truth(self, name: str) -> str:
        return scanlib.page_truth(self.table_page if name.startswith(("table", "born"))
                                  else self.page)

    def _tiff(self) -> bytes:
        table = self.image("table-300.png").convert("L")
        table = table.crop((0, 1900, table.width, 3000))  # the heading and the task table
        frames = [self.image("faint-200.png").convert("L"), table]
        buffer = io.BytesIO()
        frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:],
                       compression="tiff_lzw")  # no dpi tag: estimated from letters
        return buffer.getvalue()


def _png(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="JPEG", quality=70, dpi=(300, 300))
    return buffer.getvalue()


def _huge_page_pdf() -> bytes:
    """A blank 100 × 100 px scan declared at 1 dpi: a 100-inch page to render."""
    return scanlib.images_to_pdf([Image.new("L", (100, 100), 255)], dpi=1)


@pytest.fixture(scope="session")
def scans(tmp_path_factory: pytest.TempPathFactory) -> ScanSet:
    return ScanSet(tmp_path_factory.mktemp("scans"))
