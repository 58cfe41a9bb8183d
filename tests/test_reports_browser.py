"""Both HTML reports opened in a real headless Chromium (selenium).

Built from live pipeline output on the bundled samples (data/raw); only
structure and agreement with the DataFrames are asserted, never specific
extraction values. Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.cli import output_name
from pipeline.reports.compare import compare
from pipeline.reports.compare_html import render_compare
from pipeline.reports.review import KINDS, highlights, render_review, run_pipeline

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "raw").glob("*.txt"))
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromedriver are required (apt install chromium-driver)")
    profile = tempfile.mkdtemp(prefix="kehoach-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Live output of the samples in the ``kehoach run`` layout (DIR/json/), one
    document's title made hostile, a review page for each sample, and the report."""
    root = tmp_path_factory.mktemp("reports")
    (root / "json").mkdir()
    (root / "reviews").mkdir()
    processed, reviews = {}, {}
    for path in SAMPLES:
        doc, result = run_pipeline(path)
        processed[path] = (doc, result)
        data = json.loads(result.model_dump_json())
        if path == SAMPLES[0]:
            data["document"]["title"] = f"{data['document']['title']} {HOSTILE}"
        (root / "json" / output_name(str(path))).write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8")
        page = root / "reviews" / f"{path.stem}.html"
        page.write_text(render_review(doc, result), encoding="utf-8")
        reviews[result.document.doc_id] = f"reviews/{page.name}"
    comparison = compare(root)
    (root / "report.html").write_text(render_compare(comparison, reviews), encoding="utf-8")
    return root, comparison, processed


def _in_view(driver, element) -> bool:
    """The element is inside the window and inside the scrolling pane that holds it."""
    return driver.execute_script("""
        const r = arguments[0].getBoundingClientRect();
        let top = 0, bottom = window.innerHeight;
        for (let p = arguments[0].parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (/(auto|scroll)/.test(s.overflowY)) {
            const q = p.getBoundingClientRect();
            top = Math.max(top, q.top); bottom = Math.min(bottom, q.bottom);
          }
        }
        return r.height > 0 && r.bottom > top && r.top < bottom;""", element)


def _shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / name))


def test_compare_report_matches_the_tables(browser, site):
    from selenium.webdriver.common.by import By

    root, c, _ = site
    browser.get((root / "report.html").as_uri())
    css = lambda sel: browser.find_elements(By.CSS_SELECTOR, sel)  # noqa: E731
    counts = {e.get_attribute("data-count"): int(e.text) for e in css(".summary [data-count]")}
    assert counts == {"plans": len(c.plans), "cited": len(c.cited),
                      "citations": len(c.citations), "agencies": len(c.agencies),
                      "deadlines": len(c.deadlines), "funding": len(c.funding)}
    assert len(c.plans) == len(SAMPLES)

    # the graph: every plan, every cited document with its citing plans
    nodes = {e.get_attribute("data-node"): e for e in css("#citation-graph a.node")}
    outside = c.cited[c.cited["plan_id"].isna()]
    assert set(nodes) == set(c.plans["plan_id"]) | set(outside["cited_key"])
    for row in outside.itertuples():
        assert int(nodes[row.cited_key].get_attribute("data-citing")) == row.n_plans
    edges = {(e.get_attribute("data-from"), e.get_attribute("data-to"))
             for e in css("#citation-graph path.edge")}
    expected = {(p, r.plan_id if isinstance(r.plan_id, str) else r.cited_key)
                for r in c.cited.itertuples() for p in r.citing_plans}
    assert edges == expected

    # the cited table, row by row
    rows = css("#cited-table tbody tr")
    assert [r.get_attribute("data-key") for r in rows] == list(c.cited["cited_key"])
    assert [int(r.find_elements(By.TAG_NAME, "td")[6].text) for r in rows] == \
        list(c.cited["n_plans"])

    # the agencies matrix, cell by cell
    if len(c.agencies):
        for tr in css("#agency-matrix tbody tr"):
            plan_id = tr.get_attribute("data-plan")
            cells = [td.get_attribute("data-roles") for td in tr.find_elements(By.TAG_NAME, "td")]
            assert cells == list(c.matrix.loc[plan_id])
        assert len(css("#agency-matrix tbody tr")) == len(c.plans)
    # funding counts and the deadlines table
    for tr in css("#funding-matrix tbody tr"):
        numbers = [int(td.text) for td in tr.find_elements(By.TAG_NAME, "td")]
        assert numbers == list(c.funding_matrix.loc[tr.get_attribute("data-plan")])
    assert len(css("#deadlines-table tbody tr")) == len(c.deadlines)
    for figure in css("figure"):
        assert figure.find_elements(By.TAG_NAME, "svg")
        assert figure.find_element(By.TAG_NAME, "figcaption").text.strip()

    # a document's <script> is text, not code
    assert browser.execute_script("return window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in browser.find_element(By.ID, "documents").text
    _shot(browser, "compare-report.png")
    browser.execute_script("document.getElementById('citations').scrollIntoView()")
    _shot(browser, "compare-graph.png")

    # clicking a cited document in the graph brings its row into view
    key = outside.iloc[-1]["cited_key"] if len(outside) else c.plans.iloc[-1]["plan_id"]
    nodes[key].find_element(By.TAG_NAME, "rect").click()
    target = browser.find_element(By.ID, browser.execute_script(
        "return decodeURIComponent(location.hash.slice(1))"))
    assert _in_view(browser, target)


def _richest(processed) -> Path:
    return max(processed, key=lambda p: sum(len(r.mentions) for name in KINDS.values()
                                            for r in getattr(processed[p][1], name)))


def test_review_click_scrolls_to_the_mention(browser, site):
    from selenium.webdriver.common.by import By

    root, _, processed = site
    path = _richest(processed)
    browser.get((root / "reviews" / f"{path.stem}.html").as_uri())
    css = lambda sel: browser.find_elements(By.CSS_SELECTOR, sel)  # noqa: E731
    doc, result = processed[path]
    marks, _ = highlights(result, len(doc.text))
    assert marks, "the pipeline found nothing to highlight in any sample"
    shown = {mid for m in css("#doc-text mark.hl") for mid in m.get_attribute("data-m").split()}
    assert shown == {h.mention_id for h in marks}
    for kind, field in KINDS.items():
        assert len(css(f"#records-{kind} tbody tr.rec")) == len(getattr(result, field))

    # the record furthest down the text: click its row, its mention comes into view
    rows = [r for r in css("tr.rec") if r.get_attribute("data-first")]
    last = max(marks, key=lambda h: h.start)
    row = next(r for r in rows if r.get_attribute("data-r") == last.record_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    first = row.get_attribute("data-first")
    mark = css(f'#doc-text mark[data-m~="{first}"]')[0]
    assert not _in_view(browser, mark)
    row.find_element(By.TAG_NAME, "td").click()
    assert _in_view(browser, mark)
    assert "flash" in mark.get_attribute("class")
    assert "selected" in row.get_attribute("class")
    _shot(browser, "review.png")

    # and back: clicking a highlight selects its record
    top = css("#doc-text mark.hl")[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", top)
    top.click()
    selected = css("tr.rec.selected")
    assert [r.get_attribute("data-r") for r in selected] == \
        [top.get_attribute("data-r").split()[0]]


def test_review_shows_document_script_as_text(browser, tmp_path):
    from selenium.webdriver.common.by import By

    text = SAMPLES[0].read_text(encoding="utf-8")
    lines = text.splitlines()
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("\n".join([*lines[:8], HOSTILE, *lines[8:]]), encoding="utf-8")
    page = tmp_path / "hostile.html"
    doc, result = run_pipeline(hostile)
    page.write_text(render_review(doc, result), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in browser.find_element(By.ID, "doc-text").text


def test_report_row_leads_to_the_highlighted_sentence(browser, site):
    from selenium.webdriver.common.by import By

    root = site[0]
    browser.get((root / "report.html").as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "article.plan a.mention")
    assert links, "no row of the report links to its source"
    link = links[-1]
    mention_id = link.get_attribute("href").rsplit("#", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    mark = browser.find_elements(By.CSS_SELECTOR, f'#doc-text mark[data-m~="{mention_id}"]')[0]
    assert _in_view(browser, mark)
    assert "flash" in mark.get_attribute("class")
