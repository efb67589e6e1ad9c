"""What a web page loads: only the files it uses, no script it waits for, targets a finger can hit, no shift.

Read from the site as built (conftest's built_docs, and the same site served to Chromium);
what each page needs is read from its own markup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

#: furo's search page loads these without defer, and they call doctools.js as they load (see assets.py)
SEARCH_SCRIPTS_AS_WRITTEN = {"doctools.js", "searchtools.js", "language_data.js", "searchindex.js"}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def name(address: str) -> str:
    return address.split("?", 1)[0].rsplit("/", 1)[-1]


def loaded(page: BeautifulSoup) -> tuple[set[str], dict[str, bool]]:
    """The page's style sheets, and its scripts with whether each is deferred (or async)."""
    sheets = {name(link["href"]) for link in page.find_all("link", rel="stylesheet")}
    scripts = {name(s["src"]): s.has_attr("defer") or s.has_attr("async") for s in page.find_all("script", src=True)}
    return sheets, scripts


def test_no_page_waits_for_a_script(built_docs):
    pages = html_pages(built_docs)
    assert len(pages) > 100
    for path in pages:
        _, scripts = loaded(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        waits = {script for script, deferred in scripts.items() if not deferred}
        if path.name == "search.html":
            assert waits == SEARCH_SCRIPTS_AS_WRITTEN, path
        else:
            assert waits == set(), path
            assert {"doctools.js", "furo.js"} <= scripts.keys(), path  # deferred, not dropped


def test_sphinx_design_and_code_colours_load_only_where_used(built_docs):
    for path in html_pages(built_docs):
        text = path.read_text(encoding="utf-8")
        sheets, scripts = loaded(BeautifulSoup(text, "html.parser"))
        body = text.split("<article", 1)[-1]
        components = set(re.findall(r'class="[^"]*\b(sd-(?:card|container|row|col|tab-set|dropdown)[\w-]*)', body))
        assert ("sphinx-design.min.css" in sheets) == bool(components), path
        assert ("design-tabs.js" in scripts) == ("sd-tab-set" in components), path
        assert ("pygments.css" in sheets) == ('class="highlight' in body), path
    home, _ = loaded(BeautifulSoup((built_docs / "index.html").read_text(encoding="utf-8"), "html.parser"))
    assert "sphinx-design.min.css" in home  # the home page's cards need it; this test sees both cases
    papers, _ = loaded(BeautifulSoup((built_docs / "papers.html").read_text(encoding="utf-8"), "html.parser"))
    assert "sphinx-design.min.css" not in papers and "pygments.css" not in papers


def test_search_hits_fetch_no_page_for_a_snippet(built_docs):
    options = (built_docs / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert re.search(r"SHOW_SEARCH_SUMMARY:\s*false", options)


@pytest.mark.browser
def test_badges_keep_their_shape_without_sphinx_designs_style_sheet(page, docs_site):
    page.goto(docs_site.url("papers.html"))
    badge = page.locator(".papers-table .sd-badge").first
    style = badge.evaluate("""b => { const s = getComputedStyle(b);
        return [s.display, s.fontWeight, s.lineHeight === s.fontSize || s.lineHeight === "normal" ? "1" : s.lineHeight,
                s.paddingTop === s.paddingBottom, parseFloat(s.paddingLeft) > parseFloat(s.paddingTop)]; }""")
    assert style == ["inline-block", "700", "1", True, True]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["papers.html", "papers/fedbn.html", "browse/tags/segmentation.html"])
def test_contents_links_and_title_arrows_are_24_px_targets(pages, docs_site, path):
    page = pages.open(viewport={"width": 1400, "height": 900})  # wide enough for "On this page"
    page.goto(docs_site.url(path))
    expect(page.locator(".toc-tree a.reference").first).to_be_attached()
    boxes = page.locator(".toc-tree a.reference, .papers-table a.px").evaluate_all(
        "links => links.filter(a => a.checkVisibility())"
        ".map(a => [a.getAttribute('href'), a.getBoundingClientRect().width, a.getBoundingClientRect().height])")
    assert len(boxes) > 3
    assert [b for b in boxes if b[2] < 24 or (b[0].startswith("http") and b[1] < 24)] == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "papers/fedbn.html"])
def test_nothing_shifts_on_a_slow_phone(pages, docs_site, path):
    """furo's theme toggle waits for its (deferred) script: its place must not move the page, on a phone too."""
    page = pages.open(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})  # scripts run late
    page.add_init_script("""window.__shifts = [];
        new PerformanceObserver(list => window.__shifts.push(...list.getEntries().map(e => e.value)))
          .observe({type: "layout-shift", buffered: true});""")
    page.goto(docs_site.url(path))
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.classList.contains('no-js')") is False  # furo's script ran
    # the toggle's place once moved the page by 0.043; a header's text may still settle by a hair
    assert sum(page.evaluate("window.__shifts")) < 0.005
