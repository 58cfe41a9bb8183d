"""Limits: every breach is a LimitExceededError (or CorruptInputError), never a crash."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.errors import (
    ConfigurationError,
    CorruptInputError,
    LimitExceededError,
    NotADocumentError,
)
from pipeline.ingest import ingest, ingest_bytes
from pipeline.limits import MB, Limits

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "raw" / "cam-tan-2023-giam-ngheo-thong-tin.txt"
TEXT = "Kế hoạch triển khai thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững.\n"


def _docx_with(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (the body is one tiny IDAT)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def test_file_size() -> None:
    with pytest.raises(LimitExceededError, match="bytes, over the limit"):
        ingest_bytes(TEXT.encode() * 10, "big.txt", Limits(max_file_bytes=100))


def test_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 10)
    with pytest.raises(LimitExceededError):
        ingest(path, Limits(max_file_bytes=100))


def test_text_length() -> None:
    with pytest.raises(LimitExceededError, match="characters"):
        ingest_bytes(TEXT.encode() * 50, "long.txt", Limits(max_text_chars=1000))


def test_pages_of_a_text_file() -> None:
    with pytest.raises(LimitExceededError, match="pages"):
        ingest_bytes((TEXT + "\f").encode() * 20, "pages.txt", Limits(max_pages=10))


def test_zip_bomb_renamed_docx() -> None:
    bomb = _docx_with(b"<w:document>" + b"\x20" * (30 * MB) + b"</w:document>")
    assert len(bomb) < 100_000
    with pytest.raises(LimitExceededError, match="decompresses"):
        ingest_bytes(bomb, "bomb.docx", Limits(max_docx_uncompressed_bytes=10 * MB))


def test_zip_bomb_spread_over_many_members() -> None:
    members = {f"word/media/part{i}.bin": b"\x00" * (2 * MB) for i in range(8)}
    bomb = _docx_with(b"<w:document/>", members)
    with pytest.raises(LimitExceededError):
        ingest_bytes(bomb, "bomb.docx", Limits(max_docx_uncompressed_bytes=10 * MB))


def test_zip_whose_headers_lie_about_sizes() -> None:
    """Sizes patched down in the central directory: decompression must still stop."""
    honest = _docx_with(b"<w:document>" + b"\x20" * (4 * MB) + b"</w:document>")
    size = struct.pack("<I", 4 * MB + len(b"<w:document></w:document>"))
    lying = honest.replace(size, struct.pack("<I", 1000))
    assert lying != honest
    with pytest.raises((LimitExceededError, CorruptInputError)):
        ingest_bytes(lying, "lying.docx", Limits(max_docx_uncompressed_bytes=MB))


def test_truncated_and_broken_docx() -> None:
    good = _docx_with(b"<w:document/>")
    with pytest.raises(CorruptInputError):
        ingest_bytes(good[: len(good) // 2], "cut.docx")
    with pytest.raises(CorruptInputError):
        ingest_bytes(_docx_with(b"<w:document><w:body><w:p>", {}), "broken.docx")
    with pytest.raises(CorruptInputError, match="word/document.xml"):
        ingest_bytes(b"PK\x03\x04" + good[4:].replace(b"word/document.xml",
                                                       b"word/docxment.xml"), "x.docx")


def test_image_pixel_guard() -> None:
    limits = Limits(max_image_pixels=50_000_000)
    with pytest.raises(LimitExceededError, match="pixels|too large"):
        limits.open_image(_png_header(20_000, 20_000), "huge.png")
    assert limits.open_image(_png_header(100, 100), "small.png").size == (100, 100)
    with pytest.raises(CorruptInputError):
        limits.open_image(b"\x89PNG\r\n\x1a\n garbage", "broken.png")


def test_binary_garbage_and_empty_files() -> None:
    from pipeline.errors import EmptyInputError

    with pytest.raises(EmptyInputError):
        ingest_bytes(b"", "empty.txt")
    with pytest.raises(EmptyInputError):
        ingest_bytes(b" \n\t ", "blank.txt")
    with pytest.raises(NotADocumentError):
        ingest_bytes(bytes(range(256)) * 20, "garbage.bin")


def test_limits_from_options_and_environment() -> None:
    limits = Limits.from_options(max_pages=50, max_file_mb=2, seconds_per_document=None)
    assert (limits.max_pages, limits.max_file_bytes) == (50, 2 * MB)
    assert limits.seconds_per_document == Limits().seconds_per_document
    env = {"KEHOACH_MAX_FILE_MB": "1.5", "KEHOACH_SECONDS_PER_DOCUMENT": "30",
           "KEHOACH_MAX_IMAGE_PIXELS": "1000000"}
    limits = Limits.from_env(env)
    assert limits.max_file_bytes == int(1.5 * MB)
    assert limits.seconds_per_document == 30.0
    assert limits.max_image_pixels == 1_000_000
    for bad in ({"max_pages": 0}, {"max_pages": "many"}, {"no_such_limit": 3}):
        with pytest.raises(ConfigurationError):
            Limits.from_options(**bad)
    with pytest.raises(ConfigurationError):
        Limits.from_env({"KEHOACH_MAX_PAGES": "ten"})


@pytest.mark.slow
def test_time_and_memory_limits_through_the_batch_runner(tmp_path: Path) -> None:
    """Per-document time and memory are enforced by ``kehoach run``'s workers."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "plan.txt").write_bytes(PLAN.read_bytes())
    kehoach = [sys.executable, "-m", "pipeline.cli"]
    for option, value, words in (("--seconds-per-document", "0.05", "s; stopped"),
                                 ("--memory-mb-per-document", "20", "MB")):
        out = tmp_path / option.strip("-")
        done = subprocess.run([*kehoach, "run", str(inputs), "--out", str(out), "--workers", "1",
                               option, value], capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1), done.stderr[-2000:]
        import pandas as pd

        errors = pd.read_parquet(out / "errors.parquet")
        assert list(errors["code"]) == ["K105"], errors.to_dict("records")
        assert words in errors["message"].iloc[0]
        assert pd.read_parquet(out / "documents.parquet").empty
