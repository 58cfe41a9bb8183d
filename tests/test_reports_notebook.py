"""The researcher's notebook runs top to bottom on the bundled samples."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.reports.compare import compare

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "compare_plans.ipynb"
KERNEL = "kehoach-venv"


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    """A kernel spec for this interpreter (the venv's python), found through JUPYTER_PATH."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "kehoach venv", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


def test_notebook_runs_and_agrees_with_the_api(kernel, tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_NOTEBOOK_OUT", str(tmp_path / "out"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=600,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    errors = [o for cell in nb.cells for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    last = nb.cells[-1]["outputs"]
    summary = json.loads([o["text"] for o in last if o.get("name") == "stdout"][0]
                         .strip().splitlines()[-1])
    assert summary["out"] == str(tmp_path / "out")
    c = compare(summary["out"])
    samples = list((ROOT / "data" / "raw").glob("*.txt"))
    assert summary["plans"] == len(c.plans) == len(samples)
    assert (summary["cited"], summary["agencies"], summary["deadlines"], summary["funding"]) \
        == (len(c.cited), len(c.agencies), len(c.deadlines), len(c.funding))
    assert Path(summary["report"]).stat().st_size > 0
