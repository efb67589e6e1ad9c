"""The site search's index of papers: everything the filter knows, small enough for 10,000 papers.

Sphinx's own index only sees a paper's title (a table written straight to HTML
has no words for its indexer), so the papers are left out of it (their objects
have priority -1) and the search page reads this file instead. Authors, venues
and tags are stored once each and named by number in the papers that use them.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from . import stamps
from .background import reporting
from .loading import load_catalog
from .paths import data_file, schema_file

FILE = "papers-index.js"


def build_index(app: Sphinx) -> dict:
    """``{"docs": [...], "venues": [[key, name, kind]], "tags": [...], "authors": [...],
    "papers": [[doc, id, title, [author, ...], venue or -1, year, [tag, ...]]]}`` for indexed papers."""
    catalog = load_catalog(data_file(app.config), schema_file(app.config))
    # id -> the page its search hit goes to, as worked out once all pages were read (env-get-updated)
    pages = app.env.get_domain("paper").data["targets"]
    docs: dict[str, int] = {}
    authors: dict[str, int] = {}
    venues = {key: n for n, key in enumerate(catalog.venues)}
    tags = {key: n for n, key in enumerate(catalog.tags)}
    papers = []
    for paper in catalog.papers:
        docname = pages.get(paper.id)
        if docname is None:  # no page indexes it (listed only with :no-index:, or not at all)
            continue
        papers.append([
            docs.setdefault(docname, len(docs)), paper.id, paper.title,
            [authors.setdefault(name, len(authors)) for name in paper.authors],
            venues[paper.venue] if paper.venue else -1, paper.year,
            [tags[tag] for tag in paper.tags],
        ])
    return {
        "docs": list(docs),
        "venues": [[v.key, v.name, v.kind] for v in catalog.venues.values()],
        "tags": list(catalog.tags),
        "authors": list(authors),
        "papers": papers,
    }


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
    stamp = Path(app.outdir) / "_papers" / ".index-hash"
    # what the index is made of: the data file, and which page lists each paper
    digest = stamps.digest(app.config, sorted(app.env.get_domain("paper").data["targets"].items()))
    if stamps.holds(stamp, digest, target):
        return  # a no-op build: the index of the last one stands
    text = json.dumps(build_index(app), ensure_ascii=False, separators=(",", ":"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"PapersSearch.setIndex({text});\n", encoding="utf-8")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
