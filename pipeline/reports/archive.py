"""Read an archive of contract JSON files (one per document) for the reports.

Accepts the layout of ``kehoach run INPUT --out DIR`` (``DIR/json/*.json``) and of
``kehoach extract … --json-dir DIR`` (``DIR/*.json``), or a single JSON file.
Files are read leniently: gold files (no mentions, extra ``*_accept`` keys) load
too, and a JSON file that is not a contract document (a manifest, an errors
list) is skipped with a note.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

LISTS = ("legal_references", "units", "deadlines", "funding_sources")


@dataclass
class ArchiveDocument:
    """One contract JSON object and the file it was read from."""

    path: Path
    data: dict[str, Any]

    @property
    def meta(self) -> dict[str, Any]:
        return self.data["document"]

    @property
    def doc_id(self) -> str:
        return str(self.meta.get("doc_id") or self.path.stem)

    def items(self, kind: str) -> list[dict[str, Any]]:
        return [item for item in self.data.get(kind) or [] if isinstance(item, dict)]


@dataclass
class Archive:
    root: Path
    documents: list[ArchiveDocument]
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def json_files(root: Path) -> list[Path]:
    """The contract JSON files under ``root``: ``root/json/*.json`` when that
    folder exists, else ``root/*.json``; a file stands for itself."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise InputError(f"no such directory: {root}", source=str(root), stage="report")
    nested = root / "json"
    folder = nested if nested.is_dir() and any(nested.glob("*.json")) else root
    return sorted(folder.glob("*.json"))


def is_contract(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("document"), dict) \
        and any(key in data for key in LISTS)


def load_archive(root: Path | str) -> Archive:
    """Every contract document under ``root``, in file-name order.

    The same document twice (same ``doc_id``, e.g. both layouts present) is read once.
    """
    root = Path(root)
    docs: list[ArchiveDocument] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path in json_files(root):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            skipped.append((path, f"unreadable: {err}"))
            continue
        if not is_contract(data):
            skipped.append((path, "not a contract document"))
            continue
        doc = ArchiveDocument(path=path, data=data)
        if doc.doc_id in seen:
            skipped.append((path, f"duplicate of doc_id {doc.doc_id}"))
            continue
        seen.add(doc.doc_id)
        docs.append(doc)
    return Archive(root=root, documents=docs, skipped=skipped)
