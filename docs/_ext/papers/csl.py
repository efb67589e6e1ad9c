"""CSL JSON items for papers: what Zotero, Mendeley and pandoc import.

Follows the CSL data schema (citation-style-language/schema, csl-data.json).
Names are split the way BibTeX reads "First von Last": the last word is the
family name, lowercase particles before it (van, de, von der) its particle,
and a trailing "Jr." its suffix.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from .model import Paper, Venue

_SUFFIXES = ("Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV")


def person(name: str) -> dict:
    """``"Jean-Baptiste van der Berg"`` -> given "Jean-Baptiste", particle "van der", family "Berg"."""
    return dict(_person(name))  # a copy: the cached one is shared


@functools.lru_cache(maxsize=65536)
def _person(name: str) -> dict:
    """`person`, cached: authors recur across a list's papers."""
    words, suffix = name.split(), None
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop().rstrip(",")
        words[-1] = words[-1].rstrip(",")
    if len(words) == 1:
        return {"literal": name}
    first_particle = next((i for i, w in enumerate(words[1:-1], 1) if w[:1].islower()), len(words) - 1)
    given, particle, family = words[:first_particle], words[first_particle:-1], words[-1]
    result = {"family": family, "given": " ".join(given)}
    if particle:
        result["non-dropping-particle"] = " ".join(particle)
    if suffix:
        result["suffix"] = suffix
    return result


def item_type(venue: Venue | None) -> str:
    if venue is None or venue.kind == "preprint":
        return "article"  # CSL's type for a preprint or other unpublished article
    return "article-journal" if venue.kind == "journal" else "paper-conference"


def item(paper: Paper, venue: Venue | None) -> dict:
    result: dict = {
        "id": paper.id,
        "type": item_type(venue),
        "title": paper.title,
        "author": [person(name) for name in paper.authors],
        "issued": {"date-parts": [[paper.year]]},
        "URL": paper.url,
    }
    if venue is not None and venue.kind != "preprint":
        result["container-title"] = venue.name
    if paper.doi:
        result["DOI"] = paper.doi
    if paper.arxiv:
        if result["type"] == "article":
            result["publisher"] = "arXiv"
            result["number"] = f"arXiv:{paper.arxiv}"
        else:
            result["note"] = f"arXiv:{paper.arxiv}"
    if paper.more_authors:
        shortened = "Author list shortened: more authors than listed"
        result["note"] = "; ".join(filter(None, [result.get("note"), shortened]))
    return result


def items(papers: Iterable[Paper], venues: Mapping[str, Venue]) -> list[dict]:
    return [item(p, venues.get(p.venue) if p.venue else None) for p in papers]
