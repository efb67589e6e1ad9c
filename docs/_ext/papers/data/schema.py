"""Checks a data file against its JSON Schema, with messages written for the person fixing it.

Validation is jsonschema-rs's (a maintained, complete JSON Schema 2020-12
implementation, fast enough to run on every build of 10,000 papers). This module
only turns each of its errors into a `Problem`: the path of the faulty value and
what was expected, using the schema's own ``patternErrorMessage`` where it has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

from .messages import control_fault, printable, quoted, spacing_fault, suggestion
from .positions import JsonPath


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
    #: Worth fixing, but the list can still be published as it is.
    warning: bool = False


_TYPE_NAMES = {
    "object": "an object", "array": "a list", "string": "a string",
    "integer": "an integer", "number": "a number", "boolean": "true or false", "null": "null",
}
#: The schema's pattern for one line of text with single spaces: its faults get a precise diagnosis.
_ONE_LINE = r"^\S+(?: \S+)*$"


class Schema:
    """A compiled schema: ``problems(doc)`` lists every way `doc` breaks it."""

    def __init__(self, schema: Any) -> None:
        if not isinstance(schema, dict):
            raise SchemaError(f"a schema must be an object, got {printable(schema)}")
        try:
            self._validator = jsonschema_rs.validator_for(schema)
        except jsonschema_rs.ValidationError as err:
            raise SchemaError(str(err).splitlines()[0]) from None
        except (ValueError, jsonschema_rs.ReferencingError) as err:
            raise SchemaError(str(err).splitlines()[0]) from None
        self._schema = schema

    def problems(self, doc: Any) -> list[Problem]:
        if self._validator.is_valid(doc):  # the common case: one fast pass
            return []
        found: list[Problem] = []
        for error in self._validator.iter_errors(doc):
            found.extend(self._explain(error, _path_in(doc, error)))
        return found

    def _subschema(self, schema_path) -> dict:
        """The schema object that holds the keyword at `schema_path`."""
        node: Any = self._schema
        for part in list(schema_path)[:-1]:
            node = node[part]
        return node

    def _explain(self, error, path: JsonPath) -> list[Problem]:
        kind = error.kind
        name = kind.name
        value = error.instance
        if name == "type":
            expected = " or ".join(_TYPE_NAMES.get(t, t) for t in kind.types)
            return [Problem(path, f"must be {expected}, got {printable(value)}")]
        if name == "required":
            return [Problem(path, f'has no "{kind.property}": it is required')]
        if name == "additionalProperties":
            known = self._subschema(error.schema_path).get("properties", {})
            return [
                Problem((*path, field), "is an unknown field"
                        + (suggestion(field, known) or f"; expected {quoted(known)}"), at_key=True)
                for field in kind.unexpected
            ]
        if name == "propertyNames":
            inner = kind.error
            return [Problem((*path, inner.instance), "key " + p.message, at_key=True)
                    for p in self._explain(inner, path)]
        if name == "pattern":
            return [Problem(path, self._pattern_message(error, value))]
        if name == "enum":
            return [Problem(path, f"must be one of {quoted(kind.options)}; got {printable(value)}")]
        if name == "uniqueItems":
            seen: set[str] = set()
            for index, item in enumerate(value):
                key = json.dumps(item, sort_keys=True)
                if key in seen:
                    return [Problem((*path, index), f"repeats {printable(item)}: list it once")]
                seen.add(key)
        if name == "minLength":
            return [Problem(path, f"must have at least {kind.limit} characters; got {printable(value)}")]
        if name == "maxLength":
            return [Problem(path, f"must have at most {kind.limit} characters; got {len(value)}")]
        if name == "minimum":
            return [Problem(path, f"must be {kind.limit} or more; got {printable(value)}")]
        if name == "maximum":
            return [Problem(path, f"must be {kind.limit} or less; got {printable(value)}")]
        return [Problem(path, f"is not valid: {error.message}")]

    def _pattern_message(self, error, value: str) -> str:
        pattern = error.kind.pattern
        fault = spacing_fault(value) if pattern == _ONE_LINE else control_fault(value)
        if fault:  # the precise reason, shown where it is
            return fault
        explain = self._subschema(error.schema_path).get("patternErrorMessage", f"text matching {pattern}")
        return f"must be {explain}; got {printable(value)}"


def _paths_in(node: Any, segments: list, path: JsonPath) -> Iterator[JsonPath]:
    """Every path through `node` that jsonschema-rs would print as `segments`.

    Its paths are lossy: a key made of digits comes back as a number ("0" and
    "00" both as 0), and an empty key is left out. So a number may name such a
    key, and an empty key may sit anywhere along the way.
    """
    if isinstance(node, dict) and "" in node:
        yield from _paths_in(node[""], segments, (*path, ""))
    if not segments:
        yield path
        return
    part, rest = segments[0], segments[1:]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        yield from _paths_in(node[part], rest, (*path, part))
    elif isinstance(node, dict):
        for key in node:
            if key == part or (isinstance(part, int) and key.isdigit() and int(key) == part):
                yield from _paths_in(node[key], rest, (*path, key))


def _path_in(doc: Any, error) -> JsonPath:
    """The error's path in `doc`: of the paths it may mean, the one that leads to its value."""
    candidates = list(_paths_in(doc, list(error.instance_path), ()))
    for path in candidates:
        node = doc
        for part in path:
            node = node[part]
        if node == error.instance and type(node) is type(error.instance):
            return path
    return candidates[0] if candidates else tuple(error.instance_path)


def compile_schema(schema: Any) -> Schema:
    return Schema(schema)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_surrogates(doc: Any) -> Any:
    """`doc` with lone surrogates replaced: jsonschema-rs takes only valid Unicode.

    JSON may spell one (``"\\ud800"``); the rules report it, the schema sees U+FFFD.
    """
    if isinstance(doc, str):
        return _SURROGATE.sub("\ufffd", doc)
    if isinstance(doc, list):
        return [without_surrogates(item) for item in doc]
    if isinstance(doc, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in doc.items()}
    return doc
