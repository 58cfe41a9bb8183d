"""What processing one input yields, whichever engine ran it.

An :class:`Outcome` is either a contract record (as compact JSON, exactly as
the worker serialised it) or the error that stopped the input. Engines only
move outcomes around; the batch runner caches them and the table writer turns
them into rows, so the local and Ray engines give the same tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.errors import KehoachError


@dataclass(frozen=True)
class Task:
    """One input to process: ``index`` is its place in the run's sorted input list."""

    index: int
    source: str
    doc_id: str
    data: bytes | None = None  # the input's bytes, when the worker cannot read ``source``


@dataclass
class ErrorInfo:
    code: str
    stage: str | None
    message: str
    time: str  # ISO 8601, UTC

    @classmethod
    def of(cls, err: KehoachError) -> ErrorInfo:
        return cls(code=err.code, stage=err.stage, message=err.message, time=utc_now())

    def as_error(self) -> KehoachError:
        err = KehoachError(self.message, stage=self.stage)
        err.code = self.code
        return err


@dataclass
class Outcome:
    index: int
    source: str
    doc_id: str
    result_json: str | None = None
    error: ErrorInfo | None = None
    seconds: float = 0.0
    pages_ocred: int = 0
    peak_rss_mb: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result_json is not None

    def header(self) -> dict[str, Any]:
        """Everything but the record, for the cache entry's first line."""
        head = asdict(self)
        head.pop("result_json")
        head.pop("index")
        return head


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
