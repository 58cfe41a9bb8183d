"""Word (.docx) inputs: paragraphs and tables in document order.

A table row becomes one line with its cells separated by tabs, so task tables
("Cơ quan chủ trì", "Thời gian hoàn thành") can be read row by row.

Old documents typed in legacy fonts keep their 8-bit text in the runs: a run in
".VnTime" says "QuyÕt ®Þnh", one in "VNI-Times" says "Quyeát ñònh". Each run is
converted by its font (run, then paragraph style, then the document default); a
document whose fonts say nothing is still checked as a whole.

Zip bombs: the central directory's sizes are checked first, then every member is
decompressed through a counting reader before python-docx sees the package.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from pipeline.document import RawDocument
from pipeline.errors import CorruptInputError, KehoachError, LimitExceededError
from pipeline.ingest.decode import check_text, with_legacy
from pipeline.ingest.text import split_pages
from pipeline.limits import Limits
from pipeline.normalise.legacy import decode_vni, font_encoding, restore_capitals, tcvn3_chars

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes, source: str, limits: Limits) -> None:
    """Every member decompresses within the limit, and the package is a Word document."""
    with limits.check_zip(data, source) as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise CorruptInputError("zip file without word/document.xml", source=source)
        total = 0
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise CorruptInputError(f"encrypted zip member {info.filename}", source=source)
            total += len(limits.read_zip_member(archive, info.filename, source))
            if total > limits.max_docx_uncompressed_bytes:
                raise LimitExceededError(
                    f"decompresses to more than {limits.max_docx_uncompressed_bytes} bytes",
                    source=source, stage="ingest")


class _Fonts:
    """Resolves the font of a run: run → character style → paragraph style → default."""

    def __init__(self, document: Any):
        self.document = document
        self.default = self._default_font()

    def _default_font(self) -> str | None:
        found = self.document.styles.element.xpath(
            "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:ascii")
        return str(found[0]) if found else None

    @staticmethod
    def _style_font(style: Any) -> str | None:
        seen = 0
        while style is not None and seen < 20:
            name = style.font.name if hasattr(style, "font") else None
            if name:
                return name
            style = style.base_style
            seen += 1
        return None

    def of(self, run: Any, paragraph: Any) -> str | None:
        if run.font.name:
            return run.font.name
        try:
            return (self._style_font(run.style) if run.style is not None else None) \
                or self._style_font(paragraph.style) or self.default
        except (KeyError, AttributeError, ValueError):
            return self.default


def _paragraph_text(paragraph: Any, fonts: _Fonts, used: Counter[str]) -> str:
    """The paragraph's text, each run converted by its font's legacy encoding."""
    chars: list[str] = []
    ambiguous: list[bool] = []
    for run in paragraph.runs:
        text = run.text
        legacy = font_encoding(fonts.of(run, paragraph)) if text else None
        if legacy is None or text.isascii():
            chars.extend(text)
            ambiguous.extend([False] * len(text))
            continue
        encoding, capitals = legacy
        used[encoding] += len(text)
        if encoding == "tcvn3":
            run_chars, run_ambiguous = tcvn3_chars(text, capitals)
            chars.extend(run_chars)
            ambiguous.extend(run_ambiguous)
        else:
            converted = decode_vni(text)[0]
            chars.extend(converted)
            ambiguous.extend([False] * len(converted))
    if not paragraph.runs:  # hyperlinks and fields hold their runs elsewhere
        return paragraph.text
    restore_capitals(chars, ambiguous)
    return "".join(chars)


def docx_to_text(data: bytes) -> tuple[str, str | None]:
    """The text of a .docx and the legacy encoding its fonts used (None for Unicode)."""
    from docx import Document as WordDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = WordDocument(io.BytesIO(data))
    fonts = _Fonts(document)
    used: Counter[str] = Counter()
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1] if isinstance(block.tag, str) else ""
        if tag == "p":
            lines.append(_paragraph_text(Paragraph(block, document), fonts, used))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(_paragraph_text(p, fonts, used) for p in cell.paragraphs)
                    cells.append(" ".join(text.split()))
                lines.append("\t".join(cells))
            lines.append("")
    encoding = used.most_common(1)[0][0] if used else None
    return "\n".join(lines), encoding


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    _check_zip(data, source, limits)
    try:
        text, encoding = docx_to_text(data)
    except KehoachError:
        raise
    except Exception as err:  # python-docx raises many types on broken XML
        raise CorruptInputError(f"cannot read .docx: {type(err).__name__}: {err}",
                                source=source) from err
    limits.check_text_length(len(text), source)
    if encoding is None:  # fonts said nothing: the text itself may still be legacy
        text, encoding = with_legacy(text, "utf-8")
    text = check_text(text, source)
    return RawDocument(source=source, doc_id=doc_id, input_kind="docx", text=text,
                       pages=split_pages(text), encoding=encoding)
