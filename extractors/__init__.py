"""Extractors: each reads a Document and returns typed records with mentions."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.records import DocumentMeta, ExtractionResult, TextQuality


def run_extractors(doc: Document) -> ExtractionResult:
    meta = DocumentMeta(doc_id=doc.raw.doc_id, source=doc.raw.source,
                        input_kind=doc.raw.input_kind, doc_type=None, number=None,
                        issuer=None, place=None, issued_date=None, title=None, period=None,
                        signer=None, recipients=[],
                        text_quality=TextQuality(diacritics=doc.text_state))
    return ExtractionResult(document=meta, legal_references=[], units=[], deadlines=[],
                            funding_sources=[])
