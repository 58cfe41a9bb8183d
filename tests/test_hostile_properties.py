"""Property tests (hypothesis): offset maps, decoding and the whole pipeline on any input."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.errors import KehoachError
from pipeline.ingest.decode import decode_bytes
from pipeline.normalise.fold import fold, fold_key
from pipeline.normalise.legacy import (
    convert_legacy_mapped,
    cp1252_bytes,
    decode_viqr,
    decode_vni,
    encode_tcvn3,
    encode_viqr,
    encode_vni,
    is_syllable,
)
from pipeline.normalise.unicode import normalise_unicode, tidy_whitespace
from pipeline.offsets import OffsetMap, TextBuilder

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
PUNCT = " \n\t\f.,;:()/-–“”'\"?!%0123456789\u00a0\u200b\u0301\u0323"
viet_text = st.text(alphabet=VIET + VIET.upper() + PUNCT, max_size=400)
any_text = st.text(max_size=300)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid_map(mapping: OffsetMap, derived: str, source: str) -> None:
    """One position per derived character, non-decreasing, inside the source."""
    positions = list(mapping.positions)
    assert len(positions) == len(derived) + 1
    assert positions[-1] == len(source)
    assert all(0 <= p <= len(source) for p in positions)
    assert all(a <= b for a, b in zip(positions, positions[1:], strict=False))


def assert_spans_inside(mapping: OffsetMap, derived: str, source: str) -> None:
    n = len(derived)
    for start in range(0, n + 1, max(1, n // 7)):
        for end in (start, min(n, start + 1), min(n, start + 5), n):
            s, e = mapping.to_source(start, end)
            assert 0 <= s <= e <= len(source)


@FAST
@given(any_text)
@example("Quyết định\u0301 Ủy ban")
def test_fold_keeps_the_length(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded
    fold_key(text)


@FAST
@given(st.one_of(viet_text, any_text))
@example("hoá thuỷ Hoà\u0065\u0301 \u200b x\u0323\u0301\r\n  \t a")
def test_normalise_maps_back_inside_the_input(text: str) -> None:
    normal, mapping = normalise_unicode(text)
    assert_valid_map(mapping, normal, text)
    assert_spans_inside(mapping, normal, text)
    assert unicodedata.is_normalized("NFC", normal) or any(
        unicodedata.combining(c) for c in normal)
    tidy, tidy_map = tidy_whitespace(normal)
    assert_valid_map(tidy_map, tidy, normal)
    composed = tidy_map.compose(mapping)
    assert_valid_map(composed, tidy, text)


@FAST
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.integers(0, 6),
                          st.text(max_size=5)), max_size=30), st.text(min_size=1, max_size=120))
def test_text_builder_maps_inside_the_source(ops: list, source: str) -> None:
    out, pos = TextBuilder(), 0
    for copy, step, width, replacement in ops:
        start = min(pos + step % 5, len(source))
        end = min(start + width, len(source))
        if not copy and start == end == len(source):
            continue  # see test_insertion_at_the_very_end
        if copy:
            out.copy(source, start, end)
        else:
            out.replace(replacement, start, end)
        pos = end
    derived, mapping = out.build(len(source))
    assert len(mapping) == len(derived)
    assert_spans_inside(mapping, derived, source)


def test_insertion_at_the_very_end() -> None:
    out = TextBuilder()
    out.copy("ab", 0, 2)
    out.replace(".", 2, 2)  # e.g. a full stop added after the last word
    derived, mapping = out.build(2)
    assert mapping.to_source(2, 3)[1] <= 2


@FAST
@given(st.one_of(viet_text, st.text(alphabet="".join(map(chr, range(0x20, 0x100))), max_size=300),
                 any_text))
@example("QuyÕt ®Þnh sè 90/Q§-UBND cña ñy ban")
@example("Quyeát ñònh soá 90 cuûa UBND tænh")
@example("Quye^'t ddi.nh so^' 90 cu?a UBND ti?nh. Ho.. vu. GN ddi. DD\\'")
def test_legacy_conversion_maps_back_inside_the_input(text: str) -> None:
    for encoding in (None, "tcvn3", "vni", "viqr"):
        converted, mapping, found = convert_legacy_mapped(text, encoding)
        assert_valid_map(mapping, converted, text)
        assert_spans_inside(mapping, converted, text)
        assert found in (None, "tcvn3", "vni", "viqr")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=VIET + VIET.upper(), min_size=1, max_size=7), max_size=20)
       .map(" ".join))
def test_vni_and_viqr_round_trip_vietnamese_words(text: str) -> None:
    # a final "." or "?" could end a sentence, so the words are followed by one more
    words = " ".join(w for w in unicodedata.normalize("NFC", text).split()
                     if w.isalpha() and is_syllable(w))  # one tone a word
    words = f"{words} x"
    assert decode_vni(encode_vni(words))[0] == words
    assert decode_viqr(encode_viqr(words.lower()))[0] == words.lower()


@FAST
@given(st.binary(max_size=2000))
@example(b"\xff\xfe" + "Kế hoạch".encode("utf-16-le"))
@example(b"\xef\xbb\xbf")
@example(b"Quy\xd5t \xae\xdenh")
def test_decode_bytes_never_crashes(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except KehoachError:
        return
    assert isinstance(text, str) and text.strip()
    assert encoding in ("utf-8", "utf-16", "windows-1258", "tcvn3", "vni", "viqr")


@FAST
@given(viet_text)
def test_decode_bytes_reads_every_encoding_of_the_same_text(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    for data in (text.encode("utf-8"), cp1252_bytes(encode_vni(text), "replace"),
                 cp1252_bytes(encode_tcvn3(text.lower()), "replace")):
        try:
            decode_bytes(data, "fuzz.txt")
        except KehoachError:
            pass


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(
    viet_text,
    st.lists(st.sampled_from([
        "KẾ HOẠCH", "Số: 12/KH-UBND", "Tuy Phước, ngày 5 tháng 9 năm 2022", "I. MỤC ĐÍCH",
        "1. Nội dung", "- Thời gian hoàn thành: trước ngày 30/6/2023.", "a) Phòng Tài chính",
        "Căn cứ Quyết định số 90/QĐ-UBND ngày 18/8/2022 của UBND tỉnh;", "Nơi nhận:",
        "Kinh phí: ngân sách huyện 200 triệu đồng.", "TM. ỦY BAN NHÂN DÂN", "\f", "",
        "Phòng Lao động - TB&XH chủ trì, phối hợp UBND các xã.", "Quye^'t ddi.nh", "QuyÕt ®Þnh",
    ]), max_size=30).map("\n".join),
))
def test_process_bytes_on_any_text(text: str) -> None:
    """No exception but numbered errors; every mention lies inside the normalised text."""
    from pipeline.ingest import ingest_bytes
    from pipeline.process import build_document, extract_document

    try:
        raw = ingest_bytes(text.encode("utf-8"), "fuzz.txt")
        doc = build_document(raw)
        result = extract_document(doc)
    except KehoachError:
        return
    n = len(doc.text)
    for record in [result.document, *result.legal_references, *result.units,
                   *result.deadlines, *result.funding_sources]:
        for mention in _mentions(record):
            assert 0 <= mention.start <= mention.end <= n
            assert mention.text == doc.text[mention.start:mention.end]


def _mentions(record: object) -> list:
    from pipeline.records import Mention

    found = []
    for value in vars(record).values():
        if isinstance(value, Mention):
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, Mention))
            for v in value:
                if hasattr(v, "__dict__") and not isinstance(v, Mention):
                    found.extend(_mentions(v))
        elif hasattr(value, "__dict__") and not isinstance(value, str | int | float):
            found.extend(_mentions(value))
    return found
