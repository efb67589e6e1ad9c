"""What every command that reads or changes the list does the same way: load it, or say why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..data.loading import PapersDataError, load_catalog, load_schema, parse_catalog, schema_for, shown
from ..data.model import Catalog


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


def check_or_report(data: Path, text: str, schema_path: Path, err: Callable[[str], None],
                    which: str) -> Catalog | None:
    """Before a command writes `text` over `data`: its catalog if it is a valid file; if not, None
    once every problem went to `err`, saying that `which` file ("the new file") would have them."""
    try:
        return parse_catalog(data, text.encode("utf-8"), load_schema(schema_path))
    except PapersDataError as error:
        for line in error.lines:
            err(line)
        err(f"{shown(data)}: {which} would have these problems; nothing was written")
        return None
