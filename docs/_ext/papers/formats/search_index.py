"""The site search's index of papers: everything the filter knows, small enough for 10,000 papers.

Authors, venues and tags are stored once each and named by number in the papers that use them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..data.model import Catalog


def search_index(catalog: Catalog, pages: Mapping[str, str]) -> dict:
    """``{"docs": [...], "venues": [[key, name, kind]], "tags": [...], "authors": [...],
    "papers": [[doc, id, title, [author, ...], venue or -1, year, [tag, ...]]]}``.

    `pages` maps a paper's id to the page its hit opens; papers on no page are left out.
    """
    docs: dict[str, int] = {}
    authors: dict[str, int] = {}
    venues = {key: n for n, key in enumerate(catalog.venues)}
    tags = {key: n for n, key in enumerate(catalog.tags)}
    papers = []
    for paper in catalog.papers:
        page = pages.get(paper.id)
        if page is None:
            continue
        papers.append([
            docs.setdefault(page, len(docs)), paper.id, paper.title,
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


def search_script(index: dict) -> str:
    """The index as the script the search page loads."""
    return f"PapersSearch.setIndex({json.dumps(index, ensure_ascii=False, separators=(',', ':'))});\n"
