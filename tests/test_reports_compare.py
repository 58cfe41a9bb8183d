"""The comparison tables (``pipeline.reports.compare``) and the report's HTML.

Specific values are asserted only on the hand-checked gold files (tests/gold),
which do not change; on live pipeline output only structure and consistency.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.reports.compare import ROLES, compare, date_bounds
from pipeline.reports.compare_html import render_compare
from pipeline.reports.names import agency_key, level_of, number_key

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def gold():
    return compare(GOLD)


def test_agency_names_unify_across_plans():
    same = ["Phòng Văn hóa và Thông tin", "Phòng Văn hóa - Thông tin huyện",
            "Phòng VH-TT huyện"]
    assert len({agency_key(n) for n in same}) == 1
    assert agency_key("Phòng Lao động - TB&XH huyện") == \
        agency_key("Phòng Lao động - Thương binh và Xã hội")
    assert agency_key("Trung tâm VH,TT&TT huyện") == \
        agency_key("Trung tâm Văn hóa - Thông tin - Thể thao")
    assert agency_key("UBND các xã, thị trấn") == agency_key("Ủy ban nhân dân các xã, thị trấn")
    # a generic body keeps its level; different bodies stay apart
    assert agency_key("Ủy ban nhân dân huyện") != agency_key("Ủy ban nhân dân tỉnh")
    assert agency_key("Phòng Tài chính - Kế hoạch") != agency_key("Phòng Văn hóa - Thông tin")


@pytest.mark.parametrize(("number", "issuer", "level"), [
    ("90/QĐ-TTg", "Thủ tướng Chính phủ", "trung_uong"),
    ("05-CT/TW", None, "trung_uong"),
    ("650/QĐ-LĐTBXH", None, "trung_uong"),
    ("4186/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Giang", "tinh"),
    ("31-KH/TU", None, "tinh"),
    ("194/KH-UBND", "Ủy ban nhân dân huyện Lục Nam", "huyen"),
    ("27-KH/HU", None, "huyen"),
    (None, "UBND xã Cẩm Tân", "xa"),
    (None, "Sở Lao động - Thương binh và Xã hội tỉnh Kon Tum", "tinh"),
    ("98/KH-UBND", None, None),
])
def test_issuer_levels(number, issuer, level):
    assert level_of(number, issuer) == level


def test_number_key_folds_d_and_case():
    assert number_key("90/QĐ-TTg") == number_key("90/qd-TTG") == "90/qd-ttg"
    assert number_key(" 98/KH - UBND") == "98/kh-ubnd"


def test_partial_dates_cover_their_span():
    assert date_bounds("2023") == (pd.Timestamp(2023, 1, 1), pd.Timestamp(2023, 12, 31))
    assert date_bounds("2024-02") == (pd.Timestamp(2024, 2, 1), pd.Timestamp(2024, 2, 29))
    assert date_bounds("--11-10") == (None, None)
    assert date_bounds("2023-02-30") == (None, None)


def test_gold_archive_is_ordered_national_to_commune(gold):
    assert len(gold.plans) == 5
    assert list(gold.plans["level_rank"]) == sorted(gold.plans["level_rank"])
    assert list(gold.plans["level"]) == ["tinh", "tinh", "huyen", "huyen", "xa"]
    ranks = list(gold.cited["level_rank"])
    assert ranks == sorted(ranks)
    # within a level, documents cited by more plans come first
    for _, group in gold.cited.groupby("level_rank"):
        assert list(group["n_plans"]) == sorted(group["n_plans"], reverse=True)
    first = gold.cited.iloc[0]
    assert (first["number"], first["n_plans"]) == ("05-CT/TW", 3)
    cited_650 = gold.cited[gold.cited["number"] == "650/QĐ-LĐTBXH"].iloc[0]
    assert cited_650["n_plans"] == 2


def test_gold_tables_are_consistent(gold):
    plans = gold.plans.set_index("plan_id")
    assert len(gold.citations) == plans["n_references"].sum()
    assert int(gold.cited["n_plans"].sum()) == \
        gold.citations.drop_duplicates(["plan_id", "cited_key"]).shape[0]
    assert gold.funding_matrix.to_numpy().sum() == len(gold.funding)
    assert list(gold.funding_matrix.index) == list(gold.plans["plan_id"])
    assert gold.matrix.shape == (len(gold.plans), len(gold.agencies))
    # every cell is the union of the roles the plan's units with that agency have
    for unit in gold.units.itertuples():
        agency = gold.agencies.set_index("agency_key").loc[unit.agency_key, "agency"]
        cell = gold.matrix.loc[unit.plan_id, agency].split(", ")
        assert set(filter(None, unit.roles.split(", "))) <= set(cell)
    nonempty = (gold.matrix != "").sum(axis=0)
    assert list(nonempty) == list(gold.agencies["n_plans"])
    assert gold.role_counts.to_numpy().sum() == len(gold.roles)
    assert list(gold.role_counts.columns) == list(ROLES)


def test_gold_agencies_unified(gold):
    # Tuy Phước's "Phòng Văn hóa và Thông tin" is Lục Nam's "Phòng Văn hóa - Thông tin"
    row = gold.agencies[gold.agencies["agency_key"] == agency_key("Phòng Văn hóa - Thông tin")]
    assert row["n_plans"].tolist() == [2]


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_either_layout_and_foreign_json(tmp_path):
    flat, nested = tmp_path / "flat", tmp_path / "run" / "json"
    nested.mkdir(parents=True)
    flat.mkdir()
    for path in GOLD.glob("*.json"):
        shutil.copy(path, flat / path.name)
        shutil.copy(path, nested / path.name)
    _write(flat / "manifest.json", {"inputs": 5})
    (flat / "broken.json").write_text("{", encoding="utf-8")
    a, b = compare(flat), compare(tmp_path / "run")
    assert list(a.plans["plan_id"]) == list(b.plans["plan_id"])
    assert a.cited.drop(columns="citing_plans").equals(b.cited.drop(columns="citing_plans"))
    assert sorted(p.name for p, _ in a.archive.skipped) == ["broken.json", "manifest.json"]


def _commune_plan(number: str, cites: list[dict]) -> dict:
    """A contract document of a commune plan citing ``cites``."""
    return {
        "schema_version": 1,
        "document": {"doc_id": "c0ffee0000000001", "source": "xa-bao-son.txt",
                     "input_kind": "text", "doc_type": "ke_hoach", "number": number,
                     "issuer": "Ủy ban nhân dân xã Bảo Sơn", "place": "Bảo Sơn",
                     "issued_date": "2022-10-03", "title": "Truyền thông về giảm nghèo",
                     "period": None, "signer": None, "recipients": [],
                     "text_quality": {"diacritics": "full"}},
        "legal_references": [{"doc_type": "ke_hoach", "issuer": None, "subject": None,
                              "article": None, "mentions": [], **c} for c in cites],
        "units": [], "deadlines": [], "funding_sources": [],
    }


def test_cited_plan_in_archive_links_to_its_section(tmp_path):
    for path in GOLD.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    _write(tmp_path / "xa.json", _commune_plan("15/KH-UBND", [
        {"number": "194/KH-UBND", "date": "2022-09-19"},  # Lục Nam's plan: Đ/case folded
        {"number": "4186/KH-UBND", "date": "2022-08-27"},  # also cited by Lục Nam
        {"number": "05-CT/TW", "date": "2021-06-23"},
    ]))
    c = compare(tmp_path)
    luc_nam = c.plans[c.plans["number"] == "194/KH-UBND"].iloc[0]
    row = c.cited[c.cited["number"] == "194/KH-UBND"].iloc[0]
    assert row["plan_id"] == luc_nam["plan_id"]
    assert c.cited[c.cited["number"] == "05-CT/TW"]["n_plans"].tolist() == [4]
    assert c.cited[c.cited["number"] == "4186/KH-UBND"]["n_plans"].tolist() == [2]
    assert c.plans.iloc[-1]["level"] == "xa"

    soup = BeautifulSoup(render_compare(c), "lxml")
    anchor = luc_nam["anchor"]
    assert soup.find(id=anchor) is not None
    node = soup.select_one(f'#citation-graph a.node[data-node="{luc_nam["plan_id"]}"]')
    assert node["href"] == f"#{anchor}" and node["data-citing"] == "1"
    edge = soup.select_one(f'#citation-graph path.edge[data-to="{luc_nam["plan_id"]}"]')
    assert edge["data-from"] == "c0ffee0000000001"
    # no separate node for the cited copy of a plan that is in the archive
    assert not soup.select('#citation-graph a.node-cited[href="#' + row["anchor"] + '"]')


def test_same_number_other_date_is_another_document(tmp_path):
    for path in GOLD.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    _write(tmp_path / "xa.json", _commune_plan("15/KH-UBND", [
        {"number": "194/KH-UBND", "date": "2019-03-01"}]))
    c = compare(tmp_path)
    assert c.cited[c.cited["number"] == "194/KH-UBND"]["plan_id"].isna().all()


def test_document_text_is_escaped(tmp_path):
    data = json.loads((GOLD / "luc-nam-2022-194-KH-UBND.ocr.gold.json").read_text("utf-8"))
    data["document"]["title"] = "<script>window.pwned = 1</script>"
    data["units"][0]["name"] = '<img src=x onerror="window.pwned=2">'
    _write(tmp_path / "x.json", data)
    html = render_compare(compare(tmp_path))
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert html.count("<script") == 1  # the report's own script only


def test_cli_writes_report_and_tables(tmp_path, gold):
    html, tables = tmp_path / "report.html", tmp_path / "tables"
    result = CliRunner().invoke(app, ["compare", str(GOLD), "--html", str(html),
                                      "--tables", str(tables)])
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(html.read_text("utf-8"), "lxml")
    assert soup.select_one("#citation-graph") is not None
    assert soup.select_one("#agency-matrix") is not None
    assert all(fig.figcaption and fig.figcaption.get_text(strip=True)
               for fig in soup.select("figure"))
    assert not soup.select('link[href], script[src], img[src^="http"]')
    cited = pd.read_csv(tables / "cited.csv")
    assert list(cited["n_plans"]) == list(gold.cited["n_plans"])
    matrix = pd.read_csv(tables / "matrix.csv", index_col=0, keep_default_na=False)
    assert list(matrix.columns) == list(gold.matrix.columns)
    assert list(matrix.index) == list(gold.matrix.index)
    assert matrix.to_numpy().tolist() == gold.matrix.to_numpy().tolist()


def test_cli_empty_folder_is_an_input_error(tmp_path):
    result = CliRunner().invoke(app, ["compare", str(tmp_path), "--html",
                                      str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert not (tmp_path / "r.html").exists()


def test_review_cli_missing_file_is_an_input_error(tmp_path):
    result = CliRunner().invoke(app, ["review", str(tmp_path / "nope.txt"), "--html",
                                      str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "InputError"
    assert not (tmp_path / "r.html").exists()
