"""The built pages in a real Chromium: sorting, filtering, search hits, paper links, accessibility.

Expected orders and matches come from the data files, computed here in Python with the
documented rules, never read back from the page's own JavaScript.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from browser import axe_violations, css_colour, is_dark
from conftest import DATA, TEST_DATA

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

pytestmark = pytest.mark.browser  # every test in this module drives the browser

EDGE_DATA = json.loads((TEST_DATA / "browser.json").read_text(encoding="utf-8"))
EDGE = EDGE_DATA["papers"]
EDGE_BY_ID = {p["id"]: p for p in EDGE}
YEARS = sorted({p["year"] for p in EDGE}, reverse=True)
BY_YEAR = {year: [p for p in EDGE if p["year"] == year] for year in YEARS}
FLAT = [p for year in YEARS for p in BY_YEAR[year]]  # the :group-by: none table, newest first
TOTAL = len(EDGE)
REAL = {p["id"]: p for p in json.loads(DATA.read_text(encoding="utf-8"))["papers"]}


# --- the documented sort order, in Python ------------------------------------------------------


def fold(text: str) -> str:
    """Case and accents do not count: "Épsilon" sorts and matches as "epsilon"."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def natural(text: str) -> list:
    """Numbers compare as numbers: "FedAvg 2" before "FedAvg 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(text))]


SORT_KEYS = {
    "Year": lambda p: p["year"],
    "Title": lambda p: natural(p["title"]),
    "Venue": lambda p: fold(p["venue"]) if "venue" in p else None,
    "Code": lambda p: p["code"].casefold() if "code" in p else None,
}


def expected_order(papers: list[dict], column: str, descending: bool) -> list[str]:
    """Row ids after sorting by `column`: stable, papers without a value last either way."""
    if column == "#":
        ordered = papers[::-1] if descending else papers
    else:
        key = SORT_KEYS[column]
        with_value = [p for p in papers if key(p) is not None]
        ordered = sorted(with_value, key=key, reverse=descending)  # reverse=True stays stable
        ordered += [p for p in papers if key(p) is None]
    return [f"paper-{p['id']}" for p in ordered]


def ids(*paper_ids: str) -> list[str]:
    return [f"paper-{pid}" for pid in paper_ids]


def test_the_edge_case_data_holds_the_cases_it_is_for():
    """Guards the browser tests below against a data edit that would make them prove nothing.

    No browser here, but it belongs with the tests it guards (and their marker)."""
    papers = BY_YEAR[2023]
    titles = [EDGE_BY_ID[i.removeprefix("paper-")]["title"] for i in expected_order(papers, "Title", False)]
    assert titles == [
        "alpha: Federated Segmentation of MRI", "Beta: Weak Labels for Federated Segmentation",
        "Épsilon: Privacy & Utility in Federated Learning", "FedAvg 2: A Second Look",
        "FedAvg 10: Scaling Up Rounds", "Zeta: Collaborative Learning Across Hospitals"]
    # code-point order would differ: capitals first, É after z, "10" before "2"
    assert titles != sorted(titles)
    for column in ("Venue", "Code"):
        assert any(SORT_KEYS[column](p) is None for p in papers), f"a paper without {column}"
    venues = [p["venue"] for p in papers if "venue" in p]
    assert len(set(venues)) < len(venues), "a tie on Venue, to see the sort is stable"
    # stable and empties last: descending is not ascending reversed
    assert expected_order(papers, "Venue", True) != expected_order(papers, "Venue", False)[::-1]
    # a venue's full name holds another venue's key; a venue's key has spaces
    assert "MICCAI" in EDGE_DATA["venues"]["DeCaF"]["name"]
    assert any(" " in p.get("venue", "") for p in EDGE)


# --- page helpers ------------------------------------------------------------------------------

VISIBLE_ROW_IDS = """root => [...root.querySelectorAll('tbody tr')].filter(r => r.checkVisibility())
  .map(r => r.id || r.querySelector('dt').id)"""
ROW_BACKGROUNDS = """table => [...table.tBodies[0].rows].filter(r => r.checkVisibility())
  .map(r => getComputedStyle(r).backgroundColor)"""
ARIA_SORT = """table => Object.fromEntries([...table.tHead.rows[0].cells]
  .filter(th => th.hasAttribute("aria-sort")).map(th => [th.textContent, th.getAttribute("aria-sort")]))"""
TRANSPARENT = "rgba(0, 0, 0, 0)"


def row_ids(table) -> list[str]:
    return table.evaluate("table => [...table.tBodies[0].rows].map(r => r.id || r.querySelector('dt').id)")


def visible_ids(page) -> list[str]:
    return page.locator("body").evaluate(VISIBLE_ROW_IDS)


def visible_sections(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('section.papers-year')]"
                         ".filter(s => s.checkVisibility()).map(s => s.id)")


def assert_striped(page, table) -> None:
    """Visible rows alternate plain, tinted, plain... whatever is sorted or hidden."""
    colours = table.evaluate(ROW_BACKGROUNDS)
    stripe = css_colour(page, "--color-background-secondary")
    assert colours == [stripe if i % 2 else TRANSPARENT for i in range(len(colours))]


def filter_box(page):
    return page.get_by_role("searchbox", name="Filter papers")


def count(page):
    return page.locator("output.papers-count")


def address_query(page) -> list[str] | None:
    """The page's own ?q= (replaceState changes it without a navigation)."""
    return parse_qs(urlsplit(page.evaluate("location.href")).query).get("q")


def sort_by(page, table, column: str, how: str) -> None:
    """Activate a column's sort button by mouse, or focused and with the Enter or Space key."""
    button = table.get_by_role("button", name=column, exact=True)
    if how == "mouse":
        button.click()
        return
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press(how)
    expect(button).to_be_focused()


def wait_for_search(page) -> None:
    # hits arrive one by one; the summary gets its text once they are all in
    expect(page.locator("#search-results p.search-summary")).to_have_text(re.compile(r"\S"))


def search_hits(page) -> list[dict]:
    return page.locator("#search-results ul.search > li").evaluate_all(
        """lis => lis.map(li => ({object: li.classList.contains("kind-object"),
                title: li.querySelector("a").textContent, href: li.querySelector("a").getAttribute("href")}))""")


def assert_row_is_target(page, paper_id: str) -> None:
    row = page.locator(f"tr:has(dt#paper-{paper_id})")
    assert page.evaluate("document.querySelector(':target')?.id") == f"paper-{paper_id}"
    expect(row).to_have_css("background-color", css_colour(page, "--color-highlight-on-target"))
    expect(row).to_be_in_viewport()


# --- sorting -----------------------------------------------------------------------------------

TABLES = {  # name: (page, table, its papers, its columns)
    "year-2023": ("index.html", "section#year-2023 table.papers-table", BY_YEAR[2023],
                  ["#", "Title", "Venue", "Code"]),
    "ungrouped": ("flat.html", "table.papers-table", FLAT, ["#", "Year", "Title", "Venue", "Code"]),
}


@pytest.mark.parametrize("how", ["mouse", "Enter", "Space"])
@pytest.mark.parametrize("name", TABLES)
def test_every_column_sorts_both_ways(page, edge_site, name, how):
    path, selector, papers, columns = TABLES[name]
    page.goto(edge_site.url(path))
    table = page.locator(selector)
    expect(table.locator("thead").get_by_role("button")).to_have_count(len(columns))
    others = page.locator("table.papers-table").evaluate_all(
        "ts => ts.map(t => [...t.tBodies[0].rows].map(r => r.id || r.querySelector('dt').id))")
    assert row_ids(table) == expected_order(papers, "#", False)
    assert table.evaluate(ARIA_SORT) == {"#": "ascending"}
    # each column up then down; then "#" (sorted up since the last step) restores the order
    steps = [(column, down) for column in columns[1:] for down in (False, True)]
    steps += [("#", False), ("#", True), ("#", False)]
    for column, down in steps:
        sort_by(page, table, column, how)
        where = f"{column} {'descending' if down else 'ascending'}"
        assert row_ids(table) == expected_order(papers, column, down), where
        assert table.evaluate(ARIA_SORT) == {column: "descending" if down else "ascending"}, where
        assert_striped(page, table)
    # sorting one year's table leaves the other tables alone
    assert page.locator("table.papers-table").evaluate_all(
        "ts => ts.map(t => [...t.tBodies[0].rows].map(r => r.id || r.querySelector('dt').id))") == others


def test_stripes_follow_visible_rows_through_filter_and_sort(page, edge_site):
    page.goto(edge_site.url())
    table = page.locator("section#year-2023 table.papers-table")
    # FedAvg 10 and FedAvg 2 are rows 1 and 3: counting hidden rows would leave both plain
    filter_box(page).fill("fedavg")
    expect(count(page)).to_have_text(f"3 of {TOTAL} papers")
    assert visible_ids(page) == ids("fedavg-10", "fedavg-2", "fedavg-3")
    assert_striped(page, table)
    sort_by(page, table, "Title", "mouse")
    assert table.evaluate(VISIBLE_ROW_IDS) == ids("fedavg-2", "fedavg-10")
    assert_striped(page, table)
    filter_box(page).fill("privacy")
    assert table.evaluate(VISIBLE_ROW_IDS) == ids("epsilon", "fedavg-2")
    assert_striped(page, table)
    filter_box(page).fill("")
    expect(count(page)).to_have_text(f"{TOTAL} papers")
    assert row_ids(table) == expected_order(BY_YEAR[2023], "Title", False)
    for each in page.locator("table.papers-table").all():
        assert_striped(page, each)


# --- filtering ---------------------------------------------------------------------------------

FILTERS = {
    "words match title, venue, venue name, tag and year": {
        "MICCAI": ids("fedavg-10", "beta", "zeta", "fedavg-3", "theta"),  # beta: DeCaF is a MICCAI workshop
        "Transactions": ids("alpha", "kappa"),  # TMI's full name
        "supervision": ids("beta", "delta", "eta"),  # tags "weak supervision", "semi-supervision"
        "2021": ids("theta", "iota", "kappa"),
        "fedavg 2023": ids("fedavg-10", "fedavg-2"),  # every word must match
    },
    "accents and case do not count": {
        "epsilon": ids("epsilon"),  # "Épsilon: ..."
        "ÉPSILON": ids("epsilon"),
        "journees": ids("iota"),  # "Journées Francophones de Radiologie"
        "DELTA": ids("delta"),
    },
    "field:value matches one field exactly": {
        "venue:MICCAI": ids("fedavg-10", "zeta", "fedavg-3", "theta"),
        "venue:tmi": ids("alpha", "kappa"),
        'venue:"npj Digit. Med."': ids("gamma"),
        'tag:"weak supervision"': ids("beta", "eta"),
        "tag:segmentation": ids("fedavg-10", "alpha", "beta", "gamma"),
        "tag:supervision": [],
        "year:2022": ids("gamma", "delta", "fedavg-3", "eta"),
        "year:202": [],
        "tag:privacy year:2023": ids("fedavg-2", "epsilon"),
    },
}


@pytest.mark.parametrize("rule", FILTERS)
def test_filter(page, edge_site, rule):
    page.goto(edge_site.url())
    for query, expected in FILTERS[rule].items():
        filter_box(page).fill(query)
        expect(count(page), query).to_have_text(f"{len(expected)} of {TOTAL} papers")
        assert visible_ids(page) == expected, query
        # a year with nothing left to show is hidden, heading and all
        years = {EDGE_BY_ID[i.removeprefix("paper-")]["year"] for i in expected}
        assert visible_sections(page) == [f"year-{y}" for y in YEARS if y in years], query
        for table in page.locator("section.papers-year:visible table.papers-table").all():
            assert_striped(page, table)
        assert address_query(page) == [query]


def test_typing_filters_and_the_address_keeps_the_query(page, edge_site):
    page.goto(edge_site.url())
    controls = page.locator(".papers-controls")
    expect(controls).to_be_visible()
    expect(count(page)).to_have_text(f"{TOTAL} papers")
    history = page.evaluate("history.length")
    filter_box(page).press_sequentially("weak supervision")
    expect(count(page)).to_have_text(f"2 of {TOTAL} papers")
    assert visible_ids(page) == ids("beta", "eta")
    expect(page.locator("section#year-2021")).to_be_hidden()
    assert visible_sections(page) == ["year-2023", "year-2022"]
    assert address_query(page) == ["weak supervision"]
    assert page.evaluate("history.length") == history  # replaced, not a new history entry
    filter_box(page).fill("")
    expect(count(page)).to_have_text(f"{TOTAL} papers")
    assert address_query(page) is None
    assert visible_ids(page) == [f"paper-{p['id']}" for p in FLAT]
    assert visible_sections(page) == [f"year-{y}" for y in YEARS]


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("index.html", "year:2022", ids("gamma", "delta", "fedavg-3", "eta")),
    ("index.html", 'tag:"weak supervision"', ids("beta", "eta")),
    ("flat.html", "venue:TMI", ids("alpha", "kappa")),
])
def test_an_address_with_a_query_opens_filtered(page, edge_site, path, query, expected):
    page.goto(edge_site.url(f"{path}?q={quote(query)}"))
    expect(filter_box(page)).to_have_value(query)
    expect(count(page)).to_have_text(f"{len(expected)} of {TOTAL} papers")
    assert visible_ids(page) == expected


def test_escape_clears_the_filter(page, edge_site):
    page.goto(edge_site.url("index.html?q=" + quote("venue:TMI")))
    expect(count(page)).to_have_text(f"2 of {TOTAL} papers")
    filter_box(page).press("Escape")
    expect(filter_box(page)).to_have_value("")
    expect(count(page)).to_have_text(f"{TOTAL} papers")
    assert visible_ids(page) == [f"paper-{p['id']}" for p in FLAT]
    assert address_query(page) is None
    for table in page.locator("table.papers-table").all():
        assert_striped(page, table)


@pytest.mark.parametrize(("path", "row", "venue", "expected"), [
    ("index.html", "theta", "MICCAI", ids("fedavg-10", "zeta", "fedavg-3", "theta")),
    ("index.html", "gamma", "npj Digit. Med.", ids("gamma")),
    ("flat.html", "kappa", "TMI", ids("alpha", "kappa")),
])
def test_a_venue_badge_filters_by_its_venue(page, edge_site, path, row, venue, expected):
    page.goto(edge_site.url(path))
    page.evaluate("window.stillThisPage = true")
    badge = page.locator(f"tr:is(#paper-{row}, :has(dt#paper-{row})) a.sd-badge")
    expect(badge).to_have_text(venue)
    badge.click()
    query = f'venue:"{venue}"' if " " in venue else f"venue:{venue}"
    expect(filter_box(page)).to_have_value(query)
    expect(count(page)).to_have_text(f"{len(expected)} of {TOTAL} papers")
    assert visible_ids(page) == expected
    assert address_query(page) == [query]
    assert page.evaluate("window.stillThisPage") is True  # filtered in place, no reload


@pytest.mark.parametrize("path", ["index.html", "flat.html"])
def test_a_query_that_matches_nothing_says_so(page, edge_site, path):
    page.goto(edge_site.url(path))
    empty = page.locator("p.papers-empty")
    expect(empty).to_be_hidden()
    filter_box(page).fill("tag:nothing-like-it")
    expect(empty).to_be_visible()
    expect(empty).to_have_text("No paper matches \u201ctag:nothing-like-it\u201d. Press Escape to clear the filter.")
    expect(count(page)).to_have_text(f"0 of {TOTAL} papers")
    for table in page.locator("table.papers-table").all():
        expect(table).to_be_hidden()
    assert visible_sections(page) == []
    filter_box(page).fill("zeta")
    expect(empty).to_be_hidden()
    assert visible_ids(page) == ids("zeta")


@pytest.mark.parametrize(("address", "paper_id"), [
    ("index.html#paper-alpha", "alpha"),  # an even row: the target colour beats the stripe
    ("index.html?q=fedavg#paper-fedavg-2", "fedavg-2"),  # the second row left by the filter
])
def test_the_targeted_row_is_highlighted_over_stripes(page, edge_site, address, paper_id):
    page.goto(edge_site.url(address))
    expect(page.locator(".papers-controls")).to_be_visible()  # papers.js has run
    assert_row_is_target(page, paper_id)


def test_without_javascript_every_paper_is_listed_in_order(pages, edge_site):
    page = pages.open(java_script_enabled=False)
    for path, tables in (("index.html", [BY_YEAR[y] for y in YEARS]), ("flat.html", [FLAT])):
        page.goto(edge_site.url(path))
        expect(page.locator(".papers-controls")).to_be_hidden()
        expect(page.locator("table.papers-table")).to_have_count(len(tables))
        expect(page.get_by_role("button", name="Title")).to_have_count(0)  # no script, no sort buttons
        for table, papers in zip(page.locator("table.papers-table").all(), tables, strict=True):
            assert table.evaluate(VISIBLE_ROW_IDS) == expected_order(papers, "#", False), path
            expect(table.locator("tbody dt > a")).to_have_text(
                [p["title"] for p in papers])
            expect(table.locator("tbody td:first-child")).to_have_text([str(n) for n in range(1, len(papers) + 1)])


# --- the real site: search hits, paper links, errors, accessibility, screenshots ----------------

SEARCHES = {
    "FedBN": ["fedbn"],
    "HarmoFL": ["harmofl"],
    "Auto-FedRL": ["auto-fedrl"],
    "label set mismatch": ["label-set-mismatch"],
    "weakly supervised": ["feddm", "fedicra"],
}


@pytest.mark.parametrize("query", SEARCHES)
def test_search_lists_the_paper_first_and_opens_its_page(page, docs_site, query):
    page.goto(docs_site.url(f"search.html?q={quote(query)}"))
    wait_for_search(page)
    hits = search_hits(page)
    wanted = SEARCHES[query]
    leading = hits[:len(wanted)]
    assert all(hit["object"] for hit in leading), hits
    assert sorted(hit["href"] for hit in leading) == sorted(f"papers/{pid}.html" for pid in wanted)
    for hit in leading:
        assert hit["title"] == REAL[hit["href"].removeprefix("papers/").removesuffix(".html")]["title"]
    # paper hits (here also papers whose summaries name it) rank ahead of page hits
    kinds = [hit["object"] for hit in hits]
    assert kinds == sorted(kinds, reverse=True), hits
    page.locator("#search-results ul.search > li > a").first.click()
    page.wait_for_url(re.compile(re.escape(leading[0]["href"]) + r"(\?.*)?$"))
    paper_id = leading[0]["href"].removeprefix("papers/").removesuffix(".html")
    expect(page.locator("h1")).to_contain_text(REAL[paper_id]["title"])
    # Sphinx marks the searched words on the page it opens: its script ran on the paper's page
    expect(page.locator("article .highlighted").first).to_be_visible()


def test_a_word_of_a_summary_finds_its_paper(page, docs_site):
    """"retrogress" is in two summaries; "Deputy" only in one paper's summary, not its title."""
    deputy = [p for p in REAL.values() if "deputy" in p.get("summary", "").lower()
              and "deputy" not in p["title"].lower()]
    assert deputy
    page.goto(docs_site.url("search.html?q=deputy"))
    wait_for_search(page)
    expect(page.locator("#search-results ul.search > li.kind-object > a")).to_have_count(len(deputy))
    hrefs = {hit["href"] for hit in search_hits(page) if hit["object"]}
    assert hrefs == {f"papers/{p['id']}.html" for p in deputy}


def test_a_search_hit_opens_the_home_page_without_an_error(pages, docs_site):
    """Sphinx's highlighter calls getBBox() on SVG <title>/<desc>, which lack it; svg-highlight.js copes."""
    page = pages.open()
    page.goto(docs_site.url("search.html?q=hospital"))  # a word of the figure's <title>
    wait_for_search(page)
    page.locator('#search-results ul.search > li > a[href^="index.html"]').first.click()
    page.wait_for_url(re.compile(r"/index\.html"))
    # the highlighter marks all words in one task: once one is marked, it has finished or thrown
    expect(page.locator(".highlighted").first).to_be_attached()
    page.evaluate("0")  # one more round trip: an error event of that task has been delivered
    # the pages fixture fails the test on the error the highlighter would throw


def test_search_shows_a_title_with_an_ampersand_as_printed(page, edge_site):
    # a hit shows the title as printed: escaped once, for HTML, and no more
    page.goto(edge_site.url("search.html?q=Utility"))
    wait_for_search(page)
    hit = search_hits(page)[0]
    assert hit == {"object": True, "title": EDGE_BY_ID["epsilon"]["title"], "href": "index.html#paper-epsilon"}


def test_paper_links_land_on_their_row(page, docs_site):
    newest = next(iter(REAL))  # the extension page demonstrates its links on the newest paper
    links = [(newest, REAL[newest]["title"]), (newest, "this paper"), (newest, REAL[newest]["title"])]
    for index, (paper_id, text) in enumerate(links):
        page.goto(docs_site.url("extension.html"))
        found = page.locator('article a.reference.internal[href*="#paper-"]')
        expect(found).to_have_count(len(links))
        link = found.nth(index)
        expect(link).to_have_attribute("href", f"papers.html#paper-{paper_id}")
        expect(link).to_have_text(text)
        link.click()
        page.wait_for_url(re.compile(rf"/papers\.html#paper-{paper_id}$"))
        assert_row_is_target(page, paper_id)


def test_no_page_has_a_javascript_error(pages, docs_site, edge_site):
    page = pages.open()
    visited = []
    for site in (docs_site, edge_site):
        for name in sorted(p.name for p in site.html.glob("*.html")):
            page.goto(site.url(name))
            visited.append(name)
    assert {"index.html", "papers.html", "extension.html", "contributing.html", "search.html",
            "genindex.html", "flat.html"} <= set(visited)
    # the pages fixture fails this test on any uncaught error or console error


def test_a_javascript_error_fails_the_test(pages, edge_site):
    """The guard the other tests rely on: errors on a page are recorded."""
    page = pages.open()
    page.goto(edge_site.url())
    with page.expect_event("pageerror"):
        page.evaluate("setTimeout(() => { throw new Error('thrown on purpose') })")
    with page.expect_console_message():
        page.evaluate("console.error('logged on purpose')")
    assert len(pages.errors) == 2
    assert "thrown on purpose" in pages.errors[0] and "logged on purpose" in pages.errors[1]
    pages.errors.clear()  # expected here: let the test pass


AXE_PAGES = {
    "home": "index.html",
    "papers": "papers.html",
    "search": "search.html?q=FedBN",
    "papers-filtered-target": "papers.html?q=segmentation#paper-fedsm",
    "papers-no-match": "papers.html?q=nothing-like-it",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_serious_accessibility_violation(pages, docs_site, axe_script, name, scheme):
    page = pages.open(color_scheme=scheme)
    page.goto(docs_site.url(AXE_PAGES[name]))
    if name == "search":
        wait_for_search(page)
    if name.startswith("papers"):
        expect(page.locator(".papers-controls")).to_be_visible()  # papers.js has run
    assert is_dark(page) == (scheme == "dark")
    violations = axe_violations(page, axe_script)
    assert violations == [], f"{name} in {scheme} mode:\n" + "\n".join(violations)


def test_tables_keep_their_semantics(page, edge_site):
    """papers.css lays rows out as grids; assistive technology must still see a table."""
    page.goto(edge_site.url())
    table = page.locator("table.papers-table").first
    rows = table.locator("tbody tr").count()
    accessible = page.get_by_role("table", name=table.get_attribute("aria-label"))
    expect(accessible.get_by_role("row")).to_have_count(rows + 1)
    expect(accessible.get_by_role("columnheader")).to_have_text(["#", "Title", "Venue", "Code", "Cite"])
    expect(accessible.get_by_role("rowheader")).to_have_count(rows)  # each row is named by its title
    expect(accessible.get_by_role("cell")).to_have_count(4 * rows)


def test_each_list_on_a_page_keeps_its_own_filter_in_the_address(page, edge_site):
    page.goto(edge_site.url("two.html?q2=MICCAI"))
    counts = page.locator(".papers-controls output")
    first, second = counts.nth(0), counts.nth(1)
    expect(first).to_have_text("6 papers")  # the 2023 list: ?q2= is not its filter
    expect(second).to_have_text("2 of 7 papers")  # theta and fedavg-3
    page.locator("input.papers-filter").first.fill("alpha")
    expect(first).to_have_text("1 of 6 papers")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["alpha"], "q2": ["MICCAI"]}
