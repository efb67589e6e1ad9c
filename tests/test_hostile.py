"""Hostile data is text: markup in titles, venues and links renders literally and never runs."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from browser import Site, build_html
from conftest import TEST_DATA

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

HOSTILE_ROOT = Path(__file__).parent / "roots" / "test-hostile"
DOC = json.loads((TEST_DATA / "hostile.json").read_text(encoding="utf-8"))
PAPERS = {p["id"]: p for p in DOC["papers"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_html(HOSTILE_ROOT, tmp_path_factory.mktemp("hostile"))


def test_the_page_source_holds_only_escaped_markup(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert "window.__pwned" in page  # the text is there...
    assert "<script>window.__pwned" not in page and "<img src=x" not in page  # ...but never as markup
    for paper in DOC["papers"]:
        assert f'">{escape(paper["title"])}</a>' in page, paper["id"]
        assert f'href="{escape(paper["url"])}"' in page, paper["id"]
    name = DOC["venues"]["R&D 'Q' Lab"]["name"]
    assert f'.html">{escape(name)}</a> <span' in page  # the legend names the venue (a link to its page), as text


@pytest.fixture(scope="module")
def hostile_site(served, built) -> Site:
    return Site(built, served(built))


@pytest.mark.browser
def test_hostile_text_shows_literally_and_never_runs(pages, hostile_site, artifacts):
    page = pages.open(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site.url())
    for paper_id, paper in PAPERS.items():
        row = page.locator(f"tr:has(dt#paper-{paper_id})")
        title = row.locator("dt > a:first-child")
        expect(title).to_have_text(paper["title"])
        expect(title).to_have_attribute("href", f"papers/{paper_id}.html")
        expect(row.locator("dt > a.px")).to_have_attribute("href", paper["url"])
        title.hover()  # an onmouseover that escaped its attribute would fire now
        row.locator("dt > a.px").hover()
    badge = page.locator("tr:has(dt#paper-script) .sd-badge")
    expect(badge).to_have_text("R&D 'Q' Lab")
    badge.hover()  # the full name becomes its tooltip, as text
    expect(badge).to_have_attribute("title", DOC["venues"]["R&D 'Q' Lab"]["name"])
    expect(page.locator("article a.reference.internal").first).to_have_text(PAPERS["script"]["title"])
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    page.screenshot(path=artifacts / "hostile.png", full_page=True)


@pytest.mark.browser
def test_the_layout_holds_for_long_rtl_and_emoji_titles(pages, hostile_site):
    page = pages.open(viewport={"width": 1280, "height": 900})
    page.goto(hostile_site.url())
    # nothing pushes the page sideways: the 2,000-character word wraps inside its cell
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for paper_id in ("long", "long-words", "rtl", "hebrew", "emoji"):
        row = page.locator(f"tr:has(dt#paper-{paper_id})")
        row.scroll_into_view_if_needed()
        table = row.locator("xpath=ancestor::table").bounding_box()
        cells = [row.locator(":scope > td, :scope > th").nth(i).bounding_box() for i in range(5)]
        # the five cells sit side by side inside the table, left to right
        assert all(table["x"] - 1 <= c["x"] and c["x"] + c["width"] <= table["x"] + table["width"] + 1 for c in cells)
        assert [c["x"] for c in cells] == sorted(c["x"] for c in cells), paper_id
    # a right-to-left title is a right-to-left paragraph: it starts at the right, where its
    # first (Hebrew) letter is, and "(Federated) 2022" follows to the left
    starts_right = page.locator("dt#paper-hebrew > a").first.evaluate("""a => {
        const range = document.createRange();
        range.setStart(a.firstChild, 0);
        range.setEnd(a.firstChild, 1);
        return a.getBoundingClientRect().right - range.getBoundingClientRect().right < 2;
    }""")
    assert starts_right


@pytest.mark.browser
def test_hostile_titles_show_literally_in_search_and_filter(pages, hostile_site):
    page = pages.open()
    page.goto(hostile_site.url("search.html?q=script"))
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.textContent")
    hit = page.locator("#search-results ul.search > li.kind-object > a").first
    expect(hit).to_have_text(PAPERS["script"]["title"])
    page.goto(hostile_site.url("index.html?q=%3Cimg"))
    expect(page.locator("output.papers-count")).to_have_text(f"1 of {len(PAPERS)} papers")
    expect(page.locator("tr:has(dt#paper-image)")).to_be_visible()
    assert page.evaluate("window.__pwned") is None


# --- every output, generated pages too: data is text, never markup, a link scheme, a formula or bad XML --

def every_page(built: Path) -> list[Path]:
    pages = sorted(built.rglob("*.html"))
    assert any("papers/" in p.as_posix() for p in pages) and any("browse/" in p.as_posix() for p in pages)
    return pages


def test_no_page_carries_the_datas_markup_as_markup(built):
    from bs4 import BeautifulSoup

    for path in every_page(built):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(built)
        assert "<script>window.__pwned" not in text and "<img src=x" not in text, where
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(href=True):
            assert not tag["href"].strip().lower().startswith(("javascript:", "data:", "vbscript:")), where
        assert not soup.select(".admonition.note"), where  # ".. note::" in a description is words, not a box
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)  # whole: nothing broke out of it
            assert data["@type"] == "ScholarlyArticle", where


def test_descriptions_and_names_show_as_written_on_the_browse_pages(built):
    from bs4 import BeautifulSoup

    tag = BeautifulSoup((built / "browse" / "tags" / "markup.html").read_text(encoding="utf-8"), "html.parser")
    assert DOC["tags"]["markup"]["description"] in tag.select_one("article").get_text()
    dataset = BeautifulSoup((built / "browse" / "datasets" / "scripted.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert DOC["datasets"]["scripted"]["name"] in dataset.h1.get_text()
    overview = BeautifulSoup((built / "overview.html").read_text(encoding="utf-8"), "html.parser")
    assert DOC["frameworks"]["shell"]["name"] in overview.select_one("article").get_text()


def test_the_feed_is_well_formed_xml_with_the_titles_as_text(built):
    from xml.etree import ElementTree as ET

    root = ET.fromstring((built / "feed.xml").read_bytes())
    titles = {e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")}
    assert PAPERS["script"]["title"] in titles and PAPERS["formulas"]["title"] in titles


def test_no_csv_cell_is_a_formula_a_spreadsheet_would_run(built):
    import csv
    import io

    rows = list(csv.reader(io.StringIO((built / "_papers" / "papers.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    formulas = next(row for row in rows if row[0] == "formulas")
    assert formulas[1] == "'" + PAPERS["formulas"]["title"]  # shown as text, whole
    assert formulas[2].startswith("'+SUM(1;1) Plus")
