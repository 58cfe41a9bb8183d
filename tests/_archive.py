"""Small archives for the batch tests: seed variants and bad inputs."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


def variants(folder: Path, copies: int, seeds: list[Path] | None = None) -> list[Path]:
    """``copies`` distinct variants of each seed (a numbered line added): new bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(copies):
        for seed in seeds or SEEDS:
            target = folder / f"{seed.name.removesuffix('.txt')}-v{i:03d}.txt"
            target.write_text(seed.read_text(encoding="utf-8") + f"\nBản lưu số {i}.\n",
                              encoding="utf-8")
            made.append(target)
    return made


def bad_inputs(folder: Path) -> dict[str, Path]:
    """An empty file, binary garbage, and a file that decodes but is not a document."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(4)
    files = {"empty": folder / "empty.txt", "garbage": folder / "garbage.bin",
             "noise": folder / "noise.txt"}
    files["empty"].write_bytes(b"")
    files["garbage"].write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    files["noise"].write_text("".join(rng.choice("0123456789.,;:-+=/ ") for _ in range(3000)))
    return files


def tables(out: Path, drop: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Every table of a run's output as a list of rows, columns in ``drop`` removed."""
    result = {}
    for table in TABLES:
        rows = pq.read_table(out / f"{table.name}.parquet").to_pylist()
        result[table.name] = [{k: v for k, v in r.items() if k not in drop} for r in rows]
    return result
