"""Page-image clean-up before OCR, chosen to be cheap (tens of milliseconds).

The steps that pay on office scans and photocopies of plans:

1. **contrast stretch**: a faint photocopy (grey ink on grey paper) gets its
   ink mapped to black and its paper to white;
2. **denoise**: a 3×3 median filter removes scanner speckle and JPEG ringing
   without eating the dot of "ạ" or the hook of "ở";
3. **deskew**: the skew angle is found on a quarter-size binary copy by the
   projection-profile method and the page is rotated back;
4. **upscale**: a page under 250 dpi is enlarged to 300 dpi, the size the
   ``vie`` model reads best (diacritics of a 200 dpi page are 2–3 pixels);
5. **binarise**: Otsu's threshold on the cleaned page; what Tesseract gets is
   black text on white.

Expensive filters (non-local means, morphological closing of text) were tried
and cost more OCR time than they saved in errors; see ``docs/ocr.md``.
Table rules are found here too (:func:`find_grid`), for reading tables row by row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

TARGET_DPI = 300
UPSCALE_BELOW_DPI = 250
MAX_SKEW_DEGREES = 5.0


@dataclass
class Prepared:
    """The image Tesseract reads and how to map its pixels back to the page image."""

    image: np.ndarray  # binary (0/255) uint8
    scale: float  # prepared pixels per page-image pixel
    angle: float  # degrees the page was rotated by (counter-clockwise)
    size: tuple[int, int]  # page image width, height
    steps: list[str] = field(default_factory=list)

    def to_page(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """A box (left, top, width, height) in prepared pixels → page-image pixels."""
        left, top, width, height = (v / self.scale for v in box)
        if not self.angle:
            return round(left), round(top), round(width), round(height)
        corners = np.array([[[left, top], [left + width, top], [left, top + height],
                             [left + width, top + height]]], dtype=np.float64)
        centre = (self.size[0] / 2, self.size[1] / 2)
        undo = cv2.getRotationMatrix2D(centre, -self.angle, 1.0)
        points = cv2.transform(corners, undo)[0]
        xs, ys = points[:, 0], points[:, 1]
        x0, y0 = max(0.0, float(xs.min())), max(0.0, float(ys.min()))
        return round(x0), round(y0), round(float(xs.max()) - x0), round(float(ys.max()) - y0)


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image if image.dtype == np.uint8 else cv2.convertScaleAbs(image)
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def stretch_contrast(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """Map the ink level to 0 and the paper level to 255 when the page is faint."""
    small = gray[::4, ::4]
    ink, paper = np.percentile(small, [0.5, 60])
    if paper - ink > 170 and paper > 220:
        return gray, False
    if paper - ink < 20:  # blank or nearly blank page
        return gray, False
    lut = np.clip((np.arange(256, dtype=np.float32) - ink) * 255.0 / (paper - ink), 0, 255)
    return cv2.LUT(gray, lut.astype(np.uint8)), True


def estimate_skew(gray: np.ndarray) -> float:
    """Skew in degrees, counter-clockwise positive, by projection profiles."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.sum() < 200:
        return 0.0
    ys, xs = np.nonzero(ink)
    cx = small.shape[1] / 2

    def sharpness(angle: float) -> float:
        shifted = ys + (xs - cx) * math.tan(math.radians(angle))
        hist = np.bincount(np.clip(shifted, 0, None).astype(np.int64))
        return float((hist.astype(np.float64) ** 2).sum())

    best = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5), key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return float(round(max(fine, key=sharpness), 2))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def prepare(image: np.ndarray, dpi: float | None) -> Prepared:
    """Clean a page image for Tesseract; ``dpi`` None means unknown (estimated)."""
    gray = to_gray(image)
    size = (gray.shape[1], gray.shape[0])
    steps: list[str] = []
    gray, stretched = stretch_contrast(gray)
    if stretched:
        steps.append("contrast")
    gray = cv2.medianBlur(gray, 3)
    steps.append("median3")
    angle = estimate_skew(gray)
    # the profile is sharpest when the page is rotated by -angle to undo the skew
    if abs(angle) >= 0.15:
        gray = rotate(gray, -angle)
        steps.append(f"deskew({angle:+.2f})")
    else:
        angle = 0.0
    dpi = dpi or estimate_dpi(gray)
    scale = 1.0
    if dpi < UPSCALE_BELOW_DPI:
        scale = TARGET_DPI / dpi
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        steps.append(f"upscale({scale:.2f})")
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    steps.append("otsu")
    return Prepared(image=binary, scale=scale, angle=-angle, size=size, steps=steps)


def estimate_dpi(gray: np.ndarray) -> float:
    """Resolution of a page without metadata, from the height of its letters.

    Body text of a plan is 12–14 pt; a lower-case letter is then about 0.09 inch
    tall, so the median height of letter-sized ink blobs gives the resolution.
    """
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= 6) & (heights <= 200) & (widths >= 3) & (widths <= 3 * heights)]
    if len(letters) < 50:
        return float(TARGET_DPI)
    return float(np.clip(np.median(letters) / 0.09, 100, 600))


@dataclass
class Grid:
    """A ruled table found on a binary page: its row and column rules (prepared pixels)."""

    rows: list[int]  # y of each horizontal rule, top to bottom
    cols: list[int]  # x of each vertical rule, left to right

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding a point, or None outside the table."""
        if not (self.rows[0] <= y <= self.rows[-1] and self.cols[0] <= x <= self.cols[-1]):
            return None
        row = sum(1 for r in self.rows[1:-1] if y > r)
        col = sum(1 for c in self.cols[1:-1] if x > c)
        return row, col


def find_grid(binary: np.ndarray) -> tuple[Grid | None, np.ndarray]:
    """The table grid of a page (long vertical and horizontal rules) and the mask of
    all rule pixels (tables, underlines), which is erased before OCR."""
    ink = cv2.bitwise_not(binary)
    width = binary.shape[1]
    h_len, v_len = max(20, width // 12), max(10, width // 40)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                  cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                                cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # grown by 1 px: the blurred edges of a rule would otherwise be read as ".", ":" or "|"
    mask = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    cols = _positions(vertical.sum(axis=0), v_len)
    if len(cols) < 2:
        return None, mask
    ys = np.nonzero(vertical[:, cols[0]:cols[-1] + 1].any(axis=1))[0]
    top, bottom = int(ys.min()), int(ys.max())
    band = horizontal[max(0, top - 8):bottom + 9, cols[0]:cols[-1] + 1]
    rows = [r + max(0, top - 8) for r in _positions(band.sum(axis=1), (cols[-1] - cols[0]) // 2)]
    if len(rows) < 2:
        return None, mask
    return Grid(rows=rows, cols=cols), mask


def _positions(profile: np.ndarray, min_length: int) -> list[int]:
    hits = np.nonzero(profile >= 255 * min_length)[0]
    groups: list[list[int]] = []
    for pos in hits:
        if groups and pos - groups[-1][-1] <= 8:
            groups[-1].append(int(pos))
        else:
            groups.append([int(pos)])
    return [round(sum(g) / len(g)) for g in groups]
