"""Word (.docx) inputs: paragraphs and tables in document order.

A table row becomes one line with its cells separated by tabs, so task tables
("Cơ quan chủ trì", "Thời gian hoàn thành") can be read row by row.
"""

from __future__ import annotations

import io
import zipfile

from pipeline.document import RawDocument
from pipeline.errors import CorruptInputError, LimitExceededError
from pipeline.ingest.decode import check_text
from pipeline.ingest.text import split_pages
from pipeline.limits import Limits


def _check_zip(data: bytes, source: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as err:
        raise CorruptInputError(f"not a valid .docx (zip) file: {err}", source=source) from err
    if total > limits.max_docx_uncompressed_bytes:
        raise LimitExceededError(
            f"decompresses to {total} bytes, over the limit of "
            f"{limits.max_docx_uncompressed_bytes}", source=source)
    if "word/document.xml" not in names:
        raise CorruptInputError("zip file without word/document.xml", source=source)


def docx_to_text(data: bytes) -> str:
    from docx import Document as load_docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = load_docx(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    _check_zip(data, source, limits)
    try:
        text = docx_to_text(data)
    except Exception as err:  # python-docx raises many types on broken XML
        raise CorruptInputError(f"cannot read .docx: {type(err).__name__}: {err}",
                                source=source) from err
    text = check_text(text, source)
    return RawDocument(source=source, doc_id=doc_id, input_kind="docx", text=text,
                       pages=split_pages(text), encoding="utf-8")
