"""Builders of good, broken and hostile inputs: fuzz seeds and the robustness benchmark.

Everything is generated here from the seed plans in ``data/raw`` (no downloads):
legacy-encoded copies (TCVN3, VNI, VIQR), Word files in legacy fonts, web pages with
scripts, PDFs (with a text layer, encrypted, truncated, without pages), zip bombs
renamed .docx, images whose header claims 20,000 x 20,000 pixels, garbage.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from pipeline.normalise.legacy import cp1252_bytes, encode_tcvn3, encode_viqr, encode_vni

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def plans() -> dict[str, str]:
    """The seed plans' texts by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


def legacy_copies(text: str) -> dict[str, bytes]:
    """The same text as the bytes of each encoding a plan may arrive in."""
    return {"utf-8": text.encode("utf-8"),
            "tcvn3": cp1252_bytes(encode_tcvn3(text), "replace"),
            "vni": cp1252_bytes(encode_vni(text), "replace"),
            "viqr": encode_viqr(text).encode("utf-8"),
            "utf-16": text.encode("utf-16")}


def docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A Word file, one paragraph per (text, font name) pair."""
    from docx import Document

    document = Document()
    for text, font in paragraphs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def legacy_docx(text: str, encoding: str) -> bytes:
    """A Word file typed in a legacy font (".VnTime" or "VNI-Times")."""
    encode, font = {"tcvn3": (encode_tcvn3, ".VnTime"), "vni": (encode_vni, "VNI-Times")}[encoding]
    return docx([(encode(line), font) for line in text.split("\n")])


def html_page(text: str, hostile: bool = True) -> bytes:
    """A saved web page holding the plan, with scripts and handlers when hostile."""
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())
    junk = ("<script>document.write('INJECTED');fetch('http://127.0.0.1:9/')</script>"
            "<img src=x onerror=\"alert('x')\"><iframe src='http://127.0.0.1:9/'></iframe>"
            if hostile else "")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Kế hoạch</title>{junk}"
            f"</head><body><nav class='menu'>Trang chủ | Tin tức</nav><article>{body}</article>"
            f"{junk}<footer>Bản quyền</footer></body></html>").encode()


def text_pdf(text: str, password: str | None = None, lines_per_page: int = 45) -> bytes:
    """A PDF with a Unicode text layer (DejaVu Serif embedded), optionally encrypted."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=password, invariant=1)
    lines = _wrap(text, 95)
    for start in range(0, max(1, len(lines)), lines_per_page):
        y = 800
        pdf.setFont("DejaVuSerif", 10)
        for line in lines[start:start + lines_per_page]:
            pdf.drawString(50, y, line)
            y -= 17
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def legacy_font_pdf(text: str, lines_per_page: int = 45) -> bytes:
    """A PDF whose text layer is TCVN3 in a ".VnTime" font: extracts as "QuyÕt ®Þnh"."""
    lines = [encode_tcvn3(line) for line in _wrap(text, 95)]
    pages = [lines[i:i + lines_per_page] for i in range(0, max(1, len(lines)), lines_per_page)]
    return minimal_pdf(pages, font=".VnTime")


def minimal_pdf(pages: list[list[str]], font: str = "Helvetica") -> bytes:
    """A small hand-written PDF: WinAnsi text (strings of Windows-1252 characters)."""
    objects: list[bytes] = []
    kids = []
    font_id = 3 + 2 * len(pages)
    for index, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * index, 4 + 2 * index
        kids.append(f"{page_id} 0 R")
        stream = b"BT /F1 10 Tf 14 TL 50 800 Td " + b"".join(
            b"(" + _pdf_string(line) + b") Tj T* " for line in lines) + b"ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
                       f"/Contents {content_id} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} "
                   f"/Encoding /WinAnsiEncoding >>".encode())
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()]
    return _pdf_file(head + objects)


def zero_page_pdf() -> bytes:
    return _pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _pdf_string(line: str) -> bytes:
    data = cp1252_bytes(line, "replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words, current = paragraph.split(), ""
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return lines


def zip_bomb_docx(uncompressed_mb: int = 300) -> bytes:
    """A zip named .docx whose document.xml inflates to ``uncompressed_mb`` MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1 << 20)
            for _ in range(uncompressed_mb):
                member.write(block)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def garbage(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def mutate(data: bytes, seed: int, flips: int = 20) -> bytes:
    """Flip a few bytes (a damaged download)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)
