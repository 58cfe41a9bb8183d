"""The local engine: N supervised worker processes on this machine.

Each worker holds the document it is running and at most one queued behind it
(so it never waits for this process between documents); tasks go to whichever
worker has room, so a slow OCR document holds up at most one document queued
behind it, and a killed worker is replaced without losing the others' work.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait

from pipeline.engines.outcome import Outcome, Task
from pipeline.engines.supervisor import SupervisedWorker, context
from pipeline.limits import Limits

POLL_SECONDS = 0.2
DEPTH = 2  # tasks in flight per worker: the one running and the next


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


class LocalEngine:
    name = "local"

    def __init__(self, workers: int | None = None, limits: Limits | None = None):
        self.workers = max(1, workers or default_workers())
        self.limits = limits or Limits()

    def run(self, tasks: Sequence[Task], on_outcome: Callable[[Outcome], None]) -> None:
        """Process every task, calling ``on_outcome`` in this process as each finishes."""
        if not tasks:
            return
        ctx = context()
        pending = deque(tasks)
        pool = [SupervisedWorker(ctx, self.limits, DEPTH)
                for _ in range(min(self.workers, len(tasks)))]
        try:
            while pending or any(w.busy for w in pool):
                for worker in pool:
                    while worker.has_room and pending:
                        worker.submit(pending.popleft())
                busy = {w.conn: w for w in pool if w.busy and w.conn is not None}
                for conn in wait(list(busy), timeout=POLL_SECONDS):
                    on_outcome(busy[conn].receive())  # type: ignore[index]
                for worker in pool:
                    limited = worker.check_limits()
                    if limited is not None:
                        on_outcome(limited)
        finally:
            for worker in pool:
                worker.stop()
