"""``data/sources.json``: where each paper's facts were read, kept in the file's own layout.

The file is written as ``json.dumps(indent=2)`` would, except that lists of
strings (a fact's ``"fields"``) stay on one line; `dumps_sources` reproduces
the file byte for byte, so a paper added by `add` is a diff of its own entry.

Its shape: ``{"description": ..., "papers": {id: {"facts": [fact, ...], "notes": "..."}}}``, and
the same entries for the vocabularies under ``"frameworks"`` and ``"datasets"``; a fact is
``{"fields": [...], "source": "...", "place": "...", "note": "...", "from_code": true}``,
``fields`` and ``source`` required (``place`` and ``note`` may be null: not said).
`structure_problems` says where a file breaks that shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .messages import control_fault, printable, quoted, suggestion
from .schema import Problem

#: The source named for what the maintainer typed rather than what a registry said.
MAINTAINER = "given by the maintainer on the command line"
#: A fact's keys, in the order the file writes them.
FACT_KEYS = ("fields", "source", "place", "note", "from_code")
ENTRY_KEYS = ("facts", "notes")
#: The sections of entries: papers by id, and the vocabularies by key.
SECTIONS = ("papers", "frameworks", "datasets")
TOP_KEYS = ("$schema", "description", *SECTIONS)


def sources_path(data: Path, given: Path | None = None) -> Path:
    """The sources file of a data file: `given`, else ``sources.json`` beside it."""
    return given or Path(data).with_name("sources.json")


def is_sources(doc: Any) -> bool:
    """Whether a parsed file is a sources file (its "papers" an object by id) rather than a list."""
    return isinstance(doc, dict) and isinstance(doc.get("papers"), dict) and "venues" not in doc


def read_sources(path: Path) -> dict:
    """The sources file's document; an empty one where the file does not exist yet."""
    if not path.exists():
        return {"papers": {}}
    return json.loads(path.read_text(encoding="utf-8-sig"))


def loads_sources(text: str | None) -> dict:
    """A sources file's text (None: no file yet) as a document."""
    return {"papers": {}} if text is None else json.loads(text)


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


def fact(fields: list[str], source: str, note: str | None = None, *, place: str | None = None,
         from_code: bool = False) -> dict:
    """One fact, its keys in the file's order: which fields, read where, and what a reader should know."""
    entry: dict = {"fields": fields, "source": source}
    if place:
        entry["place"] = place
    if note:
        entry["note"] = note
    if from_code:
        entry["from_code"] = True
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


# --- the file's shape ----------------------------------------------------------------------

def _text(value: Any, path: tuple, found: list[Problem], *, empty_ok: bool = False) -> None:
    if not isinstance(value, str):
        found.append(Problem(path, f"must be a string, got {printable(value)}"))
    elif not value.strip() and not empty_ok:
        found.append(Problem(path, "must not be empty: name the page or file it was read from"
                             if path[-1] == "source" else "must not be empty"))
    else:
        fault = control_fault(value.replace("\n", " "))
        if fault:
            found.append(Problem(path, fault))


def _keys(entry: dict, path: tuple, known: tuple[str, ...], required: tuple[str, ...], found: list[Problem]) -> None:
    for key in entry:
        if key not in known:
            found.append(Problem((*path, key), "is an unknown field" + (
                suggestion(key, known) or f"; expected {quoted(known)}"), at_key=True))
    for key in required:
        if key not in entry:
            found.append(Problem(path, f'has no "{key}": it is required'))


def structure_problems(doc: Any) -> list[Problem]:
    """Where a sources document breaks the file's shape; paths as in `Problem`."""
    if not isinstance(doc, dict):
        return [Problem((), f"the file must be an object, got {printable(doc)}")]
    found: list[Problem] = []
    _keys(doc, (), TOP_KEYS, ("papers",), found)
    for section in SECTIONS:
        entries = doc.get(section)
        if section not in doc:
            continue
        if not isinstance(entries, dict):
            found.append(Problem((section,), f"must be an object of entries by key, got {printable(entries)}"))
            continue
        for key, entry in entries.items():
            _entry_problems((section, key), entry, found)
    return found


def _entry_problems(base: tuple, entry: Any, found: list[Problem]) -> None:
    if not isinstance(entry, dict):
        found.append(Problem(base, f"must be an object with \"facts\" and \"notes\", got {printable(entry)}"))
        return
    _keys(entry, base, ENTRY_KEYS, ("facts",), found)
    if "notes" in entry:
        _text(entry["notes"], (*base, "notes"), found, empty_ok=True)
    facts = entry.get("facts")
    if "facts" in entry and not isinstance(facts, list):
        found.append(Problem((*base, "facts"), f"must be a list of facts, got {printable(facts)}"))
        return
    for index, item in enumerate(facts or []):
        path = (*base, "facts", index)
        if not isinstance(item, dict):
            found.append(Problem(path, f"must be an object with \"fields\" and \"source\", got {printable(item)}"))
            continue
        _keys(item, path, FACT_KEYS, ("fields", "source"), found)
        fields = item.get("fields")
        if "fields" in item:
            if not isinstance(fields, list):
                found.append(Problem((*path, "fields"), "must be a list of the fields it gives, e.g. "
                                     f'["title", "authors"]; got {printable(fields)}'))
            else:
                for number, name in enumerate(fields):
                    _text(name, (*path, "fields", number), found)
        if "source" in item:
            _text(item["source"], (*path, "source"), found)
        for key in ("place", "note"):
            if item.get(key) is not None:
                _text(item[key], (*path, key), found)
        if "from_code" in item and item["from_code"] is not True:
            found.append(Problem((*path, "from_code"), f"must be true (or left out), got "
                                                       f"{printable(item['from_code'])}"))
