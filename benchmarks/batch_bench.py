"""Batch throughput: text docs/s and OCR pages/s for 1 and 2 workers, re-run cost.

    .venv/bin/python benchmarks/batch_bench.py            # ≥ 1,000 docs + 50 pages
    .venv/bin/python benchmarks/batch_bench.py --docs 200 --pages 10   # a quick look

Generates an archive in a temporary folder:

- text: variants of the five seeds in ``data/raw`` (document number, dates of
  issue and a closing line changed, so every file has new bytes and a new
  ``doc_id``), ``--docs`` of them (default 1,000);
- scans: ``--pages`` one-page PNG scans (default 50), pages of the seeds laid
  out and degraded by ``tests/scanlib.py`` at 200 dpi (skew, blur, speckle).

Then, with the local engine and a fresh output folder and cache each time:
the text archive with 1 and with 2 workers (end to end: ingest → tables,
Parquet, CSV, DuckDB, JSON), a no-change re-run of the 2-worker output, and
the scans with 1 and 2 workers. A one-document run first starts the fork
server and loads the models, so no timed run pays for that.

Writes ``benchmarks/results/batch.json`` and ``batch.md``. The machine's load
average is recorded: on a shared machine the numbers are lower bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pipeline.batch import RunStats, discover, run_batch  # noqa: E402
from pipeline.engines.local import LocalEngine  # noqa: E402
from pipeline.limits import Limits  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
_NUMBER = re.compile(r"(Số|S[ốo6é]\s*:?)\s*(\d+)")
_DATE = re.compile(r"ngày (\d{1,2}) tháng")


def text_variant(text: str, i: int) -> str:
    """The seed with its number and issue day changed and a numbered closing line."""
    text = _NUMBER.sub(lambda m: f"{m.group(1)} {int(m.group(2)) + i}", text, count=1)
    text = _DATE.sub(lambda m: f"ngày {1 + (int(m.group(1)) + i) % 28:02d} tháng", text,
                     count=1)
    return text + f"\nBản lưu số {i}.\n"


def make_text_archive(folder: Path, docs: int) -> int:
    folder.mkdir(parents=True)
    seeds = [s.read_text(encoding="utf-8") for s in SEEDS]
    total = 0
    for i in range(docs):
        data = text_variant(seeds[i % len(seeds)], i // len(seeds)).encode("utf-8")
        (folder / f"{SEEDS[i % len(seeds)].stem}-{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def make_scans(folder: Path, pages: int) -> None:
    import scanlib

    folder.mkdir(parents=True)
    layouts = [p for s in SEEDS for p in scanlib.layout(scanlib.plan_from_seed(s.stem))]
    for i in range(pages):
        page = layouts[i % len(layouts)]
        image = scanlib.scan(scanlib.draw(page, 200), seed=i)
        image.save(folder / f"scan-{i:03d}.png", dpi=(200, 200))


def timed_run(inputs: Path, out: Path, workers: int) -> RunStats:
    limits = Limits()
    return run_batch(discover([inputs], skip=out), out, LocalEngine(workers, limits), limits)


def _summary(stats: RunStats, unit_count: int, unit: str, workers: int) -> dict:
    """Rates end to end; ``runner_overhead_share``: the part of the workers' wall time
    not spent inside the pipeline (start-up, hand-over, idle at the end)."""
    return {"seconds": round(stats.seconds, 2),
            "process_seconds": round(stats.process_seconds, 2),
            "write_seconds": round(stats.write_seconds, 2),
            f"{unit}_per_s": round(unit_count / stats.seconds, 2),
            "documents": stats.documents, "errors": stats.errors,
            "pages_ocred": stats.pages_ocred,
            "peak_worker_mb": stats.peak_worker_mb,
            "worker_seconds_per_doc": round(stats.worker_seconds / max(stats.processed, 1), 4),
            "runner_overhead_share": round(
                1 - stats.worker_seconds / (stats.process_seconds * workers), 3)}


def pipeline_only(folder: Path, sample: int) -> dict:
    """The pipeline alone, in this process, on ``sample`` files spread evenly over the
    archive (every seed's variants in their proportion): no runner. Timed on a second
    pass, after an untimed one over the same files has loaded the models and filled the
    word caches, as they are in a worker after its first documents."""
    from pipeline.errors import KehoachError
    from pipeline.process import process_path

    everything = sorted(folder.iterdir())
    files = everything[::max(1, len(everything) // sample)][:sample]
    seconds = 0.0
    for _ in range(2):
        start = time.perf_counter()
        for path in files:
            try:
                process_path(path)
            except KehoachError:
                pass
        seconds = time.perf_counter() - start
    return {"documents": len(files), "seconds": round(seconds, 2),
            "docs_per_s": round(len(files) / seconds, 2)}


def bench(docs: int, pages: int, work: Path) -> dict:
    text_dir, scan_dir = work / "text", work / "scans"
    text_bytes = make_text_archive(text_dir, docs)
    make_scans(scan_dir, pages)
    timed_run(SEEDS[0].parent, work / "warm", 1)  # fork server up, models loaded
    load_before = os.getloadavg()
    results: dict = {"archive": {"text_documents": docs, "text_mb": round(text_bytes / 2**20, 1),
                                 "scanned_pages": pages}}
    text = {}
    for workers in (1, 2):
        stats = timed_run(text_dir, work / f"text-{workers}", workers)
        text[str(workers)] = _summary(stats, docs, "docs", workers)
        text[str(workers)]["docs_per_s_per_core"] = round(docs / stats.seconds / workers, 2)
        if workers == 1:  # right after, under the same load
            text["pipeline_only_1_core"] = pipeline_only(text_dir, min(docs, 100))
    text["speedup"] = round(text["2"]["docs_per_s"] / text["1"]["docs_per_s"], 2)
    results["text"] = text
    rerun = timed_run(text_dir, work / "text-2", 2)
    results["rerun"] = {"seconds": round(rerun.seconds, 3), "processed": rerun.processed,
                        "outputs_rewritten": rerun.outputs_rewritten,
                        "share_of_full_run": round(rerun.seconds / text["2"]["seconds"], 4)}
    ocr = {}
    for workers in (1, 2):
        stats = timed_run(scan_dir, work / f"ocr-{workers}", workers)
        ocr[str(workers)] = _summary(stats, stats.pages_ocred or pages, "pages", workers)
    ocr["speedup"] = round(ocr["2"]["pages_per_s"] / ocr["1"]["pages_per_s"], 2)
    results["ocr"] = ocr
    results["peak_driver_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["machine"] = {"cores": os.cpu_count(), "python": platform.python_version(),
                          "load_average_before": [round(x, 2) for x in load_before],
                          "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    results["targets"] = {
        "text_docs_per_s_per_core_ge_50": text["1"]["docs_per_s_per_core"] >= 50,
        "ocr_speedup_2_workers_ge_1_8": ocr["speedup"] >= 1.8,
        "rerun_share_lt_5_percent": results["rerun"]["share_of_full_run"] < 0.05}
    return results


def markdown(r: dict) -> str:
    t, o, re_ = r["text"], r["ocr"], r["rerun"]
    lines = [
        "# Batch benchmark", "",
        f"Archive: {r['archive']['text_documents']} text documents "
        f"({r['archive']['text_mb']} MB, variants of `data/raw`) and "
        f"{r['archive']['scanned_pages']} scanned pages (200 dpi PNG, `tests/scanlib.py`).",
        f"Machine: {r['machine']['cores']} cores, load average before/after "
        f"{r['machine']['load_average_before'][0]} / {r['machine']['load_average_after'][0]} "
        "(shared with other jobs: figures are lower bounds).", "",
        "| path | workers | seconds | rate | per core | peak worker MB | errors |",
        "|---|---|---|---|---|---|---|"]
    for w in ("1", "2"):
        lines.append(f"| text | {w} | {t[w]['seconds']} | {t[w]['docs_per_s']} docs/s | "
                     f"{t[w]['docs_per_s_per_core']} | {t[w]['peak_worker_mb']} | "
                     f"{t[w]['errors']} |")
    for w in ("1", "2"):
        lines.append(f"| OCR | {w} | {o[w]['seconds']} | {o[w]['pages_per_s']} pages/s | "
                     f"{round(o[w]['pages_per_s'] / int(w), 3)} | {o[w]['peak_worker_mb']} | "
                     f"{o[w]['errors']} |")
    lines += ["",
              f"Speed-up with 2 workers: text {t['speedup']}×, OCR {o['speedup']}×.",
              f"The pipeline alone (no runner, in the benchmark's process, "
              f"{t['pipeline_only_1_core']['documents']} text documents spread over the "
              f"archive, right after the 1-worker run, second pass over them): "
              f"{t['pipeline_only_1_core']['docs_per_s']} docs/s. Inside the "
              f"workers a text document took {t['1']['worker_seconds_per_doc']} s (1 worker) "
              f"and {t['2']['worker_seconds_per_doc']} s (2 workers); the runner's share of "
              f"the workers' wall time: {100 * t['1']['runner_overhead_share']:.1f}% and "
              f"{100 * t['2']['runner_overhead_share']:.1f}%.",
              f"No-change re-run of the 2-worker output: {re_['seconds']} s, "
              f"{100 * re_['share_of_full_run']:.2f}% of the full run "
              f"({re_['processed']} documents processed).",
              f"Peak memory of the benchmark's process (the driver of every run, and the "
              f"in-process pipeline run with its models): {r['peak_driver_mb']} MB.", "",
              "Targets (issue 4):", ""]
    lines += [f"- {name}: {'met' if ok else 'NOT met'}" for name, ok in r["targets"].items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kehoach-batch-bench-") as tmp:
        results = bench(args.docs, args.pages, Path(tmp))
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "batch.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "batch.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
