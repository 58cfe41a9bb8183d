"""The Ray engine on a local Ray instance gives the local engine's outputs."""

from __future__ import annotations

import shutil

import pytest
from _archive import SEEDS, bad_inputs, tables

from pipeline.batch import discover, run_batch
from pipeline.engines.local import LocalEngine
from pipeline.limits import Limits

pytestmark = pytest.mark.slow
ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    """One small local Ray instance for the module (Ray takes seconds to start)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             object_store_memory=80 * 1024 * 1024)
    yield
    ray.shutdown()


def _same_outputs(a, b):
    assert tables(a, drop=("time",)) == tables(b, drop=("time",))
    for csv in b.glob("*.csv"):
        if csv.name != "errors.csv":
            assert (a / csv.name).read_bytes() == csv.read_bytes(), csv.name
    names = sorted(p.name for p in (b / "json").iterdir())
    assert sorted(p.name for p in (a / "json").iterdir()) == names
    for name in names:
        assert (a / "json" / name).read_bytes() == (b / "json" / name).read_bytes()


@pytest.mark.parametrize("ship_bytes", [False, True], ids=["paths", "bytes"])
def test_ray_and_local_engines_write_the_same_outputs(local_ray, tmp_path, ship_bytes):
    from pipeline.engines.ray_engine import RayEngine

    archive = tmp_path / "archive"
    archive.mkdir()
    for seed in SEEDS[1:4]:
        shutil.copy(seed, archive / seed.name)
    bad_inputs(archive / "bad")
    (archive / "bad" / "noise.txt").unlink()
    sources = discover([archive])
    limits = Limits()

    by_ray, local = tmp_path / "ray", tmp_path / "local"
    ray_stats = run_batch(sources, by_ray, RayEngine(2, limits, ship_bytes=ship_bytes), limits)
    assert ray.is_initialized()  # an instance the engine did not start is left running
    local_stats = run_batch(sources, local, LocalEngine(2, limits), limits)

    assert (ray_stats.documents, ray_stats.errors) == (local_stats.documents,
                                                       local_stats.errors) == (3, 2)
    assert ray_stats.processed == 5
    _same_outputs(by_ray, local)
