"""CSL JSON items for papers: what Zotero, Mendeley, pandoc and citeproc import.

Follows the CSL data schema (citation-style-language/schema, csl-data.json).
Names are taken apart as `names.name_parts` says: given, particle, family, suffix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..data.kinds import kind_of
from ..data.model import Paper, Venue
from ..data.names import name_parts

#: CSL's names for the parts `name_parts` gives.
_CSL_PARTS = {"given": "given", "family": "family", "particle": "non-dropping-particle", "suffix": "suffix",
              "literal": "literal"}


def person(name: str) -> dict:
    """``"Jean-Baptiste van der Berg"`` -> given "Jean-Baptiste", non-dropping-particle "van der", family "Berg"."""
    return {_CSL_PARTS[part]: value for part, value in name_parts(name).items()}


def item(paper: Paper, venue: Venue | None) -> dict:
    kind = kind_of(venue)
    result: dict = {
        "id": paper.id,
        "type": kind.csl_type,
        "title": paper.title,
        "author": [person(name) for name in paper.authors],
        "issued": {"date-parts": [[paper.year]]},
        "URL": paper.url,
    }
    if venue is not None and kind.csl_container:
        result["container-title"] = venue.name
    if paper.doi:
        result["DOI"] = paper.doi
    notes = []
    if paper.arxiv:
        if kind.csl_container:
            notes.append(f"arXiv:{paper.arxiv}")
        else:
            result["publisher"] = "arXiv"
            result["number"] = f"arXiv:{paper.arxiv}"
    if paper.more_authors:
        notes.append("Author list shortened: more authors than listed")
    if notes:
        result["note"] = "; ".join(notes)
    return result


def items(papers: Iterable[Paper], venues: Mapping[str, Venue]) -> list[dict]:
    return [item(p, venues.get(p.venue) if p.venue else None) for p in papers]
