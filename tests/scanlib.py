"""Make scanned and born-digital versions of the seed plans, as a scanner would.

A page is laid out once, in PDF points (A4, serif font, 13 pt body), as a list
of text runs and table rules. The same layout is drawn into a Pillow image at
any DPI (then degraded: skew, blur, noise, JPEG artefacts, a faint copy) or
into a born-digital PDF with reportlab, so every version of a page has the same
ground-truth text: the logical lines in reading order (header block as a block,
paragraphs unwrapped, table rows as tab-separated cells, no page numbers).

Used by the tests (through fixtures in ``conftest.py``) and by
``benchmarks/ocr_bench.py``.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw"
A4 = (595.28, 841.89)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 85.0, 57.0, 57.0, 57.0
BODY_SIZE = 12.5
HEADER_SIZE = 11.0  # the two header columns must fit side by side with a gutter
LEADING = 1.32

# DejaVu Serif: the serif face here with every precomposed Vietnamese letter
# (this Liberation Serif has no ư, ơ, ộ ...: `fc-list :lang=vi`).
_FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto")]
_FONT_FILES = {
    (False, False): ["DejaVuSerif.ttf", "NotoSerif-Regular.ttf"],
    (True, False): ["DejaVuSerif-Bold.ttf", "NotoSerif-Bold.ttf"],
    (False, True): ["DejaVuSerif-Italic.ttf", "NotoSerif-Italic.ttf"],
}

# Issuer lines of each seed (the web copies lost the left header column).
ISSUERS = {
    "tuy-phuoc-2022-ke-hoach-truyen-thong": ["ỦY BAN NHÂN DÂN", "HUYỆN TUY PHƯỚC"],
    "lang-son-2023-tieu-du-an-2": ["UBND TỈNH LẠNG SƠN", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
    "luc-nam-2022-194-KH-UBND.ocr": ["UY BAN NHAN DAN", "HUYEN LUC NAM"],
    "cam-tan-2023-giam-ngheo-thong-tin": ["UBND HUYỆN CẨM THỦY", "UBND XÃ CẨM TÂN"],
    "kon-tum-2022-web-article": ["UBND TỈNH KON TUM", "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"],
}
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"


@cache
def font_path(bold: bool = False, italic: bool = False) -> Path:
    for name in _FONT_FILES[(bold, italic)]:
        for folder in _FONT_DIRS:
            if (folder / name).exists():
                return folder / name
    raise RuntimeError("no serif font: apt-get install fonts-liberation or fonts-dejavu")


@cache
def _pil_font(size_px: int, bold: bool, italic: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold, italic)), size_px)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of a run in points."""
    return _pil_font(int(size * 20), bold, False).getlength(text) / 20


@dataclass
class Run:
    x: float  # left, points
    y: float  # baseline, points from the top
    text: str
    size: float = BODY_SIZE
    bold: bool = False
    italic: bool = False


@dataclass
class Page:
    runs: list[Run] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    truth: list[str] = field(default_factory=list)  # logical lines, reading order
    number: int = 1


@dataclass
class Plan:
    """What goes on the pages: header, title, body paragraphs, optional task table."""

    issuer: list[str]
    number: str
    place_date: str
    title: list[str]
    paragraphs: list[str]
    table: list[list[str]] = field(default_factory=list)
    motto: list[str] = field(default_factory=lambda: list(MOTTO))


def plan_from_seed(name: str, max_chars: int | None = None, folder: Path = SEEDS) -> Plan:
    """A seed's text (or another plan's in ``folder``) as a Plan; ``max_chars`` keeps
    only the first paragraphs."""
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    number = next((p for p in paras if p.startswith(("Số:", "S6:", "Số :"))
                   or re.match(r"Số \d+-", p)), "Số: /KH-UBND")  # the Party's "Số 27-KH/HU"
    motto = [p for p in paras if p == PARTY_MOTTO] or MOTTO
    place = next((p for p in paras if re.search(r", ng[àa]y ", p) and len(p) < 60), "")
    body = [p for p in paras if p not in (number, place, PARTY_MOTTO)]
    issuer = ISSUERS.get(name)
    if issuer is None:  # a plan with its header in the text: the left column, then the motto
        issuer = []
        while body and body[0].isupper() and not body[0].startswith(("CỘNG HÒA", "CỘNG HOÀ")):
            issuer.append(body.pop(0))
        while body and body[0].strip() == "*":  # the star under a Party committee's name
            body.pop(0)
        body = [p for p in body if p not in MOTTO and p.strip("-_ ")]
    if name.startswith("luc-nam") and body and body[0].startswith(("UY BAN", "ỦY BAN")):
        body = body[1:]  # Lục Nam's first line is its (garbled) two-column header
        number, place = "S6: 194 /KH-UBND", "Luc Nam, ngay 19 thang 9 nam 2022"
    title: list[str] = []
    for i, para in enumerate(body[:4]):
        if para.upper() in ("KẾ HOẠCH", "KE HOACH"):
            title = [para] + body[i + 1:i + 3 if name.startswith("luc-nam") else i + 2]
            body = body[:i] + body[i + len(title):]
            break
    if max_chars:
        kept, total = [], 0
        for para in body:
            if total > max_chars:
                break
            kept.append(para)
            total += len(para)
        body = kept
    return Plan(issuer=issuer or ["ỦY BAN NHÂN DÂN"], number=number, motto=motto,
                place_date=place, title=title, paragraphs=body)


def task_table_plan() -> Plan:
    """A short plan with a task table (tasks, lead unit, deadline) from Tuy Phước's text."""
    plan = plan_from_seed("tuy-phuoc-2022-ke-hoach-truyen-thong", max_chars=300)
    plan.paragraphs = plan.paragraphs[:2] + ["III. PHÂN CÔNG NHIỆM VỤ"]
    plan.table = [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"],
        ["1", "Tổ chức hội nghị đối thoại chính sách giảm nghèo", "Phòng Lao động - Thương binh và Xã hội", "Quý IV/2022"],
        ["2", "Xây dựng chuyên mục trên Đài Truyền thanh", "Trung tâm Văn hóa - Thông tin", "Tháng 10/2022"],
        ["3", "Báo cáo kết quả thực hiện", "UBND các xã, thị trấn", "Trước ngày 10/12/2022"],
    ]
    return plan


def _wrap(text: str, width: float, size: float, bold: bool, indent: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        room = width - (indent if not lines else 0)
        if line and text_width(trial, size, bold) > room:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def _centred(page: Page, text: str, centre: float, y: float, size: float, bold: bool) -> None:
    page.runs.append(Run(centre - text_width(text, size, bold) / 2, y, text, size, bold))


def layout(plan: Plan, max_pages: int | None = None) -> list[Page]:
    """Lay a plan out on A4 pages."""
    width = A4[0] - MARGIN_LEFT - MARGIN_RIGHT
    step = BODY_SIZE * LEADING
    pages = [Page(number=1)]
    page = pages[0]
    y = MARGIN_TOP + 12
    left_lines = plan.issuer + [plan.number]
    right_lines = plan.motto + ([plan.place_date] if plan.place_date else [])
    # columns as printed: the issuer block hangs into the left margin, the motto block
    # into the right one, with a clear gutter between them
    left_w = max(text_width(t, HEADER_SIZE, True) for t in left_lines)
    right_w = max(text_width(t, HEADER_SIZE, True) for t in right_lines)
    left_c = MARGIN_LEFT - 30 + left_w / 2
    right_c = A4[0] - MARGIN_RIGHT + 20 - right_w / 2
    for i in range(max(len(left_lines), len(right_lines))):
        if i < len(left_lines):
            _centred(page, left_lines[i], left_c, y, HEADER_SIZE, i < len(plan.issuer))
        if i < len(right_lines):
            italic = i == len(plan.motto) and bool(plan.place_date)
            run_text = right_lines[i]
            bold = i < len(plan.motto)
            page.runs.append(Run(right_c - text_width(run_text, HEADER_SIZE, bold) / 2, y,
                                 run_text, HEADER_SIZE, bold, italic))
        y += HEADER_SIZE * LEADING
    page.truth += left_lines + right_lines
    y += step
    for i, para in enumerate(plan.title):
        size = 13.5 if i == 0 else BODY_SIZE
        for line in _wrap(para, width - 40, size, True, 0):
            _centred(page, line, MARGIN_LEFT + width / 2, y, size, True)
            y += step
        page.truth.append(para)
    y += step / 2

    def new_page() -> None:
        nonlocal page, y
        if max_pages and len(pages) >= max_pages:
            raise StopIteration
        page = Page(number=len(pages) + 1)
        pages.append(page)
        _centred(page, str(page.number), A4[0] / 2, MARGIN_TOP - 20, 12, False)
        y = MARGIN_TOP + 14

    try:
        for para in plan.paragraphs:
            heading = bool(re.match(r"^([IVX]+|\d+)\.\s", para)) and len(para) < 80
            lines = _wrap(para, width, BODY_SIZE, heading, 28)
            on_page: list[str] = []
            for j, line in enumerate(lines):
                if y > A4[1] - MARGIN_BOTTOM:
                    page.truth.append(" ".join(on_page))
                    on_page = []
                    new_page()
                page.runs.append(Run(MARGIN_LEFT + (28 if j == 0 else 0), y, line, BODY_SIZE, heading))
                on_page.append(line)
                y += step
            page.truth.append(" ".join(on_page))
            y += 3
        if plan.table:
            y = _table(page, plan.table, y, width) if y < A4[1] - 250 else y
    except StopIteration:
        pass
    return pages


def _table(page: Page, rows: list[list[str]], y: float, width: float) -> float:
    cols = [30.0, 180.0, 150.0, width - 360.0]
    size = 12.0
    y += 6
    top = y
    xs = [MARGIN_LEFT]
    for c in cols:
        xs.append(xs[-1] + c)
    for r, row in enumerate(rows):
        wrapped = [_wrap(cell, cols[i] - 8, size, r == 0, 0) for i, cell in enumerate(row)]
        height = max(len(w) for w in wrapped) * size * LEADING + 8
        for i, cell_lines in enumerate(wrapped):
            for k, line in enumerate(cell_lines):
                page.runs.append(Run(xs[i] + 4, y + 4 + size + k * size * LEADING, line, size, r == 0))
        page.rules.append((MARGIN_LEFT, y, xs[-1], y))
        y += height
        page.truth.append("\t".join(row))
    page.rules.append((MARGIN_LEFT, y, xs[-1], y))
    for x in xs:
        page.rules.append((x, top, x, y))
    return y + 10


def draw(page: Page, dpi: int = 300, ink: int = 0, paper: int = 255) -> Image.Image:
    """The page as a grayscale image at ``dpi``."""
    scale = dpi / 72
    image = Image.new("L", (round(A4[0] * scale), round(A4[1] * scale)), paper)
    pen = ImageDraw.Draw(image)
    for run in page.runs:
        font = _pil_font(round(run.size * scale), run.bold, run.italic)
        pen.text((run.x * scale, run.y * scale), run.text, fill=ink, font=font, anchor="ls")
    for x0, y0, x1, y1 in page.rules:
        pen.line([(x0 * scale, y0 * scale), (x1 * scale, y1 * scale)], fill=ink,
                 width=max(1, round(scale * 0.8)))
    return image


def scan(image: Image.Image, *, skew: float = 0.7, blur: float = 0.9, noise: float = 18.0,
         jpeg: int = 55, seed: int = 1) -> Image.Image:
    """Degrade a clean page like an office scanner: skew, blur, speckle noise, JPEG."""
    rng = np.random.default_rng(seed)
    out = image.rotate(skew, resample=Image.BICUBIC, fillcolor=255, expand=False)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    pixels = np.asarray(out, dtype=np.float32)
    pixels = pixels + rng.normal(0, noise, pixels.shape)
    specks = rng.random(pixels.shape) < 0.0015
    pixels[specks] = rng.uniform(0, 120, specks.sum())
    out = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    out.save(buffer, format="JPEG", quality=jpeg)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def faint_scan(page: Page, *, seed: int = 2) -> Image.Image:
    """A 200 dpi faint photocopy: grey ink on grey paper, blur, noise, JPEG."""
    clean = draw(page, dpi=200, ink=120, paper=225)
    return scan(clean, skew=-0.5, blur=0.7, noise=10.0, jpeg=50, seed=seed)


def images_to_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, one scanned page per image (no text layer)."""
    buffer = io.BytesIO()
    rgb = [im.convert("RGB") for im in images]
    rgb[0].save(buffer, format="PDF", save_all=True, append_images=rgb[1:], resolution=dpi)
    return buffer.getvalue()


def born_digital_pdf(pages: list[Page], encrypt: str | None = None,
                     pagesize: tuple[float, float] = A4) -> bytes:
    """A PDF with a real text layer (reportlab, embedded TrueType serif font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    names = {}
    for key in [(False, False), (True, False), (False, True)]:
        name = "Serif" + ("B" if key[0] else "") + ("I" if key[1] else "")
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_path(*key))))
        names[key] = name
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize, encrypt=encrypt)
    for page in pages:
        for run in page.runs:
            pdf.setFont(names[(run.bold, run.italic)], run.size)
            pdf.drawString(run.x, pagesize[1] - run.y, run.text)
        for x0, y0, x1, y1 in page.rules:
            pdf.line(x0, pagesize[1] - y0, x1, pagesize[1] - y1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def garbled_layer_pdf(image: Image.Image, dpi: int = 300) -> bytes:
    """The page image with an invisible text layer from English-model Tesseract,
    exactly how Lục Nam's text was made (``tesseract page.png out -l eng pdf``)."""
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(dpi, dpi))
        subprocess.run(["tesseract", str(png), str(Path(tmp) / "out"), "-l", "eng",
                        "--dpi", str(dpi), "pdf"], check=True, capture_output=True, timeout=120)
        return (Path(tmp) / "out.pdf").read_bytes()


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree has no pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def page_truth(page: Page) -> str:
    return "\n".join(page.truth)


def cer(truth: str, text: str) -> float:
    """Character error rate: edit distance over the truth's length, whitespace collapsed."""
    from rapidfuzz.distance import Levenshtein

    truth = " ".join(unicodedata.normalize("NFC", truth).split())
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return Levenshtein.distance(truth, text) / max(1, len(truth))
