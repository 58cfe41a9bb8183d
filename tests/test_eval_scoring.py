"""Scoring rules of ``pipeline.evaluate``: gold against itself, and targeted perturbations."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.evaluate import (
    TABLES,
    name_key,
    name_similarity,
    number_key,
    score_document,
)

GOLD_DIR = Path(__file__).parent / "gold"
GOLD = {p.name[: -len(".gold.json")]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(GOLD_DIR.glob("*.gold.json"))}
LUC_NAM = "luc-nam-2022-194-KH-UBND.ocr"
TUY_PHUOC = "tuy-phuoc-2022-ke-hoach-truyen-thong"
CAM_TAN = "cam-tan-2023-giam-ngheo-thong-tin"


def _gold(name: str) -> dict:
    return copy.deepcopy(GOLD[name])


def _as_prediction(gold: dict) -> dict:
    """A prediction is gold without markers: optional items and *_accept keys dropped."""
    gold = copy.deepcopy(gold)

    def clean(item: dict) -> dict:
        return {k: v for k, v in item.items()
                if k not in ("optional", "accept") and not k.endswith("_accept")}

    pred = {"schema_version": 1, "document": clean(gold["document"])}
    if isinstance(pred["document"].get("signer"), dict):
        pred["document"]["signer"] = clean(pred["document"]["signer"])
    for table in TABLES:
        pred[table] = [clean(i) for i in gold.get(table, []) if not i.get("optional")]
    return pred


def _counts(doc, table: str) -> tuple[int, int, int]:
    c = doc.tables[table].counts
    return c.tp, c.fp, c.fn


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_against_itself_scores_one_everywhere(name: str) -> None:
    gold = _gold(name)
    doc = score_document(name, gold, copy.deepcopy(gold))
    assert doc.document_share("strict") == 1.0
    for table, score in doc.tables.items():
        assert score.counts.fp == score.counts.fn == 0, table
        assert score.counts.f1 == 1.0, table
        for field, fscore in score.fields.items():
            assert fscore.strict_score == fscore.fuzzy_score == 1.0, (table, field)
    for field, fscore in doc.document.items():
        assert fscore.strict_score == 1.0, field


@pytest.mark.parametrize("name", sorted(GOLD))
def test_clean_prediction_scores_one(name: str) -> None:
    gold = _gold(name)
    doc = score_document(name, gold, _as_prediction(gold))
    for table, score in doc.tables.items():
        assert score.counts.f1 == 1.0, table
        assert score.optional_found == 0
    assert doc.document_share("strict") == 1.0


def test_dropped_reference_is_one_false_negative() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    required = len(pred["legal_references"])
    del pred["legal_references"][1]
    doc = score_document(LUC_NAM, gold, pred)
    assert _counts(doc, "legal_references") == (required - 1, 0, 1)


def test_wrong_reference_date_keeps_the_match_and_costs_the_field() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    pred["legal_references"][0]["date"] = "2021-06-24"
    doc = score_document(LUC_NAM, gold, pred)
    refs = doc.tables["legal_references"]
    assert _counts(doc, "legal_references") == (len(pred["legal_references"]), 0, 0)
    assert refs.fields["date"].n - refs.fields["date"].strict == 1
    assert refs.fields["number"].strict_score == 1.0


def test_reference_numbers_match_folded() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    pred["legal_references"][1]["number"] = "90 / qd - TTG"  # gold "90/QĐ-TTg"
    doc = score_document(LUC_NAM, gold, pred)
    assert _counts(doc, "legal_references")[1:] == (0, 0)
    assert number_key("90/QĐ-TTg") == number_key("90 / qd - TTG") == "90/qd-ttg"


def test_reference_without_number_matches_by_type_and_date() -> None:
    gold = {"document": {}, "legal_references": [
        {"doc_type": "luat", "number": None, "date": "2015-06-19", "issuer": "Quốc hội",
         "subject": "Luật Tổ chức chính quyền địa phương"}]}
    found = {"legal_references": [
        {"doc_type": "luat", "number": None, "date": "2015-06-19", "issuer": "Quốc hội",
         "subject": "Luật Tổ chức chính quyền địa phương"}]}
    wrong_date = copy.deepcopy(found)
    wrong_date["legal_references"][0]["date"] = "2015-06-20"
    assert _counts(score_document("x", gold, found), "legal_references") == (1, 0, 0)
    assert _counts(score_document("x", gold, wrong_date), "legal_references") == (0, 1, 1)


def test_extra_unit_is_one_false_positive() -> None:
    gold = _gold(TUY_PHUOC)
    pred = _as_prediction(gold)
    required = len(pred["units"])
    pred["units"].append({"name": "Công an huyện", "level": "huyen", "roles": ["implement"],
                          "tasks": ["Bảo đảm an ninh trật tự"], "reports_to": []})
    doc = score_document(TUY_PHUOC, gold, pred)
    assert _counts(doc, "units") == (required, 1, 0)


def test_unit_accept_name_and_abbreviation_match() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    pred["units"][0]["name"] = "Phòng Lao động - TB&XH"  # an accept form
    pred["units"][4]["name"] = "UBND các xã, thị trấn"
    pred["units"][5]["name"] = "Ủy ban MTTQ Việt Nam"  # expanded by the abbreviation table
    doc = score_document(LUC_NAM, gold, pred)
    units = doc.tables["units"]
    assert _counts(doc, "units") == (len(pred["units"]), 0, 0)
    assert units.fields["name"].strict_score == 1.0


def test_different_bodies_with_shared_words_do_not_match() -> None:
    phong = name_key("Phòng Lao động - Thương binh và Xã hội")
    so = name_key("Sở LĐ-TB&XH")
    assert so == "so lao dong thuong binh va xa hoi"
    assert name_similarity(phong, so) == 0.0
    assert name_similarity(name_key("Ủy ban nhân dân các xã, thị trấn"),
                           name_key("UBND huyện")) == 0.0
    assert name_similarity(name_key("UBND tỉnh"), name_key("Ủy ban nhân dân huyện")) == 0.0
    assert name_similarity(name_key("Phòng Văn hóa và Thông tin huyện"),
                           name_key("Phòng Văn hóa - Thông tin")) >= 0.7


def test_wrong_deadline_end_is_a_miss_and_a_false_alarm() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    required = len(pred["deadlines"])
    before = next(d for d in pred["deadlines"] if d["kind"] == "before")
    before["end"] = "--11-15"
    doc = score_document(LUC_NAM, gold, pred)
    assert _counts(doc, "deadlines") == (required - 1, 1, 1)


def test_optional_item_found_or_not_changes_nothing() -> None:
    gold = _gold(LUC_NAM)
    without = _as_prediction(gold)
    with_optional = _as_prediction(gold)
    optional = [f for f in gold["funding_sources"] if f.get("optional")]
    with_optional["funding_sources"] += [{k: v for k, v in f.items() if k != "optional"}
                                         for f in optional]
    a = score_document(LUC_NAM, gold, without)
    b = score_document(LUC_NAM, gold, with_optional)
    assert _counts(a, "funding_sources") == _counts(b, "funding_sources") == (3, 0, 0)
    assert a.tables["funding_sources"].optional_found == 0
    assert b.tables["funding_sources"].optional_found == len(optional) == 3


def test_funding_matches_by_category_as_a_multiset() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    pred["funding_sources"].append({"category": "socialized", "text": "x", "amount_vnd": None,
                                    "legal_reference": None})
    pred["funding_sources"].append({"category": "socialized", "text": "y", "amount_vnd": None,
                                    "legal_reference": None})
    doc = score_document(LUC_NAM, gold, pred)
    # the required socialized item, the optional second one, and one left over
    assert _counts(doc, "funding_sources") == (3, 1, 0)
    assert doc.tables["funding_sources"].optional_found == 1
    assert doc.tables["funding_sources"].fields["text"].strict_score == 1.0


def test_wrong_amount_costs_only_the_amount_field() -> None:
    gold = _gold(CAM_TAN)
    pred = _as_prediction(gold)
    pred["funding_sources"][0]["amount_vnd"] = 150_000_000
    doc = score_document(CAM_TAN, gold, pred)
    fields = doc.tables["funding_sources"].fields
    assert _counts(doc, "funding_sources") == (4, 0, 0)
    assert fields["amount_vnd"].strict == fields["amount_vnd"].n - 1
    assert fields["text"].strict_score == 1.0


def test_field_accept_forms() -> None:
    gold = _gold(CAM_TAN)
    pred = _as_prediction(gold)
    pred["document"]["issuer"] = "UBND xã Cẩm Tân"
    pred["document"]["title"] = gold["document"]["title_accept"][1]
    pred["funding_sources"][1]["text"] = "Lồng ghép kinh phí từ các chương trình, đề án liên quan"
    pred["document"]["recipients"] = ["TTĐU, TTHĐND, TTUBND (B/c)", "Các ban, ngành có liên quan",
                                      "Các Thôn", "các cơ quan (Đề T/h)"]
    doc = score_document(CAM_TAN, gold, pred)
    assert doc.document["issuer"].strict == 1.0
    assert doc.document["title"].strict == 1.0
    assert doc.document["recipients"].strict == 1.0
    assert doc.tables["funding_sources"].fields["text"].strict_score == 1.0


def test_period_accept_and_signer_authority_accept() -> None:
    gold = _gold(TUY_PHUOC)
    pred = _as_prediction(gold)
    pred["document"]["period"] = {"start": "2022", "end": "2025"}
    pred["document"]["signer"]["authority"] = "TM. Ủy ban nhân dân, KT. Chủ tịch"
    doc = score_document(TUY_PHUOC, gold, pred)
    assert doc.document["period"].strict == 1.0
    assert doc.document["signer.authority"].strict == 1.0
    pred["document"]["period"] = {"start": "2021", "end": "2030"}
    assert score_document(TUY_PHUOC, gold, pred).document["period"].strict == 0.0


def test_text_fields_strict_and_fuzzy() -> None:
    gold = _gold(LUC_NAM)
    pred = _as_prediction(gold)
    title = gold["document"]["title"]
    pred["document"]["title"] = title.replace("bền vững ", "bền vững, ")  # punctuation only
    pred["units"][0]["tasks"][0] = gold["units"][0]["tasks"][0] + " đạt hiệu quả"
    pred["document"]["issuer"] = "Ủy ban nhân dân"  # too short to pass, even fuzzily
    doc = score_document(LUC_NAM, gold, pred)
    assert doc.document["title"].strict == 1.0
    tasks = doc.tables["units"].fields["tasks"]
    assert tasks.fuzzy > tasks.strict
    assert doc.document["issuer"].fuzzy == 0.0


def test_missing_prediction_is_all_missed() -> None:
    gold = _gold(LUC_NAM)
    doc = score_document(LUC_NAM, gold, None)
    assert doc.missing_prediction
    for table, score in doc.tables.items():
        assert score.counts.tp == 0 and score.counts.fp == 0, table
        assert score.counts.recall == (1.0 if score.counts.fn == 0 else 0.0), table
    assert doc.tables["legal_references"].counts.fn == 5
    assert doc.document_share("fuzzy") == 0.0


def test_missing_gold_keys_are_not_scored() -> None:
    gold = _gold(CAM_TAN)
    del gold["document"]["title"]
    for unit in gold["units"]:
        unit.pop("tasks")
    pred = _as_prediction(_gold(CAM_TAN))
    pred["document"]["title"] = "something else entirely"
    pred["units"][0]["tasks"] = []
    doc = score_document(CAM_TAN, gold, pred)
    assert "title" not in doc.document
    assert doc.tables["units"].fields["tasks"].n == 0
    assert doc.document_share("strict") == 1.0
