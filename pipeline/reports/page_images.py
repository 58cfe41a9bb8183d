"""Page images for the review page: the input page rendered again, as a data URI.

OCR word boxes are in pixels of the page image the OCR read (``RawPage.size``).
A PDF page is rendered with pypdfium2 at that size, an image input is read with
Pillow; the picture is then shrunk for embedding, and boxes are placed in
percent of the page so they need no scaling. When the source is gone or cannot
be rendered, :func:`page_image` raises :class:`PageImageError` with the reason.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from pipeline.document import RawDocument, RawPage

MAX_WIDTH = 1100


class PageImageError(Exception):
    """A page image could not be made; the message says why (shown to the reader)."""


@dataclass
class PageImage:
    data_uri: str
    size: tuple[int, int]  # the page's pixel size the boxes refer to


def page_image(raw: RawDocument, page: RawPage, max_width: int = MAX_WIDTH) -> PageImage:
    path = Path(raw.source)
    if not path.is_file():
        raise PageImageError(f"the source file is not available: {raw.source}")
    try:
        if raw.input_kind in ("pdf_scan", "pdf_text") or path.suffix.lower() == ".pdf":
            image = _render_pdf(path, page)
        else:
            image = _open_image(path, page)
    except PageImageError:
        raise
    except Exception as err:  # any decoder failure: report it, keep the review page
        raise PageImageError(f"page {page.number} could not be rendered: "
                             f"{type(err).__name__}: {err}") from err
    size = page.size or image.size
    return PageImage(data_uri=_data_uri(image, max_width), size=(int(size[0]), int(size[1])))


def _render_pdf(path: Path, page: RawPage) -> Image.Image:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if page.number > len(pdf):
            raise PageImageError(f"the PDF has no page {page.number}")
        pdf_page = pdf[page.number - 1]
        width_pt, _ = pdf_page.get_size()
        target = page.size[0] if page.size else 1240
        scale = min(target, MAX_WIDTH * 2) / width_pt
        return pdf_page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


def _open_image(path: Path, page: RawPage) -> Image.Image:
    with Image.open(path) as image:
        if page.number > 1:
            image.seek(page.number - 1)  # multi-page TIFF
        return image.convert("RGB")


def _data_uri(image: Image.Image, max_width: int) -> str:
    if image.width > max_width:
        height = round(image.height * max_width / image.width)
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=70, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
