"""The result cache: whole entries or none, keyed by content and pipeline version."""

from __future__ import annotations

from dataclasses import replace

from pipeline.cache import ResultCache, pipeline_version
from pipeline.engines.outcome import ErrorInfo, Outcome
from pipeline.limits import Limits

RECORD = '{"schema_version":1,"document":{"doc_id":"5b4933ee665b1bc7"}}'


def test_an_entry_round_trips_with_the_current_source(tmp_path):
    cache = ResultCache(tmp_path, "v1")
    cache.put(Outcome(3, "old/place.txt", "5b4933ee665b1bc7", result_json=RECORD,
                      seconds=0.5, pages_ocred=2))
    got = cache.get("5b4933ee665b1bc7", "new/place.txt", 9)
    assert got is not None and got.ok and got.result_json == RECORD
    assert (got.source, got.index, got.pages_ocred) == ("new/place.txt", 9, 2)
    assert not list(tmp_path.rglob("*.part"))


def test_an_error_is_cached_too(tmp_path):
    cache = ResultCache(tmp_path, "v1")
    error = ErrorInfo("K101", "ingest", "the file is empty", "2025-03-01T08:30:00+00:00")
    cache.put(Outcome(0, "empty.txt", "e3b0c44298fc1c14", error=error))
    got = cache.get("e3b0c44298fc1c14", "other-empty.txt")
    assert got is not None and not got.ok and got.error == error
    assert cache.drop_errors(["e3b0c44298fc1c14"]) == 1
    assert not cache.has("e3b0c44298fc1c14")


def test_a_torn_entry_counts_as_missing(tmp_path):
    """After a power cut a renamed file can be empty or cut short: process it again."""
    cache = ResultCache(tmp_path, "v1")
    cache.put(Outcome(0, "a.txt", "968c3ea89e45b3b6", result_json=RECORD))
    path = cache.path("968c3ea89e45b3b6")
    for torn in ("", '{"doc_id": "968c3ea8', '{"doc_id": "other"}\n' + RECORD + "\n"):
        path.write_text(torn, encoding="utf-8")
        assert cache.get("968c3ea89e45b3b6", "a.txt") is None


def test_versions_follow_code_and_limits_and_old_ones_are_pruned(tmp_path):
    base = pipeline_version(Limits())
    assert base == pipeline_version(Limits())
    assert base != pipeline_version(replace(Limits(), seconds_per_document=5))
    old = ResultCache(tmp_path, "0000000000000000")
    old.put(Outcome(0, "a.txt", "968c3ea89e45b3b6", result_json=RECORD))
    (old.dir / "96" / "x.outcome.123.part").write_text("half")
    current = ResultCache(tmp_path, base)
    current.put(Outcome(0, "a.txt", "968c3ea89e45b3b6", result_json=RECORD))
    old.clean_parts()
    assert not list(old.dir.rglob("*.part"))
    assert current.prune_versions() == ["0000000000000000"]
    assert current.has("968c3ea89e45b3b6") and not old.dir.exists()
