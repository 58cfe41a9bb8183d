"""Records → rows: one declaration, every table, validated before writing."""

from __future__ import annotations

import datetime as dt

import pytest
from _records import gold_result, gold_results

from pipeline.errors import EmptyInputError, OutputError
from pipeline.records import Box, Mention
from pipeline.tables import (
    DOCUMENT_TABLES,
    ERRORS,
    TABLE_BY_NAME,
    TABLES,
    error_row,
    flatten,
    validate_document_rows,
    validate_rows,
)

LUC_NAM = "luc-nam-2022-194-KH-UBND.ocr"


def test_every_table_is_declared_once_with_its_key_among_its_columns():
    assert [t.name for t in TABLES] == ["documents", "legal_references", "units", "unit_tasks",
                                        "deadlines", "funding_sources", "mentions", "errors"]
    for table in TABLES:
        names = table.column_names
        assert len(names) == len(set(names)), table.name
        assert set(table.key) <= set(names), table.name
        key_cols = [c for c in table.columns if c.name in table.key]
        assert not any(c.nullable for c in key_cols), table.name


def test_document_row_flattens_signer_period_and_quality():
    rows = flatten(gold_result(LUC_NAM))
    (doc,) = rows["documents"]
    assert doc["doc_id"] == "237ee3f3b0d6cd3e"
    assert doc["number"] == "194/KH-UBND"
    assert doc["signer_name"] == "Dương Công Định"
    assert doc["signer_authority"] == "KT. Chủ tịch"
    assert (doc["period_start"], doc["period_end"]) == ("2021", "2025")
    assert doc["recipients"][0] == "Sở Lao động - Thương binh và Xã hội"
    assert doc["diacritics"] == "garbled"
    assert doc["schema_version"] == 1


def test_rows_cover_every_record_with_stable_ids():
    result = gold_result("tuy-phuoc-2022-ke-hoach-truyen-thong")
    rows = flatten(result)
    assert [r["ref_id"] for r in rows["legal_references"]] == \
        list(range(len(result.legal_references)))
    assert [r["number"] for r in rows["legal_references"]] == \
        [ref.number for ref in result.legal_references]
    assert len(rows["unit_tasks"]) == sum(len(u.tasks) for u in result.units)
    assert rows == flatten(result)  # the same record always gives the same rows
    for table in DOCUMENT_TABLES:
        keys = [tuple(r[k] for k in table.key) for r in rows[table.name]]
        assert len(keys) == len(set(keys)), f"duplicate key in {table.name}"
        for row in rows[table.name]:
            assert list(row) == table.column_names


def test_mentions_point_at_their_records():
    result = gold_result("tuy-phuoc-2022-ke-hoach-truyen-thong")
    rows = flatten(result)
    ids = {"legal_reference": {r["ref_id"] for r in rows["legal_references"]},
           "deadline": {r["deadline_id"] for r in rows["deadlines"]},
           "unit": {r["unit_id"] for r in rows["units"]},
           "funding_source": {r["funding_id"] for r in rows["funding_sources"]}}
    assert rows["mentions"]
    for m in rows["mentions"]:
        assert m["record_id"] in ids[m["record_kind"]]
    ref = next(m for m in rows["mentions"] if m["record_kind"] == "legal_reference")
    number = rows["legal_references"][ref["record_id"]]["number"]
    assert ref["text"] == number


def test_a_mention_box_becomes_four_columns():
    result = gold_result(LUC_NAM)
    result.legal_references[0].mentions = [Mention(
        start=812, end=845, page=1, text="Quyét dinh s6 90/QD-TTg ngay 18/01/2022",
        box=Box(left=120, top=900, width=840, height=36))]
    (first, *_) = flatten(result)["mentions"]
    assert (first["box_left"], first["box_top"], first["box_width"], first["box_height"]) == \
        (120, 900, 840, 36)


def test_deadline_units_stay_a_list():
    rows = flatten(gold_result(LUC_NAM))
    yearly = [d for d in rows["deadlines"] if d["end"] == "--11-10"]
    assert yearly and "Ủy ban nhân dân các xã, thị trấn" in yearly[0]["units"]


def test_gold_records_of_every_seed_validate():
    for result in gold_results():
        validate_document_rows(flatten(result))


@pytest.mark.parametrize(("table", "column", "value", "why"), [
    ("documents", "title", "Kế hoạch\x00", "NUL"),
    ("documents", "title", "Kế hoạch \ud800", "surrogate"),
    ("funding_sources", "amount_vnd", 10**20, "less than or equal"),
    ("legal_references", "doc_type", "quyết định", "Input should be"),
    ("units", "name", None, "valid string"),
    ("documents", "pages", "1", "valid integer"),
])
def test_bad_values_are_refused_before_writing(table, column, value, why):
    rows = flatten(gold_result("tuy-phuoc-2022-ke-hoach-truyen-thong"))
    rows[table][0][column] = value
    with pytest.raises(OutputError) as caught:
        validate_rows(TABLE_BY_NAME[table], rows[table])
    assert caught.value.code == "K400"
    assert table in caught.value.message and why in caught.value.message


def test_error_row_names_the_file_and_the_reason():
    err = EmptyInputError("the file is empty", source="in/empty.txt", stage="ingest")
    row = error_row(err, source="in/empty.txt", doc_id="e3b0c44298fc1c14",
                    time=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    validate_rows(ERRORS, [row])
    assert row["code"] == "K101" and row["stage"] == "ingest"
    assert row["message"] == "the file is empty"
    naive = {**row, "time": dt.datetime(2025, 1, 2)}
    with pytest.raises(OutputError):
        validate_rows(ERRORS, [naive])


def test_docs_tables_md_shows_the_declared_columns():
    from pathlib import Path

    from pipeline.tables import describe_markdown

    page = (Path(__file__).resolve().parent.parent / "docs" / "tables.md").read_text()
    generated = page.split("<!-- columns:begin (generated by pipeline.tables."
                           "describe_markdown) -->\n", 1)[1].split("<!-- columns:end -->")[0]
    assert generated.strip() == describe_markdown().strip(), \
        "docs/tables.md is out of date: regenerate its Columns section"
