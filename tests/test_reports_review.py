"""The review page (``pipeline.reports.review``) without a browser: highlights
in place, restored text beside the original, page images for OCR input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipeline.records import Mention
from pipeline.reports.review import (
    KINDS,
    Highlight,
    highlights,
    render_marked,
    render_review,
    run_pipeline,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "luc-nam-2022-194-KH-UBND.ocr.txt"


def _h(mid: str, kind: str, start: int, end: int) -> Highlight:
    return Highlight(mid, "r-" + mid[2:].rsplit("-", 1)[0], kind, start, end, 1,
                     Mention(start=start, end=end, page=1, text=""))


def _pieces(soup: BeautifulSoup, root: str, mention_id: str) -> str:
    return "".join(m.get_text() for m in soup.select(f'{root} mark[data-m~="{mention_id}"]'))


def test_overlapping_mentions_are_split_and_kept_whole():
    text = "Phòng Văn hóa chủ trì, trước ngày 10/11 <script>x</script>"
    unit = _h("m-unit-0-0", "unit", 0, 21)
    deadline = _h("m-deadline-0-0", "deadline", 14, 39)
    empty = _h("m-ref-0-0", "ref", 40, 40)
    html = f'<div id="t">{render_marked(text, [unit, deadline, empty])}</div>'
    soup = BeautifulSoup(html, "lxml")
    assert _pieces(soup, "#t", "m-unit-0-0") == text[0:21]
    assert _pieces(soup, "#t", "m-deadline-0-0") == text[14:39]
    both = soup.select('#t mark[data-m="m-unit-0-0 m-deadline-0-0"]')
    assert [m.get_text() for m in both] == ["chủ trì"]
    assert "multi" in both[0]["class"]
    for mid in ("m-unit-0-0", "m-deadline-0-0", "m-ref-0-0"):
        assert soup.find(id=mid) is not None
    # the text, escaped, reads exactly as the input (the empty mention adds a caret)
    assert soup.select_one("#t").get_text().replace("\u2038", "") == text
    assert "<script>x</script>" not in html and soup.find("script") is None


@pytest.fixture(scope="module")
def processed():
    return run_pipeline(SEED)


def test_every_mention_is_highlighted_in_place(processed):
    doc, result = processed
    soup = BeautifulSoup(render_review(doc, result), "lxml")
    marks, outside = highlights(result, len(doc.text))
    assert not outside
    for h in marks:
        assert _pieces(soup, "#doc-text", h.mention_id) == doc.text[h.start:h.end]
        assert soup.find(id=h.mention_id) is not None
    shown = soup.select_one("#doc-text")
    for label in shown.select(".page-break"):
        label.decompose()
    assert shown.get_text().replace("\u2038", "") == doc.text


def test_side_table_lists_every_record(processed):
    doc, result = processed
    soup = BeautifulSoup(render_review(doc, result), "lxml")
    for kind, field in KINDS.items():
        records = getattr(result, field)
        rows = soup.select(f"#records-{kind} tbody tr.rec")
        assert len(rows) == len(records)
        assert soup.select_one(f'[data-count="{kind}"]').get_text() == str(len(records))
        for i, (row, record) in enumerate(zip(rows, records, strict=True)):
            assert row["data-r"] == f"r-{kind}-{i}"
            assert row["data-first"] == (f"m-{kind}-{i}-0" if record.mentions else "")


def test_restored_text_beside_the_original(processed):
    doc, result = processed
    soup = BeautifulSoup(render_review(doc, result), "lxml")
    restored = soup.select_one("#restored-text")
    if doc.text_state == "full" or doc.restored.text == doc.text:
        assert restored is None
        return
    for label in restored.select(".page-break"):
        label.decompose()
    assert restored.get_text().replace("\u2038", "") == doc.restored.text
    marks, _ = highlights(result, len(doc.text))
    for h in marks:  # every mention has its twin in the restored text
        if h.end > h.start:
            assert soup.select(f'#restored-text mark[data-m~="{h.mention_id}-r"]')


@pytest.mark.slow
def test_ocr_page_image_with_boxes(tmp_path):
    from scanlib import draw, images_to_pdf, layout, plan_from_seed, scan

    plan = plan_from_seed("tuy-phuoc-2022-ke-hoach-truyen-thong", max_chars=500)
    page = layout(plan, max_pages=1)[0]
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(images_to_pdf([scan(draw(page, dpi=200))], 200))
    doc, result = run_pipeline(pdf)
    assert any(p.words for p in doc.raw.pages)
    soup = BeautifulSoup(render_review(doc, result), "lxml")
    image = soup.select_one('.page-image[data-page="1"] img')
    assert image["src"].startswith("data:image/jpeg;base64,")
    boxed = [m for record in (*result.legal_references, *result.units, *result.deadlines,
                              *result.funding_sources) for m in record.mentions if m.box]
    boxes = soup.select(".page-image a.box")
    assert len(boxes) == len(boxed)
    for box in boxes:
        style = dict(part.split(":") for part in box["style"].split(";"))
        assert all(0 <= float(v.rstrip("%")) <= 100 for v in style.values())
    words = soup.select(".page-image .words .word")
    assert len(words) == sum(len(p.words) for p in doc.raw.pages)

    # the source moved away: the page says so and the rest of the review stays
    shutil.move(pdf, tmp_path / "elsewhere.pdf")
    soup = BeautifulSoup(render_review(doc, result), "lxml")
    missing = soup.select_one('.page-missing[data-page="1"]')
    assert missing is not None and "not available" in missing.get_text()
    assert soup.select_one("#doc-text") is not None



def _decode(uri: str):
    import base64
    import io

    from PIL import Image

    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")


def test_page_images_render_again_or_say_why(tmp_path):
    from PIL import Image

    from pipeline.document import RawDocument, RawPage
    from pipeline.reports.page_images import PageImageError, page_image

    tiff = tmp_path / "two.tiff"
    frames = [Image.new("RGB", (400, 600), "white"), Image.new("RGB", (400, 600), "black")]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    raw = RawDocument(source=str(tiff), doc_id="x", input_kind="image", text="a\fb",
                      pages=[RawPage(1, 0, 1, origin="ocr", size=(400, 600)),
                             RawPage(2, 2, 3, origin="ocr", size=(400, 600))])
    second = page_image(raw, raw.pages[1])
    assert second.size == (400, 600)
    assert _decode(second.data_uri).getpixel((200, 300))[0] < 30  # the black frame

    pdf = tmp_path / "one.pdf"
    Image.new("RGB", (850, 1100), "white").save(pdf, resolution=100)
    raw_pdf = RawDocument(source=str(pdf), doc_id="y", input_kind="pdf_scan", text="a",
                          pages=[RawPage(1, 0, 1, origin="ocr", size=(1700, 2200))])
    image = _decode(page_image(raw_pdf, raw_pdf.pages[0]).data_uri)
    assert abs(image.width / image.height - 1700 / 2200) < 0.01
    with pytest.raises(PageImageError, match="no page 2"):
        page_image(raw_pdf, RawPage(2, 0, 1, origin="ocr", size=(1700, 2200)))

    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    raw_bad = RawDocument(source=str(tmp_path / "bad.pdf"), doc_id="z", input_kind="pdf_scan",
                          text="a", pages=[RawPage(1, 0, 1, origin="ocr")])
    with pytest.raises(PageImageError, match="could not be rendered"):
        page_image(raw_bad, raw_bad.pages[0])
