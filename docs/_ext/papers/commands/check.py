"""``python -m papers check``: every rule the data tests enforce, each problem with what fixes it.

One truth for contributors and CI alike: the schema and the rules (`data.loading`),
where each fact was read (`data.provenance`, against ``sources.json``), the
canonical form of ``papers.json`` and ``sources.json``, and, when asked, the
README's list. The tests call `findings` rather than restating the rules, so a
contributor whose ``nox -s check`` passes has a green CI for the data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..data import writing
from ..data.canonical import dumps
from ..data.dates import utc_today
from ..data.loading import PapersDataError, json_error, load_catalog, relative_path, report_for, schema_for
from ..data.positions import locate
from ..data.provenance import check_provenance
from ..data.schema import Problem
from ..data.sources import dumps_sources, is_sources, sources_path, structure_problems
from .common import paper_schema

#: Fixes worth saying once after the problems of a field, beyond what each message says.
HINTS = {
    "added": lambda: ('"added" is the day the paper entered the list, written YYYY-MM-DD, in UTC: today is '
                      f"{utc_today().isoformat()} (UTC)"),
    "tags": lambda: '"tags": at least one key of "tags" at the top of the file; declare a new one there first',
    "venue": lambda: '"venue": a key of "venues"; declare a new venue there first, with its name and kind',
}


@dataclass(frozen=True)
class Finding:
    """One thing `check` says: where (``file:line:col``), what, and whether it fails the check."""

    where: str
    what: str
    #: "problem" fails the check; "warning" fails it with --strict; "note" never does.
    kind: str = "problem"

    def __str__(self) -> str:
        prefix = {"problem": "", "warning": "warning: ", "note": ""}[self.kind]
        return f"{self.where}: {prefix}{self.what}"


def _first_difference(have: str, want: str) -> int:
    for number, (a, b) in enumerate(zip(have.splitlines(), want.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(have.count("\n"), want.count("\n")) + 1


def canonical_finding(path: Path, raw: bytes, wanted: str) -> Finding | None:
    """Whether a file's bytes are its canonical text (LF, no BOM), and if not, where it starts to differ."""
    if raw == wanted.encode("utf-8"):
        return None
    style = writing.Style.of(raw)
    text = writing.decode(raw)
    why = style.said if text == wanted else f"first difference at line {_first_difference(text, wanted)}"
    return Finding(relative_path(path), f"not in canonical form ({why}): run `nox -s format` (it rewrites it, "
                   "changing nothing else)")


def _field_words(rest: tuple) -> str:
    words = []
    for at, part in enumerate(rest):
        if part == "facts":
            continue
        if isinstance(part, int):
            words.append(f"fact {part + 1}" if at and rest[at - 1] == "facts" else f"item {part + 1}")
        else:
            words.append(json.dumps(part, ensure_ascii=False))
    return " ".join(words)


def _located(problems: list[Problem], text: str, name: str, subject: str, kind: str = "problem") -> list[Finding]:
    """Findings for problems of a sources file, whose entries are keyed by paper id."""
    if not problems:
        return []
    positions = locate(text)
    found = []
    for problem in problems:
        line, col = (positions.of_key if problem.at_key else positions.of_value)(problem.path)
        path = problem.path
        label = ""
        if len(path) >= 2 and path[0] in ("papers", "frameworks", "datasets"):
            owner = {"papers": subject, "frameworks": "framework", "datasets": "dataset"}[path[0]]
            label = f"{owner} {json.dumps(path[1], ensure_ascii=False)}"
            rest = path[2:]
        else:
            rest = path
        field = _field_words(rest)
        text_ = ": ".join(filter(None, (label, f"{field} {problem.message}" if field else problem.message)))
        found.append(Finding(f"{name}:{line}:{col}", text_, kind))
    return found


def read_sources_file(sources: Path) -> tuple[dict | None, str, bytes, list[Finding]]:
    """A sources file's document, text and bytes, or the findings that say why it is not usable."""
    name = relative_path(sources)
    raw = writing.read_raw(sources) or b""
    try:
        text = writing.decode(raw)
    except UnicodeDecodeError as err:
        return None, "", raw, [Finding(name, f"not UTF-8 text: byte {err.start}")]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return None, text, raw, [Finding(*str(json_error(name, text, err)).split(": ", 1))]
    except RecursionError:
        return None, text, raw, [Finding(name, "not usable JSON: nested too deeply")]
    shape = structure_problems(doc)
    return (None if shape else doc), text, raw, _located(shape, text, name, "paper")


def _sources_findings(data_doc, data_text: str, data: Path, sources: Path, explicit: bool) -> list[Finding]:
    name = relative_path(sources)
    if not sources.exists():
        if explicit:
            return [Finding(name, "no such file: every paper's sources are recorded there; "
                            "`nox -s source -- ID FIELD… URL` starts it")]
        return []
    doc, text, raw, found = read_sources_file(sources)
    if doc is None:
        return found
    provenance = check_provenance(data_doc, doc, name)
    data_positions = locate(data_text)
    found += [Finding(*str(report_for(p, data_doc, data_positions, relative_path(data))).split(": ", 1))
              for p in provenance.in_papers]
    found += _located(provenance.in_sources, text, name, "paper")
    canonical = canonical_finding(sources, raw, dumps_sources(doc))
    if canonical:
        found.append(canonical)
    return found


def _study_notes(data_doc, data_text: str, data: Path, schema_path: Path) -> list[Finding]:
    """Papers whose study facets are not yet examined, where the schema has facets at all."""
    if "study" not in paper_schema(schema_path).get("properties", {}):
        return []
    notes = check_provenance(data_doc, {"papers": {}}).notes
    if not notes:
        return []
    positions = locate(data_text)
    found = []
    for note in notes:
        index = note.path[1]
        line, col = positions.of_value(note.path)
        paper_id = data_doc["papers"][index]["id"]
        found.append(Finding(f"{relative_path(data)}:{line}:{col}", f"paper {json.dumps(paper_id)}: {note.message}",
                             "note"))
    return found


def required_findings(doc, text: str, data: Path, require: tuple[str, ...]) -> list[Finding]:
    """Papers without a field the list requires beyond its schema (``--require tags``: this list's rule
    that every paper carries a tag), or with it empty."""
    if not require:
        return []
    positions = locate(text)
    found = []
    for index, paper in enumerate(doc.get("papers", [])):
        for name in require:
            if paper.get(name) in (None, [], ""):
                line, col = positions.of_value(("papers", index, "id"))
                found.append(Finding(f"{relative_path(data)}:{line}:{col}", f"paper {json.dumps(paper.get('id'))} "
                                                                            "has no "
                                     f"{json.dumps(name)}: this list requires it of every paper"))
    return found


def findings(data: Path, schema: Path | None = None, sources: Path | None = None,
             readme: Path | None = None, require: tuple[str, ...] = ()) -> list[Finding]:
    """Everything `check` says of the list in `data`, in the order it says it."""
    found: list[Finding] = []
    journal = writing.pending(Path(data).resolve().parent)
    if journal:
        found.append(Finding(*journal.split(": ", 1)))
    try:
        schema_path = schema or schema_for(data)
        catalog = load_catalog(data, schema_path)
    except PapersDataError as error:
        return found + [Finding(r.where, r.what) for r in error.reports]
    found += [Finding(where, what, "warning") for where, what in catalog.warnings]
    raw = writing.read_raw(data) or b""
    text = writing.decode(raw)
    doc = json.loads(text)
    found += required_findings(doc, text, data, require)
    canonical = canonical_finding(data, raw, dumps(doc))
    if canonical:
        found.append(canonical)
    found += _sources_findings(doc, text, data, sources_path(data, sources), explicit=sources is not None)
    found += _study_notes(doc, text, data, schema_path)
    if readme is not None:
        found += readme_findings(readme, catalog)
    return found


def readme_findings(readme: Path, catalog) -> list[Finding]:
    from ..formats.readme import with_list

    raw = writing.read_raw(readme)
    if raw is None:
        return [Finding(relative_path(readme), "no such file")]
    text = writing.decode(raw)
    try:
        wanted = with_list(text, catalog)
    except ValueError as err:
        return [Finding(relative_path(readme), str(err))]
    if wanted != text:
        return [Finding(relative_path(readme), "the list is stale: run `nox -s readme` (or `nox -s format`)")]
    return []


def hints(found: list[Finding]) -> list[str]:
    """A line for each field the problems name that needs more than its message says."""
    said = []
    for field, hint in HINTS.items():
        if any(f.kind == "problem" and f'"{field}"' in f.what and "in sources.json" not in f.what
               and "has no source" not in f.what for f in found):
            said.append("hint: " + hint())
    return said


def sources_findings(path: Path) -> list[Finding]:
    """`check` of a sources file named alone: its shape and form, and provenance against the list beside it."""
    data = Path(path).with_name("papers.json")
    data_raw = writing.read_raw(data)
    try:
        data_text = writing.decode(data_raw) if data_raw is not None else '{"papers": []}'
        data_doc = json.loads(data_text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [Finding(relative_path(data), "not valid JSON: check it first (`nox -s check`)")]
    return _sources_findings(data_doc, data_text, data, Path(path), explicit=True)


#: Notes printed for a file before the rest are only counted: a list of 2,500 papers none of whose
#: studies was examined would otherwise bury its one problem under 2,500 lines that fail nothing.
MOST_NOTES = 10


def run_check(files: list[Path], schema: Path | None, sources: Path | None, readme: Path | None,
              strict: bool, out, err, require: tuple[str, ...] = (), all_notes: bool = False) -> bool:
    most_notes = None if all_notes else MOST_NOTES
    ok = True
    for path in files:
        if is_sources_file(path):
            found = sources_findings(path)
            for finding in found:
                out(str(finding))
            ok &= not found
            err(f"{relative_path(path)}: " + (f"{len(found)} problem{'s' if len(found) != 1 else ''}" if found
                                      else "no problems"))
            continue
        found = findings(path, schema, sources, readme, require)
        notes_shown = 0
        for finding in found:
            if finding.kind == "note":
                notes_shown += 1
                if most_notes is not None and notes_shown > most_notes:
                    continue
            out(str(finding))
        if most_notes is not None and notes_shown > most_notes:
            out(f"{relative_path(path)}: {notes_shown - most_notes} more notes (`--all-notes` prints every one)")
        for line in hints(found):
            out(line)
        problems = sum(f.kind == "problem" or (strict and f.kind == "warning") for f in found)
        ok &= problems == 0
        if problems:
            err(f"{relative_path(path)}: {problems} problem{'s' if problems != 1 else ''}")
            continue
        try:
            catalog = load_catalog(path, schema or schema_for(path))
        except PapersDataError:  # pragma: no cover - findings said so
            continue
        where = sources_path(path, sources)
        checked = [] if where.exists() else [f"provenance not checked: no {relative_path(where)}"]
        notes = sum(f.kind == "note" for f in found)
        if notes:
            checked.append(f"{notes} note{'s' if notes != 1 else ''}")
        err(f"{relative_path(path)}: {len(catalog.papers)} papers, {len(catalog.venues)} venues, "
            f"{len(catalog.tags)} tags" + (f" ({'; '.join(checked)})" if checked else "") + ": no problems")
    return ok


def is_sources_file(path: Path) -> bool:
    """Whether `path` holds a sources file rather than a list (by its name, else its shape)."""
    if Path(path).name == "sources.json":
        return True
    try:
        return is_sources(json.loads(Path(path).read_bytes()))
    except (OSError, ValueError, RecursionError):
        return False
