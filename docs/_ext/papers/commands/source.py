"""``python -m papers source ID FIELD… SOURCE``: record where a paper's facts were read, in the file's layout.

``nox -s source -- fedbn title authors year https://openreview.net/forum?id=6YEQUn0QICG``
appends one fact to the paper's entry of ``sources.json`` (starting the entry,
after the entry of the paper before it in the list, if there is none), with
``--place`` (where in the source: "abstract", "Table 2", "README"), ``--note``
(what a maintainer should know) and ``--from-code`` (the value rests on the
code rather than the paper). Written through `data.writing`, so the file stays
canonical and nothing is lost to a concurrent run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..data import writing
from ..data.loading import relative_path
from ..data.messages import control_fault, printable, quoted, suggestion
from ..data.provenance import NAMEABLE, base_name
from ..data.rules import check_link
from ..data.sources import dumps_sources, fact, sources_path, with_entry
from .common import change_or_report, load_or_report, sources_or_refuse

_GITHUB = re.compile(r"^github:[A-Za-z0-9][\w.-]*/[\w.-]+(?::\S.*)?$")


@dataclass
class SourceOptions:
    paper_id: str
    fields: list[str]
    source: str
    data: Path = Path("data/papers.json")
    schema: Path | None = None
    sources: Path | None = None
    place: str | None = None
    note: str | None = None
    from_code: bool = False


def source_problem(source: str) -> str | None:
    """Why `source` is not a place facts can be read from, or None."""
    if not source.strip():
        return "the source is empty: give the page's address, or github:owner/repo:path"
    fault = control_fault(source)
    if fault:
        return f"the source {fault}"
    if source.startswith(("http://", "https://")):
        problem, _ = check_link(source)
        return f"the source {problem}" if problem else None
    if _GITHUB.match(source):
        return None
    return (f"the source {printable(source)} is neither a page's address (https://…) nor a repository file "
            "(github:owner/repo:path)")


def check_options(options: SourceOptions, ids: list[str]) -> list[str]:
    problems = []
    if options.paper_id not in ids:
        problems.append(f"{printable(options.paper_id)} is no paper of the list" + suggestion(options.paper_id, ids))
    for name in options.fields:
        if base_name(name) not in NAMEABLE or not name.strip():
            problems.append(f"{printable(name)} is not a field a source can give; choose from {quoted(NAMEABLE)} "
                            '(a qualifier may follow in brackets: "authors (published order)")'
                            + suggestion(name, NAMEABLE))
    problem = source_problem(options.source)
    if problem:
        problems.append(problem)
    for name, value in (("--place", options.place), ("--note", options.note)):
        if value is not None and (not value.strip() or control_fault(value)):
            problems.append(f"{name} {printable(value)}: one line of text, not empty")
    return problems


def run_source(options: SourceOptions, out: Callable[[str], None], err: Callable[[str], None]) -> int:
    data = options.data
    checked = load_or_report(data, options.schema, err, "nothing was recorded")
    if checked is None:
        return 1
    catalog, _ = checked
    ids = [p.id for p in catalog.papers]
    problems = check_options(options, ids)
    if problems:
        for line in problems:
            err(line)
        return 1
    sources_file = sources_path(data, options.sources)
    new = fact(list(dict.fromkeys(options.fields)), options.source, options.note, place=options.place,
               from_code=options.from_code)
    already: list[bool] = []

    def apply(texts: writing.Texts) -> dict[Path, str]:
        doc = sources_or_refuse(sources_file, texts[sources_file])
        entry = doc["papers"].get(options.paper_id)
        if isinstance(entry, dict) and new in (entry.get("facts") or []):
            already.append(True)
            return {}
        listed = [pid for pid in ids if pid in doc["papers"]]
        before = ids[:ids.index(options.paper_id)]
        after = next((pid for pid in reversed(before) if pid in listed), None)
        return {sources_file: dumps_sources(with_entry(doc, options.paper_id, [new], "", after))}

    changed = change_or_report([sources_file], apply, err,
                               command=f"python -m papers source {options.paper_id} {' '.join(options.fields)}")
    if changed is None:
        return 1
    if already:
        out(f"{relative_path(sources_file)}: paper {printable(options.paper_id)} has this fact already; nothing to "
            "change")
        return 0
    paper = catalog.by_id[options.paper_id]
    lacking = [f for f in options.fields if _value(paper, base_name(f)) is None]
    out(f"{relative_path(sources_file)}: recorded for paper {printable(options.paper_id)}: {', '.join(options.fields)} "
        f"from {options.source}")
    if lacking:
        out(f"note: paper {printable(options.paper_id)} has no {', '.join(lacking)} yet in {relative_path(data)}")
    return 0


def _value(paper, name: str):
    if name.startswith("study."):
        facet = name.split(".", 1)[1]
        return getattr(paper.study, facet) if facet in paper.study.examined else None
    return getattr(paper, name, None) or None
