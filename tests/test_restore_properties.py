"""Property tests: the restorer never fails, keeps lines and maps offsets into its input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise.restore import restore

VIETNAMESE_ISH = st.text(
    alphabet=st.sampled_from(list("aeiouydgnhtcmlsrqpbkvxw &|¢1046/.-,:;()\n\t đĐéèóôâăêơưÁÊỌ")),
    max_size=200,
)


def _check(text: str, state: str) -> None:
    result = restore(text, state)
    assert result.text.count("\n") == text.count("\n")
    positions = result.to_source.positions
    assert len(positions) == len(result.text) + 1
    assert all(0 <= p <= len(text) for p in positions)
    assert list(positions) == sorted(positions)
    for out_line, in_line in zip(result.text.split("\n"), text.split("\n"), strict=True):
        assert bool(out_line.strip()) == bool(in_line.strip())


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), state=st.sampled_from(["stripped", "garbled"]))
def test_any_string(text: str, state: str) -> None:
    _check(text, state)


@settings(max_examples=150, deadline=None)
@given(text=VIETNAMESE_ISH, state=st.sampled_from(["stripped", "garbled"]))
def test_vietnamese_like_strings(text: str, state: str) -> None:
    _check(text, state)
