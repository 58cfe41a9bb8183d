"""A worker process that runs one input at a time under time and memory limits.

The supervisor (the caller's process) sends a :class:`Task` down a pipe, the
child answers with an :class:`Outcome`. It may queue a second task behind the
one running (``depth=2``), so the child starts the next document the moment it
sends an outcome instead of idling while the supervisor stores it; the clock of
a queued task starts when the outcome before it arrives. The supervisor watches the clock and
the resident memory of the child and everything it started (Tesseract runs as
a child of the worker); over either limit it kills the whole process with
SIGKILL, reports a K105 outcome for the input and starts a fresh child. A
document that finishes between two checks but took longer than the limit, or
whose own peak memory (reported by the child) was over it, is K105 as well, so
the limits do not depend on when the supervisor happened to look. A child that
dies by itself (a crash in a C library) gives a K500 outcome.
Both the local engine and each Ray actor use this class, so limits behave the
same on a laptop and on a cluster.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path

from pipeline.engines.outcome import ErrorInfo, Outcome, Task
from pipeline.errors import KehoachError, LimitExceededError, StageError
from pipeline.limits import Limits

#: Modules the fork server imports once (the last one warms the models up), so a
#: new worker starts in milliseconds with everything loaded.
PRELOAD = ["pipeline.engines.worker", "pipeline.process", "extractors",
           "pipeline.engines.warmup"]
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
QUEUE_BEHIND_SECONDS = 0.5  # queue a second task only behind documents faster than this
RSS_EVERY_SECONDS = 0.05


def context() -> mp.context.BaseContext:
    """Fork server where available (safe with threads in the parent), else spawn."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def _child_main(conn: Connection, limits: Limits) -> None:
    from pipeline.engines.worker import run_task

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's business
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(run_task(task, limits))


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task_dir in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids.extend(int(k) for k in (task_dir / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return kids


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MiB (Linux /proc)."""
    total_pages, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total_pages += int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        stack.extend(_children(current))
    return total_pages * _PAGE_KB / 1024


class SupervisedWorker:
    """One child process running the first of at most ``depth`` tasks in flight."""

    def __init__(self, ctx: mp.context.BaseContext, limits: Limits, depth: int = 1):
        self.ctx = ctx
        self.limits = limits
        self.depth = depth
        self.queue: deque[Task] = deque()
        self.last_seconds = 0.0  # how long the last finished task took
        self.rss_read = 0.0  # when the memory of the child was last read
        self.started = 0.0
        self.peak_mb = 0.0
        self.proc: mp.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.start()

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_child_main, args=(child, self.limits),
                                     daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent

    @property
    def task(self) -> Task | None:
        """The task the child is running."""
        return self.queue[0] if self.queue else None

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    @property
    def has_room(self) -> bool:
        """Idle; or running a short document (where handing over costs a noticeable
        share) with room in the queue. A long one (OCR) queues nothing behind it, so no
        document waits behind it while another worker is idle."""
        if not self.queue:
            return True
        return len(self.queue) < self.depth and self.last_seconds < QUEUE_BEHIND_SECONDS

    def submit(self, task: Task) -> None:
        assert self.conn is not None and self.has_room
        if not self.queue:
            self.started, self.peak_mb = time.monotonic(), 0.0
        self.queue.append(task)
        self.conn.send(task)

    def receive(self) -> Outcome:
        """The outcome of the task in flight; call when ``conn`` is readable."""
        assert self.conn is not None and self.task is not None
        try:
            outcome: Outcome = self.conn.recv()
        except (EOFError, OSError):
            code = None
            if self.proc is not None:
                self.proc.join(1)
                code = self.proc.exitcode
            return self._fail(StageError(f"the worker process died (exit code {code})",
                                         source=self.task.source, stage="process"))
        over = self._over_limits(time.monotonic() - self.started, outcome.peak_rss_mb)
        if over is not None:  # finished between two checks, but over a limit all the same
            outcome = Outcome(index=outcome.index, source=outcome.source,
                              doc_id=outcome.doc_id, error=ErrorInfo.of(over),
                              seconds=outcome.seconds, peak_rss_mb=outcome.peak_rss_mb)
        self.queue.popleft()
        self.last_seconds = outcome.seconds
        self.started, self.peak_mb = time.monotonic(), 0.0  # the next one is running now
        return outcome

    def _over_limits(self, elapsed: float, rss_mb: float) -> LimitExceededError | None:
        assert self.task is not None
        if elapsed > self.limits.seconds_per_document:
            return LimitExceededError(
                f"took more than {self.limits.seconds_per_document:g} s; stopped",
                source=self.task.source, stage="process")
        if rss_mb > self.limits.memory_mb_per_document:
            return LimitExceededError(
                f"used {rss_mb:.0f} MB, more than {self.limits.memory_mb_per_document} MB; "
                "stopped", source=self.task.source, stage="process")
        return None

    def check_limits(self) -> Outcome | None:
        """Kill the child if its task ran over time or memory; the K105 outcome if so."""
        if self.task is None or self.proc is None or self.proc.pid is None:
            return None
        now = time.monotonic()
        if now - self.rss_read >= RSS_EVERY_SECONDS:  # /proc reads cost; a document's
            self.rss_read = now  # own peak comes back with its outcome anyway
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.proc.pid))
        over = self._over_limits(now - self.started, self.peak_mb)
        return self._fail(over) if over is not None else None

    def _fail(self, err: KehoachError) -> Outcome:
        task = self.task
        assert task is not None
        outcome = Outcome(index=task.index, source=task.source, doc_id=task.doc_id,
                          error=ErrorInfo.of(err), seconds=time.monotonic() - self.started,
                          peak_rss_mb=round(self.peak_mb, 1))
        self.kill()
        self.queue.popleft()
        queued = list(self.queue)
        self.queue.clear()
        self.start()
        for later in queued:  # sent to the dead child: give them to the new one
            self.submit(later)
        return outcome

    def kill(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            for pid in [*_descendants(self.proc.pid), self.proc.pid]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError, TypeError):
                    pass
            self.proc.join(5)
        if self.conn is not None:
            self.conn.close()
        self.proc, self.conn = None, None

    def stop(self) -> None:
        """Ask an idle child to exit; kill a busy one."""
        if self.conn is not None and not self.queue and self.proc is not None:
            try:
                self.conn.send(None)
                self.proc.join(5)
            except (OSError, BrokenPipeError):
                pass
        self.kill()

    def run(self, task: Task, poll: float = 0.1) -> Outcome:
        """Submit one task and wait for its outcome (used by a Ray actor)."""
        self.submit(task)
        while True:
            assert self.conn is not None
            if self.conn.poll(poll):
                return self.receive()
            limited = self.check_limits()
            if limited is not None:
                return limited


def _descendants(pid: int | None) -> list[int]:
    if pid is None:
        return []
    found, stack = [], _children(pid)
    while stack:
        kid = stack.pop()
        found.append(kid)
        stack.extend(_children(kid))
    return found
