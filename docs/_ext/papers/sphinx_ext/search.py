"""The site search's index of papers (`formats.search_index`), written for builders with a search page.

Sphinx's own index only sees a paper's title (a table written straight to HTML
has no words for its indexer), so the papers are left out of it (their objects
have priority -1) and the search page reads this file instead.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..formats.search_index import search_index, search_script, words_index, words_script
from . import stamps
from .config import catalog_of
from .pages import has_pages
from .stops import reporting

FILE = "papers-index.js"
#: The words of summaries and abstracts: loaded by the search page only when a query needs them.
WORDS_FILE = "papers-words.js"
JOB = "search-index"


def write_search_index(app: Sphinx) -> list:
    """For builders with a search page (html, dirhtml): ``_static/papers-index.js``.

    Written at ``html-collect-pages``, before the search page, so that the page
    links the file with its checksum (``?v=``) and a browser never keeps a stale one.
    """
    if app.builder.search:
        with reporting("the papers' search index"):
            _write(app)
    return []


def _write(app: Sphinx) -> None:
    target = Path(app.outdir) / "_static" / FILE
    # id -> the page its search hit goes to, as worked out once all pages were read (env-get-updated)
    pages = app.env.get_domain("paper").data["targets"]
    paper_pages = f"{app.config.papers_pages}/" if has_pages(app.builder) and app.config.papers_pages else None
    made_from = stamps.digest(app, sorted(pages.items()), paper_pages)
    if stamps.holds(app, JOB, made_from):
        return  # a no-op build: the index of the last one stands
    papers = catalog_of(app.config)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(search_script(search_index(papers, pages, paper_pages)), encoding="utf-8")
    words = target.with_name(WORDS_FILE)
    words.write_text(words_script(words_index(papers, pages)), encoding="utf-8")
    stamps.record(app, JOB, made_from, [target, words])


def setup_search(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_search_index)
