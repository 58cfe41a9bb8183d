"""Resource limits for one document. Each breach is a LimitExceededError (K105).

Readers check what they can measure before doing the work: the file size before
reading, the decompressed size of a .docx before unzipping, the pixels of an image
before decoding it, the page count before rendering, the text length after decoding.
Time and memory per document are enforced by the batch runner's supervised workers
(``seconds_per_document``, ``memory_mb_per_document``).

Every limit can be set from the command line (``Limits.from_options``) or the
environment: ``KEHOACH_MAX_FILE_MB=50 KEHOACH_MAX_PAGES=100 kehoach run ...``.
"""

from __future__ import annotations

import io
import lzma
import os
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from pipeline.errors import ConfigurationError, CorruptInputError, LimitExceededError

MB = 1024 * 1024

# field → (environment variable, unit multiplier applied to the variable's value)
ENVIRONMENT = {
    "max_file_bytes": ("KEHOACH_MAX_FILE_MB", MB),
    "max_pages": ("KEHOACH_MAX_PAGES", 1),
    "max_image_pixels": ("KEHOACH_MAX_IMAGE_PIXELS", 1),
    "max_docx_uncompressed_bytes": ("KEHOACH_MAX_DOCX_UNCOMPRESSED_MB", MB),
    "max_text_chars": ("KEHOACH_MAX_TEXT_CHARS", 1),
    "seconds_per_document": ("KEHOACH_SECONDS_PER_DOCUMENT", 1),
    "memory_mb_per_document": ("KEHOACH_MEMORY_MB_PER_DOCUMENT", 1),
}


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * MB
    max_pages: int = 500
    max_image_pixels: int = 120_000_000
    max_docx_uncompressed_bytes: int = 200 * MB
    max_text_chars: int = 5_000_000
    seconds_per_document: float = 600.0
    memory_mb_per_document: int = 3072

    # -- construction ------------------------------------------------------------

    @classmethod
    def from_options(cls, base: Limits | None = None, **options: Any) -> Limits:
        """Defaults (or ``base``) with the given fields replaced; None means "keep".

        ``Limits.from_options(max_pages=50, seconds_per_document=30)``. A ``*_mb``
        spelling of a byte limit is accepted (``max_file_mb=20``).
        """
        base = base or cls()
        names = {f.name for f in fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in options.items():
            if value is None:
                continue
            if key not in names and key.endswith("_mb") and key[:-3] + "_bytes" in names:
                key, value = key[:-3] + "_bytes", float(value) * MB
            if key not in names:
                raise ConfigurationError(f"unknown limit {key!r}; known: {sorted(names)}")
            changes[key] = _positive(key, value)
        return replace(base, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 base: Limits | None = None) -> Limits:
        """Limits from ``KEHOACH_*`` environment variables (see ``ENVIRONMENT``)."""
        environ = os.environ if environ is None else environ
        options: dict[str, Any] = {}
        for name, (variable, unit) in ENVIRONMENT.items():
            raw = environ.get(variable)
            if raw is None or not raw.strip():
                continue
            try:
                options[name] = float(raw) * unit
            except ValueError as err:
                raise ConfigurationError(f"{variable}={raw!r} is not a number") from err
        return cls.from_options(base, **options)

    # -- checks ------------------------------------------------------------------

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

    def check_text_length(self, chars: int, source: str) -> None:
        if chars > self.max_text_chars:
            raise LimitExceededError(
                f"text of {chars} characters, over the limit of {self.max_text_chars}",
                source=source, stage="ingest")

    def check_zip(self, data: bytes, source: str) -> zipfile.ZipFile:
        """Open a zip container (.docx) after checking what it would decompress to.

        The sizes in the central directory can lie, so each member is also read
        through a counting reader by :meth:`read_zip_member`.
        """
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError,
                EOFError, NotImplementedError) as err:
            raise CorruptInputError(f"not a valid zip (.docx) file: {err}",
                                    source=source, stage="ingest") from err
        total = sum(info.file_size for info in infos)
        if total > self.max_docx_uncompressed_bytes:
            archive.close()
            raise LimitExceededError(
                f"decompresses to {total} bytes, over the limit of "
                f"{self.max_docx_uncompressed_bytes}", source=source, stage="ingest")
        if len(infos) > 10_000:
            archive.close()
            raise LimitExceededError(f"zip of {len(infos)} members, over the limit of 10000",
                                     source=source, stage="ingest")
        return archive

    def read_zip_member(self, archive: zipfile.ZipFile, name: str, source: str) -> bytes:
        """One member, stopping as soon as it decompresses past the limit."""
        limit = self.max_docx_uncompressed_bytes
        chunks, total = [], 0
        try:
            with archive.open(name) as member:
                while chunk := member.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise LimitExceededError(
                            f"{name} decompresses to more than {limit} bytes",
                            source=source, stage="ingest")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, OSError, EOFError,
                NotImplementedError, RuntimeError, ValueError) as err:
            # bad CRC, broken deflate stream, unknown compression, encrypted member
            raise CorruptInputError(f"cannot decompress {name}: {err}", source=source,
                                    stage="ingest") from err
        return b"".join(chunks)

    def open_image(self, data: bytes, source: str) -> Any:
        """A Pillow image whose header was checked against ``max_image_pixels``.

        Pillow's own decompression-bomb guard is set to the same limit and its
        warning raised as an error, so no decoder allocates a 20,000-pixel square.
        """
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = self.max_image_pixels
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
            raise LimitExceededError(f"image too large: {err}", source=source,
                                     stage="ingest") from err
        except (OSError, SyntaxError, ValueError) as err:
            raise CorruptInputError(f"cannot read image: {err}", source=source,
                                    stage="ingest") from err
        width, height = image.size
        self.check_pixels(width * height, source)
        return image


def _positive(name: str, value: Any) -> int | float:
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise ConfigurationError(f"limit {name} must be a number, not {value!r}") from err
    if number <= 0:
        raise ConfigurationError(f"limit {name} must be positive, not {value!r}")
    default = getattr(Limits(), name)
    return int(number) if isinstance(default, int) else number
