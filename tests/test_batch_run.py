"""The batch runner on real inputs: outputs, bad inputs, cache, limits."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from _archive import ROOT, SEEDS, bad_inputs, tables, variants

from pipeline.batch import discover, run_batch
from pipeline.engines.local import LocalEngine
from pipeline.errors import ConfigurationError
from pipeline.limits import Limits
from pipeline.tables import TABLES

pytestmark = pytest.mark.slow


def _run(inputs: list[Path], out: Path, limits: Limits | None = None, **kw):
    limits = limits or Limits()
    return run_batch(discover(inputs, skip=out), out, LocalEngine(2, limits), limits, **kw)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    bad = bad_inputs(folder / "bad")
    return folder, bad


@pytest.fixture(scope="module")
def first_run(archive, tmp_path_factory):
    folder, _ = archive
    out = tmp_path_factory.mktemp("out")
    return out, _run([folder], out)


def test_every_output_is_written(first_run):
    out, stats = first_run
    assert stats.inputs == 6 and stats.processed == 6
    for table in TABLES:
        assert (out / f"{table.name}.parquet").is_file()
        assert (out / f"{table.name}.csv").is_file()
    assert sorted(p.name for p in (out / "json").iterdir()) == \
        sorted(s.name.removesuffix(".txt") + ".json" for s in SEEDS[:3])
    record = json.loads((out / "json" / (SEEDS[0].stem + ".json")).read_text())
    assert record["schema_version"] == 1 and record["document"]["source"].endswith(SEEDS[0].name)
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["documents"] == 3 and manifest["errors"] == 3
    con = duckdb.connect(str(out / "kehoach.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 3
    assert "done" in (out / "kehoach.log").read_text()


def test_each_bad_input_gets_an_error_row_and_the_rest_is_there(archive, first_run):
    _, bad = archive
    out, _ = first_run
    rows = tables(out)
    errors = {Path(r["source"]).name: r for r in rows["errors"]}
    assert set(errors) == {p.name for p in bad.values()}
    assert errors["empty.txt"]["code"] == "K101"
    assert errors["garbage.bin"]["code"] == "K106"
    for row in errors.values():
        assert row["code"].startswith("K1") and row["message"] and row["stage"] == "ingest"
    assert sorted(Path(d["source"]).name for d in rows["documents"]) == \
        sorted(s.name for s in SEEDS[:3])


def test_a_rerun_skips_everything_and_changes_nothing(archive, first_run):
    folder, _ = archive
    out, first = first_run
    before = tables(out)
    stats = _run([folder], out)
    assert stats.processed == 0 and stats.cached == 6 - 0
    assert not stats.outputs_rewritten
    assert tables(out) == before
    assert stats.seconds < first.seconds


def test_a_changed_input_alone_is_processed_again(tmp_path):
    folder = tmp_path / "in"
    files = variants(folder, 1, SEEDS[:2])
    out = tmp_path / "out"
    _run([folder], out)
    first = tables(out)
    files[0].write_text(files[0].read_text(encoding="utf-8") + "Bản sửa.\n", encoding="utf-8")
    stats = _run([folder], out)
    assert stats.processed == 1 and stats.cached == 1 and stats.outputs_rewritten
    after = tables(out)
    old_ids = {d["doc_id"] for d in first["documents"]}
    new_ids = {d["doc_id"] for d in after["documents"]}
    assert len(old_ids & new_ids) == 1 and len(new_ids) == 2


def test_same_bytes_twice_is_one_document_but_each_bad_file_is_an_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[1], folder / "a.txt")
    shutil.copy(SEEDS[1], folder / "b.txt")
    (folder / "empty1.txt").write_bytes(b"")
    (folder / "empty2.txt").write_bytes(b"  \n")
    (folder / "empty3.txt").write_bytes(b"")
    out = tmp_path / "out"
    stats = _run([folder], out)
    rows = tables(out)
    assert len(rows["documents"]) == 1 and stats.duplicates == 2
    assert sorted(Path(r["source"]).name for r in rows["errors"]) == \
        ["empty1.txt", "empty2.txt", "empty3.txt"]
    assert [p.name for p in (out / "json").iterdir()] == ["a.json"]


def test_a_pathological_input_is_stopped_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # the garbled OCR seed (restored word by word) just under the 5,000,000-character
    # limit: a plan takes ~0.02 s, this one ~8 s
    text = next(s for s in SEEDS if s.name.endswith(".ocr.txt")).read_text(encoding="utf-8")
    (folder / "huge.txt").write_text((text + "\n") * (4_800_000 // len(text)), encoding="utf-8")
    shutil.copy(SEEDS[2], folder / SEEDS[2].name)
    out = tmp_path / "out"
    limits = Limits(seconds_per_document=2)
    _run([folder], out, limits)
    rows = tables(out)
    (error,) = rows["errors"]
    assert error["source"].endswith("huge.txt") and error["code"] == "K105"
    assert "2 s" in error["message"]
    assert [Path(d["source"]).name for d in rows["documents"]] == [SEEDS[2].name]


def test_discover_walks_globs_lists_and_skips_hidden_and_output(tmp_path):
    root = tmp_path / "archive"
    (root / "2023" / "q1").mkdir(parents=True)
    (root / ".git").mkdir()
    for name in ("2023/q1/a.txt", "2023/b.docx", "c.txt", "2023/q1/notes.md", ".git/x.txt",
                 ".hidden.txt"):
        (root / name).write_text("x")
    out = root / "out"
    out.mkdir()
    (out / "documents.csv").write_text("x")
    assert discover([root], skip=out) == sorted(str(root / n) for n in (
        "2023/q1/a.txt", "2023/b.docx", "c.txt", "2023/q1/notes.md"))
    assert discover([root], include=["*.txt", "*.docx"], exclude=["2023/q1/*"], skip=out) == \
        [str(root / "2023/b.docx"), str(root / "c.txt")]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# inputs\n{root / 'c.txt'}\n\n{root / 'missing.txt'}\n")
    assert discover([], from_list=listing) == [str(root / "c.txt"), str(root / "missing.txt")]
    with pytest.raises(ConfigurationError):
        discover([tmp_path / "nope"])


def test_a_listed_file_that_is_missing_is_an_error_row(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"{SEEDS[1]}\n{tmp_path / 'gone.txt'}\n")
    out = tmp_path / "out"
    limits = Limits()
    stats = run_batch(discover([], from_list=listing), out, LocalEngine(1, limits), limits)
    assert stats.documents == 1 and stats.errors == 1
    (error,) = tables(out)["errors"]
    assert error["source"].endswith("gone.txt") and error["doc_id"] is None
    assert error["stage"] == "read"


def test_command_line_is_quiet_without_a_terminal(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(SEEDS[1]),
                           "--out", str(out), "--workers", "1"], capture_output=True,
                          text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "1 inputs: 1 documents, 0 errors" in done.stdout


def test_scanned_pages_are_counted_and_tabled(scans, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(scans.path("faint-200.png"), folder / "scan.png")
    stats = _run([folder], tmp_path / "out")
    assert stats.pages_ocred == 1 and stats.documents == 1
    (doc,) = tables(tmp_path / "out")["documents"]
    assert doc["input_kind"] == "image" and doc["ocr_confidence"] is not None
