"""PDF inputs: keep a good text layer, OCR every page whose layer is missing or bad.

Per page, :func:`pipeline.ingest.layer_quality.assess` decides. A born-digital
page keeps its text in layout order (the two-column header block — issuer on
the left, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on the right — is read column by
column, never interleaved line by line; ruled tables row by row). A scanned
page, or one whose layer is garbled like the Lục Nam seed ("Truyén thong vé
Chwong trinh"), is rendered with pypdfium2 at the resolution of its scan and
OCRed. ``input_kind`` is ``pdf_text`` when every page kept its layer,
``pdf_scan`` when any page was OCRed.

Broken files raise numbered errors: EncryptedInputError (a user password),
CorruptInputError (not parseable, or truncated), EmptyInputError (no pages),
LimitExceededError (too many pages, a page or an embedded image too large, or
the per-document time spent).
"""

from __future__ import annotations

import io
import logging
import time

import numpy as np
import pypdfium2 as pdfium

from pipeline.document import RawDocument
from pipeline.errors import (
    CorruptInputError,
    EmptyInputError,
    EncryptedInputError,
    KehoachError,
    LimitExceededError,
)
from pipeline.ingest.image import set_pixel_guard
from pipeline.ingest.layer_quality import LayerVerdict, assess
from pipeline.ingest.layout import PageContent, assemble
from pipeline.ingest.ocr import ocr_page
from pipeline.ingest.text_layer import layer_page
from pipeline.limits import Limits

RENDER_DPI = 300  # for pages without an embedded scan, and the text-layer box scale
MIN_SCAN_DPI, MAX_SCAN_DPI = 150, 400

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def open_pdf(data: bytes, source: str) -> pdfium.PdfDocument:
    """Open with PDFium; name the reason when it cannot."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        message = str(err).lower()
        if "password" in message or "security" in message:
            raise EncryptedInputError("the PDF is encrypted with a password", source=source,
                                      stage="ingest") from err
        if _no_pages(data):
            raise EmptyInputError("the PDF has no pages", source=source,
                                  stage="ingest") from err
        if b"%%EOF" not in data[-2048:]:
            raise CorruptInputError(f"truncated PDF: no end-of-file marker after "
                                    f"{len(data)} bytes ({err})", source=source,
                                    stage="ingest") from err
        raise CorruptInputError(f"corrupt PDF: {err}", source=source, stage="ingest") from err


def _no_pages(data: bytes) -> bool:
    """PDFium refuses a well-formed PDF whose page tree is empty; pdfminer reads it."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        return next(PDFPage.create_pages(document), None) is None
    except Exception:  # not parseable either: corrupt, not empty
        return False


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    set_pixel_guard(limits)
    deadline = time.monotonic() + limits.seconds_per_document
    document = open_pdf(data, source)
    try:
        count = len(document)
        if count == 0:
            raise EmptyInputError("the PDF has no pages", source=source, stage="ingest")
        limits.check_pages(count, source)
        plumber = _open_plumber(data, source)
        warnings: list[str] = []
        if b"%%EOF" not in data[-2048:]:
            warnings.append("truncated PDF (no end-of-file marker), read what PDFium recovered")
        with plumber:
            pages = [_page(document, plumber, i, source, limits, deadline, warnings)
                     for i in range(count)]
    finally:
        document.close()
    text, raw_pages = assemble(pages)
    kind = "pdf_scan" if any(p.origin == "ocr" for p in pages) else "pdf_text"
    legacy = sorted({flag.split(":", 1)[1] for p in pages for flag in p.flags
                     if flag.startswith("legacy:")})
    return RawDocument(source=source, doc_id=doc_id, input_kind=kind, text=text,
                       pages=raw_pages, encoding=",".join(legacy) or None, warnings=warnings)


def _open_plumber(data: bytes, source: str):  # noqa: ANN202 (pdfplumber.PDF)
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as err:  # pdfminer raises many types on broken files
        name = type(err).__name__
        if "Password" in name or "Encrypt" in name:
            raise EncryptedInputError(f"the PDF is encrypted ({name})", source=source,
                                      stage="ingest") from err
        raise CorruptInputError(f"corrupt PDF ({name}: {err})", source=source,
                                stage="ingest") from err


def _page(document: pdfium.PdfDocument, plumber, index: int, source: str,  # noqa: ANN001
          limits: Limits, deadline: float, warnings: list[str]) -> PageContent:
    number = index + 1
    try:
        page = plumber.pages[index]
        width_pt, height_pt = float(page.width), float(page.height)
        images = page.images
        words = page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
    except Exception as err:
        raise CorruptInputError(f"page {number} cannot be read ({type(err).__name__}: {err})",
                                source=source, stage="ingest") from err
    scan_dpi = _scan_dpi(images, width_pt, height_pt)
    _check_page_pixels(images, width_pt, height_pt, scan_dpi or RENDER_DPI, limits, source)
    verdict = assess(" ".join(w["text"] for w in words), _coverage(images, width_pt, height_pt))
    if verdict.usable:
        try:
            return layer_page(page, words, number, RENDER_DPI, verdict.legacy)
        except KehoachError:
            raise
        except Exception as err:  # pdfminer raises many types on damaged content streams
            raise CorruptInputError(f"page {number} cannot be read ({type(err).__name__}: "
                                    f"{err})", source=source, stage="ingest") from err
        finally:
            page.close()  # drop pdfplumber's parsed objects: long PDFs stay small
    page.close()
    warnings.append(f"page {number}: {verdict.reason}; OCRed")
    return _ocr(document, index, scan_dpi or RENDER_DPI, verdict, source, deadline)


def _ocr(document: pdfium.PdfDocument, index: int, dpi: float, verdict: LayerVerdict,
         source: str, deadline: float) -> PageContent:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise LimitExceededError("the per-document time limit was spent before page "
                                 f"{index + 1}", source=source, stage="ocr")
    try:
        bitmap = document[index].render(scale=dpi / 72, grayscale=True)
        image = np.array(bitmap.to_numpy())
    except pdfium.PdfiumError as err:
        raise CorruptInputError(f"page {index + 1} cannot be rendered: {err}", source=source,
                                stage="ingest") from err
    if image.ndim == 3:
        image = image[:, :, 0]
    page = ocr_page(image, dpi, number=index + 1, timeout=remaining)
    page.flags.append(f"ocr_reason:{verdict.reason}")
    return page


def _coverage(images: list[dict], width: float, height: float) -> float:
    area = sum(max(0.0, float(im["x1"]) - float(im["x0"])) *
               max(0.0, float(im["bottom"]) - float(im["top"])) for im in images)
    return min(1.0, area / max(1.0, width * height))


def _scan_dpi(images: list[dict], width: float, height: float) -> float | None:
    """Resolution of the scan when the page is one big image: native pixels per inch."""
    for im in images:
        shown = float(im["x1"]) - float(im["x0"])
        if shown * (float(im["bottom"]) - float(im["top"])) >= 0.5 * width * height:
            pixels = im.get("srcsize", (0, 0))[0]
            if pixels and shown:
                return float(np.clip(pixels / (shown / 72), MIN_SCAN_DPI, MAX_SCAN_DPI))
    return None


def _check_page_pixels(images: list[dict], width: float, height: float, dpi: float,
                       limits: Limits, source: str) -> None:
    limits.check_pixels(round(width * dpi / 72) * round(height * dpi / 72), source)
    for im in images:
        size = im.get("srcsize") or (0, 0)
        limits.check_pixels(int(size[0]) * int(size[1]), source)
