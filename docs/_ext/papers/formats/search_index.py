"""The site search's index of papers: everything the filter knows, small enough for 10,000 papers.

Authors, venues and tags are stored once each and named by number in the papers that use them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ..data.model import Catalog, Study

_WORDS = re.compile(r"\w+(?:[-']\w+)*")


def study_keys(study: Study) -> str:
    """A study's facets as keys, ``;`` between facets, ``,`` within one (what the filter reads)."""
    if not study.examined:
        return ""
    return ";".join((study.deployment or "", str(study.sites or ""), ",".join(study.privacy or ()),
                     study.framework or "", ",".join(study.datasets or ())))


def search_index(catalog: Catalog, pages: Mapping[str, str], paper_pages: str | None = None) -> dict:
    """``{"docs": [...], "venues": [[key, name, kind]], "tags": [...], "authors": [...], "pages": folder,
    "papers": [[doc, id, title, [author, ...], venue or -1, year, [tag, ...], study]]}``.

    `pages` maps a paper's id to the page that lists it; papers on no page are left out. With
    `paper_pages` (the folder of a page per paper) a hit opens the paper's own page.
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
            [tags[tag] for tag in paper.tags], study_keys(paper.study),
        ])
    return {
        "docs": list(docs),
        "venues": [[v.key, v.name, v.kind] for v in catalog.venues.values()],
        "tags": list(catalog.tags),
        "authors": list(authors),
        "pages": paper_pages,
        "papers": papers,
    }


def words_index(catalog: Catalog, pages: Mapping[str, str]) -> list[str]:
    """The words of each indexed paper's summary and abstract, in `search_index`'s order, each
    once: what a query's plain words also match, loaded only when a query has some."""
    out = []
    for paper in catalog.papers:
        if paper.id in pages:
            text = " ".join(filter(None, (paper.summary, paper.abstract)))
            out.append(" ".join(dict.fromkeys(_WORDS.findall(text.casefold()))))
    return out


def search_script(index: dict) -> str:
    """The index as the script the search page loads."""
    return f"PapersSearch.setIndex({json.dumps(index, ensure_ascii=False, separators=(',', ':'))});\n"


def words_script(words: list[str]) -> str:
    """The summaries' words as the script the search page loads when a query needs them."""
    return f"PapersSearch.setWords({json.dumps(words, ensure_ascii=False, separators=(',', ':'))});\n"
