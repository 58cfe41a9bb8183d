"""Offset maps: where each character of a derived text came from in its source.

Every stage that edits text (decoding, Unicode normalisation, furniture removal,
restoration) records, for each output character, the index of the source
character it came from. Maps compose, so a span in the restored text can be
traced back to the bytes' decoded text in one call.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np


@dataclass
class OffsetMap:
    """``positions[i]`` is the source index of derived character ``i``.

    ``positions`` has one extra trailing entry: the source length, so that an
    end offset equal to ``len(derived)`` maps to the end of the source.
    """

    positions: array = field(default_factory=lambda: array("l", [0]))
    is_identity: bool = False

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        positions = array("l")
        positions.frombytes(np.arange(length + 1, dtype=f"i{positions.itemsize}").tobytes())
        return cls(positions, is_identity=True)

    def __len__(self) -> int:
        return len(self.positions) - 1

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the derived text to the source text.

        The span grows to cover every source character that produced a derived
        character inside it (so a restored "Quyết" maps back to the whole OCR
        token "Quyét").
        """
        n = len(self.positions) - 1
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if end == start:
            pos = self.positions[start]
            return pos, pos
        src_start = self.positions[start]
        # the end is the source position of the next derived character, unless
        # that belongs to the same source character (a one-to-many expansion)
        src_end = self.positions[end]
        last = self.positions[end - 1]
        if src_end <= last:
            src_end = min(last + 1, self.positions[-1])
        return src_start, src_end

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """self: derived→mid, inner: mid→source; returns derived→source."""
        if self.is_identity and len(self) == len(inner):
            return inner
        if inner.is_identity:
            return self
        dtype = np.dtype(f"i{self.positions.itemsize}")
        outer = np.frombuffer(self.positions, dtype=dtype)
        mid = np.frombuffer(inner.positions, dtype=dtype)
        mapped = mid[np.minimum(outer, len(mid) - 1)].astype(dtype)
        return OffsetMap(array("l", mapped.tobytes()))


_SMALL = 100  # texts up to this length: positions in plain Python beat numpy's overhead


class TextBuilder:
    """Builds a derived text piece by piece, recording the offset map.

    Positions are kept as runs (source start, length) and laid out once in
    :meth:`build`: a document is copied in thousands of pieces.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._run_starts: list[int] = []
        self._run_lengths: list[int] = []
        self._length = 0
        self._copies_only = True  # and contiguous: the result is the source

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        if end <= start:
            return
        if start != self._length:
            self._copies_only = False
        self._parts.append(source[start:end])
        self._add_run(start, end - start)

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` standing for ``source[src_start:src_end]``."""
        if not text:
            return
        self._copies_only = False
        width = max(1, src_end - src_start)
        self._parts.append(text)
        if len(text) == src_end - src_start:
            self._add_run(src_start, len(text))
            return
        for i in range(len(text)):
            self._add_run(src_start + min(i * width // len(text), width - 1), 1)

    def _add_run(self, start: int, length: int) -> None:
        self._length += length
        if self._run_starts and self._run_starts[-1] + self._run_lengths[-1] == start:
            self._run_lengths[-1] += length  # continues the last run
            return
        self._run_starts.append(start)
        self._run_lengths.append(length)

    def build(self, source_length: int) -> tuple[str, OffsetMap]:
        identity = self._length == source_length and self._copies_only
        return "".join(self._parts), OffsetMap(self._positions(source_length), is_identity=identity)

    def _positions(self, source_length: int) -> array:
        if self._length <= _SMALL:
            positions = array("l")
            for start, length in zip(self._run_starts, self._run_lengths, strict=True):
                positions.extend(range(start, start + length))
            positions.append(source_length)
            return positions
        starts = np.array(self._run_starts + [source_length], dtype=np.int64)
        lengths = np.array(self._run_lengths + [1], dtype=np.int64)
        # position k of run r is starts[r] + (k - where run r begins in the output)
        run_offsets = np.cumsum(lengths) - lengths
        return _as_array(np.repeat(starts - run_offsets, lengths) + np.arange(self._length + 1))


def _as_array(positions: np.ndarray) -> array:
    out = array("l")
    out.frombytes(positions.astype(f"i{out.itemsize}").tobytes())
    return out
