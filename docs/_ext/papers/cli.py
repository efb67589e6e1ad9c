"""``python -m papers check|format FILE``: the build's data checks, without Sphinx."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .canonical import dumps
from .loading import PapersDataError, load_catalog, schema_for, shown


def _check(path: Path, schema: Path | None) -> bool:
    try:
        catalog = load_catalog(path, schema or schema_for(path))
    except PapersDataError as err:
        for line in err.lines:
            print(line)
        count = len(err.reports)
        print(f"{shown(path)}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return False
    for where, what in catalog.warnings:
        print(f"{where}: warning: {what}")
    print(f"{shown(path)}: {len(catalog.papers)} papers, {len(catalog.venues)} venues, "
          f"{len(catalog.tags)} tags: no problems", file=sys.stderr)
    return True


def _format(path: Path, schema: Path | None, check_only: bool) -> bool:
    if not _check(path, schema):
        return False
    text = path.read_text(encoding="utf-8-sig")
    wanted = dumps(json.loads(text))
    if text == wanted:
        return True
    if check_only:
        print(f"{shown(path)}: not in canonical form; run `nox -s format`", file=sys.stderr)
        return False
    path.write_text(wanted, encoding="utf-8")
    print(f"{shown(path)}: rewritten in canonical form", file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m papers", description=__doc__)
    parser.add_argument("command", choices=("check", "format"),
                        help="check: report every problem; format: rewrite in canonical form")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--schema", type=Path,
                        help="the JSON Schema (default: papers.schema.json beside each file, "
                             "else this project's data/papers.schema.json)")
    parser.add_argument("--check", action="store_true",
                        help="with format: change nothing, fail if a file is not canonical")
    args = parser.parse_args(argv)
    ok = True
    for path in args.files:
        if args.command == "check":
            ok &= _check(path, args.schema)
        else:
            ok &= _format(path, args.schema, args.check)
    return 0 if ok else 1
