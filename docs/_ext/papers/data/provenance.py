"""Provenance: every fact a paper states is named by a fact of ``sources.json`` for that paper.

A paper's title, authors, year, venue, url, doi, arxiv, code, summary and
abstract, and each of its study facets that has a value (``study.sites``…),
need a source. A fact names a field when one of its ``fields`` is the field's
name, or the name followed by `` (`` and a qualifier: ``"authors (published
order)"``. ``python -m papers check`` and the tests ask this module, so the
rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .messages import printable, suggestion
from .model import FACETS
from .schema import Problem

#: The fields of a paper that state a fact someone read somewhere, in the file's order.
SOURCED = ("title", "authors", "year", "venue", "url", "doi", "arxiv", "code", "summary", "abstract")
#: How the study facets are named in sources.json.
STUDY = tuple(f"study.{facet}" for facet in FACETS)
#: Every name a fact's "fields" may give, for the `source` command and its suggestions.
NAMEABLE = (*SOURCED, *STUDY)


def names(given: str, name: str) -> bool:
    """Whether a fact's field `given` names the field `name` ("authors (published order)" names "authors")."""
    return given == name or given.startswith(name + " (")


def base_name(given: str) -> str:
    """The field a fact's field names: "authors (published order)" is "authors"."""
    return given.split(" (", 1)[0]


def needing_source(paper: dict) -> list[str]:
    """The fields of `paper` that need a source, in the file's order."""
    wanted = [name for name in SOURCED if paper.get(name) is not None]
    study = paper.get("study")
    if isinstance(study, dict):
        wanted += [f"study.{facet}" for facet in FACETS if study.get(facet) is not None]
    return wanted


def named_fields(entry: Any) -> list[str]:
    """Every field name the facts of a sources entry give."""
    facts = entry.get("facts") if isinstance(entry, dict) else None
    return [name for fact in facts if isinstance(fact, dict) for name in fact.get("fields") or []
            if isinstance(name, str)] if isinstance(facts, list) else []


def unsourced(paper: dict, entry: Any) -> list[str]:
    """The fields of `paper` no fact of its sources `entry` names."""
    given = named_fields(entry)
    return [name for name in needing_source(paper) if not any(names(g, name) for g in given)]


def unexamined(paper: dict) -> list[str]:
    """The study facets `paper` has no key for: not yet examined (a key with null was examined)."""
    study = paper.get("study")
    if not isinstance(study, dict):
        return list(FACETS)
    return [facet for facet in FACETS if facet not in study]


def source_command(paper_id: str, fields: list[str]) -> str:
    return f"nox -s source -- {paper_id} {' '.join(fields)} URL"


@dataclass
class Provenance:
    """What the sources file lacks or has too much of; each problem's path is in its own file."""

    #: Paths into the papers file: a field without a source.
    in_papers: list[Problem] = field(default_factory=list)
    #: Paths into the sources file: an entry for no listed paper.
    in_sources: list[Problem] = field(default_factory=list)
    #: Paths into the papers file: study facets not yet examined (a note, not a problem).
    notes: list[Problem] = field(default_factory=list)


def _papers(doc: Any) -> list[tuple[int, dict]]:
    papers = doc.get("papers") if isinstance(doc, dict) else None
    return [(i, p) for i, p in enumerate(papers) if isinstance(p, dict) and isinstance(p.get("id"), str)] \
        if isinstance(papers, list) else []


def check_provenance(papers_doc: Any, sources_doc: Any, sources_name: str = "sources.json") -> Provenance:
    """Every paper's facts named by its sources entry; every entry a listed paper's."""
    found = Provenance()
    entries = sources_doc.get("papers") if isinstance(sources_doc, dict) else None
    entries = entries if isinstance(entries, dict) else {}
    listed = set()
    for index, paper in _papers(papers_doc):
        paper_id = paper["id"]
        listed.add(paper_id)
        missing = unexamined(paper)
        if missing:
            what = "the study facets are" if len(missing) == len(FACETS) else \
                f"{', '.join(f'study.{m}' for m in missing)} {'is' if len(missing) == 1 else 'are'}"
            found.notes.append(Problem(("papers", index, "study" if "study" in paper else "id"),
                                       f"note: {what} not yet examined (CONTRIBUTING.md, \"The study facets\")",
                                       warning=True))
        lacking = unsourced(paper, entries.get(paper_id))
        if paper_id not in entries and lacking:
            found.in_papers.append(Problem(
                ("papers", index, "id"), f"has no entry in {sources_name}: record where each fact was read: "
                f"{source_command(paper_id, lacking)}"))
            continue
        for name in lacking:
            path = ("papers", index, *name.split(".", 1))
            found.in_papers.append(Problem(path, f"has no source in {sources_name}: record where it was read: "
                                           f"{source_command(paper_id, [name])}"))
    for paper_id in entries:
        if paper_id not in listed:
            found.in_sources.append(Problem(
                ("papers", paper_id), f"{printable(paper_id)} is no paper of the list" + suggestion(paper_id, listed)
                + ": fix the id, or remove the entry with its paper", at_key=True))
    for section, what in (("frameworks", "framework"), ("datasets", "dataset")):
        declared = papers_doc.get(section) if isinstance(papers_doc, dict) else None
        declared = declared if isinstance(declared, dict) else {}
        kept = sources_doc.get(section) if isinstance(sources_doc, dict) else None
        for key in kept if isinstance(kept, dict) else ():
            if key not in declared:
                found.in_sources.append(Problem(
                    (section, key), f"{printable(key)} is no {what} of the list" + suggestion(key, declared)
                    + f": fix the key, or remove the entry with its {what}", at_key=True))
    return found
