"""Write the comparison tables as CSV (for spreadsheets and other tools)."""

from __future__ import annotations

from pathlib import Path

from pipeline.reports.compare import Comparison


def write_tables(comparison: Comparison, folder: Path | str) -> list[Path]:
    """One ``<name>.csv`` per table; list columns are joined with "; "."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in comparison.tables().items():
        frame = frame.copy()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(
                    lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
        index = name in ("matrix", "role_counts", "funding_matrix")
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=index, encoding="utf-8")
        written.append(path)
    return written
