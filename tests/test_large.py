"""A real list's size: 2,500 papers that look like a real list, built with the README's command.

The site is built as ``nox -s docs -- -D papers_file=...`` builds it (the same
sphinx-build arguments), then Chromium follows every kind of link a reader
follows (permalinks, year links, search hits, {paper} links, back and forward)
and each must leave its target on screen, and keep it there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import quote

import pytest

from browser import Site
from conftest import DATA, ROOT

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

from generate import write

pytestmark = pytest.mark.browser
COUNT = 2500


@pytest.fixture(scope="module")
def large(served, tmp_path_factory) -> tuple[Site, dict]:
    folder = tmp_path_factory.mktemp("large")
    data = folder / "papers.json"
    doc = write(COUNT, data, DATA)
    out = folder / "out"
    # noxfile.py's docs session: sphinx -W --keep-going -b html -d <doctrees> docs <html> <posargs>; without
    # the formatted references, which cost citeproc-py ~50 ms a paper on a first build (test_paper_pages
    # checks them on the real list) and which nothing here reads
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-d", str(out / "doctrees"),
         "docs", str(out / "html"), "-D", f"papers_file={data}", "-D", "papers_references="],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return Site(out / "html", served(out / "html")), doc


def picks(doc: dict) -> list[dict]:
    """Papers at the start, middle and end of the list, and one with a marked-up title."""
    papers = doc["papers"]
    marked = next(p for p in papers if p["title"].startswith("$"))
    return [papers[3], papers[len(papers) // 2], papers[-2], marked]


TOP = "e => e.getBoundingClientRect().top"


def assert_lands(page, selector: str) -> None:
    """The target comes on screen (at the top, unless the page ends first) and stays put."""
    target = page.locator(selector)
    page.wait_for_load_state("load")
    expect(target).to_be_in_viewport(timeout=15_000)  # a 2,500-paper page on a busy 2-core machine
    top = target.evaluate(TOP)
    page.wait_for_timeout(600)  # rows around it render meanwhile: it must not drift away
    expect(target).to_be_in_viewport()
    assert abs(target.evaluate(TOP) - top) < 1, f"{selector} moved"
    at_end = page.evaluate("innerHeight + scrollY >= document.documentElement.scrollHeight - 1")
    assert 0 <= top < 200 or at_end, f"{selector} is {top:.0f} px from the top"


def test_the_list_is_real_sized_and_looks_real(large):
    site, doc = large
    assert len(doc["papers"]) == COUNT
    html = (site.html / "papers.html").read_text(encoding="utf-8")
    assert html.count("<dt id=\"paper-") == COUNT
    assert "DEEM@SIGMOD" in html and "\u2019" in html and "$\\texttt{" in html


def test_permalinks_land_on_their_row(pages, large):
    site, doc = large
    for paper in picks(doc):
        page = pages.open(viewport={"width": 1280, "height": 900})
        page.goto(site.url(f"papers.html#paper-{paper['id']}"))
        assert_lands(page, f"tr:has(dt#paper-{paper['id']})")


def test_year_links_land_on_their_year(pages, large):
    site, doc = large
    page = pages.open(viewport={"width": 1440, "height": 900})  # wide enough for furo's "On this page"
    page.goto(site.url("papers.html"))
    years = sorted({p["year"] for p in doc["papers"]})
    for year in (years[0], years[len(years) // 2], years[-1]):
        page.locator(f'.toc-tree a[href="#year-{year}"]').click()
        assert_lands(page, f"section#year-{year}")


def test_search_hits_open_the_papers_page_whose_back_link_lands_on_its_row(pages, large):
    site, doc = large
    for paper in picks(doc):
        page = pages.open(viewport={"width": 1280, "height": 900})
        words = re.sub(r"\W+", " ", paper["title"].split(":")[-1]).strip()
        page.goto(site.url(f"search.html?q={quote(words)}"))
        hit = page.locator(f'#search-results a[href^="papers/{paper["id"]}.html"]').first
        expect(hit).to_be_visible()
        hit.click()
        page.wait_for_url(re.compile(rf"papers/{re.escape(paper['id'])}\.html(\?.*)?$"))
        page.get_by_role("link", name=re.compile(rf"of {paper['year']} in the list")).click()
        page.wait_for_url(re.compile(rf"papers\.html#paper-{re.escape(paper['id'])}$"))
        assert_lands(page, f"tr:has(dt#paper-{paper['id']})")


def test_paper_links_from_another_page_land(pages, large):
    site, doc = large
    page = pages.open(viewport={"width": 1280, "height": 900})
    page.goto(site.url("extension.html"))
    first = doc["papers"][0]["id"]
    page.locator(f'article a[href="papers.html#paper-{first}"]').first.click()
    assert_lands(page, f"tr:has(dt#paper-{first})")


def test_back_and_forward_land_where_they_were(pages, large):
    site, doc = large
    middle, late = picks(doc)[1:3]
    page = pages.open(viewport={"width": 1280, "height": 900})
    page.goto(site.url(f"papers.html#paper-{middle['id']}"))
    assert_lands(page, f"tr:has(dt#paper-{middle['id']})")
    page.goto(site.url(f"papers.html#paper-{late['id']}"))  # another row of the same page
    assert_lands(page, f"tr:has(dt#paper-{late['id']})")
    page.go_back()
    assert_lands(page, f"tr:has(dt#paper-{middle['id']})")
    page.go_forward()
    assert_lands(page, f"tr:has(dt#paper-{late['id']})")
    page.goto(site.url("index.html"))
    page.go_back()
    assert_lands(page, f"tr:has(dt#paper-{late['id']})")


def test_the_filter_finds_typographic_apostrophes_and_quoted_venues(pages, large):
    site, doc = large
    page = pages.open(viewport={"width": 1280, "height": 900})
    page.goto(site.url("papers.html"))
    box = page.get_by_role("searchbox", name="Filter papers")
    parkinson = [p for p in doc["papers"] if "Parkinson\u2019s" in p["title"]]
    box.fill("Parkinson's")  # typed with a straight apostrophe
    expect(page.locator("output.papers-count")).to_have_text(f"{len(parkinson)} of {COUNT:,} papers".replace(",", ""))
    workshop = [p for p in doc["papers"] if p.get("venue") == "NeurIPS Workshop"]
    box.fill("venue:\u201cNeurIPS Workshop\u201d")  # a phone's keyboard types curly quotes
    expect(page.locator("output.papers-count")).to_have_text(f"{len(workshop)} of {COUNT} papers")
    box.fill("venue:NeurIPS Workshop")
    expect(page.locator("p.papers-empty")).to_contain_text('Names with spaces need quotes: venue:"NeurIPS Workshop".')


def natural(title: str) -> str:
    """The sort key of papers.js: leading markup and punctuation skipped, case and accents folded,
    numbers by value."""
    import unicodedata

    text = re.sub(r"^(?:\\[A-Za-z]+\*?|[^\w\\]|_)+", "", title)
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"\d+", lambda m: m.group().zfill(12), folded)


def test_title_sorting_skips_leading_markup(pages, large):
    site, doc = large
    page = pages.open(viewport={"width": 1280, "height": 900})
    page.goto(site.url("papers.html"))
    year = next(p["year"] for p in doc["papers"] if p["title"].startswith(("$", "(")))
    table = page.locator(f"section#year-{year} table.papers-table")
    table.get_by_role("button", name="Title", exact=True).click()
    first = table.locator("tbody dt > a:first-child").first.text_content()
    assert not first.startswith(("$", "(", "\u201c")), first
    # the first by natural order from its first letter or digit, as a reader expects
    titles = [p["title"] for p in doc["papers"] if p["year"] == year]
    assert first == min(titles, key=natural)
