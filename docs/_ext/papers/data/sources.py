"""``data/sources.json``: where each paper's facts were read, kept in the file's own layout.

The file is written as ``json.dumps(indent=2)`` would, except that lists of
strings (a fact's ``"fields"``) stay on one line; `dumps_sources` reproduces
the file byte for byte, so a paper added by `add` is a diff of its own entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: The source named for what the maintainer typed rather than what a registry said.
MAINTAINER = "given by the maintainer on the command line"


def sources_path(data: Path, given: Path | None = None) -> Path:
    """The sources file of a data file: `given`, else ``sources.json`` beside it."""
    return given or Path(data).with_name("sources.json")


def read_sources(path: Path) -> dict:
    """The sources file's document; an empty one where the file does not exist yet."""
    if not path.exists():
        return {"papers": {}}
    return json.loads(path.read_text(encoding="utf-8-sig"))


def dumps_sources(doc: Any) -> str:
    return _dumps(doc, 0) + "\n"


def _dumps(value: Any, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value:
        items = (f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, depth + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        return "[\n" + ",\n".join(f"{inner}{_dumps(v, depth + 1)}" for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def fact(fields: list[str], source: str, note: str | None = None) -> dict:
    entry: dict = {"fields": fields, "source": source}
    if note:
        entry["note"] = note
    return entry


def with_entry(doc: dict, paper_id: str, facts: list[dict], notes: str, after: str | None) -> dict:
    """`doc` with `facts` recorded for `paper_id`: appended to its entry, or a new entry placed after
    paper `after` (the papers' order; first when None)."""
    papers = dict(doc.get("papers", {}))
    if paper_id in papers:
        entry = dict(papers[paper_id])
        entry["facts"] = [*entry.get("facts", []), *facts]
        if notes:
            entry["notes"] = " ".join(filter(None, (entry.get("notes", ""), notes)))
        papers[paper_id] = entry
        return {**doc, "papers": papers}
    new = {"facts": facts, "notes": notes}
    if after is not None and after not in papers:
        return {**doc, "papers": {**papers, paper_id: new}}
    placed: dict = {} if after is not None else {paper_id: new}
    for key, value in papers.items():
        placed[key] = value
        if key == after:
            placed[paper_id] = new
    return {**doc, "papers": placed}
