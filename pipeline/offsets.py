"""Offset maps: where each character of a derived text came from in its source.

Every stage that edits text (decoding, Unicode normalisation, furniture removal,
restoration) records, for each output character, the index of the source
character it came from. Maps compose, so a span in the restored text can be
traced back to the bytes' decoded text in one call.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass
class OffsetMap:
    """``positions[i]`` is the source index of derived character ``i``.

    ``positions`` has one extra trailing entry: the source length, so that an
    end offset equal to ``len(derived)`` maps to the end of the source.
    """

    positions: array = field(default_factory=lambda: array("l", [0]))

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(array("l", range(length + 1)))

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
            src_end = last + 1
        return src_start, src_end

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """self: derived→mid, inner: mid→source; returns derived→source."""
        inner_pos = inner.positions
        limit = len(inner_pos) - 1
        out = array("l", (inner_pos[min(p, limit)] for p in self.positions))
        return OffsetMap(out)


class TextBuilder:
    """Builds a derived text piece by piece, recording the offset map."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._positions = array("l")

    def copy(self, source: str, start: int, end: int) -> None:
        """Append ``source[start:end]`` unchanged."""
        if end <= start:
            return
        self._parts.append(source[start:end])
        self._positions.extend(range(start, end))

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        """Append ``text`` standing for ``source[src_start:src_end]``."""
        if not text:
            return
        width = max(1, src_end - src_start)
        self._parts.append(text)
        if len(text) == src_end - src_start:
            self._positions.extend(range(src_start, src_end))
        else:
            self._positions.extend(
                src_start + min(i * width // len(text), width - 1) for i in range(len(text))
            )

    def build(self, source_length: int) -> tuple[str, OffsetMap]:
        positions = array("l", self._positions)
        positions.append(source_length)
        return "".join(self._parts), OffsetMap(positions)
