"""Robustness benchmark: a generated archive of broken and hostile files mixed with good ones.

    .venv/bin/python benchmarks/robustness_bench.py [--workers 2] [--work /tmp/kehoach-robustness]

1. Generates an archive (from ``data/raw`` only, see ``fuzz/samples.py``): good plans as
   UTF-8/UTF-16/TCVN3/VNI/VIQR text, hostile HTML, Word files (Unicode and legacy
   fonts) and text PDFs; bad files: encrypted, zero-page and truncated PDFs, zip bombs
   renamed .docx, images claiming 20,000+ pixels a side, pages of nothing but scripts,
   binary garbage, empty files, old .doc files, damaged (byte-flipped) copies.
2. Runs ``kehoach run`` over the whole archive, and over the good files alone.
3. Checks: the run finishes; every good document's rows (all tables, keyed by doc_id)
   are present and equal to the clean run's; every bad file has exactly one errors row;
   damaged files (which may or may not still be readable) have one documents row or one
   errors row, never both or neither.

Writes ``benchmarks/results/robustness.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz import samples  # noqa: E402

TABLES = ["documents", "legal_references", "units", "unit_tasks", "deadlines",
          "funding_sources", "mentions"]
RESULTS = ROOT / "benchmarks" / "results"


def build_archive(folder: Path) -> dict[str, str]:
    """Write the archive; returns file name → expectation (good, bad, damaged)."""
    folder.mkdir(parents=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, kind: str) -> None:
        (folder / name).write_bytes(data)
        expect[name] = kind

    plans = samples.plans()
    pdfs: dict[str, bytes] = {}
    docxs: dict[str, bytes] = {}
    for n, (stem, text) in enumerate(plans.items()):
        short = stem.split("-")[0] + f"{n}"
        for encoding, data in samples.legacy_copies(text).items():
            put(f"{short}.{encoding}.txt", data, "good")
        put(f"{short}.html", samples.html_page(text), "good")
        docxs[short] = samples.docx([(line, None) for line in text.split("\n")])
        put(f"{short}.docx", docxs[short], "good")
        put(f"{short}.tcvn3.docx", samples.legacy_docx(text, "tcvn3"), "good")
        put(f"{short}.vni.docx", samples.legacy_docx(text, "vni"), "good")
        pdfs[short] = samples.text_pdf(text)
        put(f"{short}.pdf", pdfs[short], "good")
        # bad ones made from this plan
        put(f"{short}.encrypted.pdf", samples.text_pdf(text[:3000], password="mat-khau"), "bad")
        put(f"{short}.zero-pages.pdf", samples.zero_page_pdf(), "bad")
        put(f"{short}.scripts-only.html",
            b"<html><head><script>alert('x')</script></head><body><script>"
            + b"var a=1;" * 200 + b"</script><nav class='menu'>Trang ch\xe1\xbb\xa7</nav>"
            b"</body></html>", "bad")
        put(f"{short}.old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "bad")
        put(f"{short}.truncated.docx", docxs[short][: len(docxs[short]) // 3], "bad")
        put(f"{short}.truncated-head.pdf", pdfs[short][:600], "bad")
        for cut in (0.5, 0.8):
            put(f"{short}.truncated-{int(cut * 100)}.pdf",
                pdfs[short][: int(len(pdfs[short]) * cut)], "damaged")
        for seed in range(3):
            put(f"{short}.flipped{seed}.docx", samples.mutate(docxs[short], seed), "damaged")
            put(f"{short}.flipped{seed}.pdf", samples.mutate(pdfs[short], seed), "damaged")
    for i in range(6):
        put(f"bomb{i}.docx", samples.zip_bomb_docx(220 + 10 * i), "bad")
    for i, (w, h) in enumerate([(20_000, 20_000), (30_000, 20_000), (20_000, 40_000),
                                (50_000, 50_000), (20_000, 20_000)]):
        put(f"huge{i}.png", samples.png_claiming(w, h), "bad")
        put(f"huge{i}.scan.pdf.png", samples.png_claiming(h, w), "bad")
    names = ["noise.txt", "noise.pdf", "noise.docx", "noise.html", "noise.png", "noise.bin"]
    for i in range(50):
        put(f"garbage{i}.{names[i % len(names)]}", samples.garbage(64 + 997 * i, i), "bad")
    for i, data in enumerate([b"", b" ", b"\n\n\n", b"\t \r\n", b"\xef\xbb\xbf", b"\x00" * 100,
                              b"\xff\xfe", b"%PDF-1.7", b"PK\x03\x04", b"<html></html>",
                              b"<html><body>   </body></html>", b"\x89PNG\r\n\x1a\n",
                              b"\xff\xd8\xff", b".", b"-\n-\n"]):
        put(f"empty{i}.txt", data, "bad")
    return expect


def snapshot_code(folder: Path) -> Path:
    """A copy of the code, so both runs use the same code while the tree is edited."""
    for package in ("pipeline", "extractors"):
        shutil.copytree(ROOT / package, folder / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return folder


def kehoach_run(inputs: Path, out: Path, workers: int, seconds: float,
                code: Path) -> tuple[float, int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out),
         "--workers", str(workers), "--seconds-per-document", str(seconds)],
        capture_output=True, text=True, cwd=code, env={**os.environ, "PYTHONPATH": str(code)})
    return time.monotonic() - started, done.returncode, (done.stdout + done.stderr)[-3000:]


def _table(out: Path, name: str):  # noqa: ANN202 (a pandas DataFrame)
    import pandas as pd

    return pd.read_parquet(out / f"{name}.parquet")


def _rows(out: Path, name: str, doc_ids: set[str]) -> list[tuple]:
    frame = _table(out, name)
    frame = frame[frame["doc_id"].isin(doc_ids)].drop(columns=["source"], errors="ignore")
    rows = [tuple(map(repr, row)) for row in frame.itertuples(index=False)]
    return sorted(rows)


def check(archive: Path, expect: dict[str, str], mixed: Path, clean: Path) -> dict:
    from pipeline.ingest import doc_id_of

    ids = {name: doc_id_of((archive / name).read_bytes()) for name in expect}
    good_ids = {ids[n] for n, k in expect.items() if k == "good"}
    documents = _table(mixed, "documents")
    errors = _table(mixed, "errors")
    by_source_docs = documents["source"].map(lambda s: Path(s).name).value_counts().to_dict()
    by_source_errors = errors["source"].map(lambda s: Path(s).name).value_counts().to_dict()
    problems: list[str] = []
    outcome: dict[str, dict[str, int]] = {}
    for name, kind in sorted(expect.items()):
        docs, errs = by_source_docs.get(name, 0), by_source_errors.get(name, 0)
        key = f"{kind}: {'document' if docs else ''}{'+' if docs and errs else ''}" \
              f"{'error' if errs else ''}{'nothing' if not docs and not errs else ''}"
        outcome.setdefault(kind, {}).setdefault(key.split(": ")[1], 0)
        outcome[kind][key.split(": ")[1]] += 1
        if kind == "good" and (docs != 1 or errs):
            problems.append(f"good file {name}: {docs} documents rows, {errs} errors rows")
        if kind == "bad" and (errs != 1 or docs):
            problems.append(f"bad file {name}: {docs} documents rows, {errs} errors rows")
        if kind == "damaged" and docs + errs != 1:
            problems.append(f"damaged file {name}: {docs} documents rows, {errs} errors rows")
    unequal = []
    for table in TABLES:
        if _rows(mixed, table, good_ids) != _rows(clean, table, good_ids):
            unequal.append(table)
    if unequal:
        problems.append(f"good documents' rows differ from the clean run in {unequal}")
    codes = errors.assign(name=errors["source"].map(lambda s: Path(s).name))
    codes = codes[codes["name"].map(lambda n: expect.get(n) != "good")]
    versions = {json.loads((out / "run.json").read_text())["pipeline_version"]
                for out in (mixed, clean)}
    if len(versions) != 1:
        problems.append(f"the two runs used different pipeline versions {sorted(versions)}")
    return {"problems": problems, "outcomes": outcome, "tables_equal": not unequal,
            "error_codes": codes["code"].value_counts().sort_index().to_dict(),
            "rows_per_table_good": {t: len(_rows(mixed, t, good_ids)) for t in TABLES}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kehoach-robustness"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds-per-document", type=float, default=600.0)
    args = parser.parse_args(argv)
    if args.work.exists():
        shutil.rmtree(args.work)
    archive, good = args.work / "archive", args.work / "good"
    started = time.monotonic()
    expect = build_archive(archive)
    generated = time.monotonic() - started
    good.mkdir()
    for name, kind in expect.items():
        if kind == "good":
            shutil.copy(archive / name, good / name)
    code = snapshot_code(args.work / "code")
    mixed_s, mixed_rc, mixed_log = kehoach_run(archive, args.work / "out-mixed", args.workers,
                                               args.seconds_per_document, code)
    clean_s, clean_rc, clean_log = kehoach_run(good, args.work / "out-clean", args.workers,
                                               args.seconds_per_document, code)
    result = {
        "files": len(expect),
        "good": sum(k == "good" for k in expect.values()),
        "bad": sum(k == "bad" for k in expect.values()),
        "damaged": sum(k == "damaged" for k in expect.values()),
        "archive_bytes": sum(p.stat().st_size for p in archive.iterdir()),
        "generate_seconds": round(generated, 1),
        "mixed_run": {"seconds": round(mixed_s, 1), "exit_code": mixed_rc, "tail": mixed_log[-600:]},
        "clean_run": {"seconds": round(clean_s, 1), "exit_code": clean_rc, "tail": clean_log[-600:]},
        "workers": args.workers,
    }
    if (args.work / "out-mixed" / "errors.parquet").exists() \
            and (args.work / "out-clean" / "documents.parquet").exists():
        result.update(check(archive, expect, args.work / "out-mixed", args.work / "out-clean"))
    else:
        result["problems"] = ["a run did not write its tables"]
    result["passed"] = not result["problems"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "robustness.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "robustness.md").write_text(_markdown(result))
    print(json.dumps({k: v for k, v in result.items() if k not in ("mixed_run", "clean_run")},
                     indent=2, ensure_ascii=False))
    return 0 if result["passed"] else 1


def _markdown(r: dict) -> str:
    lines = ["# Robustness benchmark", "",
             "Generated by `benchmarks/robustness_bench.py`: an archive of good plans mixed with",
             "broken and hostile files, run through `kehoach run`, compared with a clean run.", "",
             f"- files: {r['files']} ({r['good']} good, {r['bad']} bad, {r['damaged']} damaged), "
             f"{r['archive_bytes'] / 1e6:.1f} MB",
             f"- mixed run: {r['mixed_run']['seconds']} s, exit code {r['mixed_run']['exit_code']}"
             f" ({r['workers']} workers)",
             f"- clean run (good files only): {r['clean_run']['seconds']} s",
             f"- good documents' rows equal to the clean run: {r.get('tables_equal')}",
             f"- passed: **{r['passed']}**", "", "## Outcomes", "",
             "| expected | outcome | files |", "| --- | --- | --- |"]
    for kind, outcomes in sorted(r.get("outcomes", {}).items()):
        for outcome, count in sorted(outcomes.items()):
            lines.append(f"| {kind} | {outcome} | {count} |")
    lines += ["", "## Error codes of the bad and damaged files", "", "| code | rows |",
              "| --- | --- |"]
    lines += [f"| {code} | {n} |" for code, n in r.get("error_codes", {}).items()]
    lines += ["", "## Rows of the good documents", "", "| table | rows |", "| --- | --- |"]
    lines += [f"| {t} | {n} |" for t, n in r.get("rows_per_table_good", {}).items()]
    lines += ["", "## Problems", ""] + ([f"- {p}" for p in r["problems"]] or ["none"])
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
