"""A run's outputs (tables, DuckDB, one JSON per document), written in input order
while the documents are still being processed.

An input's rows go out as soon as it and every input before it are done, so
the tables come out in input order whatever order the workers finish in, and
writing overlaps processing instead of following it. Outcomes that arrive
ahead of their turn are held in memory up to a bound, past which they are read
back from the result cache when their turn comes: memory stays flat.

Everything is written under ``.part`` names (the JSON files one by one,
atomically) and only :meth:`RunOutputs.finish` renames the tables into place;
an interrupted run discards the parts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.engines.outcome import ErrorInfo, Outcome
from pipeline.errors import KehoachError, OutputError
from pipeline.files import write_text_atomic
from pipeline.records import ExtractionResult
from pipeline.safety import safe_stem
from pipeline.sinks.files import TableFiles
from pipeline.tables import error_row, flatten, validate_document_rows

if TYPE_CHECKING:
    from pipeline.batch import Input, RunStats
    from pipeline.cache import ResultCache

log = logging.getLogger("kehoach.batch")
DUCKDB_NAME = "kehoach.duckdb"
MAX_HELD = 256  # outcomes kept in memory ahead of their turn


class RunOutputs:
    """Use as a context manager: ``done(outcome)`` for each processed input, then
    ``finish()``. ``waiting``: the indexes of the inputs being processed; every
    other input's outcome is in the cache already (or it has a read error)."""

    def __init__(self, out_dir: Path, inputs: Sequence[Input], cache: ResultCache,
                 stats: RunStats, waiting: set[int]):
        self.out_dir, self.inputs, self.cache, self.stats = out_dir, inputs, cache, stats
        self.waiting = set(waiting)
        self.json_dir = out_dir / "json"
        self.json_dir.mkdir(parents=True, exist_ok=True)
        self.names = _json_names(inputs)
        self.written: list[str] = []
        self.held: dict[int, Outcome] = {}
        self.next = 0  # the place in ``inputs`` of the next input to write
        self.files: TableFiles | None = None

    def __enter__(self) -> RunOutputs:
        self.files = TableFiles(self.out_dir)
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is not None and self.files is not None:
            self.files.discard()

    def done(self, outcome: Outcome) -> None:
        """``outcome`` (already in the cache) is final: write what is now in order."""
        self.waiting.discard(outcome.index)
        if len(self.held) < MAX_HELD:
            self.held[outcome.index] = outcome
        while self.next < len(self.inputs) and self.inputs[self.next].index not in self.waiting:
            self._write(self.inputs[self.next])
            self.next += 1

    def finish(self) -> list[str]:
        """Write the rest, rename the tables into place, load DuckDB; the names of
        the JSON files written, one per document."""
        assert self.files is not None
        for item in self.inputs[self.next:]:  # one still waiting raises OutputError
            self._write(item)
        self.next = len(self.inputs)
        self.stats.rows = self.files.commit()
        self.files = None
        _remove_stale_json(self.json_dir, set(self.written))
        _write_duckdb(self.out_dir)
        return sorted(self.written)

    def _write(self, item: Input) -> None:
        assert self.files is not None
        if item.duplicate_of is not None:
            first = self.cache.get(item.doc_id or "", item.source)
            if first is None or first.ok:
                log.info("same bytes as %s: %s", item.duplicate_of, item.source)
                return
        outcome, error = self._outcome_of(item)
        if error is None and outcome is not None:
            try:
                rows, text = _document_rows(outcome, item.source)
            except KehoachError as err:
                err.source = item.source
                error = ErrorInfo.of(err)
            else:
                self.files.add(rows)
                name = self.names[item.index]
                write_text_atomic(os.path.join(self.json_dir, name), text)
                self.written.append(name)
                self.stats.documents += 1
                return
        assert error is not None
        row = error_row(error.as_error(), source=item.source, doc_id=item.doc_id,
                        time=dt.datetime.fromisoformat(error.time))
        self.files.add({"errors": [row]})
        self.stats.errors += 1

    def _outcome_of(self, item: Input) -> tuple[Outcome | None, ErrorInfo | None]:
        if item.read_error is not None:
            return None, item.read_error
        assert item.doc_id is not None
        outcome = self.held.pop(item.index, None) if item.duplicate_of is None else None
        if outcome is None:
            outcome = self.cache.get(item.doc_id, item.source, item.index)
        if outcome is None:
            raise OutputError(f"no result for {item.source}: the run did not finish",
                              stage="write")
        return outcome, outcome.error


def _json_names(inputs: Sequence[Input]) -> dict[int, str]:
    """``json/<input name without its last suffix>.json``; a doc_id suffix on a clash."""
    firsts = [i for i in inputs if i.doc_id is not None and i.duplicate_of is None]
    stems = {i.index: safe_stem(Path(i.source).name) for i in firsts}
    clashes = Counter(stems.values())
    return {i.index: (stems[i.index] if clashes[stems[i.index]] == 1
                      else f"{stems[i.index]}-{i.doc_id}") + ".json" for i in firsts}


def _document_rows(outcome: Outcome, source: str) -> tuple[dict[str, list[Any]], str]:
    assert outcome.result_json is not None
    result = ExtractionResult.model_validate_json(outcome.result_json)
    result.document.source = source  # the cache is by content; the path is this run's
    rows = flatten(result)
    validate_document_rows(rows)
    return rows, result.model_dump_json(indent=2)


def _remove_stale_json(json_dir: Path, keep: set[str]) -> None:
    for path in json_dir.glob("*.json"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
    for part in json_dir.glob("*.part"):
        part.unlink(missing_ok=True)


def _write_duckdb(out_dir: Path) -> None:
    from pipeline.sinks.duckdb_sink import load_duckdb

    target = out_dir / DUCKDB_NAME
    part = out_dir / (DUCKDB_NAME + ".part")
    part.unlink(missing_ok=True)
    load_duckdb(out_dir, part)
    part.replace(target)
