"""The Ray engine: the same work as the local engine, spread over a cluster.

Each Ray actor owns one :class:`SupervisedWorker` (a child process under the
same time and memory limits as on a laptop) and runs one document at a time;
Ray places the actors on every node's CPUs. The driver (``kehoach run``) keeps
at most two tasks per actor in flight and caches each outcome as it arrives,
so a driver killed mid-run resumes from its cache exactly as the local engine
does. Inputs are read by path on the workers (shared storage), or with
``ship_bytes`` sent through Ray's object store from the driver.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.engines.outcome import ErrorInfo, Outcome, Task
from pipeline.errors import InputError, StageError
from pipeline.limits import Limits

log = logging.getLogger("kehoach.batch")


class DocumentActor:
    """A Ray actor: one supervised worker process, one document at a time."""

    def __init__(self, limits: Limits):
        from pipeline.engines.supervisor import SupervisedWorker, context

        self.worker = SupervisedWorker(context(), limits)

    def run(self, task: Task) -> Outcome:
        return self.worker.run(task)

    def stop(self) -> None:
        self.worker.stop()


def _with_bytes(task: Task) -> Task | Outcome:
    try:
        data = Path(task.source).read_bytes()
    except OSError as err:
        return Outcome(task.index, task.source, task.doc_id, error=ErrorInfo.of(InputError(
            f"cannot read the file: {err.strerror or err}", stage="read")))
    return Task(task.index, task.source, task.doc_id, data)


def _stop(actors: list[Any]) -> None:
    """Let each actor stop its worker process, then remove the actors."""
    import ray

    try:
        ray.get([actor.stop.remote() for actor in actors], timeout=15)
    except ray.exceptions.RayError:
        pass  # an actor that is gone or stuck is killed below all the same
    for actor in actors:
        ray.kill(actor)


class RayEngine:
    name = "ray"

    def __init__(self, workers: int | None = None, limits: Limits | None = None, *,
                 address: str | None = None, ship_bytes: bool = False,
                 init_options: dict[str, Any] | None = None):
        self.requested = workers
        self.workers = workers or 0
        self.limits = limits or Limits()
        self.address = address
        self.ship_bytes = ship_bytes
        self.init_options = init_options or {}

    def _init(self) -> bool:
        import ray

        if ray.is_initialized():
            return False
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                   "logging_level": logging.WARNING, **self.init_options}
        if self.address:
            options["address"] = self.address
        elif self.requested:
            options["num_cpus"] = self.requested
        ray.init(**options)
        return True

    def run(self, tasks: Sequence[Task], on_outcome: Callable[[Outcome], None]) -> None:
        """Process every task on the cluster, calling ``on_outcome`` here as each finishes."""
        if not tasks:
            return
        import ray

        started_here = self._init()
        try:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            self.workers = max(1, min(self.requested or cpus, len(tasks)))
            actor_class = ray.remote(num_cpus=1, max_restarts=2,
                                     max_task_retries=1)(DocumentActor)
            actors = [actor_class.remote(self.limits) for _ in range(self.workers)]
            try:
                self._drive(actors, deque(tasks), on_outcome)
            finally:
                _stop(actors)
        finally:
            if started_here:
                ray.shutdown()

    def _submit(self, actor: Any, task: Task, in_flight: dict[Any, tuple[Task, Any]],
                on_outcome: Callable[[Outcome], None]) -> None:
        sent = _with_bytes(task) if self.ship_bytes else task
        if isinstance(sent, Outcome):
            on_outcome(sent)
            return
        in_flight[actor.run.remote(sent)] = (task, actor)

    def _drive(self, actors: list[Any], pending: deque[Task],
               on_outcome: Callable[[Outcome], None]) -> None:
        import ray

        in_flight: dict[Any, tuple[Task, Any]] = {}
        for actor in actors * 2:
            if pending:
                self._submit(actor, pending.popleft(), in_flight, on_outcome)
        while in_flight:
            done, _ = ray.wait(list(in_flight), num_returns=1)
            task, actor = in_flight.pop(done[0])
            try:
                outcome = ray.get(done[0])
            except ray.exceptions.RayError as err:  # the actor or its node was lost
                outcome = Outcome(task.index, task.source, task.doc_id, error=ErrorInfo.of(
                    StageError(f"the Ray worker failed: {type(err).__name__}",
                               stage="process")))
            on_outcome(outcome)
            if pending:
                self._submit(actor, pending.popleft(), in_flight, on_outcome)
