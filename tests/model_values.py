"""Model values made straight from a data file's JSON, past the data rules: what every format must survive anyway.

tests/data/hostile.json holds text the rules now refuse (an emoji joined by a
zero-width joiner), so `load_catalog` stops at it; the formats are pure functions
of model values and are held to it all the same.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from papers.data.model import Catalog, Paper, Tag, Venue

_PAPER_FIELDS = {f.name for f in dataclasses.fields(Paper) if f.init} - {"study"}


def paper(**fields) -> Paper:
    """A Paper from JSON-like fields (lists become tuples); unknown keys are ignored."""
    return Paper(**{k: tuple(v) if isinstance(v, list) else v for k, v in fields.items() if k in _PAPER_FIELDS})


def catalog_from_json(path: Path) -> Catalog:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return Catalog(
        path=path,
        venues={k: Venue(k, v["name"], v["kind"]) for k, v in doc["venues"].items()},
        tags={k: Tag(k, v["group"], v["description"]) for k, v in doc["tags"].items()},
        papers=tuple(paper(**p) for p in doc["papers"]),
    )
