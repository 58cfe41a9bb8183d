"""Helpers shared by extractor tests: run the real pipeline on a string."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.ingest import ingest_bytes
from pipeline.process import build_document, extract_document
from pipeline.records import ExtractionResult


def document_of(text: str, name: str = "phrase.txt") -> Document:
    return build_document(ingest_bytes(text.encode("utf-8"), name))


def extract_text(text: str, name: str = "phrase.txt") -> ExtractionResult:
    return extract_document(document_of(text, name))
