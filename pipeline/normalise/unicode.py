"""Unicode NFC, one tone-mark placement, tidy whitespace: with an offset map.

Vietnamese text arrives composed or decomposed, with the tone of "oa", "oe",
"uy" on either vowel ("hoá"/"hóa", "thuỷ"/"thủy"). We write the traditional
placement used by government documents: "hóa", "thủy", "Ủy" (the mark moves to
the first vowel only in an open syllable; "hoàn", "thuyết" are untouched).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.offsets import OffsetMap, TextBuilder

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_OPEN_PAIR = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])(?![\w])")
_WORD = re.compile(r"[^\W\d_]+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def place_tone(word: str) -> str:
    """Move the tone of a final open "oa/oe/uy" to its first vowel: "hoá" → "hóa"."""
    decomposed = unicodedata.normalize("NFD", word)
    base = "".join(c for c in decomposed if c not in _TONES)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base_nfc = unicodedata.normalize("NFC", base)
    match = _OPEN_PAIR.search(base_nfc)
    if not match or match.end() != len(base_nfc) or len(base_nfc) > 5:
        return word
    if base_nfc.lower() in {"gia", "qua"}:
        return word
    first = match.start()
    target = base_nfc[:first + 1] + tones[0] + base_nfc[first + 1:]
    return unicodedata.normalize("NFC", target)


# "(?<![qQ])(?:[oO][àá…]|[uU][ỳý…])(?!\w)", written to start with a character class
# so that the regex engine scans for o/u at C speed
_TONED_OPEN_PAIR = re.compile(
    r"[oOuU](?<![qQ].)(?:(?<=[oO])[àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ]|(?<=[uU])[ỳýỷỹỵỲÝỶỸỴ])(?!\w)")


def normalise_unicode(text: str) -> tuple[str, OffsetMap]:
    """NFC per character cluster, tone placement per word, zero-widths dropped."""
    if unicodedata.is_normalized("NFC", text) and not any(z in text for z in _ZERO_WIDTH):
        nfc, nfc_map = text, OffsetMap.identity(len(text))
    else:
        nfc, nfc_map = _compose(text)
    if not _TONED_OPEN_PAIR.search(nfc):
        return nfc, nfc_map
    placed, placed_map = _place_tones(nfc)
    return placed, placed_map.compose(nfc_map)


def _compose(text: str) -> tuple[str, OffsetMap]:
    out = TextBuilder()
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster in _ZERO_WIDTH:
            i = j
            continue
        composed = unicodedata.normalize("NFC", cluster)
        if composed == cluster:
            out.copy(text, i, j)
        else:
            out.replace(composed, i, j)
        i = j
    return out.build(n)


def _place_tones(nfc: str) -> tuple[str, OffsetMap]:
    """Respell only the words the fast pattern found, e.g. "hoá" → "hóa"."""
    placed = TextBuilder()
    last = 0
    for hit in _TONED_OPEN_PAIR.finditer(nfc):
        start = hit.start()
        while start > 0 and nfc[start - 1].isalpha():
            start -= 1
        if start < last:
            continue
        word = nfc[start:hit.end()]
        fixed = place_tone(word) if len(word) <= 5 else word
        if fixed != word:
            placed.copy(nfc, last, start)
            placed.replace(fixed, start, hit.end())
            last = hit.end()
    placed.copy(nfc, last, len(nfc))
    return placed.build(len(nfc))


_BLANK = "[ \t\u00a0\u2000-\u200b\u202f\u3000]"
# "\r\n?|{_BLANK}{2,}|\u00a0", written to start with a character class (fast scan)
_UNTIDY = re.compile(rf"[\r \t\u00a0\u2000-\u200b\u202f\u3000]"
                     rf"(?:(?<=\r)\n?|(?<={_BLANK}){_BLANK}+|(?<=\u00a0))")
_RARE_BLANKS = "\r\t\u00a0\u202f\u3000" + "".join(map(chr, range(0x2000, 0x200C)))


def tidy_whitespace(text: str) -> tuple[str, OffsetMap]:
    """CRLF to LF, runs of spaces and tabs (except a lone tab cell break) to one space."""
    if "  " not in text and not any(blank in text for blank in _RARE_BLANKS):
        # only single spaces: nothing to do (one substring search each beats a regex scan)
        return text, OffsetMap.identity(len(text))
    out = TextBuilder()
    last = 0
    for match in _UNTIDY.finditer(text):
        out.copy(text, last, match.start())
        token = match.group()
        if token.startswith("\r"):
            out.replace("\n", match.start(), match.end())
        else:
            out.replace("\t" if "\t" in token else " ", match.start(), match.end())
        last = match.end()
    out.copy(text, last, len(text))
    return out.build(len(text))
