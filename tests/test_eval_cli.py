"""``kehoach eval`` end to end on directories of JSON files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

GOLD_DIR = Path(__file__).parent / "gold"
runner = CliRunner()


def _copy_gold_as_predictions(target: Path) -> list[str]:
    names = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        name = path.name[: -len(".gold.json")]
        shutil.copy(path, target / f"{name}.json")
        names.append(name)
    return names


def test_eval_gold_against_itself_writes_perfect_scores(tmp_path: Path) -> None:
    _copy_gold_as_predictions(tmp_path)
    out = tmp_path / "scores" / "s.json"
    result = runner.invoke(app, ["eval", "--gold", str(GOLD_DIR), "--pred", str(tmp_path),
                                 "--per-doc", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "legal_references" in result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["missing_predictions"] == []
    for table in scores["overall"]["tables"].values():
        assert table["f1"] == 1.0
    assert scores["overall"]["document_fields"]["strict"] == 1.0
    assert len(scores["documents"]) == 5


def test_eval_missing_prediction_is_reported_and_exit_is_zero(tmp_path: Path) -> None:
    names = _copy_gold_as_predictions(tmp_path)
    (tmp_path / f"{names[0]}.json").unlink()
    (tmp_path / "stray.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["eval", "--gold", str(GOLD_DIR), "--pred", str(tmp_path),
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert names[0] in result.output
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["missing_predictions"] == [names[0]]
    assert scores["predictions_without_gold"] == ["stray"]
    doc = scores["documents"][names[0]]
    assert doc["missing_prediction"]
    assert all(t["tp"] == 0 for t in doc["tables"].values())


def test_eval_empty_predictions_score_low_but_exit_zero(tmp_path: Path) -> None:
    for path in GOLD_DIR.glob("*.gold.json"):
        name = path.name[: -len(".gold.json")]
        (tmp_path / f"{name}.json").write_text(json.dumps(
            {"document": {}, "legal_references": [], "units": [], "deadlines": [],
             "funding_sources": []}), encoding="utf-8")
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["eval", "--gold", str(GOLD_DIR), "--pred", str(tmp_path),
                                 "--json", str(out)])
    assert result.exit_code == 0
    tables = json.loads(out.read_text(encoding="utf-8"))["overall"]["tables"]
    assert tables["units"]["recall"] == 0.0 and tables["units"]["fn"] == 21


def test_eval_missing_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(GOLD_DIR),
                                 "--pred", str(tmp_path / "nope")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path), "--pred", str(tmp_path)])
    assert result.exit_code == 2  # no gold files
