"""``python -m papers audit``: where the list disagrees with the registries that own its papers.

Every paper with a DOI is compared with Crossref's record, every arXiv-only
paper with arXiv's: title (ignoring case, punctuation and markup), authors
(order, missing, extra), year, venue, a preprint that has since been
published, a DOI Crossref no longer knows. Nothing changes unless ``--fix``
names fields: then the registry's value replaces the list's for those fields,
the file is written in canonical form, checked whole, and the registry is
recorded as their source.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.canonical import dumps
from ..data.dates import utc_today
from ..data.keys import title_key
from ..data.loading import shown
from ..data.messages import got, quoted, suggestion
from ..data.model import Catalog
from ..data.positions import locate
from ..data.sources import dumps_sources, fact, read_sources, sources_path, with_entry
from ..registry import arxiv, crossref
from ..registry.http import HttpSettings, NotFound, RegistryClient, RegistryError
from ..registry.record import RegistryRecord
from ..registry.venues import match_venue
from .add import write_whole
from .common import check_or_report, load_or_report

#: The fields `--fix` can take from a registry.
FIXABLE = ("title", "authors", "year", "venue", "doi")


@dataclass
class Disagreement:
    paper_id: str
    index: int
    field: str
    what: str
    #: The registry's value for the field, when it has one the list can take.
    value: Any = None
    source: str = ""


def _names(names) -> str:
    return ", ".join(got(n) for n in names)


def compare_authors(listed: list[str], theirs: tuple[str, ...], registry: str, more_authors: bool) -> list[str]:
    """What differs between two author lists, as phrases; names compare as titles do (case, accents)."""
    mine = {title_key(n): n for n in listed}
    known = {title_key(n): n for n in theirs}
    lacking = [n for k, n in known.items() if k not in mine]
    extra = [n for k, n in mine.items() if k not in known]
    said = []
    if lacking and not more_authors:
        said.append(f"{registry} lists {_names(lacking)}, whom the list lacks")
    if extra:
        said.append(f"the list has {_names(extra)}, whom {registry} does not list")
    if not said and [title_key(n) for n in listed] != [title_key(n) for n in theirs][:len(listed)]:
        said.append(f"same names in another order; {registry}'s order: {_names(theirs)}")
    return said


def compare(paper: dict, index: int, record: RegistryRecord, catalog: Catalog) -> list[Disagreement]:
    """Every field where `paper` says otherwise than `record`."""
    found = []

    def differ(name: str, what: str, value: Any = None) -> None:
        found.append(Disagreement(paper["id"], index, name, what, value, record.source_url))

    who = record.registry
    if record.title and title_key(record.title) != title_key(paper["title"]):
        differ("title", f"the list has {got(paper['title'])}, {who} has {got(record.title)}", record.title)
    if record.authors:
        for said in compare_authors(paper["authors"], record.authors, who, paper.get("more_authors", False)):
            differ("authors", said, list(record.authors))
    if record.year and record.year != paper["year"]:
        differ("year", f"the list has {paper['year']}, {who} has {record.year}", record.year)
    if record.registry == crossref.REGISTRY and record.venue_names:
        key = match_venue(record.venue_names, catalog.venues)
        if key != paper.get("venue"):
            theirs = (f"{got(record.venue_label)} (venue {got(key)})" if key else
                      f"{got(record.venue_label)}, which is none of the list's venues: if it is "
                      f"{got(paper.get('venue'))}, add that name to its \"aliases\"")
            differ("venue", f"the list has {got(paper.get('venue'))}, {who} has {theirs}", key)
    if record.published_doi and not paper.get("doi"):
        differ("doi", f"arXiv {paper['arxiv']} has been published as {record.published_doi} (arXiv's DOI field); "
               f"the list shows the preprint (`python -m papers add --update {paper['arxiv']}` lists "
               "the published version)", record.published_doi)
    return found


@dataclass
class AuditOptions:
    data: Path = Path("data/papers.json")
    schema: Path | None = None
    sources: Path | None = None
    fix: tuple[str, ...] = ()


def parse_fix(values: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The fields named by --fix (repeatable, or comma-separated), and a message per unknown one."""
    fields, problems = [], []
    for value in values:
        for name in filter(None, (v.strip() for v in value.split(","))):
            if name in FIXABLE:
                fields.append(name)
            else:
                problems.append(f"--fix {got(name)}: not a field audit can fix; choose from {quoted(FIXABLE)}"
                                + suggestion(name, FIXABLE))
    return tuple(dict.fromkeys(fields)), problems


def run_audit(options: AuditOptions, out: Callable[[str], None] = print,
              err: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> int:
    """Report every disagreement; 0 when the list agrees with its registries on every paper checked."""
    data = options.data
    checked = load_or_report(data, options.schema, err, "nothing was audited")
    if checked is None:
        return 1
    catalog, schema_path = checked
    text = data.read_text(encoding="utf-8-sig")
    doc = json.loads(text)
    positions = locate(text)
    client = RegistryClient(HttpSettings.from_env())
    disagreements: list[Disagreement] = []
    failures, checked = [], 0
    try:
        for index, paper in enumerate(doc["papers"]):
            where = f"{shown(data)}:{':'.join(map(str, positions.of_value(('papers', index, 'id'))))}"
            try:
                if paper.get("doi"):
                    record = crossref.fetch_work(client, paper["doi"])
                elif paper.get("arxiv"):
                    record = arxiv.fetch_preprint(client, paper["arxiv"])
                else:
                    continue
            except RegistryError as error:
                checked += 1
                if isinstance(error, NotFound) and paper.get("doi"):
                    disagreements.append(Disagreement(
                        paper["id"], index, "doi", f"{got(paper['doi'])} no longer resolves: {error}"))
                else:
                    failures.append(f"{where}: paper {got(paper['id'])}: not checked: "
                                    f"{paper.get('doi') or 'arXiv ' + paper['arxiv']}: {error}")
                continue
            checked += 1
            disagreements.extend(compare(paper, index, record, catalog))
    finally:
        client.close()

    fixed = [d for d in disagreements if d.field in options.fix and d.value is not None]
    for item in disagreements:
        line, col = positions.of_value(("papers", item.index, item.field))
        mark = " [fixed]" if item in fixed else ""
        out(f"{shown(data)}:{line}:{col}: paper {got(item.paper_id)}: {got(item.field)}: {item.what}{mark}")
    for line in failures:
        out(line)
    left = len(disagreements) - len(fixed)
    if fixed and not _apply(fixed, doc, data, schema_path, options, err):
        return 1
    papers_off = len({d.paper_id for d in disagreements})
    summary = (f"{shown(data)}: {checked} papers checked against Crossref and arXiv: "
               + (f"{len(disagreements)} disagreements in {papers_off} papers" if disagreements else "they agree"))
    if fixed:
        summary += f"; fixed {len(fixed)} ({', '.join(dict.fromkeys(d.field for d in fixed))}), {left} left"
    if failures:
        summary += f"; {len(failures)} could not be checked"
    err(summary)
    return 0 if left == 0 and not failures else 1


def _apply(fixed: list[Disagreement], doc: dict, data: Path, schema_path: Path, options: AuditOptions,
           err: Callable[[str], None]) -> bool:
    """Write the registries' values for the fixed fields, if the result is a valid file."""
    by_paper: dict[str, list[Disagreement]] = {}
    for item in fixed:
        doc["papers"][item.index][item.field] = item.value
        by_paper.setdefault(item.paper_id, []).append(item)
    text = dumps(doc)
    if check_or_report(data, text, schema_path, err, "the fixed file") is None:
        return False
    sources_file = sources_path(data, options.sources)
    sources = read_sources(sources_file)
    day = utc_today().isoformat()
    for paper_id, items in by_paper.items():
        for source in dict.fromkeys(i.source for i in items):
            fields = list(dict.fromkeys(i.field for i in items if i.source == source))
            note = f"read {day} by `python -m papers audit --fix {','.join(fields)}`"
            sources = with_entry(sources, paper_id, [fact(fields, source, note)], "", None)
    write_whole(data, text)
    write_whole(sources_file, dumps_sources(sources))
    return True
