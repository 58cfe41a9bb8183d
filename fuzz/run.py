"""Run the ingestion fuzz target for a bounded time; report and keep any crash.

    .venv/bin/python fuzz/run.py --seconds 600

Seeds (``fuzz/seeds/``, made by ``fuzz/make_seeds.py`` when missing) are copied into a
working corpus (default ``/tmp/kehoach-fuzz-corpus``, kept between runs). Crashing
inputs land in ``fuzz/crashes/``; add each one to ``tests/fixtures/hostile/`` so
``tests/test_hostile_regressions.py`` keeps it fixed. A summary goes to
``fuzz/results/last-run.json``, libFuzzer's log next to the corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600, help="total fuzzing time")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/kehoach-fuzz-corpus"))
    parser.add_argument("--timeout", type=int, default=30, help="seconds per input")
    parser.add_argument("--rss-mb", type=int, default=3072)
    args = parser.parse_args(argv)

    seeds = HERE / "seeds"
    if not any(seeds.glob("*")):
        subprocess.run([sys.executable, str(HERE / "make_seeds.py")], check=True)
    args.corpus.mkdir(parents=True, exist_ok=True)
    for seed in seeds.iterdir():
        if not (args.corpus / seed.name).exists():
            shutil.copy(seed, args.corpus / seed.name)
    crashes = HERE / "crashes"
    crashes.mkdir(exist_ok=True)
    before = set(crashes.iterdir())
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(HERE / "fuzz_ingest.py"), str(args.corpus),
         f"-max_total_time={args.seconds}", f"-timeout={args.timeout}",
         f"-rss_limit_mb={args.rss_mb}", f"-artifact_prefix={crashes}/", "-print_final_stats=1"],
        capture_output=True, text=True)
    elapsed = time.monotonic() - started
    log = done.stderr
    new = sorted(str(p) for p in set(crashes.iterdir()) - before)
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", log)
    cov = re.findall(r"cov: (\d+) ft: (\d+)", log)
    summary = {"seconds": round(elapsed, 1), "exit_code": done.returncode,
               "executions": int(runs[-1]) if runs else None,
               "coverage_edges": int(cov[-1][0]) if cov else None,
               "features": int(cov[-1][1]) if cov else None,
               "corpus_files": sum(1 for _ in args.corpus.iterdir()),
               "new_crashes": new}
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    log_file = args.corpus.with_name(args.corpus.name + "-last-run.log")
    log_file.write_text(log[-2_000_000:])
    summary["log"] = str(log_file)
    (results / "last-run.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    if new:
        print("crash report (tail):\n" + log[-4000:], file=sys.stderr)
    return 1 if new or done.returncode not in (0,) else 0


if __name__ == "__main__":
    sys.exit(main())
