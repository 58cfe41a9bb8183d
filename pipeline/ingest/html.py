"""Saved web pages: keep the article, drop navigation, banners, counters, footers.

HTML is parsed (lxml through BeautifulSoup), never executed: scripts, styles,
forms, frames and embedded objects are dropped with their content, nothing is
fetched (no network, no external entities), and attributes (``onerror=``,
``href=``) never reach the text. A page typed in a legacy font
(``<font face=".VnTime">``) is converted after its text is extracted.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from pipeline.document import RawDocument
from pipeline.errors import NotADocumentError
from pipeline.ingest.decode import check_text, decode_plain, with_legacy
from pipeline.ingest.text import split_pages
from pipeline.limits import Limits

_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form",
         "iframe", "svg", "button", "select", "input", "template", "object", "embed"]
_CHROME = re.compile(r"menu|nav|banner|footer|header|sidebar|breadcrumb|counter|share|"
                     r"social|login|search|advert|quangcao|lienket|weblink|thongke",
                     re.IGNORECASE)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
           "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt"}


def _is_chrome(tag: Tag) -> bool:
    attrs = " ".join([tag.get("id") or "", " ".join(tag.get("class") or [])])
    return bool(attrs.strip()) and bool(_CHROME.search(attrs))


def _main_element(soup: BeautifulSoup) -> Tag:
    for selector in ("article", "main", "[itemprop=articleBody]"):
        found = soup.select_one(selector)
        if found and len(found.get_text(strip=True)) > 200:
            return found
    best, best_score = soup.body or soup, 0.0
    for tag in soup.find_all(["div", "section", "td"]):
        paragraphs = tag.find_all("p", recursive=True)
        text_len = sum(len(p.get_text(strip=True)) for p in paragraphs)
        links = sum(len(a.get_text(strip=True)) for a in tag.find_all("a"))
        score = text_len - 2 * links
        if score > best_score:
            best, best_score = tag, score
    return best


def _text_of(element: Tag) -> str:
    lines: list[str] = []
    current: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag):
            if node.name in _BLOCKS and current:
                lines.append(" ".join(current))
                current = []
            if node.name == "td" and current:
                current.append("\t")
            continue
        text = " ".join(str(node).split())
        if text:
            current.append(text)
    if current:
        lines.append(" ".join(current))
    return "\n\n".join(line.strip() for line in lines if line.strip())


def html_to_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "lxml")
    for name in _DROP:
        for tag in soup.find_all(name):
            tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and tag.attrs is not None and _is_chrome(tag) \
                and tag.name not in ("body", "html"):
            tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    main = _main_element(soup)
    body = _text_of(main)
    # the page's <title> stands in for a missing headline; beside an <h1> it is the site's name
    if title and title[:40] not in body and main.find("h1") is None:
        body = f"{title}\n\n{body}"
    return body


def decode_markup(data: bytes, source: str) -> tuple[str, str]:
    """The markup as text; legacy-font detection waits for the extracted text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_plain(data, source)


def read(data: bytes, source: str, doc_id: str, limits: Limits) -> RawDocument:
    markup, encoding = decode_markup(data, source)
    try:
        text = html_to_text(markup)
    except (RecursionError, ValueError) as err:  # absurdly nested or broken markup
        raise NotADocumentError(f"cannot parse the HTML: {type(err).__name__}",
                                source=source, stage="ingest") from err
    limits.check_text_length(len(text), source)
    if encoding in ("utf-8", "utf-16"):
        text, encoding = with_legacy(text, encoding)
    text = check_text(text, source)
    return RawDocument(source=source, doc_id=doc_id, input_kind="html", text=text,
                       pages=split_pages(text), encoding=encoding)
