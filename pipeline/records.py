"""Typed records of output contract v1 (``docs/output-contract.md``).

Every extractor returns these; the JSON writer and the table flattener read
them. Field names and meanings are the contract's; fields we add are marked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

DocType = Literal[
    "luat", "nghi_dinh", "nghi_quyet", "quyet_dinh", "chi_thi", "thong_tu",
    "ke_hoach", "cong_van", "thong_bao", "huong_dan", "chuong_trinh", "bao_cao",
    "to_trinh", "ket_luan", "van_ban", "bai_viet",
]
InputKind = Literal["text", "pdf_text", "pdf_scan", "image", "html", "docx"]
Level = Literal["trung_uong", "tinh", "huyen", "xa", "thon"]
Role = Literal["lead", "advise", "coordinate", "implement", "report"]
DeadlineKind = Literal["date", "before", "period", "recurring"]
Recurrence = Literal["yearly", "quarterly", "monthly", "weekly", "periodic"]
FundingCategory = Literal[
    "program_fund", "state_budget", "central_budget", "provincial_budget",
    "district_budget", "commune_budget", "unit_budget", "integrated",
    "socialized", "other_lawful", "credit",
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Box(Record):
    """A box on a page image, in pixels of the rendered page (added field)."""

    left: int
    top: int
    width: int
    height: int


class Mention(Record):
    start: int
    end: int
    page: int
    text: str
    box: Box | None = None


class Period(Record):
    start: str | None
    end: str | None


class Signer(Record):
    name: str | None
    title: str | None
    authority: str | None


class TextQuality(Record):
    diacritics: Literal["full", "stripped", "garbled"]
    restored: bool = False
    ocr_confidence: float | None = None
    encoding: str | None = None  # added: detected input encoding
    low_confidence_pages: list[int] = Field(default_factory=list)  # added


class DocumentMeta(Record):
    doc_id: str
    source: str
    input_kind: InputKind
    doc_type: DocType | None
    number: str | None
    issuer: str | None
    place: str | None
    issued_date: str | None
    title: str | None
    period: Period | None
    signer: Signer | None
    recipients: list[str]
    text_quality: TextQuality
    pages: int = 1  # added


class LegalReference(Record):
    doc_type: DocType
    number: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    article: str | None
    mentions: list[Mention]


class Unit(Record):
    name: str
    level: Level | None
    roles: list[Role]
    tasks: list[str]
    reports_to: list[str]
    mentions: list[Mention]


class Deadline(Record):
    text: str
    kind: DeadlineKind
    start: str | None
    end: str | None
    recurrence: Recurrence | None
    applies_to: str | None
    units: list[str]
    mentions: list[Mention]


class FundingSource(Record):
    category: FundingCategory
    text: str
    amount_vnd: int | None
    legal_reference: str | None
    mentions: list[Mention]


class ExtractionResult(Record):
    """One document's output: the contract's JSON object."""

    schema_version: int = SCHEMA_VERSION
    document: DocumentMeta
    legal_references: list[LegalReference]
    units: list[Unit]
    deadlines: list[Deadline]
    funding_sources: list[FundingSource]
