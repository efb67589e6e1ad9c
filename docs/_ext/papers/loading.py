"""Reads the data file into a `Catalog`, or says precisely what is wrong with it.

Used by the Sphinx build and by ``python -m papers check`` alike, so both print
the same messages. Parsed files are cached by modification time: a build reads
the file once however many pages use it.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import gc
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .messages import got
from .model import Catalog, Paper, Tag, Venue
from .positions import Positions, locate
from .schema import Problem, Schema, SchemaError, compile_schema
from .validation import check_document


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


def shown(path: Path) -> str:
    """The path as a reader wants it: relative to the working directory if inside."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _file_stamp(path: Path) -> tuple[int, int]:
    """Modification time and size: enough to see a file changed between two loads."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


#: The schema of this project's own list, for data files that have none beside them.
PROJECT_SCHEMA = Path(__file__).resolve().parents[3] / "data" / "papers.schema.json"


def schema_for(data: Path) -> Path:
    """The schema of a data file: ``papers.schema.json`` beside it, else the project's own.

    Raises `PapersDataError` saying where it looked, and how to name one, when neither exists.
    """
    beside = Path(data).resolve().with_name("papers.schema.json")
    for candidate in (beside, PROJECT_SCHEMA):
        if candidate.is_file():
            return candidate
    raise PapersDataError([Report(shown(Path(data)), (
        f"no schema to check it against: looked for {shown(beside)} and {shown(PROJECT_SCHEMA)}; "
        "name one with --schema (or papers_schema in conf.py)"))])


_schemas: dict[Path, tuple[tuple[int, int], Schema]] = {}
_catalogs: dict[Path, tuple[tuple, Catalog]] = {}


def load_schema(schema_path: Path) -> Schema:
    schema_path = Path(schema_path).resolve()
    try:
        stamp = _file_stamp(schema_path)
        if schema_path in _schemas and _schemas[schema_path][0] == stamp:
            return _schemas[schema_path][1]
        schema = compile_schema(json.loads(schema_path.read_text(encoding="utf-8")))
    except OSError as err:
        raise PapersDataError([Report(shown(schema_path), f"cannot read the schema: {err.strerror}")]) from None
    except (ValueError, SchemaError) as err:
        raise PapersDataError([Report(shown(schema_path), f"unusable schema: {err}")]) from None
    _schemas[schema_path] = (stamp, schema)
    return schema


#: (data path, schema path, latest year) as given -> (both files' stamps, catalog): the quick
#: way back to a catalog for the writer of each table, asked hundreds of times a build.
_recent: dict[tuple[str, str, int | None], tuple[tuple, Catalog]] = {}


def load_catalog(path: Path, schema_path: Path, *, latest_year: int | None = None) -> Catalog:
    """The validated catalog in `path`; raises `PapersDataError` listing every problem."""
    given = (str(path), str(schema_path), latest_year)
    recent = _recent.get(given)
    if recent is not None:
        try:
            if recent[0] == (_file_stamp(Path(path)), _file_stamp(Path(schema_path))):
                return recent[1]
        except OSError:
            pass  # gone since: the full path below says so
    catalog = _load_catalog(Path(path).resolve(), schema_path, latest_year=latest_year)
    try:
        _recent[given] = ((_file_stamp(Path(path)), _file_stamp(Path(schema_path))), catalog)
    except OSError:
        pass
    return catalog


def _load_catalog(path: Path, schema_path: Path, *, latest_year: int | None) -> Catalog:
    schema = load_schema(schema_path)
    try:
        key = (_file_stamp(path), latest_year, schema)
        cached = _catalogs.get(path)
        if cached and cached[0] == key:
            return cached[1]
        glimpse = _glimpsed.pop(path, None)
        data = None if glimpse and glimpse[0] == key[0] else path.read_bytes()
    except OSError as err:
        raise PapersDataError([Report(shown(path), f"cannot read the papers file: {err.strerror}")]) from None
    with _collector_paused():
        if data is None:  # parsed moments ago by first_paper_id
            catalog = _check(path, *glimpse[1:], schema, latest_year=latest_year)
        else:
            catalog = parse_catalog(path, data, schema, latest_year=latest_year)
    _catalogs[path] = (key, catalog)
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

    For what only needs a glimpse before the build (conf.py's examples): a no-op
    build then skips the check, which the build does itself before reading any page.
    None if the file is unreadable, malformed or lists no paper.
    """
    path = Path(path).resolve()
    try:
        stamp, name = _file_stamp(path), shown(path)
        text = _decode(name, path.read_bytes())
        with _collector_paused():
            doc, repeated_keys = _parse(name, text)
    except (OSError, PapersDataError):
        return None
    _glimpsed[path] = (stamp, text, doc, repeated_keys)  # for the load_catalog that follows
    try:
        papers = doc["papers"]
        newest = max(range(len(papers)), key=lambda n: (papers[n]["year"], -n))
        return papers[newest]["id"]
    except (TypeError, KeyError, IndexError, ValueError):
        return None


#: path -> (file stamp, text, document, whether keys repeat), as `first_paper_id` read it:
#: the check at the start of the build then does not parse the file a second time.
_glimpsed: dict[Path, tuple[tuple[int, int], str, Any, bool]] = {}


def parse_catalog(path: Path, data: bytes, schema: Schema, *, latest_year: int | None = None) -> Catalog:
    """Decode, parse and check `data`, the contents of `path`: a catalog, or every problem."""
    name = shown(path)
    text = _decode(name, data)
    doc, repeated_keys = _parse(name, text)
    return _check(path, text, doc, repeated_keys, schema, latest_year=latest_year)


def _check(path: Path, text: str, doc: Any, repeated_keys: bool, schema: Schema, *,
           latest_year: int | None) -> Catalog:
    """Check `doc`, parsed from `text`, the contents of `path`: a catalog, or every problem."""
    name = shown(path)
    today = datetime.date.today()
    if latest_year is None:
        latest_year = today.year + 1
    try:
        problems = check_document(doc, schema, latest_year=latest_year, today=today)
    except RecursionError:  # json.loads takes deeper nesting than code can walk
        raise PapersDataError([Report(name, "not usable JSON: nested too deeply")]) from None
    positions = None
    if repeated_keys:
        positions = locate(text)
        problems[:0] = [Problem(p, "appears twice in one object; JSON keeps only the last", at_key=True)
                        for p in positions.duplicate_keys]
    if problems:
        positions = positions or locate(text)
        problems.sort(key=lambda p: _position(p, positions))
    reports = [describe(p, doc, positions, name) for p in problems if not p.warning]
    if reports:
        raise PapersDataError(reports)
    warnings = tuple(describe(p, doc, positions, name) for p in problems if p.warning)
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
        raise PapersDataError([Report(f"{name}:{err.lineno}:{err.colno}", f"not valid JSON: {err.msg}")]) from None
    except RecursionError:
        raise PapersDataError([Report(name, "not usable JSON: nested too deeply")]) from None


def build_catalog(path: Path, doc: dict, warnings: tuple[Report, ...] = ()) -> Catalog:
    venues = {k: Venue(k, v["name"], v["kind"], tuple(v.get("aliases", ()))) for k, v in doc["venues"].items()}
    tags = {k: Tag(k, v["group"], v["description"]) for k, v in doc["tags"].items()}
    per_year: dict[int, int] = {}
    papers = []
    for raw in doc["papers"]:
        year = int(raw["year"])
        per_year[year] = per_year.get(year, 0) + 1
        papers.append(Paper(
            id=raw["id"], title=raw["title"], year=year, url=raw["url"],
            authors=tuple(raw["authors"]), more_authors=raw.get("more_authors", False),
            venue=raw.get("venue"), doi=raw.get("doi"), arxiv=raw.get("arxiv"), code=raw.get("code"),
            tags=tuple(raw.get("tags", ())), added=raw["added"], number=per_year[year],
        ))
    papers.sort(key=lambda p: (-p.year, p.number))
    return Catalog(path=path, venues=venues, tags=tags, papers=tuple(papers), warnings=warnings)


# --- messages ------------------------------------------------------------------

def _subject(doc: Any, path: tuple) -> tuple[str | None, tuple]:
    """Who a path belongs to (`paper "fedbn"`) and the rest of the path."""
    if len(path) >= 2 and path[0] == "papers":
        index = path[1]
        paper = doc["papers"][index]
        pid = paper.get("id") if isinstance(paper, dict) else None
        label = f"paper {got(pid)}" if isinstance(pid, str) and pid else f"paper #{index + 1}"
        return label, path[2:]
    if len(path) >= 2 and path[0] in ("venues", "tags"):
        return f"{path[0][:-1]} {got(path[1])}", path[2:]
    return None, path


def _field(rest: tuple) -> str | None:
    if not rest:
        return None
    words = [got(rest[0])]
    for part in rest[1:]:
        words.append(f"item {part + 1}" if isinstance(part, int) else got(part))
    return " ".join(words)


def _position(problem: Problem, positions: Positions) -> tuple[int, int]:
    find = positions.of_key if problem.at_key else positions.of_value
    return find(problem.path)


def describe(problem: Problem, doc: Any, positions: Positions, name: str) -> Report:
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


def load_or_report(data: Path, schema: Path | None, err: Callable[[str], None],
                   nothing_done: str) -> tuple[Catalog, Path] | None:
    """For a command that changes or checks the list: the catalog and its schema's path,
    or None once every problem of the file (and `nothing_done`) went to `err`."""
    try:
        schema_path = schema or schema_for(data)
        return load_catalog(data, schema_path), schema_path
    except PapersDataError as error:
        for line in error.lines:
            err(line)
        err(f"{shown(data)}: fix these first (`nox -s check` lists them); {nothing_done}")
        return None


def check_or_report(data: Path, text: str, schema_path: Path, err: Callable[[str], None], which: str) -> bool:
    """Before a command writes `text` over `data`: whether it is a valid file; if not, every
    problem went to `err`, saying that `which` file ("the new file") would have them."""
    try:
        parse_catalog(data, text.encode("utf-8"), load_schema(schema_path))
    except PapersDataError as error:
        for line in error.lines:
            err(line)
        err(f"{shown(data)}: {which} would have these problems; nothing was written")
        return False
    return True
