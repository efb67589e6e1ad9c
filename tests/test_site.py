"""The real site: it builds without a warning, shows every seed paper, and deploys on Read the Docs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from test_seed import SEED

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(docs_build):
    """The site built as Read the Docs builds it: its exact command line (conftest.docs_build)."""
    return docs_build.result, docs_build.html


def test_the_site_builds_without_a_warning(site):
    result, html = site
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert {"index.html", "papers.html", "contributing.html", "search.html", "objects.inv"} <= {
        p.name for p in html.iterdir()}


def test_every_seed_paper_is_on_the_papers_page(site):
    _, html = site
    soup = BeautifulSoup((html / "papers.html").read_text(encoding="utf-8"), "html.parser")
    for year, number, title, url, venue, code in SEED:
        table = soup.select_one(f"section#year-{year} table.papers-table")
        row = next(tr for tr in table.tbody.find_all("tr") if tr.dt.a.get_text() == title)
        cells = row.find_all(["td", "th"], recursive=False)
        assert cells[0].get_text() == str(number)
        # the title opens the paper's page on this site; the arrow beside it, the paper itself
        paper_id = (row.get("id") or cells[1].dt["id"]).removeprefix("paper-")
        assert cells[1].dt.a["href"] == f"papers/{paper_id}.html"
        assert cells[1].dt.select_one("a.px")["href"] == url
        badge = cells[2].select_one(".sd-badge")
        assert (badge.get_text() if badge else cells[2].get_text()) == (venue or "\u2014")
        link = cells[3].find("a")
        assert (link["href"] if link else cells[3].get_text()) == (code or "\u2014")


def test_pages_have_a_title_favicon_and_figure(site):
    _, html = site
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.title.get_text() == "Federated Learning for Healthcare"
    papers = BeautifulSoup((html / "papers.html").read_text(encoding="utf-8"), "html.parser")
    assert papers.title.get_text() == "Papers - Federated Learning for Healthcare"
    assert index.select_one('link[rel~="icon"]')["href"].endswith("favicon.svg")
    figure = index.select_one("svg.fl-figure")
    assert figure["role"] == "img" and figure.title.get_text()


def test_canonical_url_comes_from_read_the_docs(tmp_path):
    url = "https://fl-health.example.org/en/latest/"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "d"),
         str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "READTHEDOCS_CANONICAL_URL": url},
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html" / "papers.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}papers.html">' in page


def test_read_the_docs_config_is_valid():
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.readthedocs",
         str(ROOT / ".readthedocs.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_our_assets_load_only_where_needed(site):
    _, html = site

    def scripts(page: str) -> set[str]:
        soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
        found = {tag["src"].split("?")[0].rsplit("/", 1)[-1] for tag in soup.find_all("script", src=True)}
        found |= {tag["href"].split("?")[0].rsplit("/", 1)[-1] for tag in soup.find_all("link", rel="stylesheet")}
        return found & {"query.js", "papers.js", "cite.js", "papers.css", "svg-highlight.js",
                        "papers-search.js", "papers-index.js"}

    lists = {"query.js", "papers.js", "cite.js", "papers.css", "svg-highlight.js"}
    assert scripts("papers.html") == lists
    assert scripts("extension.html") == lists  # it shows an example list
    assert scripts("search.html") == {"query.js", "papers-search.js", "papers-index.js", "papers.css",
                                      "svg-highlight.js"}  # paper hits
    assert scripts("index.html") == lists  # "What's new" is a list
    assert scripts("browse/statistics.html") == {"papers.css", "svg-highlight.js"}  # the charts' colours
    assert scripts("contributing.html") == {"svg-highlight.js"}


#: <link> relations a browser loads; canonical, alternate and the like only name an address
LOADED = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


def test_no_page_loads_anything_from_another_host(site):
    _, html = site
    pages = list(html.rglob("*.html"))
    assert len(pages) > 100  # every page, the generated ones (papers/, browse/) too
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        sources = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe", "audio", "video", "source"])]
        sources += [tag.get("href") for tag in soup.find_all("link") if LOADED & set(tag.get("rel", []))]
        external = [s for s in sources if s and s.startswith(("http:", "https:", "//"))]
        assert external == [], page.relative_to(html)
