"""The contract's tables, declared once, and the flattener record → rows.

Every sink reads the declarations here: the Parquet schema, the CSV header,
the DuckDB and PostgreSQL DDL and the row validators are all derived from
:data:`TABLES`. A row is a plain ``dict``; :func:`flatten` turns one
:class:`~pipeline.records.ExtractionResult` into the rows of every table and
:func:`validate_rows` checks them (pydantic, strict) before anything is written.

Example: the Lục Nam plan cites "Quyết định số 90/QĐ-TTg ngày 18/01/2022" once;
it becomes one ``legal_references`` row ``(doc_id, ref_id=0, "quyet_dinh",
"90/QĐ-TTg", "2022-01-18", …)`` and one ``mentions`` row
``(doc_id, "legal_reference", 0, 0, 812, 845, 1, "Quyét dinh s6 90/QD-TTg …")``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter
from typing_extensions import TypedDict

from pipeline import records as rec
from pipeline.errors import KehoachError, OutputError

#: Version of the table layout (columns, types, keys). Bumped on any change;
#: a warehouse at another version is refused, never silently altered.
TABLES_VERSION = 1

ColumnType = Literal["text", "int", "float", "bool", "text[]", "int[]", "timestamp"]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    nullable: bool = True
    choices: tuple[str, ...] = ()  # allowed values of a text column (the contract's enums)
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # primary key
    indexes: tuple[tuple[str, ...], ...] = ()
    doc: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: ColumnType, nullable: bool = True, choices: Any = None,
       doc: str = "") -> Column:
    return Column(name, type_, nullable, tuple(get_args(choices)) if choices else (), doc)


_DOC_ID = _c("doc_id", "text", False, doc="sha256 of the input bytes, first 16 hex chars")

DOCUMENTS = Table("documents", (
    _DOC_ID,
    _c("source", "text", False, doc="input path as given"),
    _c("input_kind", "text", False, rec.InputKind),
    _c("doc_type", "text", choices=rec.DocType),
    _c("number", "text", doc="as printed, spaces removed: 194/KH-UBND; null when blank"),
    _c("issuer", "text", doc="Ủy ban nhân dân huyện Lục Nam"),
    _c("place", "text", doc="place of issue: Lục Nam"),
    _c("issued_date", "text", doc="ISO 8601, possibly partial: 2022-09, --11-10"),
    _c("title", "text"),
    _c("period_start", "text", doc="document.period.start: 2021"),
    _c("period_end", "text", doc="document.period.end: 2025"),
    _c("signer_name", "text", doc="document.signer.name: Dương Công Định"),
    _c("signer_title", "text", doc="document.signer.title: Phó Chủ tịch"),
    _c("signer_authority", "text", doc="document.signer.authority: KT. Chủ tịch"),
    _c("recipients", "text[]", False, doc="\"Nơi nhận\", expanded names"),
    _c("diacritics", "text", False, Literal["full", "stripped", "garbled"]),
    _c("restored", "bool", False, doc="text_quality.restored: diacritics were restored"),
    _c("ocr_confidence", "float", doc="text_quality.ocr_confidence, 0-1; null without OCR"),
    _c("encoding", "text", doc="detected input encoding: utf-8, windows-1258, tcvn3, …"),
    _c("low_confidence_pages", "int[]", False, doc="pages OCR read poorly"),
    _c("pages", "int", False, doc="number of pages"),
    _c("schema_version", "int", False, doc="contract version of the record"),
), key=("doc_id",), indexes=(("source",), ("number",)),
    doc="One row per document.")

LEGAL_REFERENCES = Table("legal_references", (
    _DOC_ID,
    _c("ref_id", "int", False, doc="position of the reference in the document's list, from 0"),
    _c("doc_type", "text", False, rec.DocType),
    _c("number", "text", doc="90/QĐ-TTg, 27-KH/HU; null for a law cited by name"),
    _c("date", "text", doc="ISO 8601 date of the cited document"),
    _c("issuer", "text", doc="Thủ tướng Chính phủ"),
    _c("subject", "text", doc="phê duyệt Chương trình …"),
    _c("article", "text", doc="\"14\" for \"Điều 14, Thông tư …\""),
), key=("doc_id", "ref_id"), indexes=(("number",),),
    doc="One row per cited document (deduplicated; its mentions are in `mentions`).")

UNITS = Table("units", (
    _DOC_ID,
    _c("unit_id", "int", False, doc="position of the unit in the document's list, from 0"),
    _c("name", "text", False, doc="expanded name: Phòng Lao động - Thương binh và Xã hội"),
    _c("level", "text", choices=rec.Level),
    _c("roles", "text[]", False, doc="lead, advise, coordinate, implement, report"),
    _c("reports_to", "text[]", False, doc="bodies the unit reports to"),
), key=("doc_id", "unit_id"), indexes=(("name",),), doc="One row per assigned unit.")

UNIT_TASKS = Table("unit_tasks", (
    _DOC_ID,
    _c("unit_id", "int", False, doc="the unit in `units`"),
    _c("task_id", "int", False, doc="position of the task in the unit's list, from 0"),
    _c("task", "text", False, doc="the bullet's text"),
), key=("doc_id", "unit_id", "task_id"), doc="One row per task of a unit.")

DEADLINES = Table("deadlines", (
    _DOC_ID,
    _c("deadline_id", "int", False, doc="position in the document's list, from 0"),
    _c("text", "text", False, doc="Định kỳ trước ngày 10/11 hằng năm"),
    _c("kind", "text", False, rec.DeadlineKind),
    _c("start", "text", doc="ISO 8601, possibly partial or --MM-DD"),
    _c("end", "text", doc="ISO 8601, possibly partial or --MM-DD: --11-10"),
    _c("recurrence", "text", choices=rec.Recurrence),
    _c("applies_to", "text", doc="the duty: báo cáo kết quả thực hiện"),
    _c("units", "text[]", False, doc="the units the deadline binds"),
), key=("doc_id", "deadline_id"), doc="One row per deadline or time frame.")

FUNDING_SOURCES = Table("funding_sources", (
    _DOC_ID,
    _c("funding_id", "int", False, doc="position in the document's list, from 0"),
    _c("category", "text", False, rec.FundingCategory),
    _c("text", "text", False, doc="the sentence that names the source"),
    _c("amount_vnd", "int", doc="đồng: 150 triệu đồng is 150000000"),
    _c("legal_reference", "text", doc="the decision the money is allotted by"),
), key=("doc_id", "funding_id"), doc="One row per funding source.")

RecordKind = Literal["legal_reference", "unit", "deadline", "funding_source"]

MENTIONS = Table("mentions", (
    _DOC_ID,
    _c("record_kind", "text", False, RecordKind),
    _c("record_id", "int", False, doc="ref_id, unit_id, deadline_id or funding_id"),
    _c("mention_id", "int", False, doc="position among the record's mentions, from 0"),
    _c("start", "int", False, doc="offset in the normalised text"),
    _c("end", "int", False, doc="offset in the normalised text (exclusive)"),
    _c("page", "int", False, doc="page number, from 1"),
    _c("text", "text", False, doc="the input's own string: Quyét dinh s6 90/QD-TTg"),
    _c("box_left", "int", doc="box on the rendered page, pixels; null without OCR"),
    _c("box_top", "int"),
    _c("box_width", "int"),
    _c("box_height", "int"),
), key=("doc_id", "record_kind", "record_id", "mention_id"),
    doc="Where each record was found in the normalised text.")

ERRORS = Table("errors", (
    _c("doc_id", "text", doc="null when the file could not be read"),
    _c("source", "text", False, doc="input path as given"),
    _c("stage", "text", doc="read, ingest, normalise, structure, extract, process, tables"),
    _c("code", "text", False, doc="K101 empty, K105 limit, K106 not a document, … (errors.py)"),
    _c("message", "text", False, doc="the reason, for a person"),
    _c("time", "timestamp", False, doc="when the input failed"),
), key=("source",), indexes=(("doc_id",),), doc="One row per input that failed.")

#: Every table, in load order (documents first: the others hang off it).
TABLES: tuple[Table, ...] = (DOCUMENTS, LEGAL_REFERENCES, UNITS, UNIT_TASKS, DEADLINES,
                             FUNDING_SOURCES, MENTIONS, ERRORS)
TABLE_BY_NAME = {t.name: t for t in TABLES}
#: The tables one document's rows go to (all but ``errors``).
DOCUMENT_TABLES = TABLES[:-1]

Rows = dict[str, list[dict[str, Any]]]


# ----------------------------------------------------------------------------- flattening

def _mention_rows(doc_id: str, kind: str, record_id: int,
                  mentions: list[rec.Mention]) -> Iterator[dict[str, Any]]:
    for i, m in enumerate(mentions):
        box = m.box
        yield {"doc_id": doc_id, "record_kind": kind, "record_id": record_id, "mention_id": i,
               "start": m.start, "end": m.end, "page": m.page, "text": m.text,
               "box_left": box.left if box else None, "box_top": box.top if box else None,
               "box_width": box.width if box else None,
               "box_height": box.height if box else None}


def document_row(meta: rec.DocumentMeta, schema_version: int) -> dict[str, Any]:
    period, signer, q = meta.period, meta.signer, meta.text_quality
    return {
        "doc_id": meta.doc_id, "source": meta.source, "input_kind": meta.input_kind,
        "doc_type": meta.doc_type, "number": meta.number, "issuer": meta.issuer,
        "place": meta.place, "issued_date": meta.issued_date, "title": meta.title,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "signer_name": signer.name if signer else None,
        "signer_title": signer.title if signer else None,
        "signer_authority": signer.authority if signer else None,
        "recipients": list(meta.recipients), "diacritics": q.diacritics,
        "restored": q.restored, "ocr_confidence": q.ocr_confidence, "encoding": q.encoding,
        "low_confidence_pages": list(q.low_confidence_pages), "pages": meta.pages,
        "schema_version": schema_version,
    }


def flatten(result: rec.ExtractionResult) -> Rows:
    """One document's record as rows of every document table (``errors`` excluded)."""
    doc_id = result.document.doc_id
    rows: Rows = {t.name: [] for t in DOCUMENT_TABLES}
    rows["documents"].append(document_row(result.document, result.schema_version))
    mentions = rows["mentions"]
    for i, ref in enumerate(result.legal_references):
        rows["legal_references"].append({
            "doc_id": doc_id, "ref_id": i, "doc_type": ref.doc_type, "number": ref.number,
            "date": ref.date, "issuer": ref.issuer, "subject": ref.subject,
            "article": ref.article})
        mentions.extend(_mention_rows(doc_id, "legal_reference", i, ref.mentions))
    for i, unit in enumerate(result.units):
        rows["units"].append({"doc_id": doc_id, "unit_id": i, "name": unit.name,
                              "level": unit.level, "roles": list(unit.roles),
                              "reports_to": list(unit.reports_to)})
        rows["unit_tasks"].extend({"doc_id": doc_id, "unit_id": i, "task_id": j, "task": task}
                                  for j, task in enumerate(unit.tasks))
        mentions.extend(_mention_rows(doc_id, "unit", i, unit.mentions))
    for i, d in enumerate(result.deadlines):
        rows["deadlines"].append({
            "doc_id": doc_id, "deadline_id": i, "text": d.text, "kind": d.kind,
            "start": d.start, "end": d.end, "recurrence": d.recurrence,
            "applies_to": d.applies_to, "units": list(d.units)})
        mentions.extend(_mention_rows(doc_id, "deadline", i, d.mentions))
    for i, f in enumerate(result.funding_sources):
        rows["funding_sources"].append({
            "doc_id": doc_id, "funding_id": i, "category": f.category, "text": f.text,
            "amount_vnd": f.amount_vnd, "legal_reference": f.legal_reference})
        mentions.extend(_mention_rows(doc_id, "funding_source", i, f.mentions))
    return rows


def error_row(err: KehoachError, *, source: str, doc_id: str | None,
              time: dt.datetime) -> dict[str, Any]:
    """The ``errors`` row of a failed input, e.g. K101 "the file is empty" at ingest."""
    return {"doc_id": doc_id, "source": source, "stage": err.stage, "code": err.code,
            "message": err.message, "time": time}


# ----------------------------------------------------------------------------- validation

#: Every sink can store the text: no NUL (PostgreSQL) and no lone surrogate (UTF-8). Both
#: are checked inside pydantic-core, not by a Python call per value: a lone surrogate
#: cannot be converted for the pattern match (``string_unicode``), a NUL fails the pattern.
_NO_NUL = r"^[^\x00]*$"
_TEXT_ERRORS = {"string_pattern_mismatch": "Value error, text contains a NUL character",
                "string_unicode": "Value error, text is not valid Unicode (lone surrogate)"}


def _check_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("timestamp without a time zone")
    return value.astimezone(dt.UTC)


_Text = Annotated[str, Field(pattern=_NO_NUL)]
_Int = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
_PY_TYPES: dict[str, Any] = {
    "text": _Text, "int": _Int, "float": float, "bool": bool, "text[]": list[_Text],
    "int[]": list[_Int], "timestamp": Annotated[dt.datetime, AfterValidator(_check_utc)],
}
_STRICT = ConfigDict(strict=True, extra="forbid")


def _field_type(col: Column) -> Any:
    base = _PY_TYPES[col.type]
    if col.choices:
        base = Literal[col.choices]  # type: ignore[valid-type]
    return base | None if col.nullable else base


@cache
@cache
def _row_dict(table: Table) -> Any:
    """One row of ``table`` as a strict TypedDict (unknown keys refused): pydantic
    validates the dict without building a model instance per row."""
    row = TypedDict(f"{table.name.title().replace('_', '')}Dict",  # type: ignore[misc]
                    {c.name: _field_type(c) for c in table.columns})
    row.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]
    return row


@cache
def _rows_adapter(table: Table) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[_row_dict(table)])  # type: ignore[misc]


@cache
def _document_adapter() -> TypeAdapter[Any]:
    """Every document table's rows of one document, validated in one call."""
    tables = TypedDict("DocumentRows",  # type: ignore[misc]
                       {t.name: list[_row_dict(t)] for t in DOCUMENT_TABLES}, total=False)
    tables.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]
    return TypeAdapter(tables)


def _refusal(err: Any, table: str | None = None) -> OutputError:
    """K400 naming the table, row and field of the first bad value."""
    first = err.errors()[0]
    loc = list(first["loc"])
    table = table or str(loc.pop(0))
    where = ".".join(str(p) for p in loc)
    msg = _TEXT_ERRORS.get(first["type"], first["msg"])
    return OutputError(f"{table} row {where}: {msg}", stage="tables")


def validate_rows(table: Table, rows: list[dict[str, Any]]) -> None:
    """Raise OutputError (K400) naming the table, row and field of the first bad value."""
    if not rows:
        return
    from pydantic import ValidationError

    try:
        _rows_adapter(table).validate_python(rows)
    except ValidationError as err:
        raise _refusal(err, table.name) from None


def validate_document_rows(rows: Rows) -> None:
    """Every document table's rows of one document (:func:`validate_rows` in one call)."""
    from pydantic import ValidationError

    try:
        _document_adapter().validate_python(rows)
    except ValidationError as err:
        raise _refusal(err) from None


# ----------------------------------------------------------------------------- documentation

_TYPE_NAMES = {"text": "text", "int": "integer (64-bit)", "float": "float (64-bit)",
               "bool": "boolean", "text[]": "list of text", "int[]": "list of integers",
               "timestamp": "timestamp (UTC)"}


def describe_markdown() -> str:
    """The column reference of every table, as in ``docs/tables.md`` (generated)."""
    out: list[str] = []
    for table in TABLES:
        out += [f"### `{table.name}`", "", table.doc,
                f"Key: ({', '.join(f'`{k}`' for k in table.key)}).", "",
                "| column | type | null | values / meaning |", "|---|---|---|---|"]
        for col in table.columns:
            meaning = ", ".join(f"`{c}`" for c in col.choices) if col.choices else col.doc
            out.append(f"| `{col.name}` | {_TYPE_NAMES[col.type]} | "
                       f"{'yes' if col.nullable else 'no'} | {meaning} |")
        out.append("")
    return "\n".join(out)
