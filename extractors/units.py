"""Assigned units: who is given which tasks, in which role, reporting to whom.

Read from the implementation part ("Tổ chức thực hiện" and its equivalents):
each numbered heading names one or more bodies ("Phòng Văn hóa và Thông tin,
Trung tâm Văn hóa - Thông tin - Thể thao huyện" is two units sharing tasks);
its bullets or sentences are the tasks; role verbs give the roles. An unnumbered
line that assigns work by name ("Giao Công chức … theo dõi …", "Đề nghị …") is a
unit too, and so is a body a unit's task directs ("Chỉ đạo Chi cục Thủy sản thực
hiện …" under the Sở). Task tables ("Cơ quan chủ trì", "Cơ quan phối hợp"), in
the body or in an appendix after the signature, are read by ``extractors.task_tables``.

Levels come from the name, else from the issuer (``LevelOf``): a "thành phố" is a
province in a centrally-run city's plan and a district elsewhere; classes of actors
("Các doanh nghiệp viễn thông", "Các hộ nghèo") have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors import Found, UnitBlock
from extractors.agencies import respell
from extractors.docindex import DocIndex
from extractors.lexicon import (
    expand_abbreviations,
    is_central_city,
    load_yaml,
    names_central_city,
)
from extractors.task_tables import read_task_tables
from pipeline.document import Document, Section, Span
from pipeline.normalise.fold import fold, fold_key
from pipeline.records import Unit

_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])|\n\s*\n")
_HEADING_MARKER = re.compile(r"\s*(?:\*\*)?(?:phan\s+)?(?:[\divxl]+(?:\.\d+)*\s*[.)/-]|"
                             r"[a-zđ]\s*[).]|[-+•])\s*")
# the levels of a unit name (``LevelOf``)
_VILLAGE = re.compile(r"(?<!nong )\bthon\b|\bban\b.*\bkhu pho\b|\bto dan pho\b")
_COMMUNE = re.compile(r"(?<!thi )\bxa\b(?! hoi)|\bthi tran\b|\bphuong\b|cong chuc")
_PROVINCE = re.compile(r"\btinh\b")
_DISTRICT = re.compile(r"\bhuyen\b|\bthi xa\b")
_CITY = re.compile(r"\bthanh pho\b")
_NAME_SPLIT = re.compile(r"\s*([;,])\s*|\s+(và)\s+(?=(?:Sở|Phòng|Ủy ban|UBND|Ban|Trung tâm|Công an|"
                         r"Bộ|Đài|Hội|Đoàn|Liên đoàn|Văn phòng|Chi cục|Ngân hàng|Bảo hiểm)\b)")
_REPORT_TO = re.compile(r"gui ve\s+|bao cao(?: ket qua[^,;.]*?)?\s+(?:cho|ve|len)\s+|"
                        r"bao cao\s+(?=ubnd|uy ban|so |phong )")
_REPORT_TARGET_END = re.compile(r"\s(?:de|theo|truoc|dinh ky|ve ket qua|ve tinh hinh|ket qua|"
                                r"tinh hinh|xem xet|trong|sau khi)\b|[.;()]")
_TIME_ADVERBS = re.compile(r"^(?:dinh ky|dot xuat|hang nam|hang thang|hang quy|thuong xuyen|"
                           r"kip thoi|[,\s])+")


def _data() -> dict:
    return load_yaml("roles.yaml")


@dataclass(frozen=True)
class _Words:
    """Tuples and patterns built once from ``roles.yaml``."""

    body_starts: tuple[str, ...]  # "phong ", "trung tam ", …
    heading_starts: tuple[str, ...]  # body starts and heading prefixes
    task_verbs: tuple[str, ...]  # "phoi hop ", …
    verb_after_word: re.Pattern[str]
    role_cut: re.Pattern[str]
    role_verbs: tuple[str, ...]
    roles: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]  # role, verbs, \bverb\b
    actor_classes: tuple[str, ...]  # "doanh nghiep ", …: level null
    directed: re.Pattern[str]  # "chi dao Chi cuc Y" + the verb that ends the name


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = _data()
    verbs = [v for vs in data["roles"].values() for v in vs]
    return _Words(
        body_starts=tuple(s + " " for s in data["body_starts"]),
        heading_starts=tuple(w + " " for w in data["body_starts"] + data["heading_prefixes"]),
        task_verbs=tuple(v + " " for v in data["task_verbs"]),
        verb_after_word=re.compile(rf"(\S+)\s(?:{'|'.join(data['task_verbs'])})\b"),
        role_cut=re.compile(r",\s+(?=(?:" + "|".join(verbs) + r")\b)"),
        role_verbs=tuple(verbs),
        roles=tuple((role, tuple(vs), re.compile(rf"\b(?:{'|'.join(vs)})\b"))
                    for role, vs in data["roles"].items()),
        actor_classes=tuple(w + " " for w in data["actor_classes"]),
        directed=re.compile(rf"\bchi dao(?:\s*,\s*(?:huong dan|don doc))?\s+"
                            rf"((?:{'|'.join(data['directed_bodies'])})\s[^;:.]*?)\s+"
                            rf"(?=(?:{'|'.join(data['task_verbs'])})\b)"),
    )


@dataclass
class _Draft:
    names: list[str]
    printed: list[str]
    heading: Span
    span: Span
    tasks: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    reports_to: list[str] = field(default_factory=list)
    requested: bool = False  # "Đề nghị …": outside the issuer's authority
    directed_by: list[str] = field(default_factory=list)  # the unit whose task directs it


def implementation_sections(doc: Document, index: DocIndex | None = None) -> list[Section]:
    return (index or DocIndex(doc)).find_sections(*_data()["implementation_headings"])


def _heading_text(doc: Document, section: Section) -> tuple[int, int, int | None]:
    """(name start, name end, task start) of a unit heading line."""
    line = section.heading
    folded = doc.folded[line.start:line.end]
    offset = len(folded) - len(folded.lstrip())
    match = _HEADING_MARKER.match(folded)
    start = line.start + (match.end() if match else offset)
    colon = folded.find(":", start - line.start)
    if colon >= 0:
        end = line.start + colon
        task = line.start + colon + 1
        return start, end, task if doc.folded[task:line.end].strip() else None
    if len(doc.folded[start:line.end].split()) > 6:
        for runs_on in _words().verb_after_word.finditer(doc.folded[start:line.end]):
            if runs_on.group(1) not in ("cac", "va", "cua", "cho", "cong") \
                    and not runs_on.group(1).endswith(","):
                cut = start + runs_on.end(1)
                return start, cut, cut + 1
    return start, line.end, None


def split_names(text: str) -> list[str]:
    """ "Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thông tin - Thể thao huyện" → two."""
    starts = _words().body_starts
    parts = _NAME_SPLIT.split(text)
    parts = [p for p in parts if p is not None]
    names: list[str] = []
    after_semicolon = False
    joined = False  # "Văn phòng HĐND và UBND": one office of two bodies
    for part in parts:
        if part in (";", ","):
            after_semicolon = part == ";"
            continue
        if part == "và":
            joined = bool(names) and fold(names[-1]).startswith("van phong ")
            continue
        if not part.strip():
            continue
        if joined and not fold(part).startswith("van phong "):
            names[-1] = f"{names[-1]} và {part}"
        elif joined:
            names.append(part)
        elif names and (after_semicolon or part[:1].isupper() and fold(part).startswith(starts)):
            names.append(part)
        elif names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
        joined = False
    return [n.strip(" .:") for n in names if n.strip(" .:")]


@lru_cache(maxsize=8192)
def clean_name(text: str) -> str:
    """Expanded, prefixed words and trailing level dropped, known bodies respelled."""
    text = " ".join(expand_abbreviations(text.replace("*", " ")).split()).strip(" .:-")
    folded = fold(text)
    for prefix in _data()["heading_prefixes"]:
        if folded.startswith(prefix + " "):
            text = text[len(prefix) + 1:].strip()
            folded = fold(text)
    for level in _data()["trailing_levels"]:
        if folded.endswith(" " + level) and len(folded.split()) > 2 \
                and not folded[:-len(level)].rstrip().endswith(","):
            text = text[:-len(level) - 1].rstrip(" ,")
            folded = fold(text)
        inside = folded.find(f" {level} va ")  # "Ủy ban MTTQ Việt Nam huyện và các tổ chức …"
        if inside > 0:
            text = text[:inside] + text[inside + len(level) + 1:]
            folded = fold(text)
    text = respell(text)
    return text[:1].upper() + text[1:]


def _is_unit_heading(doc: Document, section: Section) -> bool:
    start, end, task_start = _heading_text(doc, section)
    folded = doc.folded[start:end].strip()
    starts = _words().heading_starts
    if section.kind in ("dash", "plus") and ":" not in doc.folded[start:start + 100] \
            and not folded.startswith(("giao ", "de nghi ", "kinh de nghi ", "yeu cau ")):
        return False  # a bullet names a unit as "- Phòng …: task" or "- Giao Phòng … task"
    verbs = _words().task_verbs
    return bool(folded) and (folded + " ").startswith(starts) and len(folded) < 160 \
        and not (folded + " ").startswith(verbs)


def _unit_sections(doc: Document, section: Section) -> list[Section]:
    """Unit headings under an implementation part, at any depth ("2. Trách nhiệm của các
    cơ quan" → "a) Phòng …"); a unit's own bullets are its tasks, not more units."""
    found: list[Section] = []
    for child in section.children:
        inner = _unit_sections(doc, child) if child.kind in ("roman", "arabic", "letter") else []
        if inner:
            found.extend(inner)  # "1. Trách nhiệm của các bộ phận" holds the units
        elif _is_unit_heading(doc, child):
            found.append(child)
    return found


def _listed_departments(doc: Document, start: int, end: int, task_start: int | None,
                        line_end: int) -> list[str] | None:
    """ "Các sở: Y tế, Giáo dục và Đào tạo, Nông nghiệp và PTNT" → "Sở Y tế", … (None when
    the heading is no such list)."""
    head = _data()["listed_heads"].get(" ".join(doc.folded[start:end].split()))
    if head is None or task_start is None:
        return None
    items = [re.sub(r"^và\s+", "", i.strip(" .;")) for i in doc.cut(task_start, line_end).split(",")]
    if len(items) < 2 or not all(i[:1].isupper() and len(i.split()) <= 8 for i in items) or any(
            (fold(i) + " ").startswith(_words().task_verbs) for i in items):
        return None
    return [f"{head} {item}" for item in items]


def _names_a_unit(doc: Document, line: Section) -> bool:
    """An unnumbered line that opens with a body and its task; not the issuer speaking
    ("Ủy ban nhân dân huyện yêu cầu các cơ quan …")."""
    start, end, task_start = _heading_text(doc, line)
    name = f" {' '.join(doc.folded[start:end].split())} "
    return task_start is not None and _is_unit_heading(doc, line) \
        and not any(f" {verb} " in name for verb in _data()["issuer_verbs"])


def _assigning_paragraphs(doc: Document, part: Section) -> list[Section]:
    """Unnumbered lines of an implementation part that assign work by name ("Giao Công
    chức Văn hóa - Xã hội theo dõi, tổng hợp …", "Đề nghị Ủy ban MTTQ …"), as sections
    of one line; lines inside a numbered or bulleted item are that item's."""
    inside = [(c.start, c.end) for c in part.children]
    found = []
    for line in doc.lines:
        if not part.heading.end <= line.start < part.end \
                or any(s <= line.start < e for s, e in inside):
            continue
        folded = doc.folded[line.start:line.end]
        rest = folded.removeprefix("kinh ").removeprefix("de nghi ").removeprefix("giao ")
        section = Section(line.start, line.end, marker="", kind="arabic",
                          heading=Span(line.start, line.end), title=folded)
        if rest != folded and (rest + " ").startswith(_words().body_starts) \
                and not rest.startswith("cac "):
            found.append(section)
        elif doc.restored.text[line.start:line.start + 1].isupper() \
                and (folded + " ").startswith(_words().body_starts) \
                and not folded.startswith("cac ") and _names_a_unit(doc, section):
            found.append(section)  # "Phòng Văn hóa và Thông tin chủ trì, phối hợp …"
    return found


def _drafts(doc: Document, index: DocIndex) -> list[_Draft]:
    drafts: list[_Draft] = []
    seen: set[int] = set()
    for part in implementation_sections(doc, index):
        for child in _unit_sections(doc, part) + _assigning_paragraphs(doc, part):
            if child.start in seen:
                continue
            seen.add(child.start)
            start, end, task_start = _heading_text(doc, child)
            printed = split_names(doc.cut(start, end))
            listed = _listed_departments(doc, start, end, task_start, child.heading.end)
            if listed:
                printed, task_start = listed, None
            draft = _Draft(names=[clean_name(n) for n in printed], printed=printed,
                           heading=Span(start, end), span=Span(child.start, child.end),
                           requested=fold(doc.cut(start, end)).startswith(("de nghi", "kinh de nghi")))
            draft.tasks = _tasks(doc, child, task_start)
            drafts.append(draft)
    return drafts


def _directed(doc: Document, drafts: list[_Draft]) -> list[_Draft]:
    """Bodies a unit's task directs: "- Chỉ đạo Chi cục Thủy sản thực hiện giám sát …;"
    under the Sở is a unit too, whose task is "Thực hiện giám sát …" and whose block
    (for the deadlines) is the rest of that line."""
    found: list[_Draft] = []
    pattern = _words().directed
    for draft in drafts:
        for match in pattern.finditer(doc.folded, draft.span.start, draft.span.end):
            before = doc.folded[max(0, match.start() - 3):match.start()].rstrip(" *")
            if before and before[-1] not in "\n-+•;:.":
                continue  # not at the start of a clause
            line = doc.line_at(match.start())
            line_end = line.end if line is not None else draft.span.end
            clause = re.search(r"[;.](?=\s|$)", doc.folded[match.end():line_end])
            task_end = match.end() + clause.start() if clause else line_end
            rest = " ".join(doc.cut(match.end(), task_end).split()).strip(" ,")
            printed = split_names(doc.cut(match.start(1), match.end(1)))
            found.append(_Draft(names=[clean_name(n) for n in printed], printed=printed,
                                heading=Span(match.start(1), match.end(1)),
                                span=Span(match.start(), line_end),
                                tasks=[rest[:1].upper() + rest[1:]] if rest else [],
                                directed_by=draft.names))
    return found


def _tasks(doc: Document, section: Section, task_start: int | None) -> list[str]:
    """Bullets under the heading, else its sentences; split at a second role verb."""
    body_start = task_start if task_start is not None else section.heading.end
    spans: list[tuple[int, int]] = []
    bullets = [c for c in section.children if c.kind in ("dash", "plus", "letter")]
    if bullets:
        first = bullets[0].start
        if doc.folded[body_start:first].strip():
            spans.append((body_start, first))
        spans += [(b.heading.start, b.end) for b in bullets]
    else:
        spans.append((body_start, section.end))
    tasks: list[str] = []
    for start, end in spans:
        text = doc.cut(start, end).strip().lstrip("-+•* ")
        for sentence in _SENTENCE.split(text):
            tasks.extend(_split_roles(sentence))
    # "(Chi tiết nhiệm vụ tại Phụ lục kèm theo)" is a note, not a task
    return [t for t in tasks if len(t) > 3 and not (t.startswith("(") and t.endswith(")"))]


def _split_roles(sentence: str) -> list[str]:
    clean = " ".join(sentence.replace("*", "").split()).strip(" ;.,")
    if not clean:
        return []
    folded = fold(clean)
    cut = _words().role_cut.search(folded)
    first_role = folded.startswith(_words().role_verbs)
    if cut and first_role and not folded[:cut.start()].count(",") and \
            not folded.startswith(("chu tri, phoi hop", "chu tri phoi hop")):
        rest = clean[cut.end():]
        return [clean[:cut.start()], rest[:1].upper() + rest[1:]]
    return [clean[:1].upper() + clean[1:]]


def roles_of(task: str, folded: str | None = None) -> list[str]:
    """Contract roles a task text gives: literal verbs, else ``implement``; each
    ";"-clause counts ("Tổ chức tuyên truyền …; hằng tháng báo cáo …" does both).
    ``folded``: ``fold(task)``, when the caller has it."""
    roles: list[str] = []
    for clause in (fold(task) if folded is None else folded).split(";"):
        if clause.strip().startswith(tuple(_data()["time_clause_starts"])):
            continue
        for phrase in _data()["not_roles"]:
            clause = clause.replace(phrase, " ")
        found = [role for role, verbs, pattern in _words().roles
                 if any(v in clause for v in verbs) and pattern.search(clause)]
        if found and any(m in clause for m in _data()["implement_markers"]):
            found.append("implement")
        for role in found or (["implement"] if clause.strip() else []):
            if role not in roles:
                roles.append(role)
    return roles or ["implement"]


def reports_to(task: str, places_doc: Document | None = None, folded: str | None = None) -> list[str]:
    """Bodies a reporting task sends results to: "gửi về Phòng …", "báo cáo UBND huyện và Sở …".
    ``folded``: ``fold(task)``, when the caller has it."""
    folded = fold(task) if folded is None else folded
    match = _REPORT_TO.search(folded)
    if not match:
        return []
    end = _REPORT_TARGET_END.search(folded[match.end():])
    chunk = " ".join(task[match.end():match.end() + (end.start() if end else 120)].split())
    chunk = re.sub(r"(?:\s+và|,)$", "", chunk)  # "báo cáo UBND huyện và [OCR lost] kết quả"
    starts = _words().body_starts
    bodies: list[str] = []
    for part in re.split(r"(\s+và\s+|,\s*)", chunk):
        name = part.strip(" .")
        if not name or fold(name).strip() in ("va", ""):
            continue
        if fold(name).startswith(starts) or not bodies:
            bodies.append(name)
        else:
            bodies[-1] = f"{bodies[-1]} và {name}"
    return [_report_target(b) for b in bodies if fold(b).startswith(starts)]


def _report_target(name: str) -> str:
    expanded = " ".join(expand_abbreviations(name).split())
    folded = fold(expanded)
    if folded.startswith("uy ban nhan dan"):
        return expanded[:1].upper() + expanded[1:]
    return clean_name(expanded)


def _apply_closing(doc: Document, drafts: list[_Draft]) -> UnitBlock | None:
    """ "Định kỳ trước ngày 10/11 hằng năm, báo cáo … về Phòng …" in the closing part."""
    span = doc.header.closing
    if span is None or not drafts:
        return None
    folded = doc.folded[span.start:span.end]
    if not re.search(r"dinh ky|hang nam|hang thang|truoc ngay", folded) or "bao cao" not in folded:
        return None
    targets = reports_to(doc.cut(span.start, span.end))
    target_keys = {fold_key(t) for t in targets}
    expanded = fold_key(expand_abbreviations(doc.cut(span.start, span.end)))
    named = [d for d in drafts if any(_named_in(name, expanded) for name in d.names)
             and not any(fold_key(n) in target_keys for n in d.names)]
    for draft in drafts:
        if draft.requested or any(fold_key(t) == fold_key(n) for t in targets for n in draft.names):
            continue
        draft.roles.append("report")
        draft.reports_to.extend(t for t in targets if t not in draft.reports_to)
    return UnitBlock(span=Span(span.start, span.end),
                     names=[n for d in named for n in d.names])


def _named_in(name: str, text_key: str) -> bool:
    words = fold_key(name).split()
    key = " ".join(w for w in words if w not in ("lien", "quan", "co"))
    return bool(key) and key in text_key


@dataclass(frozen=True)
class LevelOf:
    """The level of a unit named in one document: from its name, else the issuer's.

    ``central``: the issuer is a centrally-run city, whose "thành phố" bodies are
    provincial; elsewhere a "thành phố" is a district-level city."""

    issuer_level: str | None
    central: bool = False

    def __call__(self, name: str) -> str | None:
        folded = fold(expand_abbreviations(name))
        if (" ".join(folded.replace(",", " ").split()).removeprefix("cac ") + " ").startswith(
                _words().actor_classes):
            return None
        if _VILLAGE.search(folded):
            return "thon"
        if _COMMUNE.search(folded):
            return "xa"
        if _PROVINCE.search(folded):
            return "tinh"
        if folded.startswith(("bo ", "chinh phu", "thu tuong")) \
                and not folded.startswith("bo chi huy"):  # a province's military command
            return "trung_uong"
        if folded.startswith("so "):
            return "tinh"
        if _DISTRICT.search(folded):
            return "huyen"
        if _CITY.search(folded):
            return "tinh" if self.central else "huyen"
        return self.issuer_level


def level_of(found: Found) -> LevelOf:
    issuer_display = (found.meta.issuer or "") if found.meta else ""
    issuer = fold(issuer_display)
    city = _CITY.search(issuer)
    central = False
    if city:
        province = found.places.province
        central = names_central_city(issuer_display) if issuer[city.end():].strip() else bool(
            province and is_central_city(province.name))  # "Ủy ban nhân dân thành phố"
    if issuer.startswith("so ") or " tinh " in f" {issuer} " and not re.search(
            r"\bhuyen\b|\bxa\b", issuer):
        return LevelOf("tinh", central)
    for word, level in (("xa", "xa"), ("thi tran", "xa"), ("phuong", "xa"),
                        ("huyen", "huyen"), ("thi xa", "huyen"), ("quan", "huyen")):
        if re.search(rf"\b{word}\b", issuer):
            return LevelOf(level, central)
    if city:
        return LevelOf("tinh" if central else "huyen", central)
    return LevelOf(None, central)


def extract(doc: Document, found: Found) -> None:
    """Fill ``found.units`` and ``found.unit_blocks``."""
    drafts = _drafts(doc, found.index(doc))
    drafts += _directed(doc, drafts)
    for draft in drafts:
        for task in draft.tasks:
            folded = fold(task)
            draft.roles.extend(r for r in roles_of(task, folded) if r not in draft.roles)
            draft.reports_to.extend(t for t in reports_to(task, folded=folded)
                                    if t not in draft.reports_to)
    closing = _apply_closing(doc, drafts)
    level = level_of(found)
    units: dict[str, Unit] = {}
    for draft in drafts:
        mention = doc.mention(draft.heading.start, draft.heading.end)
        for name, printed in zip(draft.names, draft.printed, strict=True):
            key = fold_key(name)
            if key in units:
                units[key].tasks.extend(draft.tasks)
                continue
            units[key] = Unit(name=name, level=level(printed),  # type: ignore[arg-type]
                              roles=list(dict.fromkeys(draft.roles)),  # type: ignore[arg-type]
                              tasks=list(draft.tasks), reports_to=list(draft.reports_to),
                              mentions=[mention])
        found.unit_blocks.append(UnitBlock(span=draft.span, names=draft.directed_by + draft.names))
    for row_unit, block in read_task_tables(doc, level):
        existing = units.get(fold_key(row_unit.name))
        if existing is None:
            units[fold_key(row_unit.name)] = row_unit
        else:
            existing.tasks.extend(t for t in row_unit.tasks if t not in existing.tasks)
            existing.roles.extend(r for r in row_unit.roles if r not in existing.roles)
            existing.mentions.extend(row_unit.mentions)
        found.unit_blocks.append(block)
    if closing is not None:
        found.unit_blocks.append(closing)
    found.units = list(units.values())
