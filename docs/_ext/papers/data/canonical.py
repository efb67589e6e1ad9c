"""The canonical form of the data file: what ``nox -s format`` writes.

Stable key order, two-space indent, venues and tags sorted by key, papers
newest year first with their order inside a year kept (it is the list's
numbering). One form means small, reviewable diffs. Keys this code does not
know (a list's own fields, which its schema allows) keep their place after
the known ones: a rewrite never drops data.
"""

from __future__ import annotations

import json
from typing import Any

from .model import FACETS

TOP_KEYS = ("$schema", "venues", "tags", "frameworks", "datasets", "papers")
VENUE_KEYS = ("name", "kind", "aliases")
TAG_KEYS = ("group", "description")
FRAMEWORK_KEYS = ("name", "url")
DATASET_KEYS = ("name", "url", "modality", "access")
PAPER_KEYS = ("id", "title", "authors", "more_authors", "year", "venue", "url", "doi", "arxiv", "code", "tags",
              "summary", "abstract", "study", "added")


def _ordered(entry: Any, keys: tuple[str, ...]) -> Any:
    """`entry` with `keys` first in that order, then any other keys as they were."""
    if not isinstance(entry, dict):
        return entry
    return {**{k: entry[k] for k in keys if k in entry}, **{k: v for k, v in entry.items() if k not in keys}}


def _sorted_section(section: Any, keys: tuple[str, ...], sort_key=None) -> Any:
    if not isinstance(section, dict):
        return section
    return {k: _ordered(section[k], keys) for k in sorted(section, key=sort_key)}


def _paper(paper: Any) -> Any:
    paper = _ordered(paper, PAPER_KEYS)
    if isinstance(paper, dict) and isinstance(paper.get("study"), dict):
        paper["study"] = _ordered(paper["study"], FACETS)
    return paper


def _year(paper: Any) -> int:
    try:
        return -int(paper["year"])
    except (TypeError, KeyError, ValueError):
        return 0


def canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` reordered, nothing added or dropped."""
    out = dict(doc)
    out["venues"] = _sorted_section(doc.get("venues"), VENUE_KEYS, str.casefold)
    out["tags"] = _sorted_section(doc.get("tags"), TAG_KEYS)
    for name, keys in (("frameworks", FRAMEWORK_KEYS), ("datasets", DATASET_KEYS)):
        if name in doc:
            out[name] = _sorted_section(doc[name], keys)
    papers = doc.get("papers")
    # sorted() is stable: papers of one year keep their order
    out["papers"] = [_paper(p) for p in sorted(papers, key=_year)] if isinstance(papers, list) else papers
    return _ordered({k: v for k, v in out.items() if k in doc}, TOP_KEYS)


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(canonical(doc), indent=2, ensure_ascii=False) + "\n"
