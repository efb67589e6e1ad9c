"""``python -m papers format`` and ``readme``: the list's files rewritten in their one form, safely.

``format`` rewrites ``papers.json`` (`data.canonical`) and ``sources.json``
(`data.sources.dumps_sources`, told apart by their shape), checking each first;
it is the one command that normalises line endings and a byte order mark (to
LF, none), and it says when it does. ``readme`` rewrites the README's list
between its markers. Both write through `data.writing.change`: locked, atomic,
applied to the file as it is when they write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..data import writing
from ..data.canonical import dumps
from ..data.loading import PapersDataError, load_catalog, relative_path, schema_for
from ..data.sources import dumps_sources
from .check import Finding, canonical_finding, is_sources_file
from .common import change_or_report

Say = Callable[[str], None]


def _canonical_text(path: Path, text: str | None, sources: bool) -> str:
    """The canonical text of a file's current `text`, or `writing.Refused` if it no longer parses."""
    if text is None:
        raise writing.Refused(f"{relative_path(path)}: the file is gone; nothing was written")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        raise writing.Refused(f"{relative_path(path)}: changed while it was formatted and is no longer valid JSON; "
                              "nothing was written (`nox -s check` says where)") from None
    return dumps_sources(doc) if sources else dumps(doc)


def format_file(path: Path, schema: Path | None, check_only: bool, out: Say, err: Say) -> bool:
    """Check `path`, then rewrite it in canonical form (or, with `check_only`, say whether it is)."""
    from .check import hints, read_sources_file

    sources = is_sources_file(path)
    if sources:  # its shape: provenance is `check`'s, and format needs only a usable file
        _, _, _, blocking = read_sources_file(path)
    else:
        try:
            catalog = load_catalog(path, schema or schema_for(path))
            blocking = []
        except PapersDataError as error:
            blocking = [Finding(r.where, r.what) for r in error.reports]
        else:
            for where, what in catalog.warnings:
                out(f"{where}: warning: {what}")
    if blocking:
        for finding in blocking:
            out(str(finding))
        for line in hints(blocking):
            out(line)
        err(f"{relative_path(path)}: {len(blocking)} problem{'s' if len(blocking) != 1 else ''}; not formatted")
        return False
    raw = writing.read_raw(path) or b""
    wanted = _canonical_text(path, writing.decode(raw), sources)
    differs = canonical_finding(path, raw, wanted)
    if differs is None and (check_only or writing.pending(Path(path).resolve().parent) is None):
        return True  # (a half-finished change beside it is finished below, even when this file is canonical)
    if check_only and differs is not None:
        err(str(differs))
        return False
    changed = change_or_report([path], lambda texts: {path: _canonical_text(path, texts[path], sources)}, err,
                               command=f"python -m papers format {relative_path(path)}", normalise=True)
    if changed is None:
        return False
    if changed.written:
        done = changed.normalised.get(path)
        err(f"{relative_path(path)}: rewritten in canonical form" + (f" ({done})" if done else ""))
    return True


def write_readme(readme: Path, data: Path, schema: Path | None, check_only: bool, err: Say) -> bool:
    """The README's list written from `data` (or, with `check_only`, whether it is current)."""
    from ..formats.readme import with_list

    try:
        catalog = load_catalog(data, schema or schema_for(data))
    except PapersDataError as error:
        for line in error.lines:
            err(line)
        return False
    try:
        raw = writing.read_raw(readme)
        if raw is None:
            raise writing.WriteError(f"{relative_path(readme)}: no such file")
        text = writing.decode(raw)
        wanted = with_list(text, catalog)
    except writing.WriteError as error:
        err(str(error))
        return False
    except (ValueError, UnicodeDecodeError) as error:
        err(f"{relative_path(readme)}: {error}")
        return False
    if wanted == text:
        return True
    if check_only:
        err(f"{relative_path(readme)}: the list is stale; run `nox -s readme`")
        return False

    def apply(texts: writing.Texts) -> dict[Path, str]:
        current = texts[readme]
        if current is None:
            raise writing.Refused(f"{relative_path(readme)}: the file is gone; nothing was written")
        try:
            return {readme: with_list(current, catalog)}
        except ValueError as error:
            raise writing.Refused(f"{relative_path(readme)}: {error}; nothing was written") from None

    if change_or_report([readme], apply, err, command=f"python -m papers readme {relative_path(readme)}") is None:
        return False
    err(f"{relative_path(readme)}: list rewritten from {relative_path(data)}")
    return True
