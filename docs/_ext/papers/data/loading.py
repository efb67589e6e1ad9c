"""Reads the data file into a `Catalog`, or says precisely what is wrong with it.

Used by the Sphinx build and by ``python -m papers check`` alike, so both print
the same messages. Checking is the JSON Schema first, then the rules it cannot
say (`rules`). Parsed files are cached: a build reads the file once however many
pages use it.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime
import gc
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .dates import latest_day_anywhere, utc_today
from .messages import printable
from .model import FACETS, Catalog, Dataset, Framework, Paper, Study, Tag, Venue
from .positions import Positions, locate
from .rules import check_rules
from .schema import Problem, Schema, SchemaError, compile_schema, without_surrogates


class Report(NamedTuple):
    """One problem as a reader sees it: ``where`` is ``file:line:col`` (or less, when that is all)."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


class PapersDataError(Exception):
    """The data file (or its schema) is unusable: one `Report` per problem."""

    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        return [str(report) for report in self.reports]


def relative_path(path: Path) -> str:
    """The path as a reader wants it: relative to the working directory if inside."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _stat(path: Path) -> tuple[int, int, int]:
    """Modification time, size and inode: the quick test of whether a file may have changed."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def schema_for(data: Path) -> Path:
    """The schema a data file names: its ``"$schema"`` (relative to the file), else
    ``papers.schema.json`` beside it.

    Raises `PapersDataError` saying where it looked, and how to name one, when there is none.
    """
    data = Path(data)
    named = None
    try:
        declared = json.loads(data.read_bytes()).get("$schema")
        if isinstance(declared, str) and "://" not in declared:
            named = data.resolve().parent / declared
    except (OSError, ValueError, AttributeError, RecursionError):
        pass  # an unreadable or broken file: its check says why
    beside = data.resolve().with_name("papers.schema.json")
    for candidate in (named, beside):
        if candidate is not None and candidate.is_file():
            return candidate
    looked = " and ".join(relative_path(c) for c in dict.fromkeys(filter(None, (named, beside))))
    raise PapersDataError([Report(relative_path(data), (
        f"no schema to check it against: looked for {looked}; "
        "name one with --schema (or papers_schema in conf.py)"))])


#: schema path -> (digest of its bytes, the compiled schema)
_schemas: dict[Path, tuple[bytes, Schema]] = {}


def load_schema(schema_path: Path) -> Schema:
    schema_path = Path(schema_path).resolve()
    try:
        data = schema_path.read_bytes()
    except OSError as err:
        raise PapersDataError([Report(relative_path(schema_path), f"cannot read the schema: {err.strerror}")]) from None
    digest = hashlib.blake2b(data, digest_size=16).digest()
    known = _schemas.get(schema_path)
    if known is not None and known[0] == digest:
        return known[1]
    try:
        schema = compile_schema(json.loads(data.decode("utf-8-sig")))
    except (ValueError, SchemaError) as err:
        raise PapersDataError([Report(relative_path(schema_path), f"unusable schema: {err}")]) from None
    _schemas[schema_path] = (digest, schema)
    return schema


def content_digest(*paths: Path) -> str:
    """Which files, with which contents: the one test of whether what was made from them is current.

    A hash, not a modification time: a same-size edit within one clock tick keeps the mtime.
    Raises OSError when a file cannot be read.
    """
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        data = Path(path).read_bytes()
        digest.update(str(path).encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass
class _Loaded:
    stats: tuple
    digest: str
    catalog: Catalog


#: (data path, schema path, latest year) -> the catalog last read from them: a build asks for it
#: from every directive and every table it writes, and reads the files once.
_catalogs: dict[tuple[Path, Path, int | None], _Loaded] = {}


def load_catalog(path: Path, schema_path: Path, *, latest_year: int | None = None) -> Catalog:
    """The validated catalog in `path`; raises `PapersDataError` listing every problem.

    Cached: the files' stat is the quick test, their contents' digest the real one.
    """
    path, schema_path = Path(path).resolve(), Path(schema_path).resolve()
    key = (path, schema_path, latest_year)
    known = _catalogs.get(key)
    try:
        stats = (_stat(path), _stat(schema_path))
        if known is not None and known.stats == stats:
            return known.catalog
    except OSError:
        pass  # reading it says which file, and why
    schema = load_schema(schema_path)
    try:
        data = path.read_bytes()
        digest = content_digest(path, schema_path)
    except OSError as err:
        raise PapersDataError([Report(relative_path(path), f"cannot read the papers file: {err.strerror}")]) from None
    stats = (_stat(path), _stat(schema_path))
    if known is not None and known.digest == digest:
        known.stats = stats
        return known.catalog
    with _collector_paused():
        catalog = parse_catalog(path, data, schema, latest_year=latest_year)
    catalog = dataclasses.replace(catalog, digest=digest)
    _catalogs[key] = _Loaded(stats, digest, catalog)
    return catalog


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing 10,000 papers makes some 200,000 containers and no reference cycle, yet each
    batch of them would start a collection that walks every object of Sphinx's process too:
    a third of the load time, for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def first_paper_id(path: Path) -> str | None:
    """The id of the list's first row (newest year, first listed), read without checking the file.

    For what only needs a glimpse before the build (conf.py's examples); the build
    checks the file itself. None if the file is unreadable, malformed or lists no paper.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
        # only papers have "id" and "year" keys: read them off the text, without building the document
        # (at 10,000 papers that would hold some 50 MB for a moment, for one id)
        ids = [json.loads(f'"{found}"') for found in _GLIMPSE_ID.findall(text)]
        years = _GLIMPSE_YEAR.findall(text)
        if len(ids) != len(years) or not ids:  # an unusual file: read it whole
            papers = json.loads(text)["papers"]
            ids, years = [p["id"] for p in papers], [p["year"] for p in papers]
        newest = max(range(len(ids)), key=lambda n: (int(years[n]), -n))
        return ids[newest] if isinstance(ids[newest], str) else None
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None


_GLIMPSE_ID = re.compile(r'"id"\s*:\s*"((?:[^"\\]|\\.)*)"')
_GLIMPSE_YEAR = re.compile(r'"year"\s*:\s*(-?\d+)')


def parse_catalog(path: Path, data: bytes, schema: Schema, *, latest_year: int | None = None) -> Catalog:
    """Decode, parse and check `data`, the contents of `path`: a catalog, or every problem."""
    name = relative_path(path)
    text = _decode(name, data)
    doc, repeated_keys = _parse(name, text)
    return _check(path, text, doc, repeated_keys, schema, latest_year=latest_year)


def check_document(doc: Any, schema: Schema, *, latest_year: int, today: datetime.date) -> list[Problem]:
    """Errors and warnings, in schema-then-rules order; raises RecursionError if nested too deeply."""
    try:
        problems = schema.problems(doc)
    except UnicodeEncodeError:  # a lone surrogate, spelt "\ud800" in JSON: the rules name it
        problems = schema.problems(without_surrogates(doc))
    except ValueError as err:  # jsonschema-rs's own limit on nesting
        raise RecursionError(str(err)) from None
    flagged = {p.path for p in problems}
    problems.extend(check_rules(doc, latest_year=latest_year, today=today, flagged=flagged))
    return problems


def _check(path: Path, text: str, doc: Any, repeated_keys: bool, schema: Schema, *,
           latest_year: int | None) -> Catalog:
    """Check `doc`, parsed from `text`, the contents of `path`: a catalog, or every problem."""
    name = relative_path(path)
    if latest_year is None:
        latest_year = utc_today().year + 1
    try:
        problems = check_document(doc, schema, latest_year=latest_year, today=latest_day_anywhere())
    except RecursionError:  # json.loads takes deeper nesting than code can walk
        raise PapersDataError([Report(name, "not usable JSON: nested too deeply")]) from None
    positions = locate(text) if repeated_keys else None
    if positions is not None:
        problems[:0] = [Problem(p, "appears twice in one object; JSON keeps only the last", at_key=True)
                        for p in positions.duplicate_keys]
    if not problems:
        return build_catalog(path, doc)
    positions = positions or locate(text)
    problems.sort(key=lambda p: _position(p, positions))
    reports = [report_for(p, doc, positions, name) for p in problems if not p.warning]
    if reports:
        raise PapersDataError(reports)
    warnings = tuple(report_for(p, doc, positions, name) for p in problems if p.warning)
    return build_catalog(path, doc, warnings)


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)  # the decoder skipped it
        line = data.count(b"\n", 0, start) + 1
        what = f"not UTF-8 text: byte 0x{data[start]:02x} ({err.reason})"
        raise PapersDataError([Report(f"{name}:{line}", what)]) from None


class _KeyCounter:
    """An ``object_pairs_hook`` that notices keys repeated in one object (json keeps the last)."""

    def __init__(self) -> None:
        self.repeated = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) < len(pairs):
            self.repeated = True
        return obj


def _parse(name: str, text: str) -> tuple[Any, bool]:
    """The parsed document, and whether some object repeats a key."""
    keys = _KeyCounter()
    try:
        return json.loads(text, object_pairs_hook=keys), keys.repeated
    except json.JSONDecodeError as err:
        raise PapersDataError([json_error(name, text, err)]) from None
    except RecursionError:
        raise PapersDataError([Report(name, "not usable JSON: nested too deeply")]) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _before(text: str, offset: int) -> int:
    """The offset of the last character before `offset` that is not white space (-1: none)."""
    at = offset - 1
    while at >= 0 and text[at] in " \t\r\n":
        at -= 1
    return at


def json_error(name: str, text: str, err: json.JSONDecodeError) -> Report:
    """Where a hand edit broke the JSON, and the fix: the two common slips are named where they are.

    The parser notices a missing comma only at the next key or value, often a line later, and a
    trailing comma only at the bracket after it; both are reported where the comma is (or belongs).
    """
    before = _before(text, err.pos)
    following = text[err.pos:err.pos + 1]
    if err.msg == "Expecting ',' delimiter" and before >= 0:
        line, col = _line_col(text, before + 1)
        at_end = _line_col(text, err.pos)[0] > line
        where = "at the end of this line" if at_end else "here, before the next item"
        return Report(f"{name}:{line}:{col}", f"not valid JSON: a comma is missing {where}: add \",\"")
    if before >= 0 and text[before] == "," and following in ("}", "]"):
        line, col = _line_col(text, before)
        closes = "an object" if following == "}" else "a list"
        return Report(f"{name}:{line}:{col}", f"not valid JSON: a trailing comma after the last item of {closes}: "
                      "remove this \",\"")
    return Report(f"{name}:{err.lineno}:{err.colno}", f"not valid JSON: {err.msg}")


_NO_STUDY = Study()


def _study(raw: dict | None) -> Study:
    if not raw:
        return _NO_STUDY
    privacy, datasets = raw.get("privacy"), raw.get("datasets")
    return Study(deployment=raw.get("deployment"), sites=raw.get("sites"),
                 privacy=None if privacy is None else tuple(privacy), framework=raw.get("framework"),
                 datasets=None if datasets is None else tuple(datasets),
                 examined=frozenset(k for k in FACETS if k in raw))


def build_catalog(path: Path, doc: dict, warnings: tuple[Report, ...] = ()) -> Catalog:
    venues = {k: Venue(k, v["name"], v["kind"], tuple(v.get("aliases", ()))) for k, v in doc["venues"].items()}
    tags = {k: Tag(k, v["group"], v["description"]) for k, v in doc["tags"].items()}
    frameworks = {k: Framework(k, v["name"], v["url"]) for k, v in doc.get("frameworks", {}).items()}
    datasets = {k: Dataset(k, v["name"], v.get("url"), v["modality"], v["access"])
                for k, v in doc.get("datasets", {}).items()}
    per_year: dict[int, int] = {}
    papers = []
    for raw in doc["papers"]:
        year = int(raw["year"])
        per_year[year] = per_year.get(year, 0) + 1
        papers.append(Paper(
            id=raw["id"], title=raw["title"], year=year, url=raw["url"],
            authors=tuple(raw.get("authors", ())), more_authors=raw.get("more_authors", False),
            venue=raw.get("venue"), doi=raw.get("doi"), arxiv=raw.get("arxiv"), code=raw.get("code"),
            tags=tuple(raw.get("tags", ())), added=raw.get("added", ""), number=per_year[year],
            summary=raw.get("summary"), abstract=raw.get("abstract"), study=_study(raw.get("study")),
        ))
    papers.sort(key=lambda p: (-p.year, p.number))
    return Catalog(path=path, venues=venues, tags=tags, papers=tuple(papers), warnings=warnings,
                   frameworks=frameworks, datasets=datasets)


# --- messages ------------------------------------------------------------------

def _subject(doc: Any, path: tuple) -> tuple[str | None, tuple]:
    """Who a path belongs to (`paper "fedbn"`) and the rest of the path."""
    if len(path) >= 2 and path[0] == "papers":
        index = path[1]
        paper = doc["papers"][index]
        pid = paper.get("id") if isinstance(paper, dict) else None
        label = f"paper {printable(pid)}" if isinstance(pid, str) and pid else f"paper #{index + 1}"
        return label, path[2:]
    if len(path) >= 2 and path[0] in ("venues", "tags", "frameworks", "datasets"):
        return f"{path[0][:-1]} {printable(path[1])}", path[2:]
    return None, path


def _field(rest: tuple) -> str | None:
    if not rest:
        return None
    words = [printable(rest[0])]
    for part in rest[1:]:
        words.append(f"item {part + 1}" if isinstance(part, int) else printable(part))
    return " ".join(words)


def _position(problem: Problem, positions: Positions) -> tuple[int, int]:
    find = positions.of_key if problem.at_key else positions.of_value
    return find(problem.path)


def report_for(problem: Problem, doc: Any, positions: Positions, name: str) -> Report:
    """``file:line:col`` and ``paper "fedbn": "year" must be an integer, got "2021a"``."""
    line, col = _position(problem, positions)
    subject, rest = _subject(doc, problem.path)
    field = _field(rest)
    if subject is None and field is None:
        field = "the file"
    text = ""
    if subject:
        text += subject + (": " if field else " ")
    if field:
        text += field + " "
    text += problem.message
    if problem.other is not None:
        other_subject, _ = _subject(doc, problem.other)
        other_line, _ = positions.of_value(problem.other)
        text += f" (see {other_subject or 'the entry'}, line {other_line})"
    return Report(f"{name}:{line}:{col}", text)
