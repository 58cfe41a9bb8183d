"""Structure: lines, header block, numbered sections, "Nơi nhận", signature.

Everything is found on the folded view, so "V.TO CHUC THUC HIEN" from a bad OCR
and "V. TỔ CHỨC THỰC HIỆN" give the same section. Spans are in restored
coordinates (``Document.restored.text``).
"""

from __future__ import annotations

import re

from pipeline.document import Document, Header, Line, Section, Span

_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|[|l1]{1,3}|[|l1i]{1,2}[1i|l])"
# "**" (bold in a Markdown export) and "Phần" may open a heading; "1/ ", "III- " are
# numbered too, where a space and no digit follow ("15/12/2024" is a date)
_OPEN = r"^(?:\*\*)?(?:phan\s+)?"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(rf"{_OPEN}({_ROMAN})(?:\s*[.:/)]\s*(?=\S)|\s*-\s+(?=[^\d\s]))")),
    ("arabic", re.compile(r"^(?:\*\*)?(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s*[.)]\s*(?=\S)|"
                          r"[/-]\s+(?=[^\d\s]))")),
    ("letter", re.compile(r"^([a-zđ])\s*[)]\s*(?=\S)|^([a-zđ])\.\s+(?=\S)")),
    ("dash", re.compile(r"^([-–—•*·])\s*(?=\S)")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
]
_ANY_MARKER = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _MARKERS))
_RANK = {"roman": 0, "arabic": 1, "letter": 3, "dash": 4, "plus": 5}
_PART_LETTERS = set("abcdefgh")  # folded markers no Roman numeral uses
_BODY_OPENERS = re.compile(
    r"^\s*(?:\*\*)?(?:can cu|thuc hien|nham|de trien khai|theo|tiep tuc|trien khai|"
    r"ubnd|uy ban nhan dan|so lao dong|phong \w+|ban chi dao)\b")
_FIRST_LINE_STOP = re.compile(
    r"^\s*(?:can cu|thuc hien (?:quyet dinh|ke hoach|chi thi|nghi quyet|cong van|thong tu|"
    r"van ban|huong dan)\s+so)\b")
_MOTTO = re.compile(r"(?:cong hoa|doc lap|poc 1ap|doc 1ap|tu do - hanh phuc|(?:hoi )?chu nghia "
                    r"viet nam|dang cong san|^\s*hoi\s*$|^\s*viet nam\s*$|^\s*-{3,}\s*$).*$")
# "Số: 194/KH-UBND", "S06:" (ố read as 06), and the Party's "Số 27-KH/HU" with no colon
_NUMBER_LINE = re.compile(r"^\s*(?:\*\*)?s(?:[o06e]|06)(?:\s*[:.]\s*(?=[\d/ ]|$)|\s+(?=\d+\s*[-/]))")
_PLACE_DATE = re.compile(
    r"(?:^|(?<=\s))([^\W\d_](?:[^\W\d_]|[ .])*?),\s*ngay\b[^\n]{0,30}?\bnam\s+(\d{4})")
# the end of every _PLACE_DATE match: a cheap test before the slow scan for its start
_PLACE_DATE_TAIL = re.compile(r",\s*ngay\b[^\n]{0,30}?\bnam\s+(\d{4})")
_CLOSING = re.compile(
    r"^\s*(?:tren day la|tren day|trong qua trinh (?:to chuc )?(?:trien khai )?thuc hien|"
    r"yeu cau (?:thu truong )?cac|qua trinh thuc hien)\b")
_RECIPIENTS = re.compile(r"^\s*(?:\*\*)?n[o0]i nh[a-z]n\s*[:.]?")
_APPENDIX = re.compile(r"^\s*(?:\*\*)?phu luc\b")
_AUTHORITY = re.compile(r"(?:^|\s|\*)(tm|kt|q|tl|tuq|ktl)\s*[.,]\s*\S")


def _lines(folded: str) -> list[Line]:
    lines, pos = [], 0
    for raw in folded.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append(Line(pos + lead, pos + lead + len(stripped)))
        pos += len(raw)
    return lines


def _place_date(text: str, pos: int = 0) -> re.Match[str] | None:
    """``_PLACE_DATE.search(text, pos)``, skipping texts with no "…, ngày … năm 2022" tail."""
    if _PLACE_DATE_TAIL.search(text, pos) is None:
        return None
    return _PLACE_DATE.search(text, pos)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def classify_line(display: str, folded: str,
                  ocr: bool = False) -> tuple[str, str, int] | None:
    """(kind, marker, text offset) of a numbered or bulleted line, else None.

    With ``ocr``, an all-caps heading numbered "1." is taken for a Roman heading whose
    numeral the OCR misread ("1. POI TUQGNG, PHAM VI" for "II. ĐỐI TƯỢNG, PHẠM VI").
    """
    for kind, pattern in _MARKERS:
        match = pattern.match(folded)
        if not match:
            continue
        marker = next(g for g in match.groups() if g is not None)
        rest = display[match.end():]
        if kind == "roman" and marker in ("1", "11", "l", "i") and not _is_caps(rest):
            if marker == "1" or marker == "11":
                continue  # "1." arabic, handled by the next pattern
            if marker in ("i", "l") and not rest[:1].isupper():
                continue
        if ocr and kind == "arabic" and marker in ("1", "11") and _is_caps(rest) \
                and _looks_heading(rest):
            return "roman", marker, match.end()
        if kind == "letter" and display[:1].isupper() and _is_caps(rest) and len(rest) < 120:
            return "roman", marker, match.end()  # "A. MỤC ĐÍCH": a part above the Roman ones
        return kind, marker, match.end()
    return None


def _looks_heading(rest: str) -> bool:
    # "1. POI TUQGNG, PHAM VI VA THOI1 GIAN" is a Roman heading misread by OCR
    words = rest.split()
    return len(words) >= 2 and sum(w.isupper() for w in words) / len(words) > 0.7


def _sections(doc: Document, lines: list[Line], body_start: int, body_end: int) -> list[Section]:
    ocr = doc.text_state != "full" or doc.raw.input_kind in ("pdf_scan", "image")
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    flat: list[tuple[int, Section]] = []
    for line in lines:
        if line.start < body_start or line.start >= body_end:
            continue
        folded = doc.folded[line.start:line.end]
        if not _ANY_MARKER.match(folded):
            continue
        found = classify_line(doc.restored.text[line.start:line.end], folded, ocr)
        if found is None:
            continue
        kind, marker, offset = found
        rank = _RANK[kind] + (marker.count(".") if kind == "arabic" else 0)
        if kind == "roman" and marker in _PART_LETTERS:
            rank = -1  # "A.", "B.": parts that hold Roman-numbered sections
        title = doc.folded[line.start + offset:line.end].strip()[:200]
        section = Section(start=line.start, end=body_end, marker=marker, kind=kind,  # type: ignore[arg-type]
                          heading=Span(line.start, line.end), title=title)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        section.depth = len(stack)
        (stack[-1][1].children if stack else roots).append(section)
        stack.append((rank, section))
        flat.append((rank, section))
    _end_sections(flat)
    return roots


def _end_sections(flat: list[tuple[int, Section]]) -> None:
    """Each section ends where the next section of the same or a higher rank starts."""
    open_sections: list[tuple[int, Section]] = []  # ranks strictly increasing
    for rank, section in flat:
        while open_sections and open_sections[-1][0] >= rank:
            open_sections.pop()[1].end = section.start
        open_sections.append((rank, section))


def _find_header(doc: Document, lines: list[Line]) -> Header:
    header = Header()
    folded = doc.folded
    for index, line in enumerate(lines[:25]):
        text = folded[line.start:line.end]
        if header.number is None and _NUMBER_LINE.search(text) and index < 15:
            match = _NUMBER_LINE.search(text)
            assert match is not None
            end = line.end
            place = _place_date(text, match.end())
            if place:
                end = line.start + place.start()
            header.number = Span(line.start + match.end(), end)
        place = _place_date(text)
        if place and (place.start() > 0 and not _NUMBER_LINE.match(text)
                      or len(place.group(1).split()) > 5 and not _merged_column(doc, line, place)):
            place = None
        if header.place_date is None and place and index < 15:
            header.place_date = Span(line.start + place.start(), line.start + place.end())
    header.doc_type, header.title = _type_and_title(doc, lines)
    found = [s for s in (header.doc_type, header.number, header.place_date) if s]
    if found:
        first = min(s.start for s in found)
        header.issuer_lines = [Span(line.start, _motto_cut(folded, line))
                               for line in lines if line.end <= first
                               and _motto_cut(folded, line) > line.start]
    header.body_start = header.title.end if header.title else (
        header.doc_type.end if header.doc_type else 0)
    return header


def _merged_column(doc: Document, line: Line, place: re.Match[str]) -> bool:
    """ "HUYỆN ỦY TUY PHƯỚC Tuy Phước, ngày 14 …": an OCR read the left column's line and
    the place and date as one line (capitals, then the place's name)."""
    words = doc.restored.text[line.start + place.start(1):line.start + place.end(1)].split()
    return len(words) > 2 and words[0].isupper() and words[1].isupper() \
        and not words[-1].isupper()


def _motto_cut(folded: str, line: Line) -> int:
    text = folded[line.start:line.end]
    match = _MOTTO.search(text)
    cut = line.start + (match.start() if match else len(text))
    while cut > line.start and folded[cut - 1] in " -":
        cut -= 1
    if _NUMBER_LINE.match(text.strip()):
        return line.start
    return cut


_TYPE_LINE = re.compile(
    r"^\s*(?:\*\*)?(ke hoach|quyet dinh|chi thi|thong bao|huong dan|chuong trinh|cong van|"
    r"bao cao|to trinh|nghi quyet|ket luan|de an|phuong an)(?:\*\*)?\s*$")


def _type_and_title(doc: Document, lines: list[Line]) -> tuple[Span | None, Span | None]:
    folded = doc.folded
    long_lines = [i for i, line in enumerate(lines) if line.end - line.start > 200]
    limit = min([30] + long_lines)
    for index, line in enumerate(lines[:limit]):
        if not _TYPE_LINE.match(folded[line.start:line.end]):
            continue
        title_lines: list[Line] = []
        for nxt in lines[index + 1:index + 8]:
            text = folded[nxt.start:nxt.end]
            if title_lines and (_BODY_OPENERS.match(text) or classify_line(
                    doc.restored.text[nxt.start:nxt.end], text)):
                break
            if not title_lines and (_MOTTO.match(text.strip()) or _place_date(text)):
                continue  # the right header column read after the type line by an OCR
            if not title_lines and _FIRST_LINE_STOP.match(text):
                break
            if title_lines and _is_caps(doc.restored.text[nxt.start:nxt.end]):
                break
            if title_lines and _blank_between(doc, title_lines[-1], nxt) and len(text) > 150:
                break
            title_lines.append(nxt)
            if text.endswith((".", ";")) or len(text) > 250:
                break
        title = Span(title_lines[0].start, title_lines[-1].end) if title_lines else None
        return Span(line.start, line.end), title
    return None, None


def _blank_between(doc: Document, a: Line, b: Line) -> bool:
    return doc.folded.count("\n", a.end, b.start) > 1


def _closing(doc: Document, lines: list[Line],
             body_start: int) -> tuple[int, Span | None, Span | None, Span | None]:
    """End of the body; the recipients list and the signature block."""
    folded = doc.folded
    end = len(folded)
    recipients: Span | None = None
    for line in lines:
        if line.start < body_start:
            continue
        if _RECIPIENTS.match(folded[line.start:line.end]):
            recipients = Span(line.start, len(folded))
            end = min(end, line.start)
            break
    signature = _signature(doc, lines, recipients.start if recipients else end)
    if signature is not None and recipients is None:
        end = min(end, signature.start)
    closing = None
    for index, line in enumerate(lines):
        if not (body_start <= line.start < end) or not _CLOSING.match(folded[line.start:line.end]):
            continue
        later = [x for x in lines[index + 1:] if x.start < end]
        if not any(_is_heading(doc, x) for x in later):
            closing = Span(line.start, end)
            break
    return end, recipients, signature, closing


def _is_heading(doc: Document, line: Line) -> bool:
    found = classify_line(doc.restored.text[line.start:line.end], doc.folded[line.start:line.end])
    return found is not None and found[0] in ("roman", "arabic")


# what follows "TM."/"KT." in a signature block: the signing office or body
_SIGNING_BODIES = ("chu tich", "giam doc", "truong", "uy ban", "bi thu", "huyen uy", "tinh uy",
                   "thanh uy", "dang uy", "ban thuong vu", "chi bo", "ban chap hanh")
_SLASH_AUTHORITY = re.compile(r"(?<![\w/])(t/m|k/t|t/l)(?![\w/])")


def slash_authority(folded: str) -> str:
    """The Party's "T/M", "K/T", "T/L" as "tm.", "kt.", "tl." (the same length)."""
    return _SLASH_AUTHORITY.sub(lambda m: m.group().replace("/", "") + ".", folded)


def _signature(doc: Document, lines: list[Line], search_from: int) -> Span | None:
    folded = doc.folded
    tail = [line for line in lines if line.start >= search_from]
    if not tail:  # no "Nơi nhận": the block after the text's closing "./."
        ends = [i for i, line in enumerate(lines) if folded[line.start:line.end].endswith("/.")]
        tail = lines[ends[0] + 1:] if ends else lines[-8:]
    for index, line in enumerate(tail):
        if index and _TYPE_LINE.match(folded[line.start:line.end]):
            break
        text = folded[line.start:line.end]
        match = _AUTHORITY.search(slash_authority(text))
        if match and any(word in text for word in _SIGNING_BODIES):
            return Span(line.start + match.start(1), len(folded))
    return None


def _attachment(doc: Document, lines: list[Line], after: int) -> int | None:
    """Start of a plan attached to a decision ("Ban hành kèm theo Quyết định …")."""
    for index, line in enumerate(lines):
        if line.start <= after or not _TYPE_LINE.match(doc.folded[line.start:line.end]):
            continue
        start = line.start
        for previous in reversed(lines[max(0, index - 3):index]):
            text = doc.folded[previous.start:previous.end]
            if _NUMBER_LINE.match(text) or _place_date(text) or \
                    _is_caps(doc.restored.text[previous.start:previous.end]):
                start = previous.start
            else:
                break
        return start
    return None


def _appendix(doc: Document, lines: list[Line], closing_blocks: list[Span]) -> Span | None:
    """A "PHỤ LỤC" after the recipients and signature, up to the end (its task tables
    hold tasks, units and completion times)."""
    if not closing_blocks:
        return None
    after = max(block.start for block in closing_blocks)
    for line in lines:
        if line.start > after and _APPENDIX.match(doc.folded[line.start:line.end]):
            return Span(line.start, len(doc.folded))
    return None


def structure(doc: Document) -> Document:
    """Fill lines, header, sections, recipients and signature spans.

    A decision that issues a plan ("QUYẾT ĐỊNH … Điều 1. Ban hành kèm theo …") keeps its
    own header, recipients and signature; its body is the attached plan's.
    """
    lines = _lines(doc.folded)
    doc.lines = lines
    header = _find_header(doc, lines)
    body_end, recipients, signature, closing = _closing(doc, lines, header.body_start)
    attached = _attachment(doc, lines, recipients.start) if recipients else None
    if attached is not None and recipients is not None:
        recipients = Span(recipients.start, attached)
        if signature is not None and signature.start < attached:
            signature = Span(signature.start, attached)
        plan_lines = [line for line in lines if line.start >= attached]
        plan = _find_header(doc, plan_lines)
        end, _, _, closing = _closing(doc, plan_lines, plan.body_start)
        header.body_start, body_end = plan.body_start, end
    appendix = _appendix(doc, lines, [s for s in (recipients, signature) if s is not None])
    if appendix is not None:  # the closing blocks end where the appendix starts
        recipients, signature = (Span(s.start, min(s.end, appendix.start)) if s else None
                                 for s in (recipients, signature))
    header.recipients, header.signature, header.closing = recipients, signature, closing
    header.appendix = appendix
    header.body_end = body_end
    doc.header = header
    doc.sections = _sections(doc, lines, header.body_start,
                             closing.start if closing else body_end)
    return doc
