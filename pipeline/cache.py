"""Results cached by content hash and pipeline version, safe against kill -9.

Layout: ``DIR/.cache/<version>/<doc_id[:2]>/<doc_id>.outcome``, one file per
input content. A file is written to a ``.part`` name and renamed into place, so
a reader sees either a whole entry or none. An entry that does not parse (a
power cut before the data reached the disk) counts as missing: the input is
processed again, never half-read. ``<version>`` hashes the extraction code,
its data files and the limits, so a change to any of them starts afresh.

An entry is two lines: a JSON header (doc_id, status, timings, the error) and
the contract record as compact JSON (empty for an error).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict, astuple, fields
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.engines.outcome import ErrorInfo, Outcome
from pipeline.limits import Limits

_ROOT = Path(__file__).resolve().parent.parent
#: Modules that move results around but do not change them: editing these does
#: not invalidate cached results.
_RUNNER_ONLY = {"pipeline/batch.py", "pipeline/cache.py", "pipeline/tables.py",
                "pipeline/cli.py"}
_RUNNER_DIRS = ("pipeline/sinks/", "pipeline/engines/", "pipeline/commands/")
_HASHED_SUFFIXES = {".py", ".yaml", ".yml", ".tsv", ".csv", ".json", ".txt", ".bin", ".gz",
                    ".npz"}


def _code_files() -> list[Path]:
    files = []
    for top in ("pipeline", "extractors"):
        for path in sorted((_ROOT / top).rglob("*")):
            rel = path.relative_to(_ROOT).as_posix()
            if (path.is_file() and path.suffix in _HASHED_SUFFIXES
                    and "__pycache__" not in rel and rel not in _RUNNER_ONLY
                    and not rel.startswith(_RUNNER_DIRS)):
                files.append(path)
    return files


@cache
def code_digest() -> bytes:
    """sha256 of the extraction code and data, computed once per process.

    Once per process because a running Python does not reload its modules: the
    code that processes the documents is the code there was at the first call.
    """
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def pipeline_version(limits: Limits) -> str:
    """16 hex chars naming the extraction code, its data and the limits."""
    digest = hashlib.sha256(code_digest())
    digest.update(repr(astuple(limits)).encode())
    return digest.hexdigest()[:16]


def _header(outcome: Outcome) -> dict[str, Any]:
    """``outcome.header()`` without the deep copy of ``dataclasses.asdict`` (a good share of
    the parent's time per document): the fields are plain values; ``error`` is flat."""
    if outcome.extra:  # may hold anything: the general path
        return outcome.header()
    head = {f.name: getattr(outcome, f.name) for f in fields(outcome)
            if f.name not in ("result_json", "index")}
    if outcome.error is not None:
        head["error"] = asdict(outcome.error)
    return head


class ResultCache:
    """Outcomes of one pipeline version under ``root/<version>/``."""

    def __init__(self, root: Path, version: str):
        self.root = root
        self.version = version
        self.dir = root / version
        self._made: set[str] = set()  # entry folders known to exist

    def _path(self, doc_id: str) -> str:
        # Strings, not Paths: this runs several times per document.
        return os.path.join(self.dir, doc_id[:2], f"{doc_id}.outcome")

    def path(self, doc_id: str) -> Path:
        return Path(self._path(doc_id))

    def has(self, doc_id: str) -> bool:
        return os.path.isfile(self._path(doc_id))

    def put(self, outcome: Outcome) -> None:
        target = self._path(outcome.doc_id)
        folder = os.path.dirname(target)
        if folder not in self._made:
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        tmp = f"{target}.{os.getpid()}.part"
        head = json.dumps(_header(outcome), ensure_ascii=False, sort_keys=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(head + "\n" + (outcome.result_json or "") + "\n")
        os.replace(tmp, target)

    def get(self, doc_id: str, source: str, index: int = -1) -> Outcome | None:
        """The cached outcome of ``doc_id`` for input ``source``; None if absent or torn."""
        try:
            with open(self._path(doc_id), encoding="utf-8") as handle:
                text = handle.read()
            head_line, result_line = text.split("\n", 1)
            head = json.loads(head_line)
        except (OSError, ValueError):
            return None
        result = result_line.rstrip("\n") or None
        if head.get("doc_id") != doc_id or (result is None) == (head.get("error") is None):
            return None
        error = ErrorInfo(**head["error"]) if head.get("error") else None
        return Outcome(index=index, source=source, doc_id=doc_id, result_json=result,
                       error=error, seconds=head.get("seconds", 0.0),
                       pages_ocred=head.get("pages_ocred", 0),
                       peak_rss_mb=head.get("peak_rss_mb", 0.0))

    def missing(self, doc_ids: Iterable[str]) -> list[str]:
        return [d for d in doc_ids if not self.has(d)]

    def drop_errors(self, doc_ids: Iterable[str]) -> int:
        """Forget cached failures of these inputs (``--retry-errors``)."""
        dropped = 0
        for doc_id in doc_ids:
            cached = self.get(doc_id, "")
            if cached is not None and not cached.ok:
                self.path(doc_id).unlink(missing_ok=True)
                dropped += 1
        return dropped

    def clean_parts(self) -> None:
        """Remove ``.part`` files a killed run left behind."""
        if self.dir.is_dir():
            for part in self.dir.glob("*/*.part"):
                part.unlink(missing_ok=True)

    def prune_versions(self) -> list[str]:
        """Remove the entries of other pipeline versions (after a finished run)."""
        removed = []
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir() and child.name != self.version:
                    shutil.rmtree(child, ignore_errors=True)
                    removed.append(child.name)
        return removed
