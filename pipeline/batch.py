"""Run an archive: walk inputs, process what changed, write every table.

``kehoach run data/raw --out data/structured`` does, in order:

1. find the inputs (folders walked recursively, ``--include``/``--exclude``
   globs, or a list of paths) and hash each one: its ``doc_id``;
2. look each ``doc_id`` up in the result cache (content hash + pipeline
   version) and hand only the missing ones to an engine (local worker
   processes or Ray), caching each outcome the moment it arrives;
3. meanwhile write the tables (Parquet, CSV, then DuckDB) and one contract JSON
   per document in input order (:mod:`pipeline.sinks.outputs`), under ``.part``
   names renamed at the end.

A run killed at any point (Ctrl-C, ``kill -9``, power cut) loses at most the
documents in flight: the next run finds the rest in the cache and writes the
same tables an uninterrupted run writes. ``DIR/run.json`` is written last; an
output directory without it is incomplete.
"""

from __future__ import annotations

import fcntl
import fnmatch
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.cache import ResultCache, pipeline_version
from pipeline.engines.outcome import ErrorInfo, Outcome, Task, utc_now
from pipeline.engines.worker import peak_rss_mb
from pipeline.errors import ConfigurationError, InputError, KehoachError
from pipeline.files import write_text_atomic
from pipeline.limits import Limits
from pipeline.sinks.files import remove_parts, table_paths
from pipeline.sinks.outputs import DUCKDB_NAME, RunOutputs
from pipeline.tables import TABLES, TABLES_VERSION

log = logging.getLogger("kehoach.batch")
MANIFEST = "run.json"


class Engine(Protocol):
    name: str
    workers: int

    def run(self, tasks: Sequence[Task], on_outcome: Any) -> None: ...


@dataclass
class Input:
    """One input file: its place in the run, its content hash, or why it could not be read."""

    index: int
    source: str
    doc_id: str | None = None
    read_error: ErrorInfo | None = None
    duplicate_of: str | None = None  # an earlier input with the same bytes


@dataclass
class RunStats:
    inputs: int = 0
    processed: int = 0
    cached: int = 0
    duplicates: int = 0
    documents: int = 0
    errors: int = 0
    pages_ocred: int = 0
    seconds: float = 0.0
    process_seconds: float = 0.0
    worker_seconds: float = 0.0  # the workers' own time on the processed documents
    write_seconds: float = 0.0
    outputs_rewritten: bool = True
    peak_worker_mb: float = 0.0
    peak_driver_mb: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


# ----------------------------------------------------------------------------- finding inputs

def _matches(rel: str, patterns: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str],
          skip: Path | None) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (root_path / d).resolve() != skip))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = root_path / name
            rel = path.relative_to(folder).as_posix()
            if (not include or _matches(rel, include)) and not _matches(rel, exclude):
                yield str(path)


def read_list(list_file: Path) -> list[str]:
    """Paths from a list file: one a line, blank lines and ``#`` comments skipped."""
    lines = list_file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def discover(inputs: Sequence[Path], include: Sequence[str] = (), exclude: Sequence[str] = (),
             from_list: Path | None = None, skip: Path | None = None) -> list[str]:
    """Every input path, sorted and without repeats. ``skip``: the output folder."""
    found: list[str] = []
    for given in inputs:
        if given.is_dir():
            found.extend(_walk(given, include, exclude, skip.resolve() if skip else None))
        elif given.exists():
            found.append(str(given))
        else:
            raise ConfigurationError(f"no such file or folder: {given}")
    if from_list is not None:
        if not from_list.is_file():
            raise ConfigurationError(f"no such list file: {from_list}")
        found.extend(read_list(from_list))
    return sorted(set(found))


def _hash_file(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:16]


def identify(sources: Sequence[str]) -> list[Input]:
    """Hash every input; a file that cannot be read gets its error here."""
    inputs, first_of = [], {}
    for index, source in enumerate(sources):
        item = Input(index, source)
        try:
            if not Path(source).is_file():
                raise InputError("not a file (missing, or a folder)", source=source,
                                 stage="read")
            item.doc_id = _hash_file(source)
        except OSError as err:
            item.read_error = ErrorInfo.of(InputError(
                f"cannot read the file: {err.strerror or err}", source=source, stage="read"))
        except KehoachError as err:
            item.read_error = ErrorInfo.of(err)
        if item.doc_id is not None:
            item.duplicate_of = first_of.setdefault(item.doc_id, source)
            if item.duplicate_of == source:
                item.duplicate_of = None
        inputs.append(item)
    return inputs


# ----------------------------------------------------------------------------- processing

class BatchProgress:
    """A progress bar on standard error: documents, docs/s, pages OCRed, errors so far."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled and total > 0
        self.done = self.pages = self.errors = 0
        self.started = time.perf_counter()
        self.bar: Any = None

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("kehoach"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} docs/s · {task.fields[pages]} pages OCRed · "
                           "{task.fields[errors]} errors"),
                TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("run", total=self.total, rate="0.0", pages=0,
                                          errors=0)
        return self

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.pages += outcome.pages_ocred
        self.errors += outcome.error is not None
        if self.bar is not None:
            rate = self.done / max(time.perf_counter() - self.started, 1e-9)
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f}", pages=self.pages,
                            errors=self.errors)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _tasks(inputs: Sequence[Input], cache: ResultCache) -> list[Task]:
    return [Task(i.index, i.source, i.doc_id) for i in inputs
            if i.doc_id is not None and i.duplicate_of is None and not cache.has(i.doc_id)]


def _process(tasks: Sequence[Task], engine: Engine, cache: ResultCache, stats: RunStats,
             show_progress: bool, outputs: RunOutputs) -> None:
    with BatchProgress(len(tasks), enabled=show_progress) as progress:
        def on_outcome(outcome: Outcome) -> None:
            cache.put(outcome)
            outputs.done(outcome)
            stats.processed += 1
            stats.pages_ocred += outcome.pages_ocred
            stats.worker_seconds += outcome.seconds
            stats.peak_worker_mb = max(stats.peak_worker_mb, outcome.peak_rss_mb)
            _log_outcome(outcome)
            progress.advance(outcome)

        engine.run(tasks, on_outcome)


def _log_outcome(outcome: Outcome) -> None:
    if outcome.error is not None:
        log.warning("error %s [%s] %s: %s", outcome.error.code, outcome.error.stage,
                    outcome.source, outcome.error.message)
    else:
        log.info("done %s doc_id=%s %.3fs pages_ocred=%d", outcome.source, outcome.doc_id,
                 outcome.seconds, outcome.pages_ocred)


# ----------------------------------------------------------------------------- the manifest

def _digest(inputs: Sequence[Input], version: str) -> str:
    items = [(i.source, i.doc_id, i.read_error.code if i.read_error else None) for i in inputs]
    blob = json.dumps([version, TABLES_VERSION, items], ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _expected_files(out_dir: Path) -> list[Path]:
    files = [p for t in TABLES for p in table_paths(out_dir, t)]
    files.append(out_dir / DUCKDB_NAME)
    return files


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _up_to_date(out_dir: Path, digest: str) -> bool:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("digest") == digest and \
        all((out_dir / f).is_file() for f in manifest.get("files", []))


def _write_manifest(out_dir: Path, digest: str, version: str, stats: RunStats,
                    json_names: list[str]) -> None:
    for path in _expected_files(out_dir):  # on disk before the manifest says complete
        _fsync(path)
    files = [p.name for p in _expected_files(out_dir)] + \
        [f"json/{n}" for n in json_names]
    manifest = {"digest": digest, "pipeline_version": version, "tables_version": TABLES_VERSION,
                "inputs": stats.inputs, "documents": stats.documents, "errors": stats.errors,
                "rows": stats.rows, "files": sorted(files), "finished_at": utc_now()}
    write_text_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


# ----------------------------------------------------------------------------- the run

@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    with open(out_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ConfigurationError(f"another kehoach run is writing to {out_dir}") from None
        yield


@contextmanager
def _log_to(path: Path) -> Iterator[None]:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()


def run_batch(sources: Sequence[str], out_dir: Path, engine: Engine, limits: Limits, *,
              cache_dir: Path | None = None, retry_errors: bool = False,
              show_progress: bool = False) -> RunStats:
    """Process ``sources`` into ``out_dir``; only inputs not in the cache are processed."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir), _log_to(out_dir / "kehoach.log"):
        version = pipeline_version(limits)
        cache = ResultCache(cache_dir or out_dir / ".cache", version)
        cache.clean_parts()
        remove_parts(out_dir)
        inputs = identify(sources)
        stats = RunStats(inputs=len(inputs), duplicates=sum(bool(i.duplicate_of) for i in inputs))
        ids = [i.doc_id for i in inputs if i.doc_id is not None]
        if retry_errors:
            cache.drop_errors(ids)
        tasks = _tasks(inputs, cache)
        stats.cached = len(ids) - stats.duplicates - len(tasks)
        log.info("run: %d inputs, %d cached, %d to process, engine %s with %s workers, "
                 "pipeline %s", len(inputs), stats.cached, len(tasks), engine.name,
                 engine.workers or "all", version)
        digest = _digest(inputs, version)
        if tasks or not _up_to_date(out_dir, digest):
            (out_dir / MANIFEST).unlink(missing_ok=True)
            with RunOutputs(out_dir, inputs, cache, stats, {t.index for t in tasks}) as outputs:
                _process(tasks, engine, cache, stats, show_progress, outputs)
                stats.process_seconds = time.perf_counter() - started
                json_names = outputs.finish()
            _write_manifest(out_dir, digest, version, stats, json_names)
        else:
            stats.process_seconds = time.perf_counter() - started
            stats.outputs_rewritten = False
            _count_from_manifest(out_dir, stats)
        cache.prune_versions()
        stats.seconds = time.perf_counter() - started
        stats.write_seconds = stats.seconds - stats.process_seconds
        stats.peak_driver_mb = round(peak_rss_mb(), 1)
        log.info("finished: %d documents, %d errors, %.2fs", stats.documents, stats.errors,
                 stats.seconds)
        return stats


def _count_from_manifest(out_dir: Path, stats: RunStats) -> None:
    manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    stats.documents, stats.errors = manifest["documents"], manifest["errors"]
    stats.rows = manifest["rows"]
