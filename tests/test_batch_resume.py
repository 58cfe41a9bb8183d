"""kill -9 halfway, run again: exactly the tables of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _archive import ROOT, bad_inputs, tables, variants

pytestmark = pytest.mark.slow


def _command(archive: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(archive), "--out", str(out),
            "--workers", "2"]


def _finish(archive: Path, out: Path) -> None:
    done = subprocess.run(_command(archive, out), capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stderr


def _kill_halfway(archive: Path, out: Path, total: int) -> int:
    """Start a run, SIGKILL it (and its workers) once a third is cached; outcomes cached."""
    run = subprocess.Popen(_command(archive, out), cwd=ROOT, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    cached = 0
    while time.monotonic() < deadline and run.poll() is None:
        cached = len(list((out / ".cache").glob("*/*/*.outcome")))
        if cached >= total // 3:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(30)
    return cached


def test_kill_9_then_resume_gives_the_uninterrupted_tables(tmp_path):
    archive = tmp_path / "archive"
    inputs = variants(archive, 3) + list(bad_inputs(archive / "bad").values())
    resumed, straight = tmp_path / "resumed", tmp_path / "straight"

    cached = _kill_halfway(archive, resumed, len(inputs))
    assert 0 < cached < len(inputs)
    assert not (resumed / "run.json").exists()
    assert not (resumed / "documents.parquet").exists()

    _finish(archive, resumed)
    _finish(archive, straight)
    got, want = tables(resumed, drop=("time",)), tables(straight, drop=("time",))
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    assert got == want
    assert len(got["documents"]) == 15 and len(got["errors"]) == 3
    for name in [p.name for p in straight.glob("*.csv") if p.name != "errors.csv"]:
        assert (resumed / name).read_bytes() == (straight / name).read_bytes(), name
    json_names = sorted(p.name for p in (straight / "json").iterdir())
    assert sorted(p.name for p in (resumed / "json").iterdir()) == json_names
    for name in json_names:
        assert (resumed / "json" / name).read_bytes() == (straight / "json" / name).read_bytes()
    assert not list(resumed.rglob("*.part"))
