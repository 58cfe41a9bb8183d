"""Document metadata: type, number, issuer, place, date, title, period, signer,
recipients, text quality.

Read from the header block and the closing block that ``pipeline.structure``
found, falling back to the body ("UBND xã Cẩm Tân xây dựng Kế hoạch …") and,
for web articles, to the page's posting line ("Đăng bởi : …  Ngày đăng : …").
"""

from __future__ import annotations

import re

from extractors import Found
from extractors.agencies import issuer_with_place
from extractors.context import PlaceContext, place_context
from extractors.dates import find_dates
from extractors.lexicon import Place, doc_type_of, find_place
from extractors.numbers import NUMBER, canonical_number
from extractors.recipients import find_recipients
from extractors.signer import find_signer
from pipeline.document import Document, Span
from pipeline.records import DocumentMeta, Period, TextQuality

_RANGE = re.compile(r"(?:giai doan|thoi ky|nhiem ky|nam|tu nam)\s+(\d{4})\s*[-–]\s*(?:nam\s+)?(\d{4})"
                    r"|(?:tu nam|tu)\s+(\d{4})\s+den(?: het)?(?: nam)?\s+(\d{4})")
_MONTHS = re.compile(r"tu thang\s+(\d{1,2})\s*/\s*(\d{4})\s+den(?: het)?\s+thang\s+(\d{1,2})"
                     r"\s*/\s*(\d{4})")
_YEAR = re.compile(r"(?<!tam nhin )(?<!tam nhin den )\bnam\s+(\d{4})\b")
_BODY_ISSUER = re.compile(
    r"(?m)^\s*((?:uy ban nhan dan|ubnd|so|phong|ban chi dao|ban thuong vu|huyen uy|tinh uy|dang uy|"
    r"ban|trung tam|hoi dong nhan dan)\b[^.;:\n]{0,80}?)\s+(?:xay dung|ban hanh|"
    r"trien khai|de ra)\s+(?:ke hoach|chuong trinh|huong dan)")
# a web article's byline: "Đăng bởi : SLDTBXH Kontum Ngày đăng : 13/09/2022", or a line
# "Ngày đăng: 15/03/2024 | Lượt xem: 512" with no poster
_POSTED = re.compile(r"(?:dang boi\s*:\s*([^\n]*?)\s+|^[ \t]*)ngay (?:dang|dang tai|xuat ban)"
                     r"\s*:\s*(\d{1,2}/\d{1,2}/\d{4})", re.MULTILINE)


def _cut(doc: Document, span: Span | None) -> str | None:
    if span is None:
        return None
    return " ".join(doc.cut(span.start, span.end).replace("*", " ").split()) or None


def _doc_type(doc: Document) -> str | None:
    if doc.header.doc_type is not None:
        entry = doc_type_of(doc.folded[doc.header.doc_type.start:doc.header.doc_type.end]
                            .replace("*", " "))
        if entry:
            return entry.code
    if _POSTED.search(doc.folded):
        return "bai_viet"
    return None


def _number(doc: Document) -> str | None:
    span = doc.header.number
    if span is None:
        return None
    # the number alone: a header read as one line may run on ("215/KH-UBND Độc lập - …")
    match = NUMBER.search(doc.folded, span.start, span.end)
    text = doc.cut(match.start(), match.end()) if match else _cut(doc, span)
    if not text:
        return None
    number = canonical_number(text.split(",")[0])
    return number if number and number[0].isdigit() else None


def _place_and_date(doc: Document) -> tuple[str | None, str | None]:
    span = doc.header.place_date
    if span is None:
        posted = _POSTED.search(doc.folded)
        if posted:
            dates = find_dates(posted.group(2))
            return None, dates[0].iso if dates else None
        return None, None
    folded = doc.folded[span.start:span.end]
    comma = folded.find(",")
    place_text = _cut(doc, Span(span.start, span.start + comma)) if comma > 0 else None
    place = split_place(place_text)[1] if place_text else None
    dates = find_dates(folded[comma:]) if comma > 0 else []
    return (place.name if place else place_text), (dates[0].iso if dates else None)


def _respell_place(name: str, context: PlaceContext) -> str:
    """A place whose marks were restored ("Thạnh Tân") in the spelling of the place of that
    name in the document's province ("Thanh Tân", Thái Bình, beside "huyện Kiến Xương")."""
    province = context.province
    place = find_place(name, province=province.name, fuzzy=False) if province else None
    return place.name if place and province and province.name in (place.province, place.name) \
        else name


def split_place(text: str) -> tuple[str, Place | None]:
    """ "VÀ XÃ HỘI Lạng Sơn" (two header columns merged by OCR) → ("VÀ XÃ HỘI", Lạng Sơn)."""
    words = text.split()
    for fuzzy in (False, True):
        for size in range(min(4, len(words)), 0, -1):
            place = find_place(" ".join(words[-size:]), fuzzy=fuzzy)
            if place is not None:
                return " ".join(words[:-size]), place
    return text, None


def _title(doc: Document) -> str | None:
    title = _cut(doc, doc.header.title)
    if title:
        return title.rstrip(".;")
    for line in doc.lines[:15]:
        text = doc.cut(line.start, line.end)
        letters = [c for c in text if c.isalpha()]
        if 30 < len(text) < 250 and letters and sum(c.isupper() for c in letters) < len(letters) / 2:
            return " ".join(text.split())
    return None


def _period(title: str | None, doc: Document) -> Period | None:
    from pipeline.normalise.fold import fold

    stated = re.search(r"thoi gian thuc hien\s*:?[^\n]{0,60}", doc.folded)
    for text in (fold(title or ""), stated.group() if stated else ""):
        match = _RANGE.search(text)
        if match:
            start, end = [g for g in match.groups() if g][:2]
            return Period(start=start, end=end)
        months = _MONTHS.search(text)
        if months:
            m1, y1, m2, y2 = months.groups()
            return Period(start=f"{y1}-{int(m1):02d}", end=f"{y2}-{int(m2):02d}")
        year = _YEAR.search(text)
        if year:
            return Period(start=year.group(1), end=year.group(1))
    return None


def _issuer(doc: Document, found: Found, place: str | None) -> str | None:
    lines = [_cut(doc, span) for span in doc.header.issuer_lines]
    span = doc.header.place_date
    if span is not None and "," in doc.folded[span.start:span.end]:
        before_place = split_place(doc.cut(span.start, doc.folded.index(",", span.start)))[0]
        lines.append(before_place)
    lines = [line for line in lines if line]
    if lines:
        return issuer_with_place(lines, found.places, place)
    body = doc.folded[doc.header.body_start:doc.header.body_start + 6000]
    match = _BODY_ISSUER.search(body)
    if match:
        start = doc.header.body_start + match.start(1)
        return issuer_with_place([doc.cut(start, start + len(match.group(1)))], found.places,
                                 place)
    posted = _POSTED.search(doc.folded)
    if posted and posted.group(1):
        start = posted.start(1)
        return issuer_with_place([doc.cut(start, posted.end(1))], found.places, place)
    return None


def extract(doc: Document, found: Found) -> None:
    """Fill ``found.meta`` (and ``found.places``)."""
    place, issued = _place_and_date(doc)
    found.places = place_context(doc, place, found.index(doc).word_places)
    if place and doc.text_state != "full":
        place = _respell_place(place, found.places)
    title = _title(doc)
    raw = doc.raw
    confidences = [p.ocr_confidence for p in raw.pages if p.ocr_confidence is not None]
    quality = TextQuality(
        diacritics=doc.text_state, restored=doc.restored.changed,
        ocr_confidence=round(sum(confidences) / len(confidences), 3) if confidences else None,
        encoding=raw.encoding,
        low_confidence_pages=[p.number for p in raw.pages if "low_confidence" in p.flags])
    found.meta = DocumentMeta(
        doc_id=raw.doc_id, source=raw.source, input_kind=raw.input_kind,  # type: ignore[arg-type]
        doc_type=_doc_type(doc), number=_number(doc), issuer=_issuer(doc, found, place),  # type: ignore[arg-type]
        place=place if doc.header.place_date else None, issued_date=issued, title=title,
        period=_period(title, doc), signer=find_signer(doc), recipients=find_recipients(doc),
        text_quality=quality, pages=len(raw.pages))
