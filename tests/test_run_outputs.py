"""The ordered writer: outcomes in any order give the tables of input order."""

from __future__ import annotations

import pytest
from _archive import SEEDS, tables

from pipeline.batch import RunStats, identify
from pipeline.cache import ResultCache
from pipeline.engines.outcome import Task
from pipeline.engines.worker import run_task
from pipeline.errors import OutputError
from pipeline.limits import Limits
from pipeline.sinks import outputs as outputs_module
from pipeline.sinks.outputs import RunOutputs


@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """The seeds' inputs and their real outcomes (run once, in this process)."""
    inputs = identify([str(s) for s in SEEDS])
    outcomes = [run_task(Task(i.index, i.source, i.doc_id), Limits()) for i in inputs]
    assert all(o.ok for o in outcomes)
    return inputs, outcomes


def _write(out, inputs, outcomes, order, cache_dir):
    cache = ResultCache(cache_dir, "v")
    stats = RunStats()
    with RunOutputs(out, inputs, cache, stats, {i.index for i in inputs}) as outputs:
        for k in order:
            cache.put(outcomes[k])
            outputs.done(outcomes[k])
        names = outputs.finish()
    return stats, names


def test_any_arrival_order_writes_the_tables_of_input_order(processed, tmp_path, monkeypatch):
    inputs, outcomes = processed
    in_order, _ = _write(tmp_path / "a", inputs, outcomes, range(len(inputs)), tmp_path / "c1")
    monkeypatch.setattr(outputs_module, "MAX_HELD", 1)  # the rest come back from the cache
    reverse, names = _write(tmp_path / "b", inputs, outcomes, [4, 2, 0, 3, 1], tmp_path / "c2")
    assert tables(tmp_path / "a") == tables(tmp_path / "b")
    assert reverse.documents == in_order.documents == len(SEEDS) and reverse.errors == 0
    assert names == sorted(s.stem + ".json" for s in SEEDS)
    sources = [r["source"] for r in tables(tmp_path / "b")["documents"]]
    assert sources == [str(s) for s in SEEDS]


def test_an_input_with_no_outcome_stops_the_write_and_leaves_no_table(processed, tmp_path):
    inputs, outcomes = processed
    cache = ResultCache(tmp_path / "cache", "v")
    with pytest.raises(OutputError, match="did not finish"):
        with RunOutputs(tmp_path / "out", inputs, cache, RunStats(),
                        {i.index for i in inputs}) as outputs:
            for outcome in outcomes[:-1]:
                cache.put(outcome)
                outputs.done(outcome)
            outputs.finish()
    assert not list((tmp_path / "out").glob("*.parquet*"))
    assert not list((tmp_path / "out").glob("*.csv*"))
