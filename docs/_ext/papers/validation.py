"""Every problem of a parsed data file: its JSON Schema first, then the rules it cannot say."""

from __future__ import annotations

import datetime
from typing import Any

from .rules import check_rules
from .schema import Problem, Schema, without_surrogates


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
