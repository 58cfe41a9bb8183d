"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows and VIQR to Unicode."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from pipeline.ingest import ingest_bytes
from pipeline.ingest.decode import decode_bytes
from pipeline.normalise.legacy import (
    convert_legacy,
    convert_legacy_mapped,
    cp1252_bytes,
    decode_tcvn3,
    decode_viqr,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_viqr,
    encode_vni,
    font_encoding,
    is_syllable,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
PLAN = RAW / "tuy-phuoc-2022-ke-hoach-truyen-thong.txt"

# every Vietnamese letter, lower case: 12 vowels x 6 tones + đ
_VOWELS = "aăâeêioôơuưy"
_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]


# -- real byte sequences -------------------------------------------------------------

def test_tcvn3_bytes_of_quyet_dinh() -> None:
    # "Quyết định số 90/QĐ-UBND" typed in .VnTime: ế=D5, đ=AE, ị=DE, ố=E8, Đ=A7
    data = b"Quy\xd5t \xae\xdenh s\xe8 90/Q\xa7-UBND ng\xb5y 18 th\xb8ng 8 n\xa8m 2022"
    text, encoding = decode_bytes(data)
    assert encoding == "tcvn3"
    assert text == "Quyết định số 90/QĐ-UBND ngày 18 tháng 8 năm 2022"


def test_vni_bytes_of_quyet_dinh() -> None:
    # VNI-Times: ế = "e" + E1, đ = F1, ị = F2, à = "a" + F8, á = "a" + F9, ă = "a" + EA
    data = (b"Quye\xe1t \xf1\xf2nh so\xe1 90/Q\xd1-UBND nga\xf8y 18 tha\xf9ng 8 na\xeam 2022")
    text, encoding = decode_bytes(data)
    assert encoding == "vni"
    assert text == "Quyết định số 90/QĐ-UBND ngày 18 tháng 8 năm 2022"


def test_viqr_bytes_of_quyet_dinh() -> None:
    data = b"Quye^'t ddi.nh so^' 90/QDD-UBND nga`y 18 tha'ng 8 na(m 2022 cu?a UBND ti?nh."
    text, encoding = decode_bytes(data)
    assert encoding == "viqr"
    assert text == "Quyết định số 90/QĐ-UBND ngày 18 tháng 8 năm 2022 của UBND tỉnh."


def test_windows_1258_bytes_stay_windows_1258() -> None:
    # cp1258 writes tones as combining bytes: ế = EA + EC (acute), ạ = "a" + F2 (dot below)
    data = b"K\xea\xec hoa\xf2ch tri\xea\xd2n khai c\xf4ng t\xe1c gia\xd2m ngh\xe8o b\xea\xccn v\xfd\xdeng"
    text, encoding = decode_bytes(data)
    assert encoding == "windows-1258"
    assert unicodedata.normalize("NFC", text) == "Kế hoạch triển khai công tác giảm nghèo bền vững"


def test_examples_from_the_fonts() -> None:
    assert decode_tcvn3("QuyÕt ®Þnh")[0] == "Quyết định"
    assert decode_vni("Quyeát ñònh")[0] == "Quyết định"
    assert decode_viqr("Quye^'t ddi.nh")[0] == "Quyết định"


# -- the tables: every letter goes there and back ---------------------------------------

@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips(letter: str) -> None:
    for ch in (letter, letter.upper()):
        word = f"x {ch}n x"
        assert decode_vni(encode_vni(word))[0] == word
        assert decode_viqr(encode_viqr(word))[0] == word
    assert decode_tcvn3(encode_tcvn3(f"x {letter}n x"))[0] == f"x {letter}n x"
    # TCVN3 has no toned capitals: the .VnTimeH fonts draw the lower-case byte
    assert decode_tcvn3(encode_tcvn3(letter.upper()), capitals=True)[0] == letter.upper()


def test_tcvn3_table_is_one_byte_per_letter_and_injective() -> None:
    encoded = [encode_tcvn3(letter) for letter in LETTERS]
    assert all(len(e) == 1 for e in encoded)
    assert len(set(encoded)) == len(LETTERS)
    assert all(0xA1 <= cp1252_bytes(e)[0] <= 0xFE for e in encoded if not e.isascii())
    assert sum(e.isascii() for e in encoded) == len("aeiouy")


def test_vni_marks_follow_the_base_letter() -> None:
    assert cp1252_bytes(encode_vni("ế")) == b"e\xe1"
    assert cp1252_bytes(encode_vni("Ế")) == b"E\xc1"
    assert cp1252_bytes(encode_vni("ư")) == b"\xf6"
    assert cp1252_bytes(encode_vni("ị")) == b"\xf2"


# -- capitals in TCVN3 ---------------------------------------------------------------

def test_tcvn3_capital_heading_and_sentence_starts() -> None:
    text = encode_tcvn3("KẾ HOẠCH\nỦy ban nhân dân xã. Ủy ban nhân dân huyện chỉ đạo.")
    assert "ñy" in text  # the byte sequence has lost the capital
    assert decode_tcvn3(text)[0] == "KẾ HOẠCH\nỦy ban nhân dân xã. Ủy ban nhân dân huyện chỉ đạo."


# -- detection -------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.stem)
def test_unicode_documents_are_not_taken_for_legacy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert detect_legacy(text) is None
    assert convert_legacy(text) == (text, None)


def test_short_and_foreign_texts_are_left_alone() -> None:
    for text in ["Café au lait, s'il vous plaît.", "¿Qué?", "é", "", "®©¶ 1992-2024",
                 "Quyết định", "What's up? It's 5 p.m. I'm o.k."]:
        assert convert_legacy(text) == (text, None)


def test_mixed_document_converts_only_legacy_lines() -> None:
    legacy = encode_tcvn3("Căn cứ Quyết định số 90/QĐ-UBND của Ủy ban nhân dân tỉnh về việc")
    text = f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{legacy}\nCác cơ quan, đơn vị."
    converted, encoding = convert_legacy(text)
    assert encoding == "tcvn3"
    assert converted.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Căn cứ Quyết định số 90/QĐ-UBND của Ủy ban nhân dân tỉnh về việc",
        "Các cơ quan, đơn vị."]


def test_syllables() -> None:
    assert all(is_syllable(w) for w in ["quyết", "định", "nghiêng", "khuya", "Ủy", "gì", "ươn"])
    assert not any(is_syllable(w) for w in ["quyõt", "®þnh", "quyeát", "ñònh", "hoaø"])


def test_offset_map_points_into_the_input() -> None:
    source = "Tuy Phöôùc, ngaøy 10 thaùng 9"
    converted, mapping, encoding = convert_legacy_mapped(source, "vni")
    assert (converted, encoding) == ("Tuy Phước, ngày 10 tháng 9", "vni")
    start = converted.index("Phước")
    s, e = mapping.to_source(start, start + len("Phước"))
    assert source[s:e] == "Phöôùc"


# -- PDF text layers and fonts ---------------------------------------------------------

def test_pdf_text_layer_strings() -> None:
    """A PDF text layer in .VnTime comes out of pdfplumber as Windows-1252 mojibake."""
    layer = "UBND HUYÖN TUY PH¦íC\nKÕ HO¹CH\nTriÓn khai thùc hiÖn QuyÕt ®Þnh sè 90/Q§-UBND"
    text, encoding = convert_legacy(layer)
    assert encoding == "tcvn3"
    assert text == ("UBND HUYỆN TUY PHƯỚC\nKẾ HOẠCH\n"
                    "Triển khai thực hiện Quyết định số 90/QĐ-UBND")


def test_font_names() -> None:
    assert font_encoding(".VnTime") == ("tcvn3", False)
    assert font_encoding("BCDFEE+.VnTimeH") == ("tcvn3", True)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") is None
    assert font_encoding(None) is None


# -- .docx runs ------------------------------------------------------------------------

def _docx(paragraphs: list[list[tuple[str, str]]]) -> bytes:
    from docx import Document

    document = Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, font in runs:
            paragraph.add_run(text).font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_runs_are_converted_by_their_font() -> None:
    data = _docx([
        [(encode_tcvn3("KẾ HOẠCH"), ".VnTimeH")],
        [(encode_tcvn3("Triển khai "), ".VnTime"), ("Quyết định ", "Times New Roman"),
         (encode_vni("số 90/QĐ-UBND ngày 18 tháng 8"), "VNI-Times")],
        [(encode_tcvn3("Ủy ban nhân dân"), ".VnTime")],
    ])
    raw = ingest_bytes(data, "old.docx")
    assert raw.encoding == "tcvn3"
    assert raw.text.splitlines() == ["KẾ HOẠCH",
                                     "Triển khai Quyết định số 90/QĐ-UBND ngày 18 tháng 8",
                                     "Ủy ban nhân dân"]


def test_docx_without_font_names_is_detected_from_its_text() -> None:
    text = "Căn cứ Quyết định số 90/QĐ-UBND ngày 18 tháng 8 năm 2022 của Ủy ban nhân dân tỉnh"
    raw = ingest_bytes(_docx([[(encode_vni(text), "")]]), "old.docx")
    assert raw.encoding == "vni"
    assert raw.text.strip() == text


# -- the same plan in four encodings gives the same records ----------------------------

def _comparable(result: object) -> object:
    data = result.model_dump()  # type: ignore[attr-defined]

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if k not in ("doc_id", "source", "encoding", "text")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def test_same_plan_in_every_encoding_gives_the_same_records(tmp_path: Path) -> None:
    from pipeline.process import process_path

    text = PLAN.read_text(encoding="utf-8")
    files = {
        "utf-8": text.encode("utf-8"),
        "tcvn3": cp1252_bytes(encode_tcvn3(text)),
        "vni": cp1252_bytes(encode_vni(text)),
        "viqr": encode_viqr(text).encode("utf-8"),  # typographic quotes stay
    }
    results = {}
    for encoding, data in files.items():
        path = tmp_path / f"{PLAN.stem}.{encoding}.txt"
        path.write_bytes(data)
        result = process_path(path)
        assert result.document.text_quality.encoding == encoding
        results[encoding] = _comparable(result)
    assert results["utf-8"]["legal_references"]  # the plan has records to compare
    for encoding in ("tcvn3", "vni", "viqr"):
        assert results[encoding] == results["utf-8"], encoding
