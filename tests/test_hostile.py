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
    assert f"<dd>{escape(name)} <span" in page  # the legend names the venue, as text


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
        expect(title).to_have_attribute("href", paper["url"])
        title.hover()  # an onmouseover that escaped its attribute would fire now
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
