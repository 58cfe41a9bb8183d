"""Rebuild tests/fixtures/garbled/: plans as a wrong-language OCR leaves them.

Each seed is laid out as a scanned page (tests/scanlib.py, DejaVu Serif, 300 dpi) and
read back with ``tesseract -l eng``, the way the Lục Nam seed's text layer was made.
The result is the kind of garbled text ("Quyét dinh s6 2655/QD-UBND") the pipeline
must restore; the gold of the original seed still applies. The plans of
tests/fixtures/genre go the same way to tests/fixtures/garbled/genre/ (their clean text
is the reference for ``benchmarks/restore_bench.py``).

Run: .venv/bin/python scripts/make_garbled_fixtures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import scanlib  # noqa: E402

SEEDS = ["tuy-phuoc-2022-ke-hoach-truyen-thong", "cam-tan-2023-giam-ngheo-thong-tin",
         "lang-son-2023-tieu-du-an-2"]
OUT = ROOT / "tests" / "fixtures" / "garbled"
GENRE = ROOT / "tests" / "fixtures" / "genre"


def garble(name: str, folder: Path = scanlib.SEEDS) -> str:
    texts = []
    with tempfile.TemporaryDirectory() as tmp:
        plan = scanlib.plan_from_seed(name, folder=folder)
        for index, page in enumerate(scanlib.layout(plan)):
            image = Path(tmp) / f"{index}.png"
            scanlib.draw(page, dpi=300).save(image)
            texts.append(subprocess.run(["tesseract", str(image), "-", "-l", "eng"],
                                        capture_output=True, text=True, check=True).stdout)
    return "\n".join(texts)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SEEDS:
        (OUT / f"{name}.txt").write_text(garble(name), encoding="utf-8")
        print("wrote", OUT / f"{name}.txt")
    (OUT / "genre").mkdir(exist_ok=True)
    for path in sorted(GENRE.glob("*.txt")):
        (OUT / "genre" / path.name).write_text(garble(path.stem, GENRE), encoding="utf-8")
        print("wrote", OUT / "genre" / path.name)


if __name__ == "__main__":
    main()
