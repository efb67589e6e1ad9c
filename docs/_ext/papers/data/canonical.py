"""The canonical form of the data file: what ``nox -s format`` writes.

Stable key order, two-space indent, venues and tags sorted by key, papers
newest year first with their order inside a year kept (it is the list's
numbering). One form means small, reviewable diffs.
"""

from __future__ import annotations

import json
from typing import Any

TOP_KEYS = ("$schema", "venues", "tags", "papers")
VENUE_KEYS = ("name", "kind", "aliases")
TAG_KEYS = ("group", "description")
PAPER_KEYS = ("id", "title", "authors", "more_authors", "year", "venue", "url", "doi", "arxiv", "code", "tags", "added")


def _ordered(entry: dict, keys: tuple[str, ...]) -> dict:
    return {k: entry[k] for k in keys if k in entry}


def canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` reordered; it must be valid (unknown keys would be dropped)."""
    return _ordered({
        **doc,
        "venues": {k: _ordered(doc["venues"][k], VENUE_KEYS)
                   for k in sorted(doc["venues"], key=str.casefold)},
        "tags": {k: _ordered(doc["tags"][k], TAG_KEYS) for k in sorted(doc["tags"])},
        # sorted() is stable: papers of one year keep their order
        "papers": [_ordered(p, PAPER_KEYS)
                   for p in sorted(doc["papers"], key=lambda p: -int(p["year"]))],
    }, TOP_KEYS)


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(canonical(doc), indent=2, ensure_ascii=False) + "\n"
