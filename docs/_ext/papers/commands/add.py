"""``python -m papers add``: new papers from their DOI or arXiv id, each fact from its registry.

Crossref owns DOIs and arXiv owns arXiv ids, so each is asked for its own; an
arXiv paper that has since been published (arXiv's DOI field) is listed as the
published version, and a DOI whose record names its arXiv preprint gets the
``arxiv`` field too. What no registry knows (tags, code) comes from the
command line; the abstract comes from arXiv (CC0) or from Crossref when the
record carries it under an open licence. The study facets are left for a
person to read from the paper, and `add` says so.

The command runs in steps, each named below: check the options and the list
(a paper already listed is refused before any request), ask the registries,
then place the papers in the file *as it is when the command writes* (another
`add`, or a hand edit made while this one waited on the network, is kept), and
write ``papers.json`` and ``sources.json`` together through `data.writing`.
Anything wrong, and nothing is written.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..data import writing
from ..data.canonical import dumps
from ..data.dates import utc_today
from ..data.ids import readable_id
from ..data.keys import doi_key, title_key
from ..data.loading import PapersDataError, load_schema, parse_catalog, relative_path
from ..data.messages import printable, suggestion
from ..data.model import Catalog
from ..data.names import family_name
from ..data.rules import check_link
from ..data.sources import MAINTAINER, dumps_sources, fact, sources_path, with_entry
from ..registry import arxiv, crossref
from ..registry.http import GaveUp, HttpSettings, NotFound, RegistryClient, RegistryError
from ..registry.identifiers import Identifier, parse_identifier
from ..registry.record import RegistryRecord
from ..registry.venues import match_venue, suggested_entry, suggested_key
from .common import change_or_report, load_or_report, paper_schema, sources_or_refuse

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The fields `add` fills itself (from a registry, or the day); what else the schema requires must come
#: from the command line or from a person.
FILLED = ("id", "title", "authors", "year", "venue", "url", "doi", "arxiv", "abstract", "added")
GIVEN = {"tags": "--tag TAG", "code": "--code URL"}


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
    abstract: bool = True


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
        if not published.abstract and record.abstract:  # Crossref has none it may give: arXiv's is CC0
            found.record = found.record.with_(abstract=record.abstract, abstract_licence=record.abstract_licence,
                                              abstract_source=record.source_url)
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
    exists = (f" A venue {printable(new_key)} exists: if it is this one, add the alias to it instead."
              if new_key in catalog.venues else "")
    raise Refused(
        f"{found.identifier.given}: {record.registry}'s venue {printable(record.venue_label)} is none of the venues of "
        f"{relative_path(data)} (their keys, names and aliases); nothing was written. Declare it in \"venues\", "
        f"with the registry's name as an alias (kind {record.kind or '?'} from {record.registry} type "
        f"{printable(record.record_type)}), and run the command again:\n{entry}\n"
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
    if options.abstract and record.abstract:
        paper["abstract"] = record.abstract
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
    if "abstract" in paper:
        facts.append(fact(["abstract"], record.abstract_source or record.source_url,
                          f"{record.abstract_licence}; {note}"))
    given = [f for f in ("venue", "code", "tags") if f in paper and (f != "venue" or options.venue)]
    if given:
        facts.append(fact(given, MAINTAINER))
    return facts


def not_filled(paper: dict, record: RegistryRecord, options: AddOptions) -> list[str]:
    why = {
        "venue": "a preprint" if record.kind == "preprint" else f"{record.registry} names none",
        "doi": "no published version known" if record.registry == arxiv.REGISTRY else f"{record.registry} gives none",
        "arxiv": "no preprint named by the registry",
        "code": "no registry knows it: give --code URL",
        "tags": "give --tag TAG",
        "abstract": "--no-abstract" if not options.abstract else
                    f"{record.registry} has none under an open licence",
        "study": "not yet examined; see CONTRIBUTING.md",
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


# --- step 1: the options and the list, before any request -------------------------------------

def check_options(options: AddOptions, catalog: Catalog) -> list[str]:
    problems = []
    if len(options.identifiers) > 1 and (options.paper_id is not None or options.code is not None
                                         or options.venue is not None):
        problems.append("--id, --code and --venue describe one paper: give a single DOI or arXiv id with them")
    for name, value in (("--id", options.paper_id), ("--code", options.code), ("--venue", options.venue),
                        *(("--tag", tag) for tag in options.tags)):
        if value is not None and not value.strip():
            problems.append(f"{name} {printable(value)}: empty; give a value, or leave the option out")
    if options.paper_id and (not _ID.match(options.paper_id) or len(options.paper_id) > 64):
        problems.append(f"--id {printable(options.paper_id)}: an id is a lowercase slug of letters, digits and single "
                        'hyphens, e.g. "fedbn"')
    elif options.paper_id in catalog.by_id:
        problems.append(f"--id {printable(options.paper_id)} is the id of a listed paper already; ids must be unique")
    if options.venue and options.venue not in catalog.venues:
        problems.append(f"--venue {printable(options.venue)} is not a key of \"venues\""
                        + suggestion(options.venue, catalog.venues) + " (declare it there first)")
    for tag in options.tags:
        if tag.strip() and tag not in catalog.tags:
            problems.append(f"--tag {printable(tag)} is not declared in \"tags\"" + suggestion(tag, catalog.tags))
    if options.code and options.code.strip():
        problem, _ = check_link(options.code)
        if problem:
            problems.append(f"--code {problem}")
    return problems


def check_required(options: AddOptions, schema_path: Path) -> list[str]:
    """What the schema requires of a paper that neither a registry nor the options give."""
    required = paper_schema(schema_path).get("required", [])
    problems = []
    for name in required:
        if name in GIVEN and not getattr(options, name):
            declared = "" if name != "tags" else " (see \"tags\" in the data file)"
            problems.append(f"{relative_path(schema_path)} requires \"{name}\" of every paper: give "
                            f"{GIVEN[name]}{declared}")
        elif name not in FILLED and name not in GIVEN:
            problems.append(f"{relative_path(schema_path)} requires \"{name}\" of every paper, which add cannot fill: "
                            "add the paper by hand (CONTRIBUTING.md, \"Add it in one edit\")")
    return problems


def listed_before_asking(identifiers: list[Identifier], catalog: Catalog, update: bool) -> list[str]:
    """Identifiers the list already has (or that repeat), refused before any registry is asked."""
    problems, seen = [], set()
    by_doi = {doi_key(p.doi): p for p in catalog.papers if p.doi}
    by_arxiv = {p.arxiv: p for p in catalog.papers if p.arxiv}
    for identifier in identifiers:
        key = (identifier.kind, doi_key(identifier.value) if identifier.kind == "doi" else identifier.value)
        if key in seen:
            problems.append(f"{identifier.given}: named twice; give it once")
        seen.add(key)
        if identifier.kind == "doi" and key[1] in by_doi:
            problems.append(f"{identifier.given}: already listed as paper {printable(by_doi[key[1]].id)} (same DOI); "
                            "Crossref was not asked")
        elif identifier.kind == "arxiv" and identifier.value in by_arxiv:
            paper = by_arxiv[identifier.value]
            if paper.doi:
                problems.append(f"{identifier.given}: already listed as paper {printable(paper.id)} (same arXiv "
                                "id), as its "
                                f"published version {paper.doi}; arXiv was not asked")
            elif not update:
                problems.append(f"{identifier.given}: already listed as paper {printable(paper.id)} (same arXiv "
                                "id); arXiv "
                                "was not asked. If it has since been published, rerun with --update to list the "
                                "published version in its place")
    return problems


# --- step 2: the registries -----------------------------------------------------------------

def network_hint(error: RegistryError, identifier: Identifier) -> str:
    """What to try when a registry could not be reached: said once, after the reason."""
    said = str(error)
    if isinstance(error, NotFound) or not (said.startswith("no answer from") or " answered HTTP " in said
                                           or isinstance(error, GaveUp)):
        return ""
    variable, base = (("PAPERS_CROSSREF_API", crossref.api_base()) if identifier.kind == "doi"
                      else ("PAPERS_ARXIV_API", arxiv.api_base()))
    return (f". Check the network connection and {variable} (now {base}), or add the paper by hand "
            "(CONTRIBUTING.md, \"Add it in one edit\")")


def ask_registries(identifiers: list[Identifier], err: Callable[[str], None]) -> tuple[list[Found], list[str]]:
    """Each identifier's record, and a message for each that could not be had."""
    client = RegistryClient(HttpSettings.from_env(), say=lambda line: err(f"note: {line}"))
    found: list[Found] = []
    problems: list[str] = []
    try:
        for identifier in identifiers:
            try:
                found.append(find(client, identifier))
            except GaveUp as error:
                problems.append(f"{identifier.given}: not asked: {error}")
            except RegistryError as error:
                problems.append(f"{identifier.given}: {error}{network_hint(error, identifier)}")
            except Refused as error:
                problems.append(str(error))
    finally:
        client.close()
    return found, problems


# --- step 3: the papers placed in the file as it is now ---------------------------------------

@dataclass
class Placed:
    """What placing the papers made: the files' new texts, and what to tell the maintainer."""

    texts: dict[Path, str]
    #: (what was found, the paper as written, "added" or "updated")
    reports: list[tuple[Found, dict, str]]
    catalog: Catalog


def place(texts: writing.Texts, found: list[Found], options: AddOptions, schema_path: Path,
          sources_file: Path, added: str) -> Placed:
    """The papers of `found` placed in the files' current `texts`; `writing.Refused` if they cannot be."""
    data = options.data
    text = texts[data]
    if text is None:
        raise writing.Refused(f"{relative_path(data)}: the file is gone (deleted while add waited for the registries); "
                              "nothing was written")
    try:
        catalog = parse_catalog(data, text.encode("utf-8"), load_schema(schema_path))
    except PapersDataError as error:
        raise writing.Refused(*error.lines, f"{relative_path(data)}: fix these first (`nox -s check` lists them); "
                              "nothing was written") from None
    doc = json.loads(text)
    sources = sources_or_refuse(sources_file, texts[sources_file])
    papers: list[dict] = doc["papers"]
    taken = {p["id"] for p in papers}
    problems: list[str] = []
    reports: list[tuple[Found, dict, str]] = []
    for item in found:
        try:
            venue = venue_for(item, catalog, options.venue, data)
            listed = listed_as(papers, item.record)
            if listed and not (listed[0].get("doi") is None and item.record.doi and listed[1] != "DOI"):
                raise Refused(f"{item.identifier.given}: already listed as paper {printable(listed[0]['id'])} "
                              f"(same {listed[1]})")
            if listed and not options.update:
                raise Refused(
                    f"{item.identifier.given}: paper {printable(listed[0]['id'])} lists its preprint (same "
                    f"{listed[1]}); rerun with --update to list the published version, {item.record.doi}, "
                    "in its place (id, tags, code and day added stay)")
            if listed:
                paper = listed[0]
                update_to_published(paper, item.record, venue, options)
                facts = facts_for(item, {k: v for k, v in paper.items() if k not in ("code", "tags", "abstract")},
                                  options, added)
                sources = with_entry(sources, paper["id"], facts, f"Published version recorded on {added}.", None)
                reports.append((item, paper, "updated"))
                continue
            paper = build_paper(item, venue, options, taken, added)
        except Refused as error:
            problems.append(str(error))
            continue
        at = insertion_index(papers, paper["year"])
        papers.insert(at, paper)
        taken.add(paper["id"])
        sources = with_entry(sources, paper["id"], facts_for(item, paper, options, added),
                             " ".join(item.said) or f"Added with `python -m papers add` on {added}.",
                             papers[at - 1]["id"] if at else None)
        reports.append((item, paper, "added"))
    if problems:
        if len(found) > 1:
            problems.append(f"{relative_path(data)}: nothing was written (a problem with one paper stops them all)")
        raise writing.Refused(*problems)
    new_text = dumps(doc)
    try:
        new_catalog = parse_catalog(data, new_text.encode("utf-8"), load_schema(schema_path))
    except PapersDataError as error:
        raise writing.Refused(*error.lines, f"{relative_path(data)}: the new file would have these problems; "
                              "nothing was written") from None
    return Placed({data: new_text, sources_file: dumps_sources(sources)}, reports, new_catalog)


# --- step 4: what was done ---------------------------------------------------------------------

def tell(placed: Placed, options: AddOptions, out: Callable[[str], None]) -> None:
    data = options.data
    for item, paper, how in placed.reports:
        verb = ("would be " if options.dry_run else "") + how
        number = placed.catalog.by_id[paper["id"]].number
        out(f"{relative_path(data)}: {verb} paper {printable(paper['id'])} ({paper['year']}, #{number} of its "
            f"year), from {item.record.registry} {item.record.source_url}:")
        for line in json.dumps(paper, indent=2, ensure_ascii=False).splitlines():
            out("  " + line)
        for line in [*item.said, *item.record.notes]:
            out(f"  note: {line}")
        missing = not_filled(paper, item.record, options)
        if missing:
            out("  not filled: " + "; ".join(missing))


# --- the command ---------------------------------------------------------------------------------

def run_add(options: AddOptions, out: Callable[[str], None] = print,
            err: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> int:
    """Add the papers `options` names; 0 when all were added (or would be, with --dry-run)."""
    data = options.data
    sources_file = sources_path(data, options.sources)
    checked = load_or_report(data, options.schema, err, "nothing was added")
    if checked is None:
        return 1
    catalog, schema_path = checked
    before = {p: writing.digest(writing.read_raw(p)) for p in (data, sources_file)}
    identifiers, problems = [], check_options(options, catalog) + check_required(options, schema_path)
    for given in options.identifiers:
        try:
            identifiers.append(parse_identifier(given))
        except ValueError as error:
            problems.append(str(error))
    problems += listed_before_asking(identifiers, catalog, options.update)
    if problems:
        for line in problems:
            err(line)
        return 1

    found, problems = ask_registries(identifiers, err)
    if problems:
        for line in problems:
            err(line)
        if len(identifiers) > 1:
            err(f"{relative_path(data)}: nothing was written (a problem with one paper stops them all)")
        return 1

    added = utc_today().isoformat()
    outcome: list[Placed] = []

    def apply(texts: writing.Texts) -> dict[Path, str]:
        outcome[:] = [place(texts, found, options, schema_path, sources_file, added)]
        return outcome[0].texts

    if options.dry_run:
        try:
            apply({p: (None if raw is None else writing.decode(raw))
                   for p, raw in ((p, writing.read_raw(p)) for p in (data, sources_file))})
        except writing.Refused as refused:
            for line in refused.lines:
                err(line)
            return 1
        except writing.WriteError as error:
            err(str(error))
            return 1
        tell(outcome[0], options, out)
        out(f"{relative_path(data)}: --dry-run, nothing written")
        return 0
    changed = change_or_report([data, sources_file], apply, err, expected=before,
                               command=f"python -m papers add {' '.join(options.identifiers)}")
    if changed is None:
        return 1
    tell(outcome[0], options, out)
    if changed.changed_meanwhile:
        out(f"note: {', '.join(relative_path(p) for p in changed.changed_meanwhile)} changed while add waited for the "
            "registries; the papers were placed in the files as they are now, and those changes kept")
    out(f"{relative_path(sources_file)}: recorded where each field came from")
    return 0
