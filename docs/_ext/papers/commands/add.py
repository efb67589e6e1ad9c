"""``python -m papers add``: new papers from their DOI or arXiv id, each fact from its registry.

Crossref owns DOIs and arXiv owns arXiv ids, so each is asked for its own; an
arXiv paper that has since been published (arXiv's DOI field) is listed as the
published version, and a DOI whose record names its arXiv preprint gets the
``arxiv`` field too. What no registry knows (tags, code) comes from the
command line. The paper is placed where the list's order puts it (the end of
its year, so no number changes), the file is written in canonical form and
checked whole, and ``data/sources.json`` records the registry address and the
day each field was read. Anything wrong, and nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..data.canonical import dumps
from ..data.dates import utc_today
from ..data.ids import readable_id
from ..data.keys import doi_key, title_key
from ..data.loading import shown
from ..data.messages import got, suggestion
from ..data.model import Catalog
from ..data.names import family_name
from ..data.rules import check_link
from ..data.sources import MAINTAINER, dumps_sources, fact, read_sources, sources_path, with_entry
from ..registry import arxiv, crossref
from ..registry.http import HttpSettings, RegistryClient, RegistryError
from ..registry.identifiers import Identifier, parse_identifier
from ..registry.record import RegistryRecord
from ..registry.venues import match_venue, suggested_entry, suggested_key
from .common import check_or_report, load_or_report

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Refused(Exception):
    """One identifier cannot be added: `str()` is the whole message, identifier first."""


@dataclass
class AddOptions:
    identifiers: list[str]
    data: Path = Path("data/papers.json")
    schema: Path | None = None
    sources: Path | None = None
    tags: list[str] = field(default_factory=list)
    code: str | None = None
    paper_id: str | None = None
    venue: str | None = None
    dry_run: bool = False
    update: bool = False


@dataclass
class Found:
    """What the registries said of one identifier: the version to list, and how it was found."""

    identifier: Identifier
    record: RegistryRecord
    said: list[str] = field(default_factory=list)


# --- asking the registries ---------------------------------------------------------

def find(client: RegistryClient, identifier: Identifier) -> Found:
    """The registries' record of the version of `identifier` the list should show."""
    if identifier.kind == "doi":
        record = crossref.fetch_work(client, identifier.value)
        found = Found(identifier, record)
        if record.published_doi:  # a preprint server's DOI (posted-content) that names its journal version
            found.said.append(f"{identifier.value} is a preprint of {record.published_doi} (Crossref's "
                              "\"is-preprint-of\" relation): listing the published version")
            found.record = _published(client, record.published_doi, f"the published version of {identifier.value}")
        return found
    record = arxiv.fetch_preprint(client, identifier.value)
    found = Found(identifier, record)
    if record.published_doi:
        found.said.append(f"arXiv {identifier.value} has been published as {record.published_doi} (arXiv's DOI "
                          "field): listing the published version")
        published = _published(client, record.published_doi, f"the published version of arXiv {identifier.value}")
        found.record = published.with_(arxiv=identifier.value, arxiv_source=record.source_url,
                                       notes=(*published.notes, *record.notes))
    elif record.journal_ref:
        found.said.append(f"arXiv gives a journal reference ({record.journal_ref}) but no DOI: listed as the "
                          "preprint; if it was published with a DOI, add that instead")
    return found


def _published(client: RegistryClient, doi: str, what: str) -> RegistryRecord:
    try:
        return crossref.fetch_work(client, doi)
    except RegistryError as err:
        raise Refused(f"{doi} ({what}): {err}") from None


# --- turning a record into a paper -------------------------------------------------------

def venue_for(found: Found, catalog: Catalog, chosen: str | None, data: Path) -> str | None:
    """The venue key for a record: `chosen` (--venue), the venue its names match, None for an arXiv
    preprint; `Refused` with a ready-to-paste entry when the registry's venue is not in the list."""
    record = found.record
    if chosen:
        return chosen
    if not record.venue_names:
        return None
    key = match_venue(record.venue_names, catalog.venues)
    if key:
        return key
    new_key = suggested_key(record, catalog.venues)
    entry = json.dumps({new_key: suggested_entry(record)}, indent=2, ensure_ascii=False)
    entry = "\n".join("  " + line for line in entry.splitlines()[1:-1])
    exists = (f" A venue {got(new_key)} exists: if it is this one, add the alias to it instead."
              if new_key in catalog.venues else "")
    raise Refused(
        f"{found.identifier.given}: {record.registry}'s venue {got(record.venue_label)} is none of the venues of "
        f"{shown(data)} (their keys, names and aliases); nothing was written. Declare it in \"venues\", "
        f"with the registry's name as an alias (kind {record.kind or '?'} from {record.registry} type "
        f"{got(record.record_type)}), and run the command again:\n{entry}\n"
        f"  or, if the list knows this venue by another name, add the alias there, or rerun with "
        f"--venue KEY.{exists}")


def build_paper(found: Found, venue: str | None, options: AddOptions, taken: set[str], added: str) -> dict:
    record = found.record
    missing = [name for name, value in (("title", record.title), ("authors", record.authors),
                                        ("year", record.year), ("url", record.url)) if not value]
    if missing:
        why = "; ".join(record.notes) if record.notes else f"{record.registry} gives none"
        raise Refused(f"{found.identifier.given}: cannot be added from {record.registry}: no "
                      f"{', '.join(missing)} ({why}); add it by hand")
    first = record.authors[0]
    paper_id = options.paper_id or readable_id(record.title, first, record.year, taken, family_name(first))
    paper = {"id": paper_id, "title": record.title, "authors": list(record.authors), "year": record.year}
    if venue:
        paper["venue"] = venue
    paper["url"] = record.url
    for name, value in (("doi", record.doi), ("arxiv", record.arxiv), ("code", options.code)):
        if value:
            paper[name] = value
    if options.tags:
        paper["tags"] = list(dict.fromkeys(options.tags))
    paper["added"] = added
    return paper


def facts_for(found: Found, paper: dict, options: AddOptions, added: str) -> list[dict]:
    """The sources entry: the registry address read for each field, and what the maintainer gave."""
    record = found.record
    note = f"read {added} by `python -m papers add {found.identifier.given}`"
    from_record = [f for f in ("title", "authors", "year", "venue", "url", "doi") if f in paper]
    if options.venue:
        from_record.remove("venue")
    arxiv_here = "arxiv" in paper and record.arxiv_source in (None, record.source_url)
    facts = [fact([*from_record, *(["arxiv"] if arxiv_here else [])], record.source_url, note)]
    if "arxiv" in paper and not arxiv_here:
        facts.append(fact(["arxiv"], record.arxiv_source, note))
    given = [f for f in ("venue", "code", "tags") if f in paper and (f != "venue" or options.venue)]
    if given:
        facts.append(fact(given, MAINTAINER))
    return facts


def not_filled(paper: dict, record: RegistryRecord) -> list[str]:
    why = {
        "venue": "a preprint" if record.kind == "preprint" else f"{record.registry} names none",
        "doi": "no published version known" if record.registry == arxiv.REGISTRY else f"{record.registry} gives none",
        "arxiv": "no preprint named by the registry",
        "code": "no registry knows it: give --code URL",
        "tags": "give --tag TAG",
    }
    return [f"{name} ({reason})" for name, reason in why.items() if name not in paper]


def listed_as(papers: list[dict], record: RegistryRecord) -> tuple[dict, str] | None:
    """The listed paper `record` is, and by what: the same DOI, arXiv id or title."""
    for name, same in (
        ("DOI", lambda p: record.doi and p.get("doi") and doi_key(p["doi"]) == doi_key(record.doi)),
        ("arXiv id", lambda p: record.arxiv and p.get("arxiv") == record.arxiv),
        ("title", lambda p: record.title and title_key(p.get("title", "")) == title_key(record.title)),
    ):
        for paper in papers:
            if same(paper):
                return paper, name
    return None


def update_to_published(paper: dict, record: RegistryRecord, venue: str | None, options: AddOptions) -> None:
    """A listed preprint becomes the published version: its id, tags, code and day added stay."""
    paper.update(title=record.title, authors=list(record.authors), year=record.year, url=record.url,
                 doi=record.doi)
    if venue:
        paper["venue"] = venue
    else:
        paper.pop("venue", None)
    if record.arxiv:
        paper["arxiv"] = record.arxiv
    if options.code:
        paper["code"] = options.code
    if options.tags:
        paper["tags"] = list(dict.fromkeys([*paper.get("tags", []), *options.tags]))


def insertion_index(papers: list[dict], year: int) -> int:
    """After the last paper of `year` or newer: the list runs newest year first, a year in its own order."""
    return max((i + 1 for i, p in enumerate(papers) if int(p["year"]) >= year), default=0)


# --- the command ---------------------------------------------------------------------

def check_options(options: AddOptions, catalog: Catalog) -> list[str]:
    problems = []
    if len(options.identifiers) > 1 and (options.paper_id or options.code or options.venue):
        problems.append("--id, --code and --venue describe one paper: give a single DOI or arXiv id with them")
    if options.paper_id and (not _ID.match(options.paper_id) or len(options.paper_id) > 64):
        problems.append(f"--id {got(options.paper_id)}: an id is a lowercase slug of letters, digits and single "
                        'hyphens, e.g. "fedbn"')
    elif options.paper_id in catalog.by_id:
        problems.append(f"--id {got(options.paper_id)} is the id of a listed paper already; ids must be unique")
    if options.venue and options.venue not in catalog.venues:
        problems.append(f"--venue {got(options.venue)} is not a key of \"venues\""
                        + suggestion(options.venue, catalog.venues) + " (declare it there first)")
    for tag in options.tags:
        if tag not in catalog.tags:
            problems.append(f"--tag {got(tag)} is not declared in \"tags\"" + suggestion(tag, catalog.tags))
    if options.code:
        problem, _ = check_link(options.code)
        if problem:
            problems.append(f"--code {problem}")
    return problems


def run_add(options: AddOptions, out: Callable[[str], None] = print,
            err: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> int:
    """Add the papers `options` names; 0 when all were added (or would be, with --dry-run)."""
    data = options.data
    sources_file = sources_path(data, options.sources)
    checked = load_or_report(data, options.schema, err, "nothing was added")
    if checked is None:
        return 1
    catalog, schema_path = checked
    identifiers, problems = [], check_options(options, catalog)
    for given in options.identifiers:
        try:
            identifiers.append(parse_identifier(given))
        except ValueError as error:
            problems.append(str(error))
    if problems:
        for line in problems:
            err(line)
        return 1

    client = RegistryClient(HttpSettings.from_env())
    found: list[Found] = []
    try:
        for identifier in identifiers:
            try:
                found.append(find(client, identifier))
            except RegistryError as error:
                problems.append(f"{identifier.given}: {error}")
            except Refused as error:
                problems.append(str(error))
    finally:
        client.close()

    doc = json.loads(data.read_text(encoding="utf-8-sig"))
    sources = read_sources(sources_file)
    papers: list[dict] = doc["papers"]
    taken = {p["id"] for p in papers}
    added, reports = utc_today().isoformat(), []
    for item in found:
        try:
            venue = venue_for(item, catalog, options.venue, data)
            listed = listed_as(papers, item.record)
            if listed and not (listed[0].get("doi") is None and item.record.doi and listed[1] != "DOI"):
                raise Refused(f"{item.identifier.given}: already listed as paper {got(listed[0]['id'])} "
                              f"(same {listed[1]})")
            if listed and not options.update:
                raise Refused(
                    f"{item.identifier.given}: paper {got(listed[0]['id'])} lists its preprint (same "
                    f"{listed[1]}); rerun with --update to list the published version, {item.record.doi}, "
                    "in its place (id, tags, code and day added stay)")
        except Refused as error:
            problems.append(str(error))
            continue
        if listed:
            paper = listed[0]
            update_to_published(paper, item.record, venue, options)
            facts = facts_for(item, {k: v for k, v in paper.items() if k not in ("code", "tags")}, options, added)
            sources = with_entry(sources, paper["id"], facts, f"Published version recorded on {added}.", None)
            reports.append((item, paper, "updated"))
            continue
        try:
            paper = build_paper(item, venue, options, taken, added)
        except Refused as error:
            problems.append(str(error))
            continue
        at = insertion_index(papers, paper["year"])
        papers.insert(at, paper)
        taken.add(paper["id"])
        notes = " ".join(item.said)
        sources = with_entry(sources, paper["id"], facts_for(item, paper, options, added),
                             notes or f"Added with `python -m papers add` on {added}.",
                             papers[at - 1]["id"] if at else None)
        reports.append((item, paper, "added"))
    if problems:
        for line in problems:
            err(line)
        if len(identifiers) > 1:
            err(f"{shown(data)}: nothing was written (a problem with one paper stops them all)")
        return 1

    text = dumps(doc)
    new_catalog = check_or_report(data, text, schema_path, err, "the new file")
    if new_catalog is None:
        return 1
    for item, paper, how in reports:
        verb = ("would be " if options.dry_run else "") + how
        number = new_catalog.by_id[paper["id"]].number
        out(f"{shown(data)}: {verb} paper {got(paper['id'])} ({paper['year']}, #{number} of its "
            f"year), from {item.record.registry} {item.record.source_url}:")
        for line in json.dumps(paper, indent=2, ensure_ascii=False).splitlines():
            out("  " + line)
        for line in [*item.said, *item.record.notes]:
            out(f"  note: {line}")
        missing = not_filled(paper, item.record)
        if missing:
            out("  not filled: " + "; ".join(missing))
    if options.dry_run:
        out(f"{shown(data)}: --dry-run, nothing written")
        return 0
    write_whole(data, text)
    write_whole(sources_file, dumps_sources(sources))
    out(f"{shown(sources_file)}: recorded where each field came from")
    return 0


def write_whole(path: Path, text: str) -> None:
    """Replace `path` whole: an interrupted run leaves the old file, never half a new one."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
