"""Reads the data file into a `Catalog`, or says precisely what is wrong with it.

Used by the Sphinx build and by ``python -m papers check`` alike, so both print
the same messages. Parsed files are cached by modification time: a build reads
the file once however many pages use it.
"""

from __future__ import annotations

import codecs
import datetime
import json
import os
import re
from pathlib import Path
from typing import Any

from .model import Catalog, Paper, Tag, Venue
from .positions import Positions, locate
from .validation import Check, Problem, SchemaError, check_document, compile_schema, got


class PapersDataError(Exception):
    """The data file is unusable: one (location, message) pair per problem.

    The location is ``file:line:col`` (or less, when that is all there is).
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [f"{where}: {what}" for where, what in self.problems]


def shown(path: Path) -> str:
    """The path as a reader wants it: relative to the working directory if inside."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


_schemas: dict[Path, tuple[tuple[int, int], Check]] = {}
_catalogs: dict[Path, tuple[tuple, Catalog]] = {}


def load_schema(schema_path: Path) -> Check:
    schema_path = Path(schema_path).resolve()
    try:
        signature = _signature(schema_path)
        if schema_path in _schemas and _schemas[schema_path][0] == signature:
            return _schemas[schema_path][1]
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        check = compile_schema(schema)
    except OSError as err:
        raise PapersDataError([(shown(schema_path), f"cannot read the schema: {err.strerror}")]) from None
    except (ValueError, SchemaError, re.error) as err:
        raise PapersDataError([(shown(schema_path), f"unusable schema: {err}")]) from None
    _schemas[schema_path] = (signature, check)
    return check


def load_catalog(path: Path, schema_path: Path, *, latest_year: int | None = None) -> Catalog:
    """The validated catalog in `path`; raises `PapersDataError` listing every problem."""
    path = Path(path).resolve()
    check = load_schema(schema_path)
    try:
        signature = (_signature(path), latest_year, check)
    except OSError as err:
        raise PapersDataError([(shown(path), f"cannot read the papers file: {err.strerror}")]) from None
    cached = _catalogs.get(path)
    if cached and cached[0] == signature:
        return cached[1]
    try:
        data = path.read_bytes()
    except OSError as err:
        raise PapersDataError([(shown(path), f"cannot read the papers file: {err.strerror}")]) from None
    catalog = parse_catalog(path, data, check, latest_year=latest_year)
    _catalogs[path] = (signature, catalog)
    return catalog


def parse_catalog(path: Path, data: bytes, check: Check, *, latest_year: int | None = None) -> Catalog:
    """Decode, parse and validate `data`, the contents of `path`."""
    name = shown(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)  # the decoder skipped it
        line = data.count(b"\n", 0, start) + 1
        what = f"not UTF-8 text: byte 0x{data[start]:02x} ({err.reason})"
        raise PapersDataError([(f"{name}:{line}", what)]) from None

    duplicates = False

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        nonlocal duplicates
        obj = dict(pairs)
        duplicates = duplicates or len(obj) < len(pairs)
        return obj

    try:
        doc = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as err:
        raise PapersDataError([(f"{name}:{err.lineno}:{err.colno}", f"not valid JSON: {err.msg}")]) from None
    except RecursionError:
        raise PapersDataError([(name, "not usable JSON: nested too deeply")]) from None

    if latest_year is None:
        latest_year = datetime.date.today().year + 1
    try:
        problems = check_document(doc, check, latest_year=latest_year)
        positions = None
        if duplicates:
            positions = locate(text)
            problems[:0] = [
                Problem(p, "appears twice in one object; JSON keeps only the last", at_key=True)
                for p in positions.duplicate_keys
            ]
        if problems:
            positions = positions or locate(text)
            problems.sort(key=lambda p: _position(p, positions))
            raise PapersDataError([describe(p, doc, positions, name) for p in problems])
    except RecursionError:  # json.loads takes deeper nesting than Python code can walk
        raise PapersDataError([(name, "not usable JSON: nested too deeply")]) from None
    return build_catalog(path, doc)


def build_catalog(path: Path, doc: dict) -> Catalog:
    venues = {k: Venue(k, v["name"], v["kind"]) for k, v in doc["venues"].items()}
    tags = {k: Tag(k, v["group"], v["description"]) for k, v in doc["tags"].items()}
    per_year: dict[int, int] = {}
    papers = []
    for raw in doc["papers"]:
        year = int(raw["year"])
        per_year[year] = per_year.get(year, 0) + 1
        papers.append(Paper(
            id=raw["id"], title=raw["title"], year=year, url=raw["url"],
            venue=raw.get("venue"), code=raw.get("code"),
            tags=tuple(raw.get("tags", ())), number=per_year[year],
        ))
    papers.sort(key=lambda p: (-p.year, p.number))
    return Catalog(path=path, venues=venues, tags=tags, papers=tuple(papers))


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


def describe(problem: Problem, doc: Any, positions: Positions, name: str) -> tuple[str, str]:
    """(`file:line:col`, `paper "fedbn": "year" must be an integer, got "2021a"`)."""
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
    return f"{name}:{line}:{col}", text
