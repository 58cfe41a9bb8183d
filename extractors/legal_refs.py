"""Legal references: find → resolve → merge, in the manner of eyecite.

find:    citations on the folded text: a type word and a number ("quyet dinh so
         90/qd-ttg"), a bare number in a list ("… va 9637/qd-ubnd"), a type and a date
         ("quyet dinh ngay 12/3/2023"), a law by name ("Luật Ngân sách nhà nước").
resolve: what follows each citation: its date, issuer ("của UBND tỉnh Bình Định",
         else from the symbol: TTg → Thủ tướng Chính phủ), subject ("về việc …"),
         and an article before it ("Điều 14, Thông tư …").
merge:   the same document cited several times is one reference with many mentions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors import Found
from extractors.agencies import canonical_body
from extractors.dates import parse_date
from extractors.docindex import DocIndex
from extractors.lexicon import doc_type_words, load_yaml, symbol_issuers
from extractors.numbers import NUMBER, canonical_number, number_key
from extractors.scan import LETTERS, finditer_at, starts_within, word_alternation
from pipeline.document import Document
from pipeline.normalise.fold import fold
from pipeline.records import LegalReference, Mention

UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_CONNECT = re.compile(r"\s*(?:so|s[o0-9e]?)?\s*[:.]?\s*")
_ARTICLE = re.compile(r"(?:khoan\s+\d+[a-z]?\s*,?\s*)?dieu\s+(\d+[a-z]?)\s*[,.]?\s*(?:cua\s+)?$")
_OWN_ISSUER = re.compile(r"\s*,?\s*(?:cua|do)\s+")
_CLAUSE_END = re.compile(r";|\.(?=\s|$)|\n\s*\n|\n\s*[-+•]|\n\s*(?:[ivx]+|\d+|[a-z])[.)]\s")
_PLAIN_NUMBER = re.compile(r"\s*(?:so|s[o0-9])\s*[:.]?\s*(\d{1,5})(?![\d/\w])")
_DATED = re.compile(r"\s*,?\s*ngay\b")


@dataclass
class Citation:
    start: int  # restored coords
    end: int
    doc_type: str
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    article: str | None = None
    tail: int = 0  # where resolution stopped
    extra_mentions: list[Mention] = field(default_factory=list)


@lru_cache(maxsize=1)
def _type_words() -> str:
    return "|".join(e.words.replace(" ", r"\s+") for e in doc_type_words())


@lru_cache(maxsize=1)
def _type_regex() -> re.Pattern[str]:
    # = (?<![a-z])({_type_words()})(?![a-z])
    words = [e.words for e in doc_type_words()]
    return re.compile(rf"({word_alternation(words, '[a-z]')})(?![a-z])")


def _type_code(folded_words: str) -> str:
    return _type_codes().get(" ".join(folded_words.split()), "van_ban")


@lru_cache(maxsize=1)
def _type_codes() -> dict[str, str]:
    """Type words → code; the first entry of the same words wins, as in a scan."""
    codes: dict[str, str] = {}
    for entry in doc_type_words():
        codes.setdefault(entry.words, entry.code)
    return codes


def _type_from_symbol(number: str) -> str | None:
    types = load_yaml("symbols.yaml")["types"]
    parts = re.findall(r"[a-z]+", number_key(number))
    return types.get(parts[0]) if parts else None


def type_word_starts(doc: Document, index: DocIndex) -> list[int]:
    """Where a type word may start in ``doc.folded`` (a superset, found once per document):
    ``_type_regex`` and the deadlines' citation pattern match only there."""
    if index.type_word_starts is None:
        index.type_word_starts = starts_within(doc.folded, _loose_type_regex(), LETTERS)
    return index.type_word_starts


@lru_cache(maxsize=1)
def _loose_type_regex() -> re.Pattern[str]:
    """The type words after no letter, whatever follows them."""
    return re.compile(word_alternation([e.words for e in doc_type_words()], "[a-z]"))


def _find_typed(doc: Document, index: DocIndex) -> list[Citation]:
    folded = doc.folded
    found: list[Citation] = []
    for match in finditer_at(_type_regex(), folded, type_word_starts(doc, index)):
        code = _type_code(match.group(1))
        pos = match.end()
        connect = _CONNECT.match(folded, pos)
        after = connect.end() if connect else pos
        number = NUMBER.match(folded, after)
        if number:
            found.append(Citation(match.start(), number.end(), code,
                                  number=canonical_number(doc.cut(after, number.end()))))
            continue
        plain = _PLAIN_NUMBER.match(folded[pos:pos + 20])
        if plain and code != "luat":
            found.append(Citation(match.start(), pos + plain.end(), code, number=plain.group(1)))
            continue
        dated = _DATED.match(folded[pos:pos + 12])
        if dated and code not in ("luat", "van_ban") and _is_title_case(doc, match.start()):
            date = parse_date(folded, pos + dated.start() + (dated.group().find("ngay")))
            if date and date.day:
                found.append(Citation(match.start(), date.end, code, date=date.iso))
            continue
        if code == "luat" and _is_title_case(doc, match.start()):
            inside = any(c.doc_type == "luat" and c.start < match.start() < c.end for c in found)
            law = None if inside else _law(doc, match.start(), match.end())
            if law:
                found.append(law)
    return found


def _is_title_case(doc: Document, start: int) -> bool:
    return doc.restored.text[start:start + 1].isupper()


def _law(doc: Document, start: int, type_end: int) -> Citation | None:
    """ "Luật Tổ chức chính quyền địa phương", "Luật Phòng, chống bệnh truyền nhiễm năm 2007",
    "Luật sửa đổi, bổ sung một số điều của Luật …" (one law, up to its date)."""
    folded = doc.folded
    limit = min(len(folded), type_end + 200)
    if re.match(r"\s+sua doi", folded[type_end:]):
        stop = _AMENDING_LAW_STOP.search(folded, type_end, limit)
    else:
        text = doc.restored.text.replace("Phòng, chống", "Phòng  chống").replace(
            "phòng, chống", "phòng  chống")
        stop = _law_stop().search(text, type_end, limit)
    end = stop.start() if stop else min(len(folded), type_end + 80)
    year = re.match(r"\s+nam\s+\d{4}\b", folded[end:end + 12])
    if year:
        end += year.end()
    name = doc.cut(start, end).strip()
    words = name.split()
    if len(words) < 2 or not (words[1][:1].isupper() or fold(words[1]) == "sua"):
        return None
    cite = Citation(start, start + len(name), "luat", subject=" ".join(words), issuer="Quốc hội")
    numbered = re.match(r"\s+so\s*[:.]?\s*", folded[cite.end:cite.end + 12])
    number = NUMBER.match(folded, cite.end + numbered.end()) if numbered else None
    if number:
        cite.number = canonical_number(doc.cut(number.start(), number.end()))
        cite.end = number.end()
    return cite


@lru_cache(maxsize=1)
def _law_stop() -> re.Pattern[str]:
    words = sorted(load_yaml("symbols.yaml")["law_name_stops"], key=len, reverse=True)
    return re.compile(r"\s(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"
                      r"|[,;.:()“”\"]|" + _NEXT_LINE_ITEM)


# a line break ends a law's name only where a new item starts (an OCR text breaks its
# lines where the page did: "… Luật Tổ chức Chính phủ và Luật\nTổ chức chính quyền …")
_NEXT_LINE_ITEM = r"\n(?=\s*(?:[-+•*]|\d+[.)]|[Cc][aă]n c\w|[Xx][eé]t|\n))"
_AMENDING_LAW_STOP = re.compile(r"\sngay\b|[;:.(]|" + _NEXT_LINE_ITEM)


def _find_listed(doc: Document, typed: list[Citation]) -> list[Citation]:
    """Numbers cited without a type word, e.g. the second item of a list."""
    inside_typed = _Cover([(c.start, c.end) for c in typed])
    found = []
    for match in NUMBER.finditer(doc.folded):
        if inside_typed(match.start()):
            continue
        number = canonical_number(doc.cut(match.start(), match.end()))
        code = _type_from_symbol(number or "")
        if number and code:
            found.append(Citation(match.start(), match.end(), code, number=number))
    return found


class _Cover:
    """``any(s <= pos < e for s, e in spans)`` by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_ends = list(itertools.accumulate((e for _, e in spans), max))

    def __call__(self, pos: int) -> bool:
        index = bisect.bisect_right(self.starts, pos)
        return index > 0 and self.max_ends[index - 1] > pos


def _resolve_date(doc: Document, cite: Citation) -> None:
    folded = doc.folded
    window = re.match(r"\s*,?\s*(?:ban hanh\s+)?(?=ngay\b|\d{1,2}[/.-]\d)", folded[cite.end:cite.end + 30])
    if not window:
        cite.tail = cite.end
        return
    date = parse_date(folded, cite.end + window.end())
    if date and (date.day or date.month):
        cite.date = cite.date or date.iso
        cite.tail = date.end
    else:
        cite.tail = cite.end


def _clause_end(doc: Document, start: int) -> int:
    match = _CLAUSE_END.search(doc.folded, start)
    return match.start() if match else len(doc.folded)


@lru_cache(maxsize=1)
def _issuer_stop() -> re.Pattern[str]:
    openers = sorted(load_yaml("symbols.yaml")["subject_openers"], key=len, reverse=True)
    return re.compile(r"\s(?:" + "|".join(re.escape(o) for o in openers) + r")(?!\w)"
                      rf"|[,;“\"(]|\n\s*\n|\n(?=\s*(?:[-+•]|\d+\.|[IVX]+\.))"
                      rf"|\svà\s+(?![{UPPER}])"
                      # "của Thủ tướng Chính phủ và Nghị quyết số 24/2021/NQ-HĐND …": the next citation
                      r"|\svà\s+(?=(?:\S+\s+){1,3}(?:[Ss]ố\s*)?\d+[/-])")


def _issuer_end(doc: Document, start: int, limit: int) -> int:
    """Where the issuer phrase after "của" ends: before a lower-case subject opener."""
    stop = _issuer_stop().search(doc.restored.text, start, limit)
    return stop.start() if stop else limit


def _resolve_issuer_and_subject(doc: Document, cite: Citation, found: Found) -> None:
    folded = doc.folded
    end = _clause_end(doc, cite.tail)
    pos = cite.tail
    own = _OWN_ISSUER.match(folded, pos)
    if own and own.end() < end:
        issuer_end = _issuer_end(doc, own.end(), min(end, own.end() + 120))
        if re.fullmatch(r"\s*(?:bo truong|chu tich|thu truong|giam doc|truong ban)\s*",
                        folded[own.end():issuer_end]) and folded[issuer_end:issuer_end + 1] == ",":
            # "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ": the title needs its office
            issuer_end = _issuer_end(doc, issuer_end + 1, min(end, issuer_end + 120))
        text = doc.cut(own.end(), issuer_end).strip()
        if text:
            cite.issuer = canonical_body(text, found.places)
        pos = issuer_end
    elif cite.issuer is None:
        cite.issuer = _issuer_before(doc, cite, found)
    if cite.issuer is None and cite.number:
        cite.issuer = _issuer_from_symbol(cite.number)
    cite.subject = cite.subject or _subject(doc, pos, end)


def _issuer_before(doc: Document, cite: Citation, found: Found) -> str | None:
    """ "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 2973 …": the body before the verb."""
    folded = doc.folded
    window_start = max(0, cite.start - 80)
    match = re.search(r"([^,;.\n]{3,70}?)\s+(?:da\s+)?ban hanh\s+$", folded[window_start:cite.start])
    if not match:
        return None
    text = doc.cut(window_start + match.start(1), window_start + match.end(1)).strip()
    body = canonical_body(text, found.places)
    return body if body and body[0].isupper() and len(body.split()) <= 12 else None


def _issuer_from_symbol(number: str) -> str | None:
    key = number_key(number)
    parts = re.findall(r"[a-z]+", key)
    issuers = symbol_issuers()
    if len(parts) >= 2 and f"{parts[0]}/{parts[-1]}" in issuers:
        return issuers[f"{parts[0]}/{parts[-1]}"]
    return issuers.get(parts[-1]) if parts else None


@lru_cache(maxsize=1)
def _sibling() -> re.Pattern[str]:
    """ "…, Quyết định số …" after a subject: the next citation of a list."""
    return re.compile(rf"\s*(?:\sva|,)\s+(?=(?:{_type_words()})\s+(?:so|s)?\s*[:.]?\s*\d)")


@lru_cache(maxsize=1)
def _main_clause() -> re.Pattern[str]:
    """ ", UBND thành phố xây dựng Kế hoạch …": the plan's own clause after a citation."""
    verbs = "|".join(fold(v) for v in load_yaml("symbols.yaml")["preamble_verbs"])
    return re.compile(rf",\s*[^,;]{{2,60}}?\s(?:{verbs})\s+ke hoach\b")


def _subject(doc: Document, start: int, end: int) -> str | None:
    folded = doc.folded
    cut = _sibling().search(folded, start, end) or _main_clause().search(folded, start, end)
    end = cut.start() if cut else end
    if re.match(r"\s*(?:va|hoac|,)\s", folded[start:end]):
        return None
    lead = re.match(r"[\s,:“\"]*(?:ve viec|v/v|ve)?[\s:“\"]*", folded[start:end])
    begin = start + (lead.end() if lead else 0)
    text = _without_nested_dates(" ".join(doc.cut(begin, end).strip(" ,.;“”\"\n").split()))
    # a quoted title inside the subject keeps its closing quote
    if text.count("“") > text.count("”"):
        text += "”"
    elif text.count('"') % 2:
        text += '"'
    return text if len(text) > 3 else None


# a document cited inside a subject: its date and issuer are left out, its number kept
# ("thực hiện Chỉ thị số 05-CT/TW ngày 23/6/2021 của Ban Bí thư Trung ương Đảng về …"
# → "thực hiện Chỉ thị số 05-CT/TW về …")
_NESTED_DATE = re.compile(
    r"(?<=\d)(?P<symbol>(?:[/-][\w.&-]+)*)\s+ngày\s+\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|"
    r"\s+tháng\s+\d{1,2}\s+năm\s+\d{4})(?:\s+của\s+)?", re.IGNORECASE)


def _without_nested_dates(text: str) -> str:
    out, pos = [], 0
    for match in _NESTED_DATE.finditer(text):
        out.append(text[pos:match.end("symbol")])
        pos = match.end()
        if match.group().rstrip().lower().endswith("của"):  # the issuer, up to an opener
            stop = _issuer_stop().search(" " + text, pos + 1)
            pos = stop.start() - 1 if stop else len(text)
            if text[pos:pos + 1] == ",":
                pos += 1
    out.append(text[pos:])
    return " ".join(" ".join(out).split())


def _resolve_article(doc: Document, cite: Citation) -> None:
    before = doc.folded[max(0, cite.start - 30):cite.start]
    match = _ARTICLE.search(before)
    if match:
        cite.article = match.group(1)
        cite.start = cite.start - (len(before) - match.start())


def _key(cite: Citation) -> str:
    if cite.number:
        return number_key(cite.number)
    if cite.doc_type == "luat":
        return "luat:" + number_key(cite.subject or "")
    return f"{cite.doc_type}:{cite.date}"


def _merge(doc: Document, cites: list[Citation]) -> list[LegalReference]:
    merged: dict[str, LegalReference] = {}
    for cite in sorted(cites, key=lambda c: c.start):
        mention = doc.mention(cite.start, max(cite.tail, cite.end))
        key = _key(cite)
        if key not in merged:
            merged[key] = LegalReference(
                doc_type=cite.doc_type, number=cite.number, date=cite.date,  # type: ignore[arg-type]
                issuer=cite.issuer, subject=cite.subject, article=cite.article,
                mentions=[mention])
            continue
        ref = merged[key]
        ref.mentions.append(mention)
        for name in ("date", "issuer", "subject", "article"):
            if getattr(ref, name) is None and getattr(cite, name) is not None:
                setattr(ref, name, getattr(cite, name))
    return list(merged.values())


def find_references(doc: Document, found: Found) -> list[LegalReference]:
    """Every document the text cites, once each, with all its mentions."""
    typed = _find_typed(doc, found.index(doc))
    cites = typed + _find_listed(doc, typed)
    own = number_key(found.meta.number) if found.meta and found.meta.number else None
    header = doc.header.number
    cites = [c for c in cites if not (own and c.number and number_key(c.number) == own)
             and not (header and header.start <= c.start < header.end)]
    for cite in cites:
        _resolve_article(doc, cite)
        if cite.doc_type != "luat":
            _resolve_date(doc, cite)
            _resolve_issuer_and_subject(doc, cite, found)
        else:
            cite.tail = cite.end
            _resolve_date(doc, cite)
    return _merge(doc, cites)


def extract(doc: Document, found: Found) -> None:
    found.references = find_references(doc, found)
