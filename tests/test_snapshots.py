"""Snapshots of what the directive writes, from rST and MyST: a change in the markup is a reviewed diff.

The files live in tests/test_snapshots/; after an intended change, regenerate them
with ``nox -s tests -- tests/test_snapshots.py --force-regen`` and review the diff.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import papers_conf

PAGES = {"rst": "index", "myst": "myst"}  # the basic root: one list in each syntax


def doctree_text(app, docname: str) -> str:
    """The page's doctree, without what depends on where the test ran."""
    return re.sub(r' source="[^"]*"', "", app.env.get_doctree(docname).pformat(), count=1)


def article_html(app, docname: str) -> str:
    """The page's main content, one element per line where the writer ends a line."""
    soup = BeautifulSoup((app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return re.sub(r"\n{2,}", "\n", str(soup.select_one('[role="main"]'))).strip() + "\n"


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
@pytest.mark.parametrize("syntax", PAGES)
def test_doctree(app, file_regression, syntax):
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check(doctree_text(app, PAGES[syntax]), basename=f"doctree_{syntax}", extension=".xml")


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
@pytest.mark.parametrize("syntax", PAGES)
def test_html(app, file_regression, syntax):
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check(article_html(app, PAGES[syntax]), basename=f"html_{syntax}", extension=".html")


# --- the generated pages and the feed: what readers and feed readers see -------------------------------

GENERATED = papers_conf(papers_pages="papers", papers_browse="browse", html_baseurl="https://example.org/list/")


def main_content(path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return re.sub(r"\n{2,}", "\n", str(soup.select_one('[role="main"]'))).strip() + "\n"


def head_metadata(path) -> str:
    """What machines read in a page's head: its description, citation tags and JSON-LD, one a line."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    tags = [str(m) for m in soup.head.find_all("meta") if m.get("name", "").startswith(("citation_", "description"))]
    return "\n".join([*tags, *(str(s) for s in soup.head.find_all("script", type="application/ld+json"))]) + "\n"


@pytest.mark.sphinx("html", testroot="basic", confoverrides=GENERATED)
def test_a_papers_page(app, file_regression):
    app.build()
    assert app.warning.getvalue() == ""
    page = app.outdir / "papers" / "gamma.html"
    file_regression.check(main_content(page), basename="paper_page", extension=".html")
    file_regression.check(head_metadata(page), basename="paper_page_head", extension=".html")


@pytest.mark.sphinx("html", testroot="basic", confoverrides=GENERATED)
def test_a_browse_page(app, file_regression):
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check(main_content(app.outdir / "browse" / "tags" / "segmentation.html"),
                          basename="browse_page", extension=".html")


@pytest.mark.sphinx("html", testroot="basic", confoverrides=GENERATED)
def test_the_feed(app, file_regression):
    app.build()
    assert app.warning.getvalue() == ""
    file_regression.check((app.outdir / "feed.xml").read_text(encoding="utf-8"), basename="feed", extension=".xml")
