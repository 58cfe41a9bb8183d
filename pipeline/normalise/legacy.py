"""Legacy Vietnamese encodings: detect TCVN3 (ABC), VNI and VIQR text and convert it to Unicode.

Before Unicode, Vietnamese documents were typed in 8-bit fonts. Read as ordinary
Windows-1252 text (which is what a .txt file, a Word run or a PDF text layer gives),
"Quyết định" comes out as:

- TCVN3 / ABC (".VnTime"): ``"QuyÕt ®Þnh"`` (one byte per letter),
- VNI-Windows ("VNI-Times"): ``"Quyeát ñònh"`` (base letter + mark byte),
- VIQR (RFC 1456, plain ASCII): ``"Quye^'t ddi.nh"``.

The tables live in ``data/legacy_*.tsv``. Detection converts a sample with each
candidate and counts how many words become valid Vietnamese syllables
(``data/legacy_syllables.tsv``); the original text must lose clearly.

Every converter returns an :class:`~pipeline.offsets.OffsetMap` from the converted text
back to its input, so callers holding offsets (PDF words) can remap them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from pipeline.normalise import charstats
from pipeline.offsets import OffsetMap, TextBuilder

DATA = Path(__file__).parent / "data"
LEGACY = ("tcvn3", "vni", "viqr")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return rows[1:]  # the header row


def _cp1252_table() -> list[str]:
    """Byte → character as Windows-1252 reads it (undefined bytes as Latin-1)."""
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(byte))
    return table


CP1252 = _cp1252_table()
_CP1252_CHARS = frozenset(CP1252)


def bytes_as_cp1252(data: bytes) -> str:
    """Read bytes the way a Windows-1252 program (and a legacy font) does."""
    return "".join(CP1252[b] for b in data)


_CP1252_INDEX = {ch: byte for byte, ch in enumerate(CP1252)}


def cp1252_bytes(text: str, errors: str = "strict") -> bytes:
    """The inverse of :func:`bytes_as_cp1252` (for writing legacy-encoded files).

    ``errors="replace"`` writes ``?`` for characters a legacy font cannot hold.
    """
    out = bytearray()
    for ch in text:
        byte = _CP1252_INDEX.get(ch)
        if byte is None:
            if errors != "replace":
                raise ValueError(f"{ch!r} has no byte in a legacy 8-bit font")
            byte = ord("?")
        out.append(byte)
    return bytes(out)


@dataclass(frozen=True)
class _Tables:
    tcvn3: dict[str, str]  # cp1252 char → Unicode
    tcvn3_toned: frozenset[str]  # chars that stand for a toned letter (no capital in VN3)
    vni_pairs: dict[tuple[str, str], str]  # (base, mark) → Unicode
    vni_single: dict[str, str]  # one char → Unicode (ñ → đ, ô → ơ, ö → ư, ò → ị ...)
    vni_encode: dict[str, str]  # Unicode letter → VNI chars
    tcvn3_encode: dict[str, str]  # Unicode letter → TCVN3 char
    viqr_quality: dict[str, tuple[str, str]]  # mark → (combining char, base vowels)
    viqr_tone: dict[str, str]  # mark → combining char
    onsets: frozenset[str]
    nuclei: frozenset[str]
    codas: frozenset[str]
    needs_coda: frozenset[str]


@lru_cache(maxsize=1)
def tables() -> _Tables:
    tcvn3 = {}
    for byte, _shown, _uni, code in _rows("legacy_tcvn3.tsv"):
        tcvn3[CP1252[int(byte, 16)]] = chr(int(code[2:], 16))
    toned = frozenset(k for k, v in tcvn3.items()
                      if len(v) == 1 and _tone_of(v) and v.lower() == v)
    pairs, single, vni_encode = {}, {}, {}
    for uni, hexbytes, _shown in _rows("legacy_vni.tsv"):
        chars = "".join(CP1252[int(h, 16)] for h in hexbytes.split())
        vni_encode[uni] = chars
        if len(chars) == 2:
            pairs[(chars[0], chars[1])] = uni
        else:
            single[chars] = uni
    tcvn3_encode = {}
    for char, uni in tcvn3.items():
        if not unicodedata.combining(uni):
            tcvn3_encode.setdefault(uni, char)
            if char in toned:  # a .VnTimeH capital is drawn from the same byte
                tcvn3_encode.setdefault(uni.upper(), char)
    quality, tone = {}, {}
    for mark, kind, _name, combining, applies in _rows("legacy_viqr.tsv"):
        code = chr(int(combining[2:], 16))
        if kind == "quality":
            quality[mark] = (code, applies)
        else:
            tone[mark] = code
    parts: dict[str, set[str]] = {"onset": set(), "nucleus": set(), "coda": set(),
                                  "needs_coda": set()}
    for kind, values in _rows("legacy_syllables.tsv"):
        parts[kind].update(values.split())
    return _Tables(tcvn3, toned, pairs, single, vni_encode, tcvn3_encode, quality, tone,
                   frozenset(parts["onset"]), frozenset(parts["nucleus"]),
                   frozenset(parts["coda"]), frozenset(parts["needs_coda"]))


def _tone_of(ch: str) -> str | None:
    for mark in unicodedata.normalize("NFD", ch):
        if mark in _TONES:
            return mark
    return None


# ---------------------------------------------------------------------------
# syllables: how Vietnamese a decoded word looks


@lru_cache(maxsize=1)
def _syllable_re() -> re.Pattern[str]:
    t = tables()

    def alt(values: frozenset[str]) -> str:
        return "|".join(sorted((re.escape(v) for v in values), key=len, reverse=True))

    open_nuclei = t.nuclei - t.needs_coda
    return re.compile(f"(?:{alt(t.onsets)})?(?:(?:{alt(t.nuclei)})(?:{alt(t.codas)})"
                      f"|(?:{alt(open_nuclei)}))")


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable with at most one tone: ``"định"`` yes, ``"®þnh"`` no."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_syllable_re().fullmatch(base))


_NON_ASCII_WORDISH_CHARS = r"\u0080-\u024f\u0300-\u0323\u1ea0-\u1ef9\u2013-\u203a"
# whole runs of word-ish characters that hold a non-ASCII one (tried at run starts only)
_NON_ASCII_WORDISH = re.compile(
    rf"(?<![A-Za-z{_NON_ASCII_WORDISH_CHARS}])[A-Za-z]*[{_NON_ASCII_WORDISH_CHARS}]"
    rf"[A-Za-z{_NON_ASCII_WORDISH_CHARS}]*")


def _legacy_words(text: str, limit: int = 3000) -> list[str]:
    """Words that hold a non-ASCII character: the ones a decoding can change."""
    words = (m.group() for m in _NON_ASCII_WORDISH.finditer(text))
    return list(islice((w for w in words if any(c.isalpha() for c in w)), limit))


def _cp1252_word_counts(text: str, limit: int = 3000) -> Counter[str]:
    """How often each of ``_legacy_words`` that a legacy font can print occurs."""
    words = _NON_ASCII_WORDISH.findall(text)
    if len(words) > limit:  # the first ``limit`` with a letter: word by word
        return Counter(w for w in _legacy_words(text, limit) if _cp1252_only(w))
    counts = Counter(words)  # checked once per distinct word
    for word in [w for w in counts if not (_cp1252_only(w) and any(c.isalpha() for c in w))]:
        del counts[word]
    return counts


def _score(words: list[str]) -> int:
    return sum(1 for w in words if is_syllable(unicodedata.normalize("NFC", w)))


# ---------------------------------------------------------------------------
# TCVN3


def decode_tcvn3(text: str, capitals: bool = False) -> tuple[str, OffsetMap]:
    """``"QuyÕt ®Þnh"`` → ``"Quyết định"``. One character for one.

    TCVN3 has no toned capitals (the ``.VnTimeH`` fonts draw the lower-case bytes as
    capitals), so ``capitals=True`` upper-cases every toned letter, and otherwise
    words and lines written in capitals get their toned letters upper-cased
    (``"KÕ HO¹CH"`` → ``"KẾ HOẠCH"``), as do the first letters of lines and sentences.
    """
    chars, ambiguous = tcvn3_chars(text, capitals)
    restore_capitals(chars, ambiguous)
    return "".join(chars), OffsetMap.identity(len(text))


def tcvn3_chars(text: str, capitals: bool = False) -> tuple[list[str], list[bool]]:
    """Character-level TCVN3 conversion and, for each character, whether its case is
    unknown (a toned letter from a font that may have drawn it as a capital)."""
    t = tables()
    chars = [t.tcvn3.get(c, c) for c in text]
    if capitals:
        return [ch.upper() if c in t.tcvn3_toned else ch for c, ch in zip(text, chars, strict=True)
                ], [False] * len(text)
    return chars, [c in t.tcvn3_toned for c in text]


_SENTENCE_END = re.compile(r"[.!?]\s+$|^\s*$")
_LINE_LEAD = re.compile(r"^\s*(?:[-+*•·]|\d+[.)]|[IVXLC]+\.)?\s*$")


def restore_capitals(chars: list[str], ambiguous: list[bool]) -> None:
    """Upper-case the letters of unknown case in capital words and lines, at the start of
    lines and sentences, and in phrases official texts capitalise (in place)."""
    if not any(ambiguous):
        return
    text = "".join(chars)
    start = 0
    for line in text.split("\n"):
        words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\w+", line)
                 if any(ambiguous[start + m.start():start + m.end()])]
        known = [[chars[i] for i in range(s, e) if chars[i].isalpha() and not ambiguous[i]]
                 for s, e in words]
        line_known = [c for letters in known for c in letters]
        caps_line = len(line_known) >= 3 and all(c.isupper() for c in line_known)
        for (s, e), letters in zip(words, known, strict=True):
            if caps_line or (len(letters) >= 2 and all(c.isupper() for c in letters)):
                for i in range(s, e):
                    if ambiguous[i]:
                        chars[i] = chars[i].upper()
            elif ambiguous[s] and _starts_sentence(text, s, start):
                chars[s] = chars[s].upper()
        start += len(line) + 1
    _capitalise_phrases(chars, ambiguous)


@lru_cache(maxsize=1)
def _capitalised_re() -> re.Pattern[str]:
    phrases = [row[0] for row in _rows("legacy_capitalised.tsv")]
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)",
                      re.IGNORECASE)


def _capitalise_phrases(chars: list[str], ambiguous: list[bool]) -> None:
    for match in _capitalised_re().finditer("".join(chars)):
        if ambiguous[match.start()]:
            chars[match.start()] = chars[match.start()].upper()


def _starts_sentence(text: str, pos: int, line_start: int) -> bool:
    lead = text[line_start:pos]
    if _LINE_LEAD.match(lead):
        return True
    return bool(_SENTENCE_END.search(text[max(line_start, pos - 4):pos])) and pos > line_start


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as Windows-1252 characters (toned capitals lose their case)."""
    t = tables()
    text = unicodedata.normalize("NFC", text)
    return "".join(t.tcvn3_encode.get(c, c) for c in text)


# ---------------------------------------------------------------------------
# VNI


def decode_vni(text: str) -> tuple[str, OffsetMap]:
    """``"Quyeát ñònh"`` → ``"Quyết định"``; a base letter and its mark become one letter."""
    t = tables()
    out = TextBuilder()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if i + 1 < n:
            pair = _vni_pair(t, ch, text[i + 1])
            if pair:
                out.replace(pair, i, i + 2)
                i += 2
                continue
        single = t.vni_single.get(ch)
        if single:
            out.replace(single, i, i + 1)
        else:
            out.copy(text, i, i + 1)
        i += 1
    return out.build(n)


def _vni_pair(t: _Tables, base: str, mark: str) -> str | None:
    found = t.vni_pairs.get((base, mark))
    if found:
        return found
    # a mark typed in the other case ("Aù"): the base letter decides the case
    other = t.vni_pairs.get((base, mark.swapcase()))
    if other and base.isalpha():
        return other
    return None


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows as Windows-1252 characters."""
    t = tables()
    text = unicodedata.normalize("NFC", text)
    return "".join(t.vni_encode.get(c, c) for c in text)


# ---------------------------------------------------------------------------
# VIQR

_VOWELS = "aeiouyAEIOUY"
_VIQR_HINT = re.compile(r"[aeiouyAEIOUY][(^+]?['`?~.](?=[a-zA-Z])|[aeoAEO]\^|[ouOU]\+"
                        r"|(?<![A-Za-z])(?:dd|DD|Dd)(?=[aeiouyAEIOUY])|[aeiouyAEIOUY]`")


def decode_viqr(text: str) -> tuple[str, OffsetMap]:
    """``"Quye^'t ddi.nh"`` → ``"Quyết định"`` (RFC 1456, with ``\\`` as escape)."""
    t = tables()
    out = TextBuilder()
    i, n = 0, len(text)
    toned = False  # one tone per word
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and (text[i + 1] in t.viqr_tone or text[i + 1] in t.viqr_quality
                                         or text[i + 1] == "\\"):
            out.replace(text[i + 1], i, i + 2)
            i += 2
            continue
        if ch in "dD" and _viqr_dd(text, i):
            out.replace("Đ" if ch == "D" else "đ", i, i + 2)
            i += 2
            continue
        if ch in _VOWELS:
            end, letter, toned = _viqr_vowel(t, text, i, toned)
            if end > i + 1:
                out.replace(letter, i, end)
            else:
                out.copy(text, i, end)
            i = end
            continue
        if not ch.isalpha():
            toned = False
        out.copy(text, i, i + 1)
        i += 1
    return out.build(n)


def _viqr_dd(text: str, i: int) -> bool:
    """"dd" at the start of a word is đ; "DD" also inside capitals ("QDD-UBND" is "QĐ-UBND")."""
    pair = text[i:i + 2]
    if pair not in ("dd", "DD", "Dd"):
        return False
    prev = text[i - 1] if i else " "
    if prev.isalpha() and not (pair == "DD" and prev.isupper()):
        return False
    after = text[i + 2:i + 3]
    return after.isalpha() or after == ")" or (pair == "DD" and not after.isalnum())


def _viqr_vowel(t: _Tables, text: str, i: int, toned: bool) -> tuple[int, str, bool]:
    """One vowel and the marks after it: (end, letter, word now toned)."""
    n = len(text)
    base = text[i]
    quality = tone = ""
    j = i + 1
    for _ in range(2):
        if j >= n:
            break
        mark = text[j]
        if not quality and mark in t.viqr_quality and base.lower() in t.viqr_quality[mark][1] \
                and _quality_ok(text, j, mark):
            quality = t.viqr_quality[mark][0]
            j += 1
        elif not tone and not toned and mark in t.viqr_tone and _tone_ok(text, j, mark):
            tone = t.viqr_tone[mark]
            j += 1
        else:
            break
    letter = unicodedata.normalize("NFC", base + quality + tone)
    return j, letter, toned or bool(tone)


def _quality_ok(text: str, j: int, mark: str) -> bool:
    after = text[j + 1:j + 2]
    if mark == "(":  # ă is never last in a syllable: a letter or a tone must follow
        return bool(after) and (after.isalpha() or after in "'`?~.")
    return True


def _tone_ok(text: str, j: int, mark: str) -> bool:
    after = text[j + 1:j + 2]
    if after.isalpha() or mark not in ".?'":
        return True
    if mark == "'":  # an apostrophe: a tone unless it opens a quotation
        return not after.isalnum()
    # "." and "?" after a final vowel are tones when they cannot end a sentence here:
    # before a comma or a lower-case word, before a second full stop ("ho.." is "họ.")
    if text[j + 1:j + 3] == ".." or not after or after in "\r\n":
        return False
    if after in ",;:)]\"'":
        return True
    if after in ".?":
        return text[j + 2:j + 3] not in ".?"
    follow = re.match(r"[ \t]+(\S)", text[j + 1:j + 8])
    if follow and follow.group(1) in ",;:)]":
        return True  # "La~nh dda.o So+? ;"
    if not follow or not follow.group(1).isalpha():
        return False
    if follow.group(1).islower() or mark == "?":
        return True
    # before a capital: "nhie^.m vu. GN-GQVL" or "... ra. Trong do'": ask the rest of the text
    stem = re.search(r"[A-Za-z][A-Za-z(^+'`?~.]*$", text[max(0, j - 16):j])
    if not stem or re.fullmatch(r"[IVXLCivxlc]+|[A-Za-z]", stem.group()):
        return False  # "II. NO^.I DUNG", "a. Mu.c ti^eu"
    toned, plain = _viqr_evidence(text, stem.group(), mark)
    if toned != plain:
        return toned > plain
    return stem.group()[0].isupper()  # "Bo^. Ta`i chi'nh"


@lru_cache(maxsize=1024)
def _viqr_evidence(text: str, stem: str, mark: str) -> tuple[int, int]:
    """How often ``stem`` takes ``mark`` as a tone, and goes without it, where that is clear."""
    clear = r"(?=[,;:)\]]|[ \t]+[a-z])"
    start = r"(?<![A-Za-z(^+'`?~.\\])"
    toned = len(re.findall(start + re.escape(stem + mark) + clear, text, re.IGNORECASE))
    plain = len(re.findall(start + re.escape(stem) + clear, text, re.IGNORECASE))
    return toned, plain


def encode_viqr(text: str) -> str:
    """Unicode → VIQR (RFC 1456): ``"Quyết định"`` → ``"Quye^'t ddi.nh"``."""
    t = tables()
    quality = {code: mark for mark, (code, _v) in t.viqr_quality.items()}
    tone = {code: mark for mark, code in t.viqr_tone.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) > 1 and parts[0] in _VOWELS and all(p in quality or p in tone
                                                          for p in parts[1:]):
            marks = sorted(parts[1:], key=lambda p: p in tone)  # quality first
            out.append(parts[0] + "".join(quality.get(p) or tone[p] for p in marks))
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# detection and conversion

_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni, "viqr": decode_viqr}


def looks_viqr(text: str, counts: charstats.CharCounts | None = None) -> bool:
    """Mostly ASCII, with many vowel+mark sequences (``"Quye^'t"``, ``"ddi.nh"``)."""
    sample = text[:50000]
    counts = counts or charstats.count_chars(text)
    if counts.letters < 20 or counts.non_ascii_letters > counts.letters * 0.01:
        return False
    hints = len(_VIQR_HINT.findall(sample))
    words = max(1, len(sample.split()))
    return hints >= 3 and hints / words >= 0.1


def detect_legacy(text: str) -> str | None:
    """``"tcvn3"``, ``"vni"``, ``"viqr"`` or None for text that is already Unicode."""
    counts = charstats.count_chars(text)
    if looks_viqr(text, counts):
        return "viqr"
    if counts.clearly_unicode_vietnamese:
        # only lines with no letter a legacy font cannot produce can be legacy
        text = charstats.lines_without_vietnamese_only(text)
    words = _cp1252_word_counts(text)
    total = sum(words.values())
    if total < 3:
        return None
    scores = [0, 0, 0]  # syllables as printed, read as TCVN3, read as VNI
    for word, count in words.items():
        for k, is_one in enumerate(_readings_are_syllables(word)):
            scores[k] += count * is_one
    plain = scores[0]
    best, best_score = None, plain
    for name, score in zip(("tcvn3", "vni"), scores[1:], strict=True):
        if score > best_score:
            best, best_score = name, score
    if best and best_score - plain >= max(3, 0.2 * total):
        return best
    return None


@lru_cache(maxsize=16384)
def _readings_are_syllables(word: str) -> tuple[bool, bool, bool]:
    """Whether ``word`` as printed, read as TCVN3 and read as VNI is a syllable."""
    plain, tcvn3, vni = (is_syllable(unicodedata.normalize("NFC", reading))
                         for reading in (word, decode_tcvn3(word)[0], decode_vni(word)[0]))
    return plain, tcvn3, vni


@lru_cache(maxsize=1)
def _font_rules() -> list[tuple[re.Pattern[str], str, bool]]:
    return [(re.compile(pattern, re.IGNORECASE), encoding, capitals == "yes")
            for pattern, encoding, capitals in _rows("legacy_fonts.tsv")]


@lru_cache(maxsize=256)
def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font name implies: ``(".VnTimeH")`` → ``("tcvn3", True)``,
    ``"VNI-Times"`` → ``("vni", False)``, ``"Times New Roman"`` → None."""
    if not font:
        return None
    name = font.strip().split("+", 1)[-1]  # PDF subset prefixes: "ABCDEF+.VnTime"
    for pattern, encoding, capitals in _font_rules():
        if pattern.fullmatch(name):
            return encoding, capitals
    return None




@lru_cache(maxsize=1)
def _cp1252_run() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(map(re.escape, _CP1252_CHARS))) + "]*")


def _cp1252_only(text: str) -> bool:
    return _cp1252_run().fullmatch(text) is not None


def convert_legacy_mapped(text: str, encoding: str | None = None
                          ) -> tuple[str, OffsetMap, str | None]:
    """Convert legacy-encoded text to Unicode, with the map back to the input.

    ``encoding`` skips detection (a Word run whose font says ".VnTime"). Lines holding
    characters no legacy font can produce (real Unicode) are left as they are.
    """
    encoding = encoding or detect_legacy(text)
    if encoding not in _DECODERS:
        return text, OffsetMap.identity(len(text)), None
    if encoding == "viqr":
        converted, mapping = decode_viqr(text)
        return converted, mapping, encoding
    out = TextBuilder()
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        if _cp1252_only(line) and not line.isascii():
            converted, mapping = _DECODERS[encoding](line)
            if converted == line:
                out.copy(text, start, end)
            else:
                for k, ch in enumerate(converted):
                    s, e = mapping.to_source(k, k + 1)
                    out.replace(ch, start + s, start + e)
        else:
            out.copy(text, start, end)
        start = end
    converted, mapping = out.build(len(text))
    return converted, mapping, encoding


def convert_legacy(text: str) -> tuple[str, str | None]:
    """Detect and convert: ``("Quyết định", "tcvn3")`` for ``"QuyÕt ®Þnh ..."``.

    Returns the text unchanged and None when it is not legacy-encoded. For PDF text
    layers and any already-decoded string; see :func:`convert_legacy_mapped` for offsets.
    """
    converted, _mapping, encoding = convert_legacy_mapped(text)
    return converted, encoding


def decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: the best of Windows-1258, TCVN3 and VNI."""
    as1252 = bytes_as_cp1252(data)
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    legacy = detect_legacy(as1252)
    if legacy in ("tcvn3", "vni"):
        words_1258 = _legacy_words(cp1258)
        converted, _m, _e = convert_legacy_mapped(as1252, legacy)
        words_legacy = _legacy_words(converted)
        if _ratio(words_legacy) >= _ratio(words_1258):
            return converted, legacy
    if legacy == "viqr":
        return decode_viqr(as1252)[0], "viqr"
    return cp1258, "windows-1258"


def _ratio(words: list[str]) -> float:
    return _score(words) / len(words) if words else 0.0
