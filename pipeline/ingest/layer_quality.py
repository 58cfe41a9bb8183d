"""Is a PDF page's text layer usable, or must the page be OCRed?

A layer is kept when it is present, Vietnamese and has its diacritics intact:

- "Kế hoạch truyền thông về Chương trình" → keep (about 22% of letters are
  letters only Vietnamese has: ư, ơ, ă, đ, ạ, ả ...; 93% of words are syllables);
- "Truyén thong vé Chwong trinh muc tiéu qudc gia" (English-model Tesseract over
  a Vietnamese page, like the Lục Nam seed) → OCR: Latin-1 accents only, no ư/ơ/đ;
- "Ke hoach truyen thong" (a font without its Unicode map, diacritics lost) → OCR;
- "KÕ ho¹ch truyÒn th«ng" (TCVN3 ".VnTime" font) → converted, then kept;
- "(cid:12)(cid:45)" (glyph ids without Unicode) → OCR.

The signals come from :mod:`pipeline.normalise.textstate` and the syllable
inventory of :mod:`pipeline.normalise.legacy` (both data-driven).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.normalise.legacy import convert_legacy_mapped, detect_legacy, is_syllable
from pipeline.normalise.textstate import text_signals

MIN_LETTERS = 30  # below this a layer is too short to judge
MIN_VIETNAMESE_ONLY = 0.05  # share of letters only Vietnamese has (ư, ơ, đ, ạ, ...)
MIN_SYLLABLES = 0.70  # share of words that are valid Vietnamese syllables
MAX_CID = 0.02  # share of "(cid:N)" glyph ids among words
IMAGE_PAGE = 0.5  # share of the page covered by images that makes it a scan

_WORD = re.compile(r"[^\W\d_]+")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class LayerVerdict:
    usable: bool
    reason: str
    legacy: str | None = None  # "tcvn3", "vni" or "viqr": convert before use
    signals: dict[str, float] | None = None


def syllable_share(text: str) -> float:
    words = _WORD.findall(text)
    return sum(1 for w in words if is_syllable(w)) / len(words) if words else 0.0


def assess(text: str, image_coverage: float = 0.0) -> LayerVerdict:
    """Decide for one page's text layer; ``image_coverage`` is the share of the
    page area under images (a scanned page is one image)."""
    text = unicodedata.normalize("NFC", text)
    words = max(1, len(text.split()))
    if len(_CID.findall(text)) / words > MAX_CID:
        return LayerVerdict(False, "glyph ids without a Unicode map (cid)")
    signals = text_signals(text)
    if signals["letters"] < MIN_LETTERS:
        if image_coverage >= IMAGE_PAGE:
            return LayerVerdict(False, "page image with no text layer", signals=signals)
        return LayerVerdict(True, "little or no text, no page image", signals=signals)
    legacy = detect_legacy(text)
    if legacy:
        converted = convert_legacy_mapped(text, legacy)[0]
        if _vietnamese(converted, text_signals(converted)):
            return LayerVerdict(True, f"legacy {legacy} font encoding, converted",
                                legacy=legacy, signals=signals)
    syllables = syllable_share(text)
    signals = {**signals, "syllables": syllables}
    if signals["vietnamese_only"] < MIN_VIETNAMESE_ONLY:
        kind = "garbled (foreign-model OCR)" if signals["marked"] > 0.004 else \
            "no Vietnamese diacritics"
        return LayerVerdict(False, f"text layer {kind}", signals=signals)
    if syllables < MIN_SYLLABLES:
        return LayerVerdict(False, f"text layer: only {syllables:.0%} of words are "
                            "Vietnamese syllables", signals=signals)
    return LayerVerdict(True, "Vietnamese text layer with diacritics", signals=signals)


def _vietnamese(text: str, signals: dict[str, float]) -> bool:
    return signals["vietnamese_only"] >= MIN_VIETNAMESE_ONLY and \
        syllable_share(text) >= MIN_SYLLABLES
