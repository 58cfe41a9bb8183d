"""Fast paths give exactly what the plain code they replace gave (hypothesis)."""

from __future__ import annotations

import re
from array import array

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractors.deadlines import line_core
from pipeline.document import title_starts
from pipeline.normalise import _first_at_least, charstats
from pipeline.normalise.fold import _table, fold, fold_key
from pipeline.normalise.furniture import _CHROME_LINES, _PAGE_NUMBER, strip_furniture
from pipeline.normalise.legacy import _CP1252_CHARS, _cp1252_only, _legacy_words
from pipeline.normalise.lines import _MARKER, join_broken_lines
from pipeline.normalise.restore import chunks
from pipeline.normalise.syllable_lm import is_syllable_shape
from pipeline.normalise.textstate import _GARBLE_LETTERS, _WORD, text_signals
from pipeline.normalise.unicode import _TONED_OPEN_PAIR, tidy_whitespace
from pipeline.offsets import OffsetMap, TextBuilder

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VIET = "aăâđeêioôơuưyAĂÂĐEÊIOÔƠUƯYàáảãạằắẳẵặầấẩẫậềếểễệọộờớởỡợừứửữựỳýỷỹỵẠẶẬỆỢỰỴ"
TYPOGRAPHY = "“”‘’–—\u00a0\u2028\u2029\u200b\ufeff«»…•"
COMBINING = "".join(chr(c) for c in range(0x0300, 0x0370, 7)) + "\u0301\u0323\u0309"
ASTRAL = "\U0001d400\U0001f600\U00010000\U0010ffff\U0001e900"
SURROGATES = "\ud800\udc00\udfff"
EDGES = "".join(chr(c) for c in (0x1fff, 0x2000, 0x2013, 0x2014, 0x201d, 0x201e, 0x1e00,
                                   0x1eff, 0x1f00, 0x20, 0x1f, 0x7f, 0x80, 0x130, 0x1e9e))
mixed_text = st.text(alphabet=st.one_of(
    st.sampled_from(VIET + TYPOGRAPHY + COMBINING + ASTRAL + SURROGATES + EDGES),
    st.characters(max_codepoint=0x2100),
    st.characters()), max_size=400)


def reference_fold(text: str) -> str:
    return text.translate(_table())


@FAST
@given(st.one_of(mixed_text, st.text(max_size=300), st.text(alphabet=VIET + " .-", max_size=200)))
@example("Quyết định số 90/QĐ-TTg “trích” – đ Đ x\u0301 \U0001f600 \ud800" * 5)
@example("ASCII ONLY, upper & lower: 90/QD-TTG" * 4)
def test_fold_matches_the_table(text: str) -> None:
    assert fold(text) == reference_fold(text)
    for cut in (1, 79, 80, 81, 200):
        assert fold(text[:cut]) == reference_fold(text[:cut])


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=VIET + " _-.,/()\n²½" + "0123456789", max_size=200)))
@example("Quyết định số 90/QĐ-TTg, ngày 18_01 ²")
def test_fold_key_matches_the_per_character_one(text: str) -> None:
    expected = " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())
    assert fold_key(text) == expected


class ReferenceBuilder:
    """The per-character TextBuilder the run-based one replaced."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.positions = array("l")

    def copy(self, source: str, start: int, end: int) -> None:
        if end > start:
            self.parts.append(source[start:end])
            self.positions.extend(range(start, end))

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        if not text:
            return
        width = max(1, src_end - src_start)
        self.parts.append(text)
        if len(text) == src_end - src_start:
            self.positions.extend(range(src_start, src_end))
        else:
            self.positions.extend(
                src_start + min(i * width // len(text), width - 1) for i in range(len(text)))


@FAST
@given(st.lists(st.tuples(st.booleans(), st.integers(-3, 40), st.integers(-2, 60),
                          st.text(max_size=5)), max_size=30), st.text(max_size=300))
def test_text_builder_matches_the_per_character_one(ops: list, source: str) -> None:
    fast, slow, pos = TextBuilder(), ReferenceBuilder(), 0
    contiguous = True
    for copy, step, width, replacement in ops:
        start = max(0, min(pos + step, len(source)))
        end = min(start + width, len(source))
        for builder in (fast, slow):
            if copy:
                builder.copy(source, start, end)
            else:
                builder.replace(replacement, start, end)
        if (copy and end > start) or (not copy and replacement):
            contiguous = contiguous and copy and start == len(slow.positions) - (end - start)
        pos = max(pos, end)
    text, mapping = fast.build(len(source))
    assert text == "".join(slow.parts)
    assert list(mapping.positions) == list(slow.positions) + [len(source)]
    assert mapping.is_identity == (contiguous and text == source)


def reference_text_signals(text: str) -> dict[str, float]:
    """The character-by-character and word-by-word count ``text_signals`` replaced."""
    letters = marked = vietnamese = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if not ch.isascii():
                marked += 1
                if ch in "ăâđêôơưĂÂĐÊÔƠƯĩũĨŨ" or 0x1EA0 <= ord(ch) <= 0x1EF9:
                    vietnamese += 1
    alpha_words = [w for w in _WORD.findall(text) if not w.isdigit()]
    syllables = sum(1 for w in alpha_words if w.isalpha() and is_syllable_shape(fold(w)))
    odd = sum(1 for w in alpha_words if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)
              or any(c in _GARBLE_LETTERS for c in w))
    total = max(1, len(alpha_words))
    return {"letters": letters, "marked": marked / max(1, letters),
            "vietnamese_only": vietnamese / max(1, letters),
            "syllable_words": syllables / total, "garbled_words": odd / total}


GARBLED = "aeiouyéèêôóòwfjzWFJZ&¢|0123456789 \n²½ⅫĐđ_-.,Quyét ngheo"


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=GARBLED + VIET, max_size=300)))
@example("Truyén thong vé Chwong trinh muc tiéu qudc gia giam nghéo 2³ Ⅻ x_y")
def test_text_signals_match_the_per_character_count(text: str) -> None:
    assert text_signals(text) == reference_text_signals(text)


def _built(builder: ReferenceBuilder, source: str) -> tuple[str, list[int]]:
    return "".join(builder.parts), list(builder.positions) + [len(source)]


def reference_tidy(text: str) -> tuple[str, list[int]]:
    out = ReferenceBuilder()
    last = 0
    for match in re.finditer(r"\r\n?|[ \t\u00a0\u2000-\u200b\u202f\u3000]{2,}|\u00a0", text):
        out.copy(text, last, match.start())
        token = match.group()
        if token.startswith("\r"):
            out.replace("\n", match.start(), match.end())
        else:
            out.replace("\t" if "\t" in token else " ", match.start(), match.end())
        last = match.end()
    out.copy(text, last, len(text))
    return _built(out, text)


def reference_furniture(text: str) -> tuple[str, list[int]]:
    out = ReferenceBuilder()
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        folded = fold(line).strip()
        furniture = bool(folded) and bool(_PAGE_NUMBER.match(folded) or _CHROME_LINES.match(folded))
        if not furniture or "ngay dang" in fold(line):
            out.copy(text, pos, end)
        pos = end
    return _built(out, text)


_BROKEN = re.compile(r"(?<=[^\s.:;!?…])[ \t]*[\n\f](?:[ \t]*[\n\f]){0,3}[ \t]*(?=[^\W\d_(])")


def reference_join(text: str) -> tuple[str, list[int]]:
    out = ReferenceBuilder()
    last = 0
    for match in _BROKEN.finditer(text):
        if not text[match.end()].islower() or _MARKER.match(text, match.end()):
            continue
        line = text[:match.start()].split("\n")[-1]
        if line.isupper() and sum(c.isalpha() for c in line) >= 2:
            continue
        out.copy(text, last, match.start())
        out.replace(" ", match.start(), match.end())
        last = match.end()
    out.copy(text, last, len(text))
    return _built(out, text)


def _result(pair: tuple[str, OffsetMap]) -> tuple[str, list[int]]:
    return pair[0], list(pair[1].positions)


BLANKS = " \t\n\r\f\x0b\x1c\x1f\x85\u00a0\u2000\u200b\u202f\u2028\u3000"
LAYOUT = BLANKS + BLANKS + ".:;!?…-/()aAbđĐoóuýqQ19_xX" + "Trang " + "Ngày đăng"
layout_text = st.one_of(
    st.text(alphabet=LAYOUT, max_size=200),
    st.lists(st.sampled_from(["- 5 -", "Trang 3/12", "  12 ", "Lượt xem: 1.234", "Quay về",
                              "Đăng bởi : A", "Ngày đăng : 13/09/2022", "1.234.567", "hoá",
                              "thuỷ", "Quá", "góp phần quan", "trọng vào", "a) mục", "II. NỘI",
                              "", " ", "\t", "\r\n", "\n", "\n\n", "\f", "\u00a0"]),
             max_size=40).map(" ".join),
    st.lists(st.sampled_from(["x", "\n", " ", "\t", "\r", "Ab", "ab", ".", "a)", "\u2028"]),
             max_size=60).map("".join))


@FAST
@given(layout_text)
@example("Quay về\r\n  - 5 -  \n góp phần quan\n\n trọng\n\u00a0Ngày đăng : 1/2/2022\n")
def test_layout_steps_match_the_line_by_line_ones(text: str) -> None:
    assert _result(tidy_whitespace(text)) == reference_tidy(text)
    assert _result(strip_furniture(text)) == reference_furniture(text)
    assert _result(join_broken_lines(text)) == reference_join(text)


_TONED_REFERENCE = re.compile(
    r"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!\w)")


@FAST
@given(st.text(alphabet="oOuUqQaàáạèẹỳýỵÝ x\n1_", max_size=80))
def test_toned_pair_scan_matches_the_lookbehind_pattern(text: str) -> None:
    assert [m.span() for m in _TONED_OPEN_PAIR.finditer(text)] == \
        [m.span() for m in _TONED_REFERENCE.finditer(text)]


@FAST
@given(st.lists(st.integers(0, 50), max_size=300), st.lists(st.integers(0, 60), max_size=8),
       st.integers(1, 9))
def test_page_start_search_matches_the_step_by_step_one(values: list[int], page_starts: list[int],
                                                        block: int) -> None:
    full = np.array(values + [max(values, default=0) + 1], dtype=np.int64)
    last = len(full) - 1
    fast = slow = 0
    for page_start in sorted(page_starts):
        while slow < last and full[slow] < page_start:
            slow += 1
        fast = _first_at_least(full, fast, last, page_start, block)
        assert fast == slow


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=GARBLED + VIET, max_size=300)))
@example("Quyết định 2³ Ⅻ x_y \U0001d400\ud800 ½")
def test_character_counts_match_the_regexes(text: str) -> None:
    counts = charstats.count_chars(text)
    assert counts.letters == len(re.sub(r"[\W\d_]+", "", text))
    assert counts.vietnamese_only == len(re.sub("[^ăđơưĩũĂĐƠƯĨŨ\u1ea0-\u1ef9]+", "", text))
    assert counts.non_ascii_letters == len(re.sub(r"(?:[\W\d_]|[\x00-\x7f])+", "", text))


def reference_chunks(text: str) -> list[tuple[int, str, bool]]:
    """Line by line: a paragraph starts at the first chunk after a blank line."""
    found, blank, pos = [], True, 0
    for line in text.split("\n"):
        if not line.strip():
            blank = True
        for match in re.finditer(r"\S+", line):
            found.append((pos + match.start(), match.group(), blank))
            blank = False
        pos += len(line) + 1
    return found


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=" \n\t\r\x0b\x0c\x1c\x85\u2028\u3000ab.", max_size=80)))
@example("a\n \n b\n\nc d\n e")
def test_chunks_match_the_line_by_line_scan(text: str) -> None:
    assert list(chunks(text)) == reference_chunks(text)


def reference_legacy_words(text: str, limit: int) -> list[str]:
    words = []
    for match in re.finditer(r"[A-Za-z\u0080-\u024f\u0300-\u0323\u1ea0-\u1ef9\u2013-\u203a]+",
                             text):
        word = match.group()
        if not word.isascii() and any(c.isalpha() for c in word):
            words.append(word)
            if len(words) >= limit:
                break
    return words


LEGACY = "aAzZ \u0080\u00c0\u00e9\u024f\u0250\u0300\u0323\u0324\u1ea0\u1ef9\u2013\u203a\u203b.–ơ"


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=LEGACY, max_size=200)), st.integers(1, 20))
def test_legacy_words_match_the_word_by_word_scan(text: str, limit: int) -> None:
    assert _legacy_words(text, limit) == reference_legacy_words(text, limit)
    for word in text.split():
        assert _cp1252_only(word) == all(c in _CP1252_CHARS for c in word)


def reference_title_starts(title: str, words: str) -> bool:
    """One edit (a swap, an extra or a lost letter) in a long heading, up to a word end."""
    from rapidfuzz.distance import Levenshtein

    return title.startswith(words) or len(words) >= 8 and any(
        Levenshtein.distance(title[:size], words) <= 1 and len(title) >= size
        and title[size:size + 1] in ("", " ", ":", ",", ".")
        for size in (len(words) - 1, len(words), len(words) + 1))


@FAST
@given(st.text(alphabet="abcdhiknt ", max_size=30), st.text(alphabet="abcdhiknt ", max_size=20))
@example("kunh phi thuc hien", "kinh phi thuc hien")
@example("inh phi thuc hien x", "kinh phi thuc hien")
@example("kiinh phi thuc hien", "kinh phi")
def test_title_test_matches_the_edit_distance(title: str, words: str) -> None:
    assert title_starts(title, words) == reference_title_starts(title, words)
    slipped = words[:len(words) // 2] + "x" + words[len(words) // 2 + 1:]
    assert title_starts(slipped + title, words) == reference_title_starts(slipped + title, words)


LINE_TEXT = re.compile(r"^[\s\-+•*]*(.*?)[\s.;,]*$", re.MULTILINE)


@FAST
@given(st.one_of(mixed_text, st.text(alphabet=" \t\u00a0\u2003-+•*.;,x1ệ", max_size=40)))
@example(" - + thang 12/2025 ; . ")
def test_line_core_is_the_lazy_line_pattern(text: str) -> None:
    line = text.replace("\n", " ")
    assert line_core(line) == LINE_TEXT.match(line).span(1)
