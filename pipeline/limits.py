"""Resource limits for one document. Each breach is a LimitExceededError."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import LimitExceededError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_pages: int = 500
    max_image_pixels: int = 120_000_000
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_text_chars: int = 5_000_000
    seconds_per_document: float = 600.0
    memory_mb_per_document: int = 3072

    def check_file_size(self, size: int, source: str) -> None:
        if size > self.max_file_bytes:
            raise LimitExceededError(
                f"file is {size} bytes, over the limit of {self.max_file_bytes}",
                source=source, stage="ingest")

    def check_pages(self, pages: int, source: str) -> None:
        if pages > self.max_pages:
            raise LimitExceededError(
                f"{pages} pages, over the limit of {self.max_pages}", source=source,
                stage="ingest")

    def check_pixels(self, pixels: int, source: str) -> None:
        if pixels > self.max_image_pixels:
            raise LimitExceededError(
                f"image of {pixels} pixels, over the limit of {self.max_image_pixels}",
                source=source, stage="ingest")
