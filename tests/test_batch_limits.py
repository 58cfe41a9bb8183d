"""Supervised workers: memory limit, a dying worker, and what comes after."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from _archive import SEEDS

from pipeline.engines.outcome import Task
from pipeline.engines.supervisor import SupervisedWorker, context, tree_rss_mb
from pipeline.ingest import doc_id_of
from pipeline.limits import Limits

pytestmark = pytest.mark.slow


def _task(path: Path, index: int = 0) -> Task:
    return Task(index, str(path), doc_id_of(path.read_bytes()))


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    """A plan repeated to 4.8 million characters (the limit is 5 million): legal, but it
    takes seconds and far more memory than a plan."""
    text = SEEDS[4].read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("huge") / "huge.txt"
    path.write_text((text + "\n") * (4_800_000 // len(text)), encoding="utf-8")
    return path


def test_memory_over_the_limit_is_stopped_and_the_worker_replaced(huge):
    probe = SupervisedWorker(context(), Limits())
    try:
        assert probe.run(_task(SEEDS[2])).ok
        baseline = tree_rss_mb(probe.proc.pid)  # a worker with its models loaded
    finally:
        probe.stop()
    limit = int(baseline + 60)
    worker = SupervisedWorker(context(), Limits(memory_mb_per_document=limit,
                                                seconds_per_document=300))
    try:
        outcome = worker.run(_task(huge))
        assert outcome.error is not None and outcome.error.code == "K105"
        assert f"more than {limit} MB" in outcome.error.message
        after = worker.run(_task(SEEDS[2], 1))  # the replacement works
        assert after.ok and after.index == 1
    finally:
        worker.stop()


def test_a_worker_that_dies_gives_an_error_and_a_fresh_worker(huge):
    worker = SupervisedWorker(context(), Limits(seconds_per_document=300))
    try:
        worker.submit(_task(huge))
        time.sleep(0.5)
        os.kill(worker.proc.pid, signal.SIGKILL)  # as the kernel's OOM killer would
        assert worker.conn.poll(30)
        outcome = worker.receive()
        assert outcome.error is not None and outcome.error.code == "K500"
        assert "died" in outcome.error.message
        assert not worker.busy
        assert worker.run(_task(SEEDS[1], 7)).ok
    finally:
        worker.stop()


def test_tree_rss_counts_the_worker_and_its_children():
    import subprocess
    import sys

    before = tree_rss_mb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; b = bytearray(150 << 20)"
                              "; b[::4096] = b'x' * len(b[::4096]); print(1, flush=True); "
                              "time.sleep(30)"], stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == b"1"
        assert tree_rss_mb(os.getpid()) - before > 140
    finally:
        child.kill()
        child.wait()


def test_a_task_queued_behind_a_killed_one_runs_in_the_fresh_worker(huge):
    worker = SupervisedWorker(context(), Limits(seconds_per_document=300), depth=2)
    try:
        assert worker.run(_task(SEEDS[2])).ok  # a short document: room for a second
        worker.submit(_task(huge, 1))
        assert worker.has_room
        worker.submit(_task(SEEDS[0], 2))
        assert not worker.has_room
        time.sleep(0.5)
        os.kill(worker.proc.pid, signal.SIGKILL)
        assert worker.conn.poll(30)
        killed = worker.receive()
        assert killed.index == 1 and killed.error is not None and killed.error.code == "K500"
        assert worker.busy and worker.task.index == 2  # handed to the replacement
        assert worker.conn.poll(60)
        queued = worker.receive()
        assert queued.index == 2 and queued.ok
        assert not worker.busy
    finally:
        worker.stop()


def test_nothing_queues_behind_a_slow_document(huge):
    worker = SupervisedWorker(context(), Limits(seconds_per_document=300), depth=2)
    try:
        assert worker.run(_task(huge)).ok  # seconds: OCR-like
        worker.submit(_task(SEEDS[2], 1))
        assert not worker.has_room
    finally:
        worker.stop()
