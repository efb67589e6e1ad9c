"""Checks a data file against its JSON Schema and the rules a schema cannot say.

The schema keywords are interpreted here rather than by ``jsonschema``: that
library takes over a second for 10,000 papers, most of a whole build's budget.
The interpreter knows only the keywords our schema uses and refuses any other,
so a schema edit cannot be silently ignored; a property-based test holds it to
``jsonschema``'s verdict on arbitrary documents.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

JsonPath = tuple  # ("papers", 3, "year")
Check = Callable[[Any, JsonPath, list], None]


class SchemaError(Exception):
    """The schema file itself is unusable."""


@dataclass(frozen=True, slots=True)
class Problem:
    path: JsonPath
    #: Says what is wrong with the field at `path` and what was expected.
    message: str
    #: Point at the key rather than its value (unknown and duplicate keys).
    at_key: bool = False
    #: The entry this one clashes with (duplicate id, title or link).
    other: JsonPath | None = None


def got(value: Any) -> str:
    """A short, printable rendering of a bad value (a lone surrogate shows as \\udxxx)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 60 else text[:57] + '..."'


def quoted(words) -> str:
    return ", ".join(json.dumps(w, ensure_ascii=False) for w in words)


def suggestion(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


# --- the schema --------------------------------------------------------------

_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples",
     "default", "format", "patternErrorMessage"}
)
_TYPE_NAMES = {
    "object": "an object", "array": "a list", "string": "a string",
    "integer": "an integer", "number": "a number", "boolean": "true or false",
    "null": "null",
}


def _is_integer(value: Any) -> bool:
    # JSON Schema counts 2021.0 as an integer; bool is a Python int but not a JSON one
    return type(value) is int or (type(value) is float and value.is_integer())


#: Type tests, written for speed: `type(x) is str` is the cheapest test Python has.
_IS_TYPE: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": lambda v: type(v) is int or type(v) is float,
}


_OBJECT_WORDS = ("properties", "additionalProperties", "required")


class _Compiler:
    """Turns a schema (dict) into a check function, once per schema file.

    Each schema becomes one closure; an object's keywords share one loop over
    its keys. A check appends a `Problem` for each failure and returns nothing.
    """

    def __init__(self, root: dict) -> None:
        self.root = root
        self.refs: dict[str, Check | None] = {}  # None: being compiled (a cycle)

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value, path, out: None
        if schema is False:
            return lambda value, path, out: out.append(Problem(path, "is not allowed here"))
        if not isinstance(schema, dict):
            raise SchemaError(f"a schema must be an object, got {got(schema)}")
        unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS) - set(_OBJECT_WORDS)
        if unknown:
            raise SchemaError(
                f"the schema uses {quoted(sorted(unknown))}, which the build's "
                "validator does not implement"
            )
        checks = [_KEYWORDS[word](self, schema[word], schema) for word in _KEYWORDS if word in schema]
        if any(word in schema for word in _OBJECT_WORDS):
            checks.append(_object_check(self, schema))
        checks = [c for c in checks if c is not None]
        type_names = schema.get("type")
        if type_names is None:
            if len(checks) == 1:
                return checks[0]

            def check(value, path, out):
                for c in checks:
                    c(value, path, out)
            return check
        if isinstance(type_names, str):
            is_type, expected = _IS_TYPE[type_names], _TYPE_NAMES[type_names]
        else:  # ["string", "null"]
            tests = [_IS_TYPE[name] for name in type_names]
            is_type, expected = (lambda v: any(t(v) for t in tests)), " or ".join(
                _TYPE_NAMES[name] for name in type_names)
        only = checks[0] if len(checks) == 1 else None

        def check_typed(value, path, out):
            # jsonschema reports other keywords too; one message is enough
            if not is_type(value):
                out.append(Problem(path, f"must be {expected}, got {got(value)}"))
            elif only is not None:
                only(value, path, out)
            else:
                for c in checks:
                    c(value, path, out)
        return check_typed

    def ref(self, target: str) -> Check:
        if not target.startswith("#/$defs/"):
            raise SchemaError(f'only local "#/$defs/..." references work, got {target!r}')
        if target not in self.refs:
            try:
                subschema = self.root["$defs"][target.removeprefix("#/$defs/")]
            except KeyError:
                raise SchemaError(f"{target!r} names no definition") from None
            self.refs[target] = None
            self.refs[target] = self.compile(subschema)
        compiled = self.refs[target]
        if compiled is None:  # a definition that contains itself: look it up when used
            return lambda value, path, out: self.refs[target](value, path, out)
        return compiled


def _expect(word: str, value: Any, kind: type | tuple[type, ...], what: str) -> None:
    """A keyword's own value must make sense, or the schema is unusable (not a crash later)."""
    if not isinstance(value, kind) or isinstance(value, bool) and kind in (int, (int, float)):
        raise SchemaError(f'"{word}" must be {what}, got {got(value)}')


def _k_type(c, names, schema):
    _expect("type", names, (str, list), "a type name or a list of them")
    for name in [names] if isinstance(names, str) else names:
        if name not in _TYPE_NAMES:
            raise SchemaError(f"unknown type {got(name)}")
    return None  # handled by compile()


def _k_ref(c, target, schema):
    _expect("$ref", target, str, "a reference such as \"#/$defs/paper\"")
    return c.ref(target)


def _k_enum(c, allowed, schema):
    _expect("enum", allowed, list, "a list")
    def check(value, path, out):
        # JSON's true is not 1, though Python's is
        if not any(
            value == a and isinstance(value, bool) == isinstance(a, bool) for a in allowed
        ):
            out.append(Problem(path, f"must be one of {quoted(allowed)}; got {got(value)}"))
    return check


def _k_pattern(c, pattern, schema):
    _expect("pattern", pattern, str, "a regular expression")
    try:
        regex = re.compile(pattern)
    except re.error as err:
        raise SchemaError(f'"pattern" {got(pattern)} is not a regular expression: {err}') from None
    explain = schema.get("patternErrorMessage", f"text matching {pattern}")

    def check(value, path, out):
        if isinstance(value, str) and not regex.search(value):
            out.append(Problem(path, f"must be {explain}; got {got(value)}"))
    return check


def _k_min_length(c, limit, schema):
    _expect("minLength", limit, int, "a whole number")
    def check(value, path, out):
        if isinstance(value, str) and len(value) < limit:
            out.append(Problem(path, f"must have at least {limit} characters; got {got(value)}"))
    return check


def _k_max_length(c, limit, schema):
    _expect("maxLength", limit, int, "a whole number")
    def check(value, path, out):
        if isinstance(value, str) and len(value) > limit:
            out.append(Problem(path, f"must have at most {limit} characters; got {len(value)}"))
    return check


def _k_minimum(c, limit, schema):
    _expect("minimum", limit, (int, float), "a number")
    def check(value, path, out):
        if _IS_TYPE["number"](value) and value < limit:
            out.append(Problem(path, f"must be {limit} or more; got {got(value)}"))
    return check


def _k_maximum(c, limit, schema):
    _expect("maximum", limit, (int, float), "a number")
    def check(value, path, out):
        if _IS_TYPE["number"](value) and value > limit:
            out.append(Problem(path, f"must be {limit} or less; got {got(value)}"))
    return check


def _object_check(c, schema):
    """``properties``, ``required`` and ``additionalProperties`` in one pass over the keys."""
    _expect("properties", schema.get("properties", {}), dict, "an object of schemas")
    _expect("required", schema.get("required", []), list, "a list of field names")
    properties = {name: c.compile(sub) for name, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_check = None if extra in (True, False) else c.compile(extra)

    def check(value, path, out):
        if type(value) is not dict:
            return
        for name in required:
            if name not in value:
                out.append(Problem(path, f'has no "{name}": it is required'))
        for name, item in value.items():
            sub = properties.get(name)
            if sub is not None:
                sub(item, (*path, name), out)
            elif extra_check is not None:
                extra_check(item, (*path, name), out)
            elif extra is False:
                hint = suggestion(name, properties) or f"; expected {quoted(properties)}"
                out.append(Problem((*path, name), "is an unknown field" + hint, at_key=True))
    return check


def _k_property_names(c, names_schema, schema):
    sub = c.compile(names_schema)

    def check(value, path, out):
        if isinstance(value, dict):
            for name in value:
                found: list[Problem] = []
                sub(name, (*path, name), found)
                out.extend(
                    Problem(p.path, "key " + p.message, at_key=True) for p in found
                )
    return check


def _k_items(c, items, schema):
    sub = c.compile(items)

    def check(value, path, out):
        if isinstance(value, list):
            for index, item in enumerate(value):
                sub(item, (*path, index), out)
    return check


def _k_unique(c, unique, schema):
    _expect("uniqueItems", unique, bool, "true or false")
    if not unique:
        return None

    def check(value, path, out):
        if isinstance(value, list):
            seen = set()
            for index, item in enumerate(value):
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    out.append(Problem((*path, index), f"repeats {got(item)}: list it once"))
                seen.add(key)
    return check


_KEYWORDS: dict[str, Callable] = {
    "type": _k_type, "$ref": _k_ref, "enum": _k_enum, "pattern": _k_pattern,
    "minLength": _k_min_length, "maxLength": _k_max_length,
    "minimum": _k_minimum, "maximum": _k_maximum,
    "propertyNames": _k_property_names, "items": _k_items,
    "uniqueItems": _k_unique,
}


def compile_schema(schema: dict) -> Check:
    """A function that appends a `Problem` for each way a document breaks `schema`."""
    return _Compiler(schema).compile(schema)


# --- the rules a schema cannot say ------------------------------------------
# These run on every paper of every build, so they lean on regular expressions
# (C speed) rather than per-character Python loops.

_URL_FORBIDDEN = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # categories Cc and Cs
_NOT_ALNUM = re.compile(r"[\W_]+")
_ARXIV = re.compile(r"^arxiv\.org/(?:abs|pdf)/([^/?#]+?)(?:v\d+)?(?:\.pdf)?$")
_OPENREVIEW = re.compile(r"^openreview\.net/(?:forum|pdf)\?id=([^&#]+)")


#: The common case, a plain http(s) link with a host name: checked by one regular expression.
_PLAIN_LINK = re.compile(
    r"https?://(?:www\.)?((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
    r"""((?:/[^\s"<>\\^`{|}?#]*)?)(\?[^\s"<>\\^`{|}#]*)?(?:#[^\s"<>\\^`{|}]*)?""")


def title_key(title: str) -> str:
    """Titles that differ only in case, spacing, accents or punctuation match."""
    if title.isascii():
        return _NOT_ALNUM.sub("", title.lower())
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", title).casefold())


def _link_key(where: str) -> str:
    if where.startswith(("arxiv.org/", "openreview.net/")):
        for pattern, prefix in ((_ARXIV, "arxiv:"), (_OPENREVIEW, "openreview:")):
            match = pattern.match(where)
            if match:
                return prefix + match.group(1)
    return where


def check_link(url: str) -> tuple[str | None, str]:
    """(what is wrong with `url` or None, a key equal for links to the same page).

    The key ignores scheme, "www.", a trailing "/" and arXiv's abs/pdf/vN forms.
    """
    plain = _PLAIN_LINK.fullmatch(url)
    if plain:
        host, path, query = plain.groups()
        return None, _link_key(host.lower() + path.rstrip("/") + (query if query and query != "?" else ""))
    bad = _URL_FORBIDDEN.search(url)
    if bad:
        return f"must not contain {got(bad.group())} (percent-encode it); got {got(url)}", ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as err:
        return f"is not a valid link ({err}); got {got(url)}", ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"must be an absolute http:// or https:// link; got {got(url)}", ""
    return None, _link_key(parts.hostname.removeprefix("www.") + parts.path.rstrip("/") + (
        f"?{parts.query}" if parts.query else ""))


def _text_problem(text: str) -> str | None:
    bad = _CONTROL.search(text)
    return f"must not contain the control character U+{ord(bad.group()):04X}" if bad else None


def _papers(doc: Any) -> Iterator[tuple[JsonPath, dict]]:
    papers = doc.get("papers") if isinstance(doc, dict) else None
    if isinstance(papers, list):
        for index, paper in enumerate(papers):
            if isinstance(paper, dict):
                yield ("papers", index), paper


def check_rules(doc: Any, *, latest_year: int, flagged: set) -> list[Problem]:
    """Rules across entries; `flagged` holds paths the schema already faulted."""
    out: list[Problem] = []
    venues = doc.get("venues") if isinstance(doc, dict) else None
    tags = doc.get("tags") if isinstance(doc, dict) else None
    venues = venues if isinstance(venues, dict) else {}
    tags = tags if isinstance(tags, dict) else {}

    def text_ok(path: JsonPath, value: Any) -> bool:
        if type(value) is not str or (flagged and path in flagged):
            return False
        problem = _text_problem(value)
        if problem:
            out.append(Problem(path, problem))
        return problem is None

    for section, fields in (("venues", ("name",)), ("tags", ("description",))):
        entries = doc.get(section) if isinstance(doc, dict) else None
        for key, entry in (entries or {}).items() if isinstance(entries, dict) else ():
            text_ok((section, key), key)
            if isinstance(entry, dict):
                for name in fields:
                    text_ok((section, key, name), entry.get(name))

    first: dict[tuple[str, str], JsonPath] = {}

    def unique(kind: str, key: str, path: JsonPath, message: str) -> None:
        other = first.setdefault((kind, key), path)
        if other is not path:
            out.append(Problem(path, message.format(got(key)), other=other))

    for base, paper in _papers(doc):
        pid = paper.get("id")
        # Python's "$" matches before a final newline, so the schema's pattern lets "fedbn\n" by
        if text_ok((*base, "id"), pid):
            unique("id", pid, (*base, "id"), "{} is the id of another paper too; ids must be unique")
        title = paper.get("title")
        if text_ok((*base, "title"), title):
            unique("title", title_key(title), (*base, "title"),
                   "repeats the title of another paper: list each paper once "
                   "(keep the published version, not also its preprint)")
        for name in ("url", "code"):
            path = (*base, name)
            link = paper.get(name)
            if not text_ok(path, link):
                continue
            problem, key = check_link(link)
            if problem:
                out.append(Problem(path, problem))
            elif name == "url":
                unique("url", key, path, "links to the same paper as another entry: list each paper once")
        venue = paper.get("venue")
        if isinstance(venue, str) and venue not in venues:
            out.append(Problem((*base, "venue"),
                       f'{got(venue)} is not a key of "venues"' + suggestion(venue, venues)
                       + " (declare a new venue there first)"))
        year = paper.get("year")
        if _is_integer(year) and year > latest_year and not (flagged and (*base, "year") in flagged):
            out.append(Problem((*base, "year"),
                               f"must be {latest_year} (next year) or earlier; got {got(year)}"))
        paper_tags = paper.get("tags")
        if isinstance(paper_tags, list):
            for index, tag in enumerate(paper_tags):
                if isinstance(tag, str) and tag not in tags:
                    out.append(Problem((*base, "tags", index),
                               f'{got(tag)} is not declared in "tags"' + suggestion(tag, tags)))
    return out


def check_document(doc: Any, check_schema: Check, *, latest_year: int) -> list[Problem]:
    """Every problem of a parsed document, in schema-then-rules order."""
    problems: list[Problem] = []
    check_schema(doc, (), problems)
    flagged = {p.path for p in problems}
    problems.extend(check_rules(doc, latest_year=latest_year, flagged=flagged))
    return problems
