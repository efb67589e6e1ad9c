"""CSL JSON items for papers: what Zotero, Mendeley, pandoc and citeproc import.

Follows the CSL data schema (citation-style-language/schema, csl-data.json).
Names are taken apart as `names.name_parts` says: given, particle, family, suffix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..data.facets import PRIVACY
from ..data.kinds import kind_of
from ..data.model import Paper, Study, Venue
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
    study = study_note(paper.study)
    if study:
        notes.append(study)
    if notes:
        result["note"] = "; ".join(notes)
    return result


def study_note(study: Study) -> str:
    """The study's facets in words for a CSL note: "Study: real deployment, 20 sites, differential privacy"."""
    words = []
    if study.deployment:
        words.append(f"{study.deployment} deployment" if study.deployment != "both" else
                     "simulated and real deployments")
    if study.sites:
        words.append(f"{study.sites} site{'s' if study.sites != 1 else ''}")
    words += [PRIVACY[t][1] for t in study.privacy or ()]
    if study.framework:
        words.append(f"software: {study.framework}")
    if study.datasets:
        words.append(f"datasets: {', '.join(study.datasets)}")
    return "Study: " + ", ".join(words) if words else ""


def items(papers: Iterable[Paper], venues: Mapping[str, Venue]) -> list[dict]:
    return [item(p, venues.get(p.venue) if p.venue else None) for p in papers]
