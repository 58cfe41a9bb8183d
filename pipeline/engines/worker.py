"""Process one input inside a worker process: bytes in, :class:`Outcome` out.

This is the only place an engine calls the pipeline, so every engine produces
the same outcome for the same input. A failure is an outcome, never an
exception: a bad input must not stop the batch.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from pipeline.engines.outcome import ErrorInfo, Outcome, Task
from pipeline.errors import (
    CorruptInputError,
    InputError,
    KehoachError,
    LimitExceededError,
    StageError,
)
from pipeline.limits import Limits

OCR_KINDS = {"pdf_scan", "image"}


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MiB: since the last
    :func:`reset_peak_rss` where Linux allows it, else since the start."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def reset_peak_rss() -> None:
    """Start measuring the peak anew, so each document's peak is its own (Linux 4.0+)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass


def _read(task: Task) -> bytes:
    if task.data is not None:
        return task.data
    try:
        return Path(task.source).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", source=task.source,
                         stage="read") from None


def _process(task: Task, limits: Limits) -> tuple[str, int]:
    from pipeline.ingest import doc_id_of
    from pipeline.process import process_bytes

    data = _read(task)
    if doc_id_of(data) != task.doc_id:
        raise CorruptInputError("the file changed while the run was reading it",
                                source=task.source, stage="read")
    result = process_bytes(data, task.source, limits)
    pages = result.document.pages if result.document.input_kind in OCR_KINDS else 0
    return result.model_dump_json(), pages


def run_task(task: Task, limits: Limits) -> Outcome:
    """The outcome of one input; e.g. an empty file gives error K101 at stage ingest."""
    reset_peak_rss()
    start = time.perf_counter()
    outcome = Outcome(index=task.index, source=task.source, doc_id=task.doc_id)
    try:
        outcome.result_json, outcome.pages_ocred = _process(task, limits)
    except KehoachError as err:
        outcome.error = ErrorInfo.of(err)
    except MemoryError:
        outcome.error = ErrorInfo.of(LimitExceededError(
            "ran out of memory", source=task.source, stage="process"))
    except Exception as err:  # a bug outside the named stages: still one error row
        outcome.error = ErrorInfo.of(StageError(f"{type(err).__name__}: {err}",
                                                source=task.source, stage="process"))
    outcome.seconds = round(time.perf_counter() - start, 6)
    outcome.peak_rss_mb = round(peak_rss_mb(), 1)
    return outcome


WARMUP_DIR = Path(__file__).parent / "warmup"


def warm_up() -> float:
    """Run the bundled sample plans through the pipeline once; the seconds it took.

    Extractors load their models and data on first use. The fork server calls
    this before it forks any worker, so every worker starts with them loaded
    (and shares their memory) instead of paying seconds on its first document.
    Never raises: a broken pipeline shows up on the real documents instead.
    """
    from pipeline.process import process_bytes

    start = time.perf_counter()
    for sample in sorted(WARMUP_DIR.glob("*.txt")):
        try:
            process_bytes(sample.read_bytes(), str(sample))
        except Exception:  # noqa: BLE001 - see the docstring
            continue
    return time.perf_counter() - start
