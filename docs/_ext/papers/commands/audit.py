"""``python -m papers audit``: where the list disagrees with the registries that own its papers.

Every paper with a DOI is compared with Crossref's record, every arXiv-only
paper with arXiv's: title (ignoring case, punctuation and markup), authors
(order, missing, extra), year, venue, a preprint that has since been
published, a DOI Crossref no longer knows, and an abstract that has drifted
from its registry's. Nothing changes unless ``--fix`` names fields: then the
registry's value replaces the list's for those fields, in the file *as it is
when audit writes* (a hand edit made while audit asked the registries is kept;
one to a field audit fixes stops it, and nothing is written), the file is
written in canonical form, checked whole, and the registry is recorded as the
fields' source. When the run's retry budget is spent (a registry that keeps
saying "too many requests"), audit stops asking it and lists what it did not check.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data import writing
from ..data.canonical import dumps
from ..data.dates import utc_today
from ..data.keys import title_key
from ..data.loading import PapersDataError, load_schema, parse_catalog, relative_path
from ..data.messages import printable, quoted, suggestion
from ..data.model import Catalog
from ..data.positions import locate
from ..data.sources import dumps_sources, fact, sources_path, with_entry
from ..registry import arxiv, crossref
from ..registry.http import GaveUp, HttpSettings, NotFound, RegistryClient, RegistryError
from ..registry.record import RegistryRecord
from ..registry.text import one_line
from ..registry.venues import match_venue
from .common import change_or_report, load_or_report, sources_or_refuse

#: The fields `--fix` can take from a registry.
FIXABLE = ("title", "authors", "year", "venue", "doi", "abstract")


@dataclass
class Disagreement:
    paper_id: str
    index: int
    field: str
    what: str
    #: The registry's value for the field, when it has one the list can take.
    value: Any = None
    source: str = ""
    #: The list's value when audit read it: a fix applies only while the field still holds it.
    listed: Any = None
    #: What the sources file says of where the new value comes from (an abstract's licence).
    note: str = ""


def _names(names) -> str:
    return ", ".join(printable(n) for n in names)


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
        found.append(Disagreement(paper["id"], index, name, what, value, record.source_url, paper.get(name)))

    who = record.registry
    if record.title and title_key(record.title) != title_key(paper["title"]):
        differ("title", f"the list has {printable(paper['title'])}, {who} has {printable(record.title)}", record.title)
    if record.authors:
        for said in compare_authors(paper["authors"], record.authors, who, paper.get("more_authors", False)):
            differ("authors", said, list(record.authors))
    if record.year and record.year != paper["year"]:
        differ("year", f"the list has {paper['year']}, {who} has {record.year}", record.year)
    if record.registry == crossref.REGISTRY and record.venue_names:
        key = match_venue(record.venue_names, catalog.venues)
        if key != paper.get("venue"):
            theirs = (f"{printable(record.venue_label)} (venue {printable(key)})" if key else
                      f"{printable(record.venue_label)}, which is none of the list's venues: if it is "
                      f"{printable(paper.get('venue'))}, add that name to its \"aliases\"")
            differ("venue", f"the list has {printable(paper.get('venue'))}, {who} has {theirs}", key)
    drift = abstract_drift(paper.get("abstract"), record)
    if drift:
        found.append(Disagreement(paper["id"], index, "abstract", drift, record.abstract,
                                  record.abstract_source or record.source_url, paper.get("abstract"),
                                  record.abstract_licence or ""))
    if record.published_doi and not paper.get("doi"):
        differ("doi", f"arXiv {paper['arxiv']} has been published as {record.published_doi} (arXiv's DOI field); "
               f"the list shows the preprint (`python -m papers add --update {paper['arxiv']}` lists "
               "the published version)", record.published_doi)
    return found


def _words(text: str) -> str:
    return " ".join(one_line(p) for p in text.split("\n\n"))


def abstract_drift(listed: Any, record: RegistryRecord) -> str | None:
    """How the list's abstract differs from the registry's, or None. A list without an abstract has
    chosen not to carry one: that is no drift."""
    if not isinstance(listed, str) or not record.abstract:
        return None
    if _words(listed) == _words(record.abstract):
        return None if listed == record.abstract else f"its paragraphs differ from {record.registry}'s"
    mine, theirs = _words(listed), _words(record.abstract)
    at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), min(len(mine), len(theirs)))
    return (f"differs from {record.registry}'s from character {at + 1}: the list has {printable(mine[at:at + 40])}, "
            f"{record.registry} has {printable(theirs[at:at + 40])}")


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
        names = [v.strip() for v in value.split(",")]
        if not any(names):
            problems.append(f"--fix {printable(value)}: names no field; choose from {quoted(FIXABLE)}")
            continue
        for name in filter(None, names):
            if name in FIXABLE:
                fields.append(name)
            else:
                problems.append(f"--fix {printable(name)}: not a field audit can fix; choose from {quoted(FIXABLE)}"
                                + suggestion(name, FIXABLE))
    return tuple(dict.fromkeys(fields)), problems


def ask(client: RegistryClient, paper: dict) -> RegistryRecord | None:
    """The registry's record of `paper`: Crossref's for a DOI, arXiv's for an arXiv id; None for neither.

    An abstract read from arXiv is checked against arXiv even when the paper has a DOI."""
    if paper.get("doi"):
        record = crossref.fetch_work(client, paper["doi"])
        if paper.get("abstract") and paper.get("arxiv") and not record.abstract:
            preprint = arxiv.fetch_preprint(client, paper["arxiv"])
            record = record.with_(abstract=preprint.abstract, abstract_licence=preprint.abstract_licence,
                                  abstract_source=preprint.source_url)
        return record
    if paper.get("arxiv"):
        return arxiv.fetch_preprint(client, paper["arxiv"])
    return None


def run_audit(options: AuditOptions, out: Callable[[str], None] = print,
              err: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> int:
    """Report every disagreement; 0 when the list agrees with its registries on every paper checked."""
    data = options.data
    checked = load_or_report(data, options.schema, err, "nothing was audited")
    if checked is None:
        return 1
    catalog, schema_path = checked
    raw = writing.read_raw(data) or b""
    text = writing.decode(raw)
    doc = json.loads(text)
    positions = locate(text)
    client = RegistryClient(HttpSettings.from_env(), say=lambda line: err(f"note: {line}"))
    disagreements: list[Disagreement] = []
    failures, not_asked, checked = [], [], 0
    try:
        for index, paper in enumerate(doc["papers"]):
            where = f"{relative_path(data)}:{':'.join(map(str, positions.of_value(('papers', index, 'id'))))}"
            named = paper.get("doi") or ("arXiv " + paper["arxiv"] if paper.get("arxiv") else None)
            try:
                record = ask(client, paper)
            except GaveUp as error:
                not_asked.append((paper["id"], str(error)))
                continue
            except RegistryError as error:
                checked += 1
                if isinstance(error, NotFound) and paper.get("doi"):
                    disagreements.append(Disagreement(
                        paper["id"], index, "doi", f"{printable(paper['doi'])} no longer resolves: {error}"))
                else:
                    failures.append(f"{where}: paper {printable(paper['id'])}: not checked: {named}: {error}")
                continue
            if record is None:
                continue
            checked += 1
            disagreements.extend(compare(paper, index, record, catalog))
    finally:
        client.close()

    fixed = [d for d in disagreements if d.field in options.fix and d.value is not None]
    for item in disagreements:
        line, col = positions.of_value(("papers", item.index, item.field))
        mark = " [fixed]" if item in fixed else ""
        out(f"{relative_path(data)}:{line}:{col}: paper {printable(item.paper_id)}: {printable(item.field)}: "
            f"{item.what}{mark}")
    for line in failures:
        out(line)
    for reason in dict.fromkeys(why for _, why in not_asked):
        ids = [pid for pid, why in not_asked if why == reason]
        out(f"{relative_path(data)}: not checked: {len(ids)} paper{'s' if len(ids) != 1 else ''} "
            f"({', '.join(printable(i) for i in ids[:10])}{', …' if len(ids) > 10 else ''}): {reason}")
    left = len(disagreements) - len(fixed)
    if fixed and not _apply(fixed, raw, data, schema_path, options, err):
        return 1
    papers_off = len({d.paper_id for d in disagreements})
    summary = (f"{relative_path(data)}: {checked} papers checked against Crossref and arXiv: "
               + (f"{len(disagreements)} disagreements in {papers_off} papers" if disagreements else "they agree"))
    if fixed:
        summary += f"; fixed {len(fixed)} ({', '.join(dict.fromkeys(d.field for d in fixed))}), {left} left"
    if failures:
        summary += f"; {len(failures)} could not be checked"
    if not_asked:
        summary += f"; {len(not_asked)} not checked (retry budget spent)"
    err(summary)
    return 0 if left == 0 and not failures and not not_asked else 1


def fixed_texts(texts: writing.Texts, fixed: list[Disagreement], data: Path, sources_file: Path,
                schema_path: Path) -> dict[Path, str]:
    """The registries' values for the fixed fields, in the files as they are now; `writing.Refused`
    when a field was changed since audit read it, or the result would not be a valid file."""
    if texts[data] is None:
        raise writing.Refused(f"{relative_path(data)}: the file is gone (deleted while audit ran); nothing was written")
    try:
        doc = json.loads(texts[data])
    except ValueError:
        raise writing.Refused(f"{relative_path(data)}: changed while audit ran and is no longer valid JSON "
                              "(`nox -s check` says where); nothing was written") from None
    by_id = {p.get("id"): p for p in doc.get("papers", []) if isinstance(p, dict)}
    conflicts = []
    for item in fixed:
        paper = by_id.get(item.paper_id)
        if paper is None:
            conflicts.append(f"paper {printable(item.paper_id)} was removed")
        elif paper.get(item.field) != item.listed:
            conflicts.append(f"paper {printable(item.paper_id)}: {printable(item.field)} was edited")
    if conflicts:
        raise writing.Refused(f"{relative_path(data)}: changed while audit ran: {'; '.join(conflicts)}; nothing was "
                              "written: "
                              "run audit again to fix what still disagrees")
    by_paper: dict[str, list[Disagreement]] = {}
    for item in fixed:
        by_id[item.paper_id][item.field] = item.value
        by_paper.setdefault(item.paper_id, []).append(item)
    text = dumps(doc)
    try:
        parse_catalog(data, text.encode("utf-8"), load_schema(schema_path))
    except PapersDataError as error:
        raise writing.Refused(*error.lines, f"{relative_path(data)}: the fixed file would have these problems; "
                              "nothing was written") from None
    sources = sources_or_refuse(sources_file, texts[sources_file])
    day = utc_today().isoformat()
    for paper_id, items in by_paper.items():
        for source in dict.fromkeys(i.source for i in items):
            fields = list(dict.fromkeys(i.field for i in items if i.source == source))
            note = f"read {day} by `python -m papers audit --fix {','.join(fields)}`"
            licences = [i.note for i in items if i.source == source and i.note]
            sources = with_entry(sources, paper_id, [fact(fields, source, "; ".join([*licences[:1], note]))], "",
                                 None)
    return {data: text, sources_file: dumps_sources(sources)}


def _apply(fixed: list[Disagreement], raw: bytes, data: Path, schema_path: Path, options: AuditOptions,
           err: Callable[[str], None]) -> bool:
    """Write the registries' values for the fixed fields, if the result is a valid file."""
    sources_file = sources_path(data, options.sources)
    changed = change_or_report(
        [data, sources_file], lambda texts: fixed_texts(texts, fixed, data, sources_file, schema_path), err,
        command=f"python -m papers audit --fix {','.join(options.fix)}", expected={data: writing.digest(raw)})
    if changed is None:
        return False
    if changed.changed_meanwhile:
        err(f"note: {relative_path(data)} changed while audit ran; the fixes were applied to it as it is now, and "
            "those "
            "changes kept")
    return True
