"""Compare plans side by side: who cites what, who is given which task, by when,
paid from where. The Python API behind ``kehoach compare``.

    from pipeline.reports.compare import compare
    c = compare("out/")    # a folder of contract JSON files (DIR/json/*.json or DIR/*.json)
    c.cited.head()         # cited documents, national first, most cited first
    c.matrix               # plans × agencies, cells "lead, coordinate"

Every table of the HTML report is rendered from these DataFrames.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.normalise.fold import fold_key
from pipeline.reports.archive import Archive, ArchiveDocument, load_archive
from pipeline.reports.names import (
    agency_key,
    codes,
    label,
    level_label,
    level_of,
    level_rank,
    number_key,
    short_name,
)

ROLES = ("lead", "advise", "coordinate", "implement", "report")
KIND_OF_LIST = {"legal_references": "ref", "units": "unit", "deadlines": "deadline",
                "funding_sources": "funding"}


@dataclass
class Comparison:
    """The archive as DataFrames. Plans are keyed by ``plan_id`` (the doc_id)."""

    archive: Archive
    plans: pd.DataFrame  # one row per plan, national first
    citations: pd.DataFrame  # one row per (plan, cited document)
    cited: pd.DataFrame  # one row per cited document, national first, most cited first
    units: pd.DataFrame  # one row per (plan, unit) as extracted
    agencies: pd.DataFrame  # one row per unified agency, in most plans first
    roles: pd.DataFrame  # long: one row per (plan, agency, role)
    matrix: pd.DataFrame  # plans × agencies, cells are roles joined by ", "
    role_counts: pd.DataFrame  # plans × roles: how many agencies have the role
    deadlines: pd.DataFrame  # one row per deadline, with placed start/end dates
    funding: pd.DataFrame  # one row per funding source
    funding_matrix: pd.DataFrame  # plans × funding categories: number of sources

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (for CSV export or a notebook)."""
        return {"plans": self.plans, "citations": self.citations, "cited": self.cited,
                "units": self.units, "agencies": self.agencies, "roles": self.roles,
                "matrix": self.matrix, "role_counts": self.role_counts,
                "deadlines": self.deadlines, "funding": self.funding,
                "funding_matrix": self.funding_matrix}


def compare(path: Path | str) -> Comparison:
    """Read the contract JSON files under ``path`` and build every comparison table."""
    return compare_archive(load_archive(path))


def compare_archive(archive: Archive) -> Comparison:
    plans = plans_frame(archive)
    citations = citations_frame(archive, plans)
    units = units_frame(archive, plans)
    agencies = agencies_frame(units)
    roles = roles_frame(units, agencies)
    funding = funding_frame(archive, plans)
    return Comparison(
        archive=archive, plans=plans, citations=citations, cited=cited_frame(citations),
        units=units, agencies=agencies, roles=roles,
        matrix=matrix_frame(plans, agencies, roles),
        role_counts=role_counts_frame(plans, roles),
        deadlines=deadlines_frame(archive, plans), funding=funding,
        funding_matrix=funding_matrix_frame(plans, funding))


# --- plans -----------------------------------------------------------------

def plan_label(meta: dict[str, Any], path: Path) -> str:
    """The number, else the issuer and year ("UBND xã Cẩm Tân 2023"), else the file name."""
    if meta.get("number"):
        return str(meta["number"])
    issuer = short_name(str(meta.get("issuer") or "").strip())
    year = str(meta.get("issued_date") or "")[:4]
    if not year and isinstance(meta.get("period"), dict):
        year = str(meta["period"].get("end") or meta["period"].get("start") or "")[:4]
    text = " ".join(part for part in (issuer, year) if part)
    return text[:60] if text else path.stem


def _unique(labels: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for text in labels:
        seen[text] += 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def plans_frame(archive: Archive) -> pd.DataFrame:
    rows = []
    for doc in archive.documents:
        meta = doc.meta
        level = level_of(meta.get("number"), meta.get("issuer"))
        rows.append({
            "plan_id": doc.doc_id, "label": plan_label(meta, doc.path),
            "number": meta.get("number"), "number_key": number_key(meta.get("number")),
            "doc_type": meta.get("doc_type"), "issuer": meta.get("issuer"),
            "level": level, "level_label": level_label(level), "level_rank": level_rank(level),
            "title": meta.get("title"), "issued_date": meta.get("issued_date"),
            "source": meta.get("source"), "file": doc.path.name,
            "anchor": f"plan-{anchor_id(doc.doc_id)}",
            "n_references": len(doc.items("legal_references")), "n_units": len(doc.items("units")),
            "n_deadlines": len(doc.items("deadlines")),
            "n_funding_sources": len(doc.items("funding_sources")),
        })
    frame = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    frame = frame.sort_values(["level_rank", "issued_date", "label"], na_position="last",
                              kind="stable").reset_index(drop=True)
    frame["label"] = _unique(list(frame["label"]))
    return frame


PLAN_COLUMNS = ["plan_id", "label", "number", "number_key", "doc_type", "issuer", "level",
                "level_label", "level_rank", "title", "issued_date", "source", "file", "anchor",
                "n_references", "n_units", "n_deadlines", "n_funding_sources"]


def anchor_id(text: str) -> str:
    """A safe HTML id fragment."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", fold_key(text) if text else "x").strip("-") or "x"


def _first_mention(item: dict[str, Any]) -> dict[str, Any]:
    mentions = [m for m in item.get("mentions") or [] if isinstance(m, dict)]
    first = mentions[0] if mentions else {}
    return {"n_mentions": len(mentions), "mention_text": first.get("text"),
            "mention_page": first.get("page"), "mention_start": first.get("start"),
            "mention_end": first.get("end")}


def _label_of(plans: pd.DataFrame) -> dict[str, str]:
    return dict(zip(plans["plan_id"], plans["label"], strict=True))


def _ordered_docs(archive: Archive, plans: pd.DataFrame) -> list[ArchiveDocument]:
    by_id = {doc.doc_id: doc for doc in archive.documents}
    return [by_id[plan_id] for plan_id in plans["plan_id"]]


# --- citations -------------------------------------------------------------

def cited_key(ref: dict[str, Any]) -> str:
    """The identity of a cited document across plans: its folded number, else
    (type, date), else (type, folded subject or issuer)."""
    key = number_key(ref.get("number"))
    if key:
        return f"n:{key}"
    if ref.get("date"):
        return f"d:{ref.get('doc_type')}:{ref['date']}"
    words = fold_key(ref.get("subject") or ref.get("issuer") or "")[:80]
    return f"s:{ref.get('doc_type')}:{words}"


def cited_label(ref: dict[str, Any]) -> str:
    if ref.get("number"):
        return str(ref["number"])
    kind = label("doc_types", ref.get("doc_type")) or "Văn bản"
    if ref.get("date"):
        return f"{kind} ngày {ref['date']}"
    subject = (ref.get("subject") or ref.get("issuer") or "").strip()
    text = subject if fold_key(subject).startswith(fold_key(kind)) else f"{kind} {subject}"
    text = text.strip()
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def citations_frame(archive: Archive, plans: pd.DataFrame) -> pd.DataFrame:
    labels = _label_of(plans)
    in_archive = _archive_numbers(plans)
    rows = []
    for doc in _ordered_docs(archive, plans):
        for index, ref in enumerate(doc.items("legal_references")):
            key = cited_key(ref)
            rows.append({
                "plan_id": doc.doc_id, "plan_label": labels[doc.doc_id], "record": index,
                "cited_key": key, "cited_label": cited_label(ref),
                "number": ref.get("number"), "doc_type": ref.get("doc_type"),
                "date": ref.get("date"), "issuer": ref.get("issuer"),
                "subject": ref.get("subject"), "article": ref.get("article"),
                "level": level_of(ref.get("number"), ref.get("issuer")),
                "resolved_plan_id": _resolve(ref, in_archive, doc.doc_id),
                **_first_mention(ref),
            })
    frame = pd.DataFrame(rows, columns=CITATION_COLUMNS)
    return _split_conflicting_dates(frame)


CITATION_COLUMNS = ["plan_id", "plan_label", "record", "cited_key", "cited_label", "number",
                    "doc_type", "date", "issuer", "subject", "article", "level",
                    "resolved_plan_id", "n_mentions", "mention_text", "mention_page",
                    "mention_start", "mention_end"]


def _archive_numbers(plans: pd.DataFrame) -> dict[str, list[tuple[str, str | None]]]:
    numbers: dict[str, list[tuple[str, str | None]]] = {}
    for row in plans.itertuples():
        if row.number_key:
            numbers.setdefault(row.number_key, []).append((row.plan_id, row.issued_date))
    return numbers


def _resolve(ref: dict[str, Any], in_archive: dict[str, list[tuple[str, str | None]]],
             citing: str) -> str | None:
    """The archive plan a reference names: the same folded number, and the same
    date where both dates are known (numbers repeat across issuers and years)."""
    key = number_key(ref.get("number"))
    for plan_id, issued in in_archive.get(key or "", []):
        date = ref.get("date")
        if plan_id != citing and (not date or not issued or date == issued):
            return plan_id
    return None


def _split_conflicting_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """One number cited with two different dates is two documents (numbers
    repeat across issuers): their keys get the date."""
    if frame.empty:
        return frame
    frame = frame.copy()
    for key, group in frame.groupby("cited_key"):
        dates = group["date"].dropna().unique()
        if key.startswith("n:") and len(dates) > 1:
            dated = group.index[group["date"].notna()]
            frame.loc[dated, "cited_key"] = key + "@" + frame.loc[dated, "date"]
    return frame


def _most_common(values: pd.Series) -> Any:
    values = values.dropna()
    if values.empty:
        return None
    return Counter(values).most_common(1)[0][0]


def cited_frame(citations: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for key, group in citations.groupby("cited_key", sort=False):
        plan_ids = list(dict.fromkeys(group["plan_id"]))
        labels = list(dict.fromkeys(group["plan_label"]))
        level = _most_common(group["level"])
        resolved = _most_common(group["resolved_plan_id"])
        rows.append({
            "cited_key": key, "label": _most_common(group["cited_label"]),
            "number": _most_common(group["number"]), "doc_type": _most_common(group["doc_type"]),
            "date": _most_common(group["date"]), "issuer": _most_common(group["issuer"]),
            "subject": _most_common(group["subject"]), "level": level,
            "level_label": level_label(level), "level_rank": level_rank(level),
            "n_plans": len(plan_ids), "citing_plans": plan_ids,
            "citing_labels": "; ".join(labels), "plan_id": resolved,
            "anchor": f"cited-{anchor_id(key)}",
        })
    frame = pd.DataFrame(rows, columns=CITED_COLUMNS)
    frame["_label"] = frame["label"].map(lambda s: fold_key(str(s)))
    frame = frame.sort_values(["level_rank", "n_plans", "_label"], ascending=[True, False, True],
                              kind="stable")
    return frame.drop(columns="_label").reset_index(drop=True)


CITED_COLUMNS = ["cited_key", "label", "number", "doc_type", "date", "issuer", "subject",
                 "level", "level_label", "level_rank", "n_plans", "citing_plans",
                 "citing_labels", "plan_id", "anchor"]


# --- agencies --------------------------------------------------------------

def units_frame(archive: Archive, plans: pd.DataFrame) -> pd.DataFrame:
    labels = _label_of(plans)
    rows = []
    for doc in _ordered_docs(archive, plans):
        for index, unit in enumerate(doc.items("units")):
            name = str(unit.get("name") or "").strip()
            if not name:
                continue
            roles = [r for r in ROLES if r in (unit.get("roles") or [])]
            rows.append({
                "plan_id": doc.doc_id, "plan_label": labels[doc.doc_id], "record": index,
                "name": name, "agency_key": agency_key(name), "level": unit.get("level"),
                "roles": ", ".join(roles), "n_tasks": len(unit.get("tasks") or []),
                "reports_to": "; ".join(unit.get("reports_to") or []),
                **_first_mention(unit),
            })
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


UNIT_COLUMNS = ["plan_id", "plan_label", "record", "name", "agency_key", "level", "roles",
                "n_tasks", "reports_to", "n_mentions", "mention_text", "mention_page",
                "mention_start", "mention_end"]


def agencies_frame(units: pd.DataFrame) -> pd.DataFrame:
    """One row per unified agency; its display name is the name most plans use."""
    rows = []
    for key, group in units.groupby("agency_key", sort=False):
        names = Counter(group["name"])
        rows.append({"agency_key": key, "agency": names.most_common(1)[0][0],
                     "level": _most_common(group["level"]),
                     "n_plans": group["plan_id"].nunique(),
                     "names": "; ".join(names)})
    frame = pd.DataFrame(rows, columns=["agency_key", "agency", "level", "n_plans", "names"])
    frame["_name"] = frame["agency"].map(fold_key)
    frame = frame.sort_values(["n_plans", "_name"], ascending=[False, True], kind="stable")
    frame = frame.drop(columns="_name").reset_index(drop=True)
    duplicated = frame["agency"].duplicated(keep=False)
    frame.loc[duplicated, "agency"] = frame.loc[duplicated, "agency"] + " [" + \
        frame.loc[duplicated, "agency_key"] + "]"
    return frame


def roles_frame(units: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(agencies["agency_key"], agencies["agency"], strict=True))
    rows = []
    for unit in units.itertuples():
        for role in filter(None, unit.roles.split(", ")):
            rows.append({"plan_id": unit.plan_id, "plan_label": unit.plan_label,
                         "agency_key": unit.agency_key, "agency": names[unit.agency_key],
                         "role": role})
    frame = pd.DataFrame(rows, columns=["plan_id", "plan_label", "agency_key", "agency", "role"])
    return frame.drop_duplicates().reset_index(drop=True)


def matrix_frame(plans: pd.DataFrame, agencies: pd.DataFrame,
                 roles: pd.DataFrame) -> pd.DataFrame:
    """Plans (rows, by plan_id) × agencies (columns): the roles, in the order
    lead, advise, coordinate, implement, report; "" where the plan does not name it."""
    cells: dict[tuple[str, str], set[str]] = {}
    for row in roles.itertuples():
        cells.setdefault((row.plan_id, row.agency), set()).add(row.role)
    data = {agency: [", ".join(r for r in ROLES if r in cells.get((plan_id, agency), ()))
                     for plan_id in plans["plan_id"]]
            for agency in agencies["agency"]}
    frame = pd.DataFrame(data, index=pd.Index(plans["plan_id"], name="plan_id"),
                         columns=list(agencies["agency"]), dtype=object)
    return frame


def role_counts_frame(plans: pd.DataFrame, roles: pd.DataFrame) -> pd.DataFrame:
    """Plans × roles: how many agencies a plan gives each role."""
    counts = roles.groupby(["plan_id", "role"])["agency_key"].nunique()
    frame = counts.unstack(fill_value=0) if not counts.empty else pd.DataFrame()
    frame = frame.reindex(index=plans["plan_id"], columns=list(ROLES), fill_value=0)
    frame.index.name = "plan_id"
    return frame.fillna(0).astype(int)


# --- deadlines -------------------------------------------------------------

def date_bounds(value: str | None) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last day an ISO date (maybe partial) stands for; "--MM-DD" has no year.

    >>> date_bounds("2023-02")
    (Timestamp('2023-02-01 00:00:00'), Timestamp('2023-02-28 00:00:00'))
    """
    if not value or value.startswith("--"):
        return None, None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not match:
        return None, None
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    try:
        if month is None:
            return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return pd.Timestamp(year, month, 1), pd.Timestamp(year, month, last)
        return pd.Timestamp(year, month, day), pd.Timestamp(year, month, day)
    except ValueError:
        return None, None


def deadlines_frame(archive: Archive, plans: pd.DataFrame) -> pd.DataFrame:
    """Deadlines with ``start_date``/``end_date`` where they fall on the calendar;
    ``placed`` is False for duties with no year (recurring, "--MM-DD")."""
    labels = _label_of(plans)
    rows = []
    for doc in _ordered_docs(archive, plans):
        for index, item in enumerate(doc.items("deadlines")):
            start, _ = date_bounds(item.get("start"))
            _, end = date_bounds(item.get("end"))
            if item.get("kind") == "date" and start is not None and end is None:
                end = date_bounds(item.get("start"))[1]
            rows.append({
                "plan_id": doc.doc_id, "plan_label": labels[doc.doc_id], "record": index,
                "text": item.get("text"), "kind": item.get("kind"), "start": item.get("start"),
                "end": item.get("end"), "recurrence": item.get("recurrence"),
                "applies_to": item.get("applies_to"),
                "units": "; ".join(item.get("units") or []),
                "start_date": start, "end_date": end,
                "placed": start is not None or end is not None,
                **_first_mention(item),
            })
    frame = pd.DataFrame(rows, columns=DEADLINE_COLUMNS)
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["placed"] = frame["placed"].astype(bool)
    return frame


DEADLINE_COLUMNS = ["plan_id", "plan_label", "record", "text", "kind", "start", "end",
                    "recurrence", "applies_to", "units", "start_date", "end_date", "placed",
                    "n_mentions", "mention_text", "mention_page", "mention_start",
                    "mention_end"]


# --- funding ---------------------------------------------------------------

def funding_frame(archive: Archive, plans: pd.DataFrame) -> pd.DataFrame:
    labels = _label_of(plans)
    rows = []
    for doc in _ordered_docs(archive, plans):
        for index, item in enumerate(doc.items("funding_sources")):
            rows.append({
                "plan_id": doc.doc_id, "plan_label": labels[doc.doc_id], "record": index,
                "category": item.get("category"),
                "category_label": label("funding", item.get("category")),
                "text": item.get("text"), "amount_vnd": item.get("amount_vnd"),
                "legal_reference": item.get("legal_reference"), **_first_mention(item),
            })
    frame = pd.DataFrame(rows, columns=FUNDING_COLUMNS)
    frame["amount_vnd"] = frame["amount_vnd"].astype("Int64")
    return frame


FUNDING_COLUMNS = ["plan_id", "plan_label", "record", "category", "category_label", "text",
                   "amount_vnd", "legal_reference", "n_mentions", "mention_text",
                   "mention_page", "mention_start", "mention_end"]


def funding_matrix_frame(plans: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
    """Plans × funding categories (contract order, those present): number of sources."""
    order = [c for c in codes("funding") if c in set(funding["category"])]
    order += sorted(set(funding["category"].dropna()) - set(order))
    counts = funding.groupby(["plan_id", "category"]).size()
    frame = counts.unstack(fill_value=0) if not counts.empty else pd.DataFrame()
    frame = frame.reindex(index=plans["plan_id"], columns=order, fill_value=0)
    frame.index.name = "plan_id"
    return frame.fillna(0).astype(int)
