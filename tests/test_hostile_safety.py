"""Safety: HTML is parsed, never executed or fetched; document text never becomes a path."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import CorruptInputError, OutputError
from pipeline.ingest import ingest_bytes
from pipeline.ingest.html import html_to_text
from pipeline.safety import safe_child, safe_stem

BODY = ("<p>Căn cứ Quyết định số 90/QĐ-UBND ngày 18/8/2022 của Ủy ban nhân dân tỉnh Bình Định, "
        "UBND huyện xây dựng Kế hoạch triển khai thực hiện như sau.</p>")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_html_scripts_and_handlers_never_reach_the_text(no_network: None) -> None:
    page = f"""<!doctype html><html><head><title>Kế hoạch</title>
    <script>document.write("INJECTED"); fetch("http://127.0.0.1:9/x")</script>
    <script src="http://127.0.0.1:9/evil.js"></script>
    <link rel="stylesheet" href="http://127.0.0.1:9/s.css"><style>body{{x:1}}</style></head>
    <body onload="alert('ONLOAD')"><article>{BODY}
    <img src="http://127.0.0.1:9/p.png" onerror="alert('ONERROR')">
    <iframe src="http://127.0.0.1:9/frame">FRAMED</iframe>
    <noscript>NOSCRIPT</noscript><object data="x.swf">OBJECT</object>
    <a href="javascript:alert('HREF')">Xem thêm</a></article></body></html>"""
    text = ingest_bytes(page.encode(), "page.html").text
    assert "Quyết định số 90/QĐ-UBND" in text
    for marker in ("INJECTED", "fetch", "ONLOAD", "ONERROR", "FRAMED", "NOSCRIPT", "OBJECT",
                   "javascript", "HREF", "body{"):
        assert marker not in text


def test_html_document_text_about_scripts_is_kept_as_text() -> None:
    """A document *quoting* "<script>" (escaped) keeps it as text: it is content."""
    text = html_to_text(f"<html><body><article>{BODY}<p>Mã &lt;script&gt;alert(1)&lt;/script&gt;"
                        f" bị chặn.</p></article></body></html>")
    assert "<script>alert(1)</script>" in text


def test_html_external_entities_are_not_resolved(tmp_path: Path, no_network: None) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]>'
            f"<html><body><article>{BODY}<p>&x;</p></article></body></html>")
    text = ingest_bytes(page.encode(), "xxe.html").text
    assert "SECRET-VALUE" not in text


def test_docx_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-VALUE", encoding="utf-8")
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Kế hoạch triển khai thực hiện nhiệm vụ năm 2023 của UBND huyện")
    document.add_paragraph("XXE-HERE")
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                head, rest = data.split(b"?>", 1)
                data = (head + b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://'
                        + str(secret).encode() + b'">]>' + rest.replace(b"XXE-HERE", b"&x;"))
            target.writestr(info, data)
    try:
        text = ingest_bytes(out.getvalue(), "xxe.docx").text
    except CorruptInputError:
        return  # refused outright is fine too
    assert "SECRET-VALUE" not in text


@pytest.mark.parametrize(("name", "stem"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\cmd.exe", "cmd"),
    ("/abs/path/Kế hoạch 194.pdf", "Kế_hoạch_194"),
    ("a; rm -rf ~ $(reboot) `id`.txt", "a_rm_-rf_reboot_id"),
    ("'; DROP TABLE documents;--.txt", "DROP_TABLE_documents"),
    ("....", "document"),
    (".hidden", "hidden"),
    ("-rf.txt", "rf"),
    ("CON.txt", "_CON"),
    ("nul", "_nul"),
    ("tab\tnew\nline\x00nul.txt", "tab_new_line_nul"),
])
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem


def test_safe_stem_fits_a_file_name() -> None:
    stem = safe_stem("Kế hoạch " * 100 + ".pdf")
    assert len(stem.encode("utf-8")) <= 180 and stem.startswith("Kế_hoạch")


def test_safe_child(tmp_path: Path) -> None:
    assert safe_child(tmp_path, "a.json") == (tmp_path / "a.json").resolve()
    for bad in ("../a.json", "..", "a/b.json", "a\\b.json", "", "x\x00y"):
        with pytest.raises(OutputError):
            safe_child(tmp_path, bad)


def test_hostile_names_and_text_stay_inside_the_output_folder(tmp_path: Path) -> None:
    """A document whose name and text look like paths and SQL writes one JSON, inside."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    hostile = inputs / "'; DROP TABLE x;-- $(touch pwned) ..txt"
    hostile.write_text("KẾ HOẠCH\n../../../../tmp/pwned.json\n'; DROP TABLE documents; --\n"
                       "Căn cứ Quyết định số 90/QĐ-UBND ngày 18/8/2022 của UBND tỉnh.\n"
                       "<script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "json"
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(hostile),
                           "--json-dir", str(out)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [Path("in") / hostile.name, Path("json/DROP_TABLE_x_--_touch_pwned.json")]
