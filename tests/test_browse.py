"""Browse, follow and share: tag and venue pages, statistics, the feed, link previews, sitemap, 404, README.

The site is built once as Read the Docs builds it (its canonical URL set, so the
sitemap, the previews and the 404 page know the site's address), on a fixed day
(SOURCE_DATE_EPOCH) so "new" is reproducible. Expected answers come from the data.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from browser import axe_violations, css_colour, is_dark
from conftest import BASE, BUILD_DAY, DATA, ROOT

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None

DAY = BUILD_DAY
DOC = json.loads(DATA.read_text(encoding="utf-8"))
PAPERS = DOC["papers"]
from papers.data.facets import MODALITIES  # noqa: E402
from papers.data.keys import unique_slugs as slugs  # noqa: E402


@pytest.fixture(scope="module")
def site(built_docs) -> Path:
    return built_docs


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def listed(page: BeautifulSoup) -> list[str]:
    return [dt.a.get_text() for dt in page.select("table.papers-table dt")]


# --- browse pages ----------------------------------------------------------------------------------

def test_every_tag_has_a_page_with_exactly_its_papers(site):
    names = slugs(DOC["tags"])
    for tag, entry in DOC["tags"].items():
        papers = [p["title"] for p in PAPERS if tag in p.get("tags", [])]
        path = site / "browse" / "tags" / f"{names[tag]}.html"
        if not papers:
            assert not path.exists(), tag
            continue
        page = soup(site, f"browse/tags/{names[tag]}.html")
        assert page.h1.get_text().rstrip("¶") == f"Tag: {tag}"
        assert entry["description"] in page.select_one("article").get_text()  # as written: data is text
        assert sorted(listed(page)) == sorted(papers), tag


def test_every_venue_has_a_page_with_exactly_its_papers(site):
    names = slugs(DOC["venues"])
    for key, venue in DOC["venues"].items():
        papers = [p["title"] for p in PAPERS if p.get("venue") == key]
        if not papers:
            continue
        page = soup(site, f"browse/venues/{names[key]}.html")
        assert page.h1.get_text().rstrip("¶") == key
        assert venue["name"] in page.select_one("article").get_text()
        assert sorted(listed(page)) == sorted(papers), key


def test_the_overview_groups_tags_and_venues_with_their_counts(site):
    page = soup(site, "browse/index.html")
    text = re.sub(r"\s+", " ", page.select_one("article").get_text())
    counts = Counter(t for p in PAPERS for t in p.get("tags", []))
    for tag, n in counts.items():
        assert f"{tag} ({n} paper{'s' * (n != 1)}): {DOC['tags'][tag]['description']}" in text, tag
    venue_counts = Counter(p["venue"] for p in PAPERS if "venue" in p)
    for key, n in venue_counts.items():
        assert f"{key} ({n} paper{'s' * (n != 1)}): {DOC['venues'][key]['name']}" in text, key
    dataset_counts = Counter(d for p in PAPERS for d in (p.get("study", {}).get("datasets") or []))
    for key, n in dataset_counts.items():
        assert f"{DOC['datasets'][key]['name']} ({n} paper{'s' * (n != 1)})" in text, key
    groups = [h.get_text().rstrip("¶") for h in page.select("article h3")]
    modalities = [m for m in MODALITIES if any(DOC["datasets"][d]["modality"] == m for d in dataset_counts)]
    assert groups == ["Tasks", "Data modalities", "Problems addressed", "Conferences", "Journals", "Workshops",
                      *(MODALITIES[m] for m in modalities)]


def test_browse_pages_repeat_rows_without_indexing_them_again(site):
    from sphinx.util.inventory import InventoryFile

    inventory = InventoryFile.loads((site / "objects.inv").read_bytes(), uri=BASE)
    papers = inventory.data["paper:paper"]
    assert len(papers) == len(PAPERS)
    assert {item.uri.split("#")[0] for item in papers.values()} == {BASE + "papers.html"}
    index = (site / "_static" / "papers-index.js").read_text(encoding="utf-8")
    assert json.loads(index[len("PapersSearch.setIndex("):-3])["docs"] == ["papers"]


def test_tags_in_rows_link_to_their_pages_and_the_legend_to_venue_pages(site):
    page = soup(site, "papers.html")
    names = slugs(DOC["tags"])
    row = page.find("dt", id="paper-fedbn").find_parent("tr")
    assert [(a.get_text(), a["href"]) for a in row.select(".pt a")] == [
        (t, f"browse/tags/{names[t]}.html") for t in next(p for p in PAPERS if p["id"] == "fedbn")["tags"]]
    legend = {a.get_text(): a["href"] for a in page.select(".papers-legend dd a")}
    assert legend["International Conference on Learning Representations"] == "browse/venues/iclr.html"
    # from a browse page, the same links lead to the same pages
    here = site / "browse" / "tags"
    tag_page = soup(site, f"browse/tags/{names['privacy']}.html")
    for link in tag_page.select(".pt a"):
        assert (here / link["href"]).resolve() == (site / "browse" / "tags" / f"{names[link.get_text()]}.html"), link


def test_the_statistics_give_the_lists_numbers(site):
    page = soup(site, "browse/statistics.html")
    figures = page.select("section.papers-figure")
    assert [f["id"] for f in figures] == ["papers-per-year", "code-per-year", "top-venues", "top-tags",
                                          "deployment-per-year", "sites", "privacy-per-year", "top-datasets",
                                          "frameworks"]
    for figure in figures:
        svg = figure.svg
        assert svg["role"] == "img"
        labels = svg["aria-labelledby"].split()
        assert [svg.find(id=i).name for i in labels] == ["title", "desc"]
        assert figure.table is not None
    per_year = Counter(p["year"] for p in PAPERS)
    rows = {int(tr.th.get_text()): int(tr.find_all("td")[-1].get_text())
            for tr in figures[0].table.tbody.find_all("tr")}
    assert rows == dict(per_year)
    code = Counter(p["year"] for p in PAPERS if "code" in p)
    shares = {int(tr.th.get_text()): tr.find_all("td")[-1].get_text() for tr in figures[1].table.tbody.find_all("tr")}
    assert shares == {y: f"{round(100 * code[y] / n)}%" for y, n in per_year.items()}
    venues = Counter(p["venue"] for p in PAPERS if "venue" in p).most_common(10)
    assert [(tr.th.get_text(), int(tr.find_all("td")[-1].get_text())) for tr in figures[2].table.tbody.find_all("tr")] \
        == venues


def cells(figure) -> dict[str, list[str]]:
    """A figure's table: the first cell of each row -> the others, as text."""
    return {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in figure.table.tbody.find_all("tr")}


def test_the_statistics_answer_the_fields_questions(site):
    """Real or simulated per year, how many sites, which privacy techniques, datasets and software."""
    figures = {f["id"]: f for f in soup(site, "browse/statistics.html").select("section.papers-figure")}
    studies = [p for p in PAPERS if "study" in p]
    deployments = figures["deployment-per-year"]
    header = [th.get_text() for th in deployments.table.thead.find_all("th")]
    for year, row in cells(deployments).items():
        of_year = [p["study"]["deployment"] for p in studies if p["year"] == int(year)]
        counted = dict(zip(header[1:], map(int, row), strict=True))
        assert counted.get("Real deployment", 0) == of_year.count("real"), year
        assert counted.get("Simulated", 0) == of_year.count("simulated"), year
        assert counted.get("Not reported", 0) == of_year.count(None), year
        assert counted["Studies"] == len(of_year), year
    sites = [p["study"]["sites"] for p in studies if p["study"]["sites"]]
    bins = {label: int(n) for label, (n,) in cells(figures["sites"]).items()}
    assert sum(bins.values()) == len(sites)
    assert bins["1\u20132"] == sum(1 for n in sites if n <= 2)
    assert bins["51 or more"] == sum(1 for n in sites if n > 50)
    privacy = cells(figures["privacy-per-year"])
    using = Counter(p["year"] for p in studies if p["study"]["privacy"])
    assert {int(y): int(row[-1]) for y, row in privacy.items()} == {y: using[y] for y in map(int, privacy)}
    datasets = Counter(d for p in studies for d in p["study"]["datasets"] or []).most_common(10)
    shown = [(name, int(row[-1])) for name, row in cells(figures["top-datasets"]).items()]
    assert shown == [(DOC["datasets"][key]["name"], n) for key, n in datasets]
    software = Counter(p["study"]["framework"] for p in studies if p["study"]["framework"]).most_common()
    assert [(name, int(row[-1])) for name, row in cells(figures["frameworks"]).items()] == \
        [(DOC["frameworks"][key]["name"], n) for key, n in software]


# --- follow ----------------------------------------------------------------------------------------

def test_the_feed_is_valid_atom_that_a_feed_reader_parses(site):
    import feedparser

    text = (site / "feed.xml").read_bytes()
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    newest = sorted(enumerate(PAPERS), key=lambda item: (item[1]["added"], -item[0]), reverse=True)[:30]
    assert [e.title for e in feed.entries] == [p["title"] for _, p in newest]
    first = feed.entries[0]
    paper = newest[0][1]
    assert first.link == f"{BASE}papers.html#paper-{paper['id']}"
    assert [a.name for a in first.authors] == paper["authors"]
    assert first.updated.startswith(paper["added"])
    assert paper["url"] in [link.href for link in first.links]
    # RFC 4287: the feed and every entry have an id, a title and an updated date; ids are absolute IRIs
    root = ET.fromstring(text)
    atom = "{http://www.w3.org/2005/Atom}"
    for element in (root, *root.findall(f"{atom}entry")):
        for child in ("id", "title", "updated"):
            assert element.find(f"{atom}{child}") is not None, child
        assert re.match(r"^[a-z][a-z0-9+.-]*:", element.find(f"{atom}id").text)
    assert root.find(f"{atom}author/{atom}name") is not None
    assert root.find(f"{atom}link[@rel='self']").get("href") == f"{BASE}feed.xml"


def test_every_page_advertises_the_feed(site):
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        link = page.find("link", rel="alternate", type="application/atom+xml")
        assert link is not None, path
        if path.name == "404.html":  # served at any address not found, in any folder: absolute
            assert link["href"] == f"{BASE}feed.xml"
        else:
            assert (path.parent / link["href"]).resolve() == (site / "feed.xml").resolve(), path


def test_rows_added_lately_say_new_in_words(site):
    page = soup(site, "papers.html")
    new = {dt["id"]: dt.find_parent("tr").select_one(".pnew") is not None
           for dt in page.select("table.papers-table dt")}
    first = min(p["added"] for p in PAPERS)  # the list's first papers are not news
    recent = {f"paper-{p['id']}": first < p["added"] and (DAY - datetime.date.fromisoformat(p["added"])).days < 60
              for p in PAPERS}
    assert new == recent
    marker = page.select_one(".pnew")
    assert marker is None or marker.get_text() == "new"


def test_the_home_page_shows_whats_new(site):
    page = soup(site, "index.html")
    section = page.find(id="what-s-new")
    newest = sorted(enumerate(PAPERS), key=lambda item: (item[1]["added"], -item[0]), reverse=True)[:5]
    assert [dt.a.get_text() for dt in section.select("dt")] == [p["title"] for _, p in newest]
    assert section.find("a", href="feed.xml") is not None


def test_old_rows_are_not_new(build, tmp_path):
    from conftest import BASIC

    epoch = int(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC).timestamp())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        app = build({"index.md": "# Papers\n\n```{papers}\n```\n"}, data=BASIC)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert "pnew" not in (app.outdir / "index.html").read_text(encoding="utf-8")


# --- share and be found ----------------------------------------------------------------------------

def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_page_has_link_previews_and_a_canonical_url(site):
    for path in html_pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
        relative = path.relative_to(site).as_posix()
        assert meta["og:title"], relative
        assert meta["og:image"] == BASE + "_static/social-card.png", relative
        assert meta["twitter:card"] == "summary_large_image", relative
        if relative not in ("404.html", "search.html", "genindex.html"):
            assert meta["og:url"] == BASE + relative, relative
            assert meta["og:description"], relative
            assert page.find("link", rel="canonical")["href"] == BASE + relative, relative
    assert (site / "_static" / "social-card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_sitemap_lists_every_page_with_its_address_and_robots_txt_points_to_it(site):
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {BASE + p.relative_to(site).as_posix() for p in html_pages(site)} - {
        BASE + "search.html", BASE + "genindex.html", BASE + "404.html"}
    assert locs == expected
    assert (site / "robots.txt").read_text().splitlines() == [
        "User-agent: *", "Allow: /", f"Sitemap: {BASE}sitemap.xml"]


# --- README -------------------------------------------------------------------------------------

def test_the_readme_list_is_current():
    result = subprocess.run([sys.executable, "-m", "papers", "readme", "--check"], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_stale_readme_is_caught_and_rewritten(tmp_path):
    from papers.formats import readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    stale = tmp_path / "README.md"
    stale.write_text(text.replace("| FedBN: ", "| FedBN (old): ", 1).replace("FedBN: Federated", "FedBN Federated", 1))
    check = subprocess.run([sys.executable, "-m", "papers", "readme", str(stale), "--data", str(DATA), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 1 and "stale; run `nox -s readme`" in check.stderr
    subprocess.run([sys.executable, "-m", "papers", "readme", str(stale), "--data", str(DATA)], check=True)
    assert stale.read_text(encoding="utf-8") == text
    assert readme.START in text and readme.END in text


def test_the_readme_renders_on_github_without_broken_links_or_raw_html():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # no HTML GitHub would strip: only the two comment markers around the generated list
    tags = re.findall(r"<(?!!--)[a-zA-Z/][^>]*>", re.sub(r"`[^`]*`", "", text))
    assert tags == []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if not target.startswith(("http://", "https://", "#")):
            assert (ROOT / target).exists(), target
    titles = re.findall(r"^\| \d+ \| \[(.+?)\]\(", text, re.M)
    assert len(titles) == len(PAPERS)


def test_the_github_workflow_is_valid_and_runs_the_tests_and_a_weekly_linkcheck():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(ROOT / ".github" / "workflows" / "ci.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    from ruamel.yaml import YAML

    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads "on" as true
    assert "pull_request" in triggers and triggers["schedule"]
    runs = {name: " ".join(step.get("run", "") for step in job["steps"]) for name, job in workflow["jobs"].items()}
    assert "nox -s tests" in runs["tests"] and "nox -s linkcheck" in runs["linkcheck"]


# --- in a browser ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def prefixed(docs_site):
    return docs_site.base



@pytest.mark.browser
@pytest.mark.parametrize("depth", ["missing.html", "browse/tags/missing.html", "a/b/c/d/missing/"])
def test_the_404_page_keeps_its_styles_and_links_at_any_depth(pages, prefixed, depth):
    page = pages.open()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    response = page.goto(prefixed + depth)
    assert response.status == 404
    page.wait_for_load_state("load")
    assert failed == [prefixed + depth]  # the page itself, and no stylesheet, script or image
    # the browser reports the page's own 404 as a console error: expected here
    pages.errors[:] = [e for e in pages.errors if not e.endswith("status of 404 (Not Found)")]
    # furo's stylesheet applied: the sidebar is laid out beside the content, not as a plain list
    assert page.locator(".sidebar-drawer").evaluate("e => getComputedStyle(e).display") != "inline"
    assert page.evaluate("[...document.styleSheets].some(s => s.href && s.href.includes('furo'))")
    link = page.locator(".sidebar-tree a", has_text="Papers").first
    link.click()
    page.wait_for_url(prefixed + "papers.html")
    expect(page.locator("table.papers-table").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["browse/index.html", "browse/tags/privacy.html", "browse/venues/miccai.html",
                                  "browse/statistics.html"])
def test_browse_pages_work_and_pass_axe(pages, prefixed, axe_script, path, scheme):
    page = pages.open(color_scheme=scheme)
    page.goto(prefixed + path)
    assert is_dark(page) == (scheme == "dark")
    if "statistics" in path:
        # the charts follow the theme: bars take the page's brand colour, text its secondary colour
        fill = page.locator(".papers-chart .share").first.evaluate("e => getComputedStyle(e).fill")
        brand = page.evaluate("getComputedStyle(document.body).getPropertyValue('--color-brand-primary').trim()")
        assert fill and brand
    elif "index" not in path:
        expect(page.locator("table.papers-table").first).to_be_visible()
        expect(page.locator("thead .papers-sort").first).to_be_attached()  # the list sorts and filters here too
    assert axe_violations(page, axe_script) == []
    if path == "browse/index.html":
        page.get_by_role("link", name="privacy", exact=True).click()
        page.wait_for_url(re.compile(r"browse/tags/privacy\.html$"))
        row = page.locator("table.papers-table tbody tr").first
        row.locator(".pt a", has_text="privacy").click()  # a tag in a row leads to its page
        page.wait_for_url(re.compile(r"browse/tags/privacy\.html$"))


@pytest.mark.browser
def test_a_link_to_a_row_of_a_tag_page_lands_on_it_and_its_cite_button_works(pages, prefixed):
    """Rows of a page per tag carry their anchor on the row (one search hit per paper on
    Read the Docs): the row is still the link's target, highlighted, and Cite finds its paper."""
    paper = [p for p in PAPERS if "privacy" in p.get("tags", ())][-1]
    page = pages.open()
    page.goto(f"{prefixed}browse/tags/privacy.html#paper-{paper['id']}")
    row = page.locator(f"tr#paper-{paper['id']}")
    expect(row).to_be_in_viewport()
    expect(row).to_have_css("background-color", css_colour(page, "--color-highlight-on-target"))
    row.get_by_role("button", name="Cite").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text(f"Cite \u201c{paper['title']}\u201d")
    expect(dialog.locator("pre, textarea").first).to_contain_text(f"{{{paper['id']},")
