"""What every command that reads or changes the list does the same way: load it, or say why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..data import writing
from ..data.loading import PapersDataError, load_catalog, load_schema, parse_catalog, relative_path, schema_for
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
        err(f"{relative_path(data)}: fix these first (`nox -s check` lists them); {nothing_done}")
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
        err(f"{relative_path(data)}: {which} would have these problems; nothing was written")
        return None


def paper_schema(schema_path: Path) -> dict:
    """The schema of one paper in the list's schema (``papers.items``, its ``$ref`` followed); {} if unclear."""
    import json

    try:
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8-sig"))
        node = schema["properties"]["papers"]["items"]
        for _ in range(8):  # a chain of local references, as "#/$defs/paper"
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/")):
                break
            node = schema
            for part in ref[2:].split("/"):
                node = node[part]
        return node if isinstance(node, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # loading the list reports an unusable schema; nothing to add here


def sources_or_refuse(path: Path, text: str | None) -> dict:
    """The sources file's document for a command about to change it, or `Refused` saying where it is broken."""
    import json

    from ..data import writing
    from ..data.loading import json_error
    from ..data.sources import is_sources, loads_sources

    try:
        doc = loads_sources(text)
    except json.JSONDecodeError as error:
        raise writing.Refused(str(json_error(relative_path(path), text or "", error)),
                              f"{relative_path(path)}: fix it first (`nox -s check` lists its problems); "
                              "nothing was written") from None
    except RecursionError:
        raise writing.Refused(f"{relative_path(path)}: not usable JSON: nested too deeply; "
                              "nothing was written") from None
    if not is_sources(doc):
        raise writing.Refused(f"{relative_path(path)}: not a sources file (an object whose \"papers\" maps each "
                              "paper id "
                              "to its facts); nothing was written")
    return doc


def change_or_report(paths, apply, err: Callable[[str], None], **options) -> writing.Changed | None:
    """`writing.change` for a command: what it did, or None once why nothing was written went to `err`;
    its notes (a half-finished change finished, a file normalised) go to `err` too."""
    try:
        changed = writing.change(paths, apply, **options)
    except writing.Refused as refused:
        for line in refused.lines:
            err(line)
        return None
    except writing.WriteError as error:
        err(str(error))
        return None
    for line in changed.notes:
        err(f"note: {line}")
    return changed
