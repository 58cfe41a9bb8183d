"""OCR benchmark: our OCR path against a plain ``tesseract -l vie`` run.

    .venv/bin/python benchmarks/ocr_bench.py            # everything (~10-15 min on 2 cores)
    .venv/bin/python benchmarks/ocr_bench.py --max-pages 2 --skip-f1

1. **Character error rate and time per page** on the same page images: seed
   pages rendered as a scanner would (``tests/scanlib.py``): 300 dpi with skew,
   blur, speckle and JPEG artefacts, and a 200 dpi faint copy. Plain Tesseract
   is run as a careful user would (``tesseract page.png stdout -l vie``), once
   with its default threads and once with ``OMP_THREAD_LIMIT=1`` (how our path
   runs it). CER is the Levenshtein distance over the ground truth's length,
   whitespace collapsed. Time is wall-clock and CPU (ours: Python + Tesseract).
2. **Extraction F1** of the scanned seeds against the same content as text:
   each seed is rendered to a scanned PDF (300 dpi noisy, 200 dpi faint) and
   run through ``pipeline.process``; its text twin (the same pages' ground
   truth, as a .txt) is run too; both are scored against ``tests/gold`` with
   ``pipeline.evaluate`` (micro F1 per table).

Writes ``benchmarks/results/ocr.json`` and ``benchmarks/results/ocr.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

import scanlib  # noqa: E402
from scanlib import cer  # noqa: E402

from pipeline.ingest.layout import assemble  # noqa: E402
from pipeline.ingest.ocr import ocr_page  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SEEDS = ["tuy-phuoc-2022-ke-hoach-truyen-thong", "lang-son-2023-tieu-du-an-2",
         "cam-tan-2023-giam-ngheo-thong-tin", "kon-tum-2022-web-article",
         "luc-nam-2022-194-KH-UBND.ocr"]
CER_SEEDS = SEEDS[:3]
TABLES = ("legal_references", "units", "deadlines", "funding_sources")


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plain_tesseract(png: Path, single_thread: bool) -> tuple[str, float, float]:
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if single_thread:
        env["OMP_THREAD_LIMIT"] = "1"
    cpu, wall = _child_cpu(), time.perf_counter()
    out = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie"], env=env,
                         capture_output=True, check=True, timeout=600).stdout.decode("utf-8")
    return out, time.perf_counter() - wall, _child_cpu() - cpu


def ours(png: Path) -> tuple[str, float, float, dict]:
    cpu, own, wall = _child_cpu(), time.process_time(), time.perf_counter()
    image = Image.open(png)
    dpi = image.info.get("dpi", (None,))[0]
    page = ocr_page(np.asarray(image.convert("L")), dpi)
    text, pages = assemble([page])
    elapsed = time.perf_counter() - wall
    spent = time.process_time() - own + _child_cpu() - cpu
    return text, elapsed, spent, {"confidence": page.confidence, "flags": pages[0].flags}


def variants(page: scanlib.Page) -> dict[str, tuple[Image.Image, int]]:
    return {"300dpi_noisy": (scanlib.scan(scanlib.draw(page, 300), seed=page.number), 300),
            "200dpi_faint": (scanlib.faint_scan(page, seed=page.number + 7), 200)}


def cer_section(tmp: Path, max_pages: int) -> dict:
    rows = []
    for seed in CER_SEEDS:
        for page in scanlib.layout(scanlib.plan_from_seed(seed), max_pages=max_pages):
            truth = scanlib.page_truth(page)
            for variant, (image, dpi) in variants(page).items():
                png = tmp / f"{seed}-{page.number}-{variant}.png"
                image.save(png, dpi=(dpi, dpi))
                row = {"seed": seed, "page": page.number, "variant": variant}
                text, wall, cpu = plain_tesseract(png, single_thread=False)
                row["plain"] = {"cer": cer(truth, text), "wall": wall, "cpu": cpu}
                text, wall, cpu = plain_tesseract(png, single_thread=True)
                row["plain_1thread"] = {"cer": cer(truth, text), "wall": wall, "cpu": cpu}
                text, wall, cpu, info = ours(png)
                row["ours"] = {"cer": cer(truth, text), "wall": wall, "cpu": cpu, **info}
                rows.append(row)
                print(f"{seed} p{page.number} {variant}: plain {row['plain']['cer']:.4f} "
                      f"({row['plain']['wall']:.1f}s) ours {row['ours']['cer']:.4f} "
                      f"({row['ours']['wall']:.1f}s)", flush=True)
    summary = {}
    for variant in ("300dpi_noisy", "200dpi_faint", "all"):
        chosen = [r for r in rows if variant in ("all", r["variant"])]
        summary[variant] = {
            engine: {key: round(float(np.mean([r[engine][key] for r in chosen])), 4)
                     for key in ("cer", "wall", "cpu")}
            for engine in ("plain", "plain_1thread", "ours")}
        s = summary[variant]
        s["time_ratio_wall_vs_plain"] = round(s["ours"]["wall"] / s["plain"]["wall"], 3)
        s["time_ratio_cpu_vs_plain_1thread"] = round(s["ours"]["cpu"] / s["plain_1thread"]["cpu"], 3)
        s["time_ratio_wall_vs_plain_1thread"] = round(
            s["ours"]["wall"] / s["plain_1thread"]["wall"], 3)
        s["pages"] = len(chosen)
    return {"pages": rows, "summary": summary}


def f1_section(tmp: Path, max_pages: int | None) -> dict:
    from pipeline.evaluate import score_document
    from pipeline.process import process_bytes

    out: dict = {"docs": {}, "micro": {}}
    totals: dict[str, dict[str, list[int]]] = {}
    for seed in SEEDS:
        gold = json.loads((ROOT / "tests" / "gold" / f"{seed}.gold.json").read_text("utf-8"))
        pages = scanlib.layout(scanlib.plan_from_seed(seed), max_pages=max_pages)
        inputs = {"text": ("\n\n".join(scanlib.page_truth(p) for p in pages).encode(), ".txt")}
        for variant in ("300dpi_noisy", "200dpi_faint"):
            images = [variants(p)[variant][0] for p in pages]
            dpi = 300 if variant.startswith("300") else 200
            inputs[variant] = (scanlib.images_to_pdf(images, dpi), ".pdf")
        out["docs"][seed] = {"pages": len(pages)}
        for variant, (data, suffix) in inputs.items():
            start = time.perf_counter()
            try:
                result = process_bytes(data, f"{seed}{suffix}")
                pred = json.loads(result.model_dump_json())
                score = score_document(seed, gold, pred)
                f1 = {t: round(score.tables[t].counts.f1, 4) for t in TABLES if t in score.tables}
                for t in TABLES:
                    if t in score.tables:
                        c = score.tables[t].counts
                        acc = totals.setdefault(variant, {}).setdefault(t, [0, 0, 0])
                        acc[0] += c.tp
                        acc[1] += c.fp
                        acc[2] += c.fn
                out["docs"][seed][variant] = {"f1": f1, "seconds": round(time.perf_counter() - start, 1)}
            except Exception as err:  # extractors under development: record, go on
                out["docs"][seed][variant] = {"error": f"{type(err).__name__}: {err}"[:300]}
            print(seed, variant, out["docs"][seed][variant], flush=True)
    for variant, tables in totals.items():
        out["micro"][variant] = {t: round(2 * tp / max(1, 2 * tp + fp + fn), 4)
                                 for t, (tp, fp, fn) in tables.items()}
    if "text" in out["micro"]:
        out["delta_vs_text"] = {v: {t: round(out["micro"]["text"][t] - f, 4) for t, f in m.items()}
                                for v, m in out["micro"].items() if v != "text"}
    return out


def markdown(results: dict) -> str:
    lines = ["# OCR benchmark", "", f"Run {results['when']} on {results['machine']}. "
             "Pages rendered from the seeds by `tests/scanlib.py` (DejaVu Serif 12.5 pt).", ""]
    if "cer" in results:
        lines += ["## Character error rate and time per page", "",
                  "| pages | engine | CER | wall s/page | CPU s/page |", "|---|---|---|---|---|"]
        for variant, s in results["cer"]["summary"].items():
            for engine, label in (("plain", "tesseract -l vie"),
                                  ("plain_1thread", "tesseract -l vie, OMP_THREAD_LIMIT=1"),
                                  ("ours", "kehoach OCR path")):
                e = s[engine]
                lines.append(f"| {variant} ({s['pages']}) | {label} | {e['cer']:.4f} | "
                             f"{e['wall']:.2f} | {e['cpu']:.2f} |")
        s = results["cer"]["summary"]["all"]
        lines += ["", f"Time ratio, ours / plain: wall {s['time_ratio_wall_vs_plain']} "
                  f"(plain with default threads), wall {s['time_ratio_wall_vs_plain_1thread']} and "
                  f"CPU {s['time_ratio_cpu_vs_plain_1thread']} (plain single-threaded, as ours runs).", ""]
    if "f1" in results:
        lines += ["## Extraction F1, scanned seeds vs the same content as text", "",
                  "| input | " + " | ".join(TABLES) + " |", "|---|" + "---|" * len(TABLES)]
        for variant, m in results["f1"]["micro"].items():
            lines.append(f"| {variant} | " + " | ".join(str(m.get(t, "")) for t in TABLES) + " |")
        errors = [f"{d}/{v}" for d, vs in results["f1"]["docs"].items() for v, r in vs.items()
                  if isinstance(r, dict) and "error" in r]
        if errors:
            lines += ["", "Failed runs (see ocr.json): " + ", ".join(errors)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-pages", type=int, default=None,
                        help="pages per seed (default: CER on 2, F1 on all)")
    parser.add_argument("--skip-cer", action="store_true")
    parser.add_argument("--skip-f1", action="store_true")
    args = parser.parse_args()
    results: dict = {"when": time.strftime("%Y-%m-%d %H:%M"),
                     "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"}
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        if not args.skip_cer:
            results["cer"] = cer_section(Path(tmp), args.max_pages or 2)
        if not args.skip_f1:
            results["f1"] = f1_section(Path(tmp), args.max_pages)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ocr.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    (RESULTS / "ocr.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
