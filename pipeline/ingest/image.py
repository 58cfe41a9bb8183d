"""Image inputs (PNG, JPEG, TIFF with one or many pages, BMP, WebP): OCR every page.

The pixel count of each frame is checked against ``Limits.max_image_pixels``
before it is decoded, and Pillow's decompression-bomb guard is set from the
same limit, so a 40000 × 40000 "photo" is refused, not decoded.
"""

from __future__ import annotations

import io
import time
import warnings

import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.document import RawDocument
from pipeline.errors import CorruptInputError, EmptyInputError, LimitExceededError
from pipeline.ingest.layout import PageContent, assemble
from pipeline.ingest.ocr import ocr_page
from pipeline.limits import Limits


def set_pixel_guard(limits: Limits) -> None:
    """Pillow refuses (DecompressionBombError) images over twice this many pixels."""
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels


def _dpi(frame: Image.Image) -> float | None:
    dpi = frame.info.get("dpi")
    if dpi and dpi[0] and 50 <= float(dpi[0]) <= 1200:
        return float(dpi[0])
    return None  # estimated from letter heights by the preprocessor


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    set_pixel_guard(limits)
    deadline = time.monotonic() + limits.seconds_per_document
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            pages = _pages(image, source, limits, deadline)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise LimitExceededError(f"image too large: {err}", source=source,
                                 stage="ingest") from err
    except UnidentifiedImageError as err:
        raise CorruptInputError("not a readable image (unknown or damaged format)",
                                source=source, stage="ingest") from err
    except (OSError, SyntaxError, ValueError) as err:
        reason = "truncated image" if "truncated" in str(err) else "corrupt image"
        raise CorruptInputError(f"{reason}: {err}", source=source, stage="ingest") from err
    text, raw_pages = assemble(pages)
    return RawDocument(source=source, doc_id=doc_id, input_kind="image", text=text,
                       pages=raw_pages)


def _pages(image: Image.Image, source: str, limits: Limits,
           deadline: float) -> list[PageContent]:
    frames = getattr(image, "n_frames", 1)
    if frames == 0:
        raise EmptyInputError("the image has no frames", source=source, stage="ingest")
    limits.check_pages(frames, source)
    pages = []
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        limits.check_pixels(frame.size[0] * frame.size[1], source)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LimitExceededError(f"the per-document time limit was spent before page "
                                     f"{number}", source=source, stage="ocr")
        dpi = _dpi(frame)
        pixels = np.asarray(ImageOps.exif_transpose(frame).convert("L"))
        pages.append(ocr_page(pixels, dpi, number=number, timeout=remaining))
    return pages
