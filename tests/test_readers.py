"""Every reader, every device: authors, citing, the search box, phones, keyboard, print, stable layout.

Built from the real site (docs/ and data/papers.json); expected answers are computed
here from the data file, with the documented rules, never read back from the page.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter
from urllib.parse import quote

import pytest

from browser import CHROMIUM_FLAGS, axe_violations, chromium_path, is_dark
from conftest import DATA

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

pytestmark = pytest.mark.browser

DOC = json.loads(DATA.read_text(encoding="utf-8"))
PAPERS = DOC["papers"]
BY_ID = {p["id"]: p for p in PAPERS}
SCHEMES = ["light", "dark"]
WIDTHS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def haystack(p: dict, summaries: bool = False) -> str:
    venue = DOC["venues"].get(p.get("venue"), {})
    study = p.get("study", {})
    text = [p["title"], *p["authors"], p.get("venue", ""), venue.get("name", ""), *p.get("tags", []),
            str(p["year"]), study.get("deployment") or "", study.get("framework") or "", *(study.get("datasets") or [])]
    if summaries:
        text += [p.get("summary", ""), p.get("abstract", "")]
    return fold(" ".join(text))


def matching(query: str, summaries: bool = False) -> set[str]:
    """What the filter finds for plain words: every word somewhere in the paper's row; the search
    also looks in the summaries."""
    words = fold(query).split()
    return {p["id"] for p in PAPERS if all(w in haystack(p, summaries) for w in words)}


def row(page, paper_id: str):
    return page.locator(f"tr:has(dt#paper-{paper_id})")


def entries(bib: str) -> dict[str, str]:
    return {re.match(r"@\w+\{([^,]+),", e).group(1): e.strip() + "\n" for e in re.split(r"\n(?=@)", bib) if e.strip()}


# --- authors ---------------------------------------------------------------------------------------

#: an author of several papers, and their papers
PROLIFIC = Counter(a for p in PAPERS for a in p["authors"]).most_common(1)[0][0]
PROLIFIC_PAPERS = {p["id"] for p in PAPERS if PROLIFIC in p["authors"]}


def test_the_data_has_what_these_tests_need():
    assert len(PROLIFIC_PAPERS) >= 3
    assert any(len(p["authors"]) > 8 for p in PAPERS), "a long author list, shown compactly"


def test_clicking_an_author_filters_the_list_by_them(page, docs_site):
    page.goto(docs_site.url("papers.html"))
    first = next(p for p in PAPERS if PROLIFIC in p["authors"][:3])
    target = row(page, first["id"])
    target.hover()  # names become links when a pointer (or the keyboard) reaches the row
    target.get_by_role("link", name=PROLIFIC, exact=True).click()
    expect(page.get_by_role("searchbox", name="Filter papers")).to_have_value(f'author:"{PROLIFIC}"')
    expect(page.locator("output.papers-count")).to_have_text(f"{len(PROLIFIC_PAPERS)} of {len(PAPERS)} papers")
    shown = page.locator("tbody tr").evaluate_all(
        "rows => rows.filter(r => r.checkVisibility()).map(r => (r.id || r.querySelector('dt').id).slice(6))")
    assert set(shown) == PROLIFIC_PAPERS


def test_a_long_author_list_opens_with_the_keyboard(page, docs_site):
    long = next(p for p in PAPERS if len(p["authors"]) > 8)
    page.goto(docs_site.url("papers.html"))
    summary = row(page, long["id"]).locator("summary")
    expect(summary).to_have_text(f"{len(long['authors']) - 4} more\u2026")
    names = row(page, long["id"]).locator(".pa")
    new = "NEW " if row(page, long["id"]).locator(".pnew").count() else ""  # a recent paper says so first
    # on screen: the first three, the disclosure and the last
    expect(names).to_have_text(f"{new}{', '.join(long['authors'][:3])}, {len(long['authors']) - 4} more\u2026 "
                               f"{long['authors'][-1]}", use_inner_text=True)
    summary.focus()
    page.keyboard.press("Enter")
    expect(names).to_have_text(new + ", ".join(long["authors"]), use_inner_text=True)


# --- citing ----------------------------------------------------------------------------------------

def cite_dialog(page):
    return page.get_by_role("dialog")


def test_cite_shows_a_papers_bibtex_and_copies_it(pages, docs_site):
    page = pages.open()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    paper = BY_ID["fedbn"]
    expected = entries((docs_site.html / "_papers" / "bib" / f"{paper['year']}.bib").read_text(encoding="utf-8"))
    page.goto(docs_site.url("papers.html"))
    row(page, "fedbn").get_by_role("button", name="Cite").click()
    dialog = cite_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text(f"Cite \u201c{paper['title']}\u201d")
    expect(dialog.locator("pre")).to_have_text(expected["fedbn"])
    assert expected["fedbn"].startswith("@inproceedings{fedbn,\n")
    dialog.get_by_role("button", name="Copy BibTeX").click()
    status = dialog.get_by_role("status")
    expect(status).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == expected["fedbn"]
    expect(dialog.get_by_role("link", name="Download .bib")).to_have_attribute("download", "fedbn.bib")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_where_the_clipboard_is_refused_the_bibtex_is_selected_to_copy(chromium, docs_site):
    """A page served over plain http from a named host is no secure context: it gets no clipboard."""
    port = docs_site.base.split(":")[2].split("/")[0]
    browser = chromium.browser_type.launch(
        executable_path=chromium_path(chromium),
        args=[*CHROMIUM_FLAGS, "--host-resolver-rules=MAP papers.test 127.0.0.1"])
    try:
        page = browser.new_page()
        page.goto(f"http://papers.test:{port}/en/latest/papers.html")
        assert page.evaluate("window.isSecureContext") is False
        row(page, "harmofl").get_by_role("button", name="Cite").click()
        dialog = cite_dialog(page)
        dialog.get_by_role("button", name="Copy BibTeX").click()
        expect(dialog.get_by_role("status")).to_have_text(
            "Copying is not available here: the BibTeX is selected, press Ctrl+C (\u2318C on a Mac) to copy it.")
        # the whole entry is selected (a selection's text drops the final line break)
        assert page.evaluate("getSelection().toString()") == dialog.locator("pre").text_content().rstrip("\n")
        assert dialog.locator("pre").text_content().startswith("@inproceedings{harmofl,")
    finally:
        browser.close()


def test_cite_the_papers_shown_gives_exactly_the_filtered_rows(page, docs_site):
    page.goto(docs_site.url("papers.html"))
    page.get_by_role("searchbox", name="Filter papers").fill("tag:privacy")
    privacy = [p["id"] for p in PAPERS if "privacy" in p.get("tags", [])]
    button = page.get_by_role("button", name=f"Cite the {len(privacy)} papers shown")
    button.click()
    dialog = cite_dialog(page)
    expect(dialog.get_by_role("heading")).to_have_text(f"Cite the {len(privacy)} papers shown")
    keys = re.findall(r"^@\w+\{([^,]+),", dialog.locator("pre").text_content(), re.M)
    assert keys == privacy  # in the order the page shows them: newest year first
    expect(dialog.get_by_role("link", name="Download .bib")).to_have_attribute("download", "papers.bib")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_accessibility_violation_with_the_cite_dialog_open(pages, docs_site, axe_script, scheme):
    page = pages.open(color_scheme=scheme)
    page.goto(docs_site.url("papers.html"))
    row(page, "fedbn").get_by_role("button", name="Cite").click()
    expect(cite_dialog(page).locator("pre")).to_contain_text("@inproceedings{fedbn")
    assert is_dark(page) == (scheme == "dark")
    assert axe_violations(page, axe_script) == []


# --- the search box --------------------------------------------------------------------------------

def search(page, site, query: str) -> list[dict]:
    page.goto(site.url(f"search.html?q={quote(query)}"))
    expect(page.locator("#search-results p.search-summary")).to_have_text(re.compile(r"\S"))
    return page.locator("#search-results ul.search > li").evaluate_all(
        """lis => lis.map(li => ({object: li.classList.contains("kind-object"),
                title: li.querySelector("a").textContent, href: li.querySelector("a").getAttribute("href")}))""")


@pytest.mark.parametrize("query", ["MICCAI", "histopathology", "2021", "segmentation", "privacy",
                                   "Medical Image Analysis", PROLIFIC])
def test_the_search_box_finds_every_paper_the_filter_finds(page, docs_site, query):
    hits = search(page, docs_site, query)
    papers = [h for h in hits if h["object"]]
    assert hits[:len(papers)] == papers, "paper hits come before pages"
    assert {h["href"].removeprefix("papers/").removesuffix(".html") for h in papers} == matching(query, True)
    pages_found = len(hits) - len(papers)
    expect(page.locator("#search-results p.search-summary")).to_have_text(
        f"Found {len(papers)} paper{'s' * (len(papers) != 1)} and {pages_found} page{'s' * (pages_found != 1)} "
        f"matching \u201c{query}\u201d.")
    # the filter box finds the same papers, but for those only their summaries name
    page.goto(docs_site.url(f"papers.html?q={quote(query)}"))
    expect(page.locator("output.papers-count")).to_have_text(f"{len(matching(query))} of {len(PAPERS)} papers")


@pytest.mark.parametrize(("query", "first"), [("FedBN", "fedbn"), ("HarmoFL", "harmofl"), ("Auto-FedRL", "auto-fedrl"),
                                              ("label set mismatch", "label-set-mismatch")])
def test_an_exact_title_or_method_name_comes_first_and_lands(page, docs_site, query, first):
    hits = search(page, docs_site, query)
    assert hits[0] == {"object": True, "title": BY_ID[first]["title"], "href": f"papers/{first}.html"}
    page.locator("#search-results ul.search > li > a").first.click()
    page.wait_for_url(re.compile(rf"papers/{first}\.html(\?.*)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(BY_ID[first]["title"] + "\u00b6")


def test_the_search_page_has_a_heading(page, docs_site):
    search(page, docs_site, "FedBN")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")


# --- phones, keyboard, focus ------------------------------------------------------------------------

def test_on_a_phone_rows_are_readable_cards(pages, docs_site):
    heights = {}
    for name, viewport in WIDTHS.items():
        page = pages.open(viewport=viewport)
        page.goto(docs_site.url("papers.html"))
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], name
        if name == "phone":
            card = row(page, "fedbn")
            title = card.locator("dt > a:first-child")
            # the title has the width of the card, not a sliver of a table column
            assert title.bounding_box()["width"] > 0.6 * viewport["width"]
            expect(card.locator(".pm")).to_be_visible()  # the venue, kind and year in words
            expect(card.locator(".pm")).to_have_text("ICLR, conference, 2021")
            # no word is broken in the middle: each line of the title ends at a space or its end
            broken = title.evaluate("""a => {
                const range = document.createRange(), text = a.firstChild, tops = [];
                for (let i = 0; i < text.length; i++) {
                  range.setStart(text, i); range.setEnd(text, i + 1);
                  tops.push(range.getBoundingClientRect().top);
                }
                const t = text.textContent;  // a line may only start after a space or a hyphen
                return [...t].some((c, i) => i && tops[i] > tops[i - 1] + 1 && !" -".includes(t[i - 1]) && c !== " ");
            }""")
            assert not broken
    assert heights["phone"] <= 2 * heights["desktop"], heights


def test_the_keyboard_reaches_every_permalink_and_shows_where_it_is(page, docs_site):
    page.goto(docs_site.url("papers.html"))
    page.get_by_role("searchbox", name="Filter papers").focus()
    reached = set()
    for _ in range(1500):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const a = document.activeElement;
            return {href: a.getAttribute("href"), outline: getComputedStyle(a).outlineStyle,
                    permalink: !!a.closest("td:first-child")}; }""")
        if focused["permalink"]:
            reached.add(focused["href"])
            assert focused["outline"] != "none", focused["href"]  # visibly focused
        if len(reached) == len(PAPERS):
            break
    assert reached == {f"#paper-{p['id']}" for p in PAPERS}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("focused", ["nothing", "badge", "permalink", "author"])
def test_no_serious_accessibility_violation_at_any_width_or_focus(pages, docs_site, axe_script, scheme, width, focused):
    page = pages.open(color_scheme=scheme, viewport=WIDTHS[width])
    page.goto(docs_site.url("papers.html"))
    expect(page.locator("thead .papers-sort").first).to_be_attached()  # papers.js has run
    target = row(page, "harmofl")
    if focused == "badge":
        target.locator("a.sd-badge").focus()
    elif focused == "permalink":
        target.locator("td:first-child > a").focus()
    elif focused == "author":
        target.locator("td:first-child > a").focus()  # reaching the row makes its names links
        target.locator("a.pn").first.focus()
    assert is_dark(page) == (scheme == "dark")
    violations = axe_violations(page, axe_script)
    assert violations == [], f"{width}, {scheme}, {focused} focused:\n" + "\n".join(violations)


# --- print and layout -------------------------------------------------------------------------------

def test_the_printed_list_has_every_link_and_no_controls(page, docs_site):
    from pypdf import PdfReader

    page.goto(docs_site.url("papers.html"))
    expect(page.locator("thead .papers-sort").first).to_be_attached()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))  # lines break anywhere in a URL
    for p in PAPERS:
        assert re.sub(r"\s+", "", p["url"]) in text, p["id"]
    for control in ("Filterpapers", "Citeordownload", "Wordsmatchtitles", "venues:fullnamesandkinds", "\u2195",
                    "Skiptocontent"):
        assert control not in text, control
    # 52 Cite buttons on screen; on paper only the two mentions in the page's introduction
    assert text.count("Cite") == 2


def test_nothing_shifts_when_the_page_comes_to_life(pages, docs_site):
    for viewport in WIDTHS.values():
        page = pages.open(viewport=viewport)
        page.add_init_script("""window.__shifts = [];
            new PerformanceObserver(list => window.__shifts.push(...list.getEntries().map(e => e.value)))
              .observe({type: "layout-shift", buffered: true});""")
        page.goto(docs_site.url("papers.html"))
        expect(page.locator("thead .papers-sort").first).to_be_attached()
        page.wait_for_timeout(500)
        assert page.evaluate("window.__shifts") == [], viewport
