"""``fold_key`` in one regex pass (``pipeline.normalise.fold.fold_key`` loops per character).

``[^\\W_]`` is exactly the characters for which ``str.isalnum()`` is true, so the
runs it finds are the words ``fold_key`` keeps.
"""

from __future__ import annotations

import re

from pipeline.normalise.fold import fold

_ALNUM_RUN = re.compile(r"[^\W_]+")


def fold_key(text: str) -> str:
    """Folded, with runs of spaces and punctuation collapsed: same as the pipeline's."""
    return " ".join(_ALNUM_RUN.findall(fold(text)))
