"""Normalise: RawDocument → Document (NFC text, text state, restored text, folded view)."""

from __future__ import annotations

import numpy as np

from pipeline.document import Document, RawDocument, RestoredText
from pipeline.errors import NotADocumentError
from pipeline.normalise.charstats import count_chars
from pipeline.normalise.fold import fold
from pipeline.normalise.furniture import strip_furniture
from pipeline.normalise.lines import join_broken_lines
from pipeline.normalise.restore import detect_text_state, restore
from pipeline.normalise.textstate import looks_vietnamese
from pipeline.normalise.unicode import normalise_unicode, tidy_whitespace
from pipeline.offsets import OffsetMap


def normalise(raw: RawDocument) -> Document:
    """Unicode, whitespace and page furniture; then restoration where needed."""
    text, to_raw = normalise_unicode(raw.text)
    text, tidy_map = tidy_whitespace(text)
    to_raw = tidy_map.compose(to_raw)
    text, furniture_map = strip_furniture(text)
    to_raw = furniture_map.compose(to_raw)
    text, joined_map = join_broken_lines(text)
    to_raw = joined_map.compose(to_raw)
    counts = count_chars(text)
    state = detect_text_state(text, counts)
    if state == "full" and not looks_vietnamese(text, counts):
        raise NotADocumentError("no Vietnamese text in the file (not a plan document)",
                                source=raw.source, stage="normalise")
    if state == "full":
        restored = RestoredText(text=text, to_source=OffsetMap.identity(len(text)))
    else:
        restored = restore(text, state)
    page_starts = _page_starts(raw, to_raw, restored)
    return Document(raw=raw, text=text, to_raw=to_raw, restored=restored,
                    folded=fold(restored.text), text_state=state, page_starts=page_starts)


def _page_starts(raw: RawDocument, to_raw: OffsetMap, restored: RestoredText) -> list[int]:
    """Start of each page in restored coordinates (first restored char at or after it)."""
    mapping = restored.to_source.compose(to_raw).positions
    full = np.frombuffer(mapping, dtype=f"i{mapping.itemsize}")
    last = len(full) - 1
    starts, pos = [], 0
    for page in raw.pages:
        pos = _first_at_least(full, pos, last, page.start)
        starts.append(pos if page.number > 1 else 0)
    return starts or [0]


def _first_at_least(values: np.ndarray, start: int, stop: int, threshold: int,
                    block: int = 4096) -> int:
    """The first index in ``[start, stop)`` whose value is ``>= threshold``, else
    ``max(start, stop)``; looks in growing blocks, as the next page start is near."""
    pos = start
    while pos < stop:
        hits = np.flatnonzero(values[pos:min(stop, pos + block)] >= threshold)
        if len(hits):
            return pos + int(hits[0])
        pos += block
        block *= 2
    return max(start, stop)
