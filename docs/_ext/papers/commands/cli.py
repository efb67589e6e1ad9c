"""``python -m papers check|format|readme|add|audit``: the data checks without Sphinx, and upkeep from registries.

``check``, ``format`` and ``readme`` need only the checker's own dependency;
``add`` and ``audit`` ask Crossref and arXiv, and import their network libraries
(requirements/maintain.txt) only when run.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..data.canonical import dumps
from ..data.loading import PapersDataError, load_catalog, schema_for, shown

DATA = Path("data/papers.json")
README = Path("README.md")


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


SCHEMA_HELP = ("the JSON Schema (default: papers.schema.json beside each file, "
               "else this project's data/papers.schema.json)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m papers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, what in (("check", "report every problem of the data files"),
                       ("format", "rewrite the data files in canonical form")):
        sub = commands.add_parser(name, help=what, description=what)
        sub.add_argument("files", nargs="+", type=Path, metavar="FILE")
        sub.add_argument("--schema", type=Path, help=SCHEMA_HELP)
        sub.add_argument("--check", action="store_true",
                         help="change nothing, fail if a file is not canonical" if name == "format"
                         else argparse.SUPPRESS)

    readme = commands.add_parser(
        "readme", help="write the README's list of papers from the data file",
        description="Rewrite the part of the README between its papers:start and papers:end markers.")
    readme.add_argument("readme", nargs="?", type=Path, default=README, metavar="README",
                        help=f"the README (default: {README})")
    readme.add_argument("--data", type=Path, default=DATA, help=f"the papers file (default: {DATA})")
    readme.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    readme.add_argument("--check", action="store_true", help="change nothing; fail if the README's list is stale")

    add = commands.add_parser(
        "add", help="add papers from their DOI or arXiv id (Crossref, arXiv)",
        description="Add papers by DOI (Crossref) or arXiv id (arXiv): title, authors, year, venue, url, doi "
                    "and arxiv come from the registry; tags and code from you. The file is written in "
                    "canonical form and checked; data/sources.json records each field's source.")
    add.add_argument("identifiers", nargs="+", metavar="ID",
                     help="a DOI, doi.org link, arXiv id or arXiv link, e.g. 10.1109/TMI.2023.3239391")
    add.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG",
                     help="a declared tag for the papers (repeat for several)")
    add.add_argument("--code", metavar="URL", help="the authors' code")
    add.add_argument("--id", dest="paper_id", metavar="ID",
                     help="the paper's id (default: its method's name, else first author and year)")
    add.add_argument("--venue", metavar="KEY", help="the venue's key, when the registry's name matches none")
    add.add_argument("--update", action="store_true",
                     help="list the published version in place of a listed preprint of it")
    add.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    _data_options(add)

    audit = commands.add_parser(
        "audit", help="compare every paper with its DOI or arXiv id against the registry",
        description="Report where the list disagrees with Crossref (papers with a DOI) or arXiv (arXiv-only "
                    "papers). Exit status 1 when anything disagrees or could not be checked.")
    audit.add_argument("--fix", action="append", default=[], metavar="FIELD",
                       help="take the registry's value for FIELD: title, authors, year, venue or doi "
                            "(repeat, or separate with commas)")
    _data_options(audit)
    return parser


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", type=Path, default=DATA, dest="data",
                        help=f"the papers file (default: {DATA})")
    parser.add_argument("--sources", type=Path, help="where facts are recorded (default: sources.json beside it)")
    parser.add_argument("--schema", type=Path, help=SCHEMA_HELP)


def _maintain(args: argparse.Namespace) -> int:
    """`add` and `audit`: their modules, and the network libraries they import, load only here."""
    try:
        from ..registry.http import SettingsError
        if args.command == "add":
            from .add import AddOptions, run_add
        else:
            from .audit import AuditOptions, parse_fix, run_audit
    except ImportError as err:
        print(f"python -m papers {args.command} needs the package {err.name or '?'}: "
              f"pip install -r requirements/maintain.txt, or run `nox -s {args.command}`", file=sys.stderr)
        return 1
    try:
        if args.command == "add":
            return run_add(AddOptions(
                identifiers=args.identifiers, data=args.data, schema=args.schema, sources=args.sources,
                tags=args.tags, code=args.code, paper_id=args.paper_id, venue=args.venue,
                dry_run=args.dry_run, update=args.update))
        fields, problems = parse_fix(args.fix)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            return 1
        return run_audit(AuditOptions(data=args.data, schema=args.schema, sources=args.sources, fix=fields))
    except SettingsError as err:
        print(err, file=sys.stderr)
        return 1


def _readme(readme: Path, data: Path, schema: Path | None, check_only: bool) -> bool:
    from ..formats.readme import with_list

    try:
        catalog = load_catalog(data, schema or schema_for(data))
        text = readme.read_text(encoding="utf-8")
        wanted = with_list(text, catalog)
    except PapersDataError as err:
        print("\n".join(err.lines), file=sys.stderr)
        return False
    except (OSError, ValueError) as err:
        print(f"{shown(readme)}: {err}", file=sys.stderr)
        return False
    if wanted == text:
        return True
    if check_only:
        print(f"{shown(readme)}: the list is stale; run `nox -s readme`", file=sys.stderr)
        return False
    readme.write_text(wanted, encoding="utf-8")
    print(f"{shown(readme)}: list rewritten from {shown(data)}", file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("add", "audit"):
        return _maintain(args)
    if args.command == "readme":
        return 0 if _readme(args.readme, args.data, args.schema, args.check) else 1
    ok = True
    for path in args.files:
        if args.command == "check":
            ok &= _check(path, args.schema)
        else:
            ok &= _format(path, args.schema, args.check)
    return 0 if ok else 1
