"""``python -m papers check|format|readme|source|add|audit``: the data checks without Sphinx, and upkeep.

``check``, ``format``, ``readme`` and ``source`` need only the checker's own
dependencies (requirements/check.txt); ``add`` and ``audit`` ask Crossref and
arXiv, and import their network libraries (requirements/maintain.txt) only when
run. Every failure is a message, never a traceback; Ctrl-C stops cleanly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DATA = Path("data/papers.json")
README = Path("README.md")
SCHEMA_HELP = ("the JSON Schema (default: the one the file names, else papers.schema.json beside it)")
NEEDS = {"check": "check", "format": "check", "readme": "check", "source": "check", "add": "maintain",
         "audit": "maintain"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m papers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="report every problem of the data files, each with what fixes it",
        description="Report every rule the data tests enforce: the schema and the rules, where each fact "
                    "was read (sources.json beside the file), the canonical form of both files, and with "
                    "--readme the README's list.")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    check.add_argument("--sources", type=Path, help="where facts are recorded (default: sources.json beside it)")
    check.add_argument("--readme", type=Path, metavar="README", help="check that this README's list is current")
    check.add_argument("--require", action="append", default=[], metavar="FIELD",
                       help="a field every paper must have beyond the schema (this list: --require tags)")
    check.add_argument("--strict", action="store_true",
                       help="warnings fail the check too, as they fail the site's -W build and the tests")
    check.add_argument("--all-notes", action="store_true",
                       help="print every note (by default a file's first few, then how many more)")

    fmt = commands.add_parser("format", help="rewrite the data files in canonical form (papers.json, sources.json)",
                              description="Rewrite papers.json and sources.json files in canonical form; line "
                                          "endings become LF and a byte order mark is removed.")
    fmt.add_argument("files", nargs="+", type=Path, metavar="FILE")
    fmt.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    fmt.add_argument("--check", action="store_true", help="change nothing, fail if a file is not canonical")

    readme = commands.add_parser(
        "readme", help="write the README's list of papers from the data file",
        description="Rewrite the part of the README between its papers:start and papers:end markers.")
    readme.add_argument("readme", nargs="?", type=Path, default=README, metavar="README",
                        help=f"the README (default: {README})")
    readme.add_argument("--data", type=Path, default=DATA, help=f"the papers file (default: {DATA})")
    readme.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    readme.add_argument("--check", action="store_true", help="change nothing; fail if the README's list is stale")

    source = commands.add_parser(
        "source", help="record where a paper's facts were read, in sources.json",
        description="Record that SOURCE (a page's address, or github:owner/repo:path) gives the FIELDs of "
                    "paper ID: python -m papers source fedbn title authors https://openreview.net/forum?id=...")
    source.add_argument("items", nargs="+", metavar="ID FIELD… SOURCE",
                        help="the paper's id, the fields the source gives (title, authors, study.sites …), "
                             "and the source")
    source.add_argument("--place", help='where in the source: "abstract", "Table 2", "README"')
    source.add_argument("--note", help="what a maintainer should know, in your own words")
    source.add_argument("--from-code", action="store_true",
                        help="the value rests on the code (a README, a script) rather than the paper")
    _data_options(source)

    add = commands.add_parser(
        "add", help="add papers from their DOI or arXiv id (Crossref, arXiv)",
        description="Add papers by DOI (Crossref) or arXiv id (arXiv): title, authors, year, venue, url, doi, "
                    "arxiv and the abstract come from the registry; tags and code from you. The file is written "
                    "in canonical form and checked; data/sources.json records each field's source.")
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
    add.add_argument("--no-abstract", dest="abstract", action="store_false",
                     help="leave the abstract out (a list that carries summaries, not abstracts)")
    add.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    _data_options(add)

    audit = commands.add_parser(
        "audit", help="compare every paper with its DOI or arXiv id against the registry",
        description="Report where the list disagrees with Crossref (papers with a DOI) or arXiv (arXiv-only "
                    "papers). Exit status 1 when anything disagrees or could not be checked.")
    audit.add_argument("--fix", action="append", default=[], metavar="FIELD",
                       help="take the registry's value for FIELD: title, authors, year, venue, doi or abstract "
                            "(repeat, or separate with commas)")
    _data_options(audit)
    return parser


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", type=Path, default=DATA, dest="data",
                        help=f"the papers file (default: {DATA})")
    parser.add_argument("--sources", type=Path, help="where facts are recorded (default: sources.json beside it)")
    parser.add_argument("--schema", type=Path, help=SCHEMA_HELP)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    """The command `args` names; its modules (and their libraries) load only here."""
    command = args.command
    if command == "check":
        from .check import run_check

        return 0 if run_check(args.files, args.schema, args.sources, args.readme, args.strict, print, _err,
                              tuple(args.require), all_notes=args.all_notes) else 1
    if command == "format":
        from .formatting import format_file

        ok = True
        for path in args.files:
            ok &= format_file(path, args.schema, args.check, print, _err)
        return 0 if ok else 1
    if command == "readme":
        from .formatting import write_readme

        return 0 if write_readme(args.readme, args.data, args.schema, args.check, _err) else 1
    if command == "source":
        from .source import SourceOptions, run_source

        if len(args.items) < 3:
            _err("source needs a paper's id, at least one field and the source: "
                 "python -m papers source fedbn title authors https://openreview.net/forum?id=6YEQUn0QICG")
            return 1
        paper_id, *fields, where = args.items
        return run_source(SourceOptions(paper_id, fields, where, data=args.data, schema=args.schema,
                                        sources=args.sources, place=args.place, note=args.note,
                                        from_code=args.from_code), print, _err)
    from ..registry.http import SettingsError

    try:
        if command == "add":
            from .add import AddOptions, run_add

            return run_add(AddOptions(
                identifiers=args.identifiers, data=args.data, schema=args.schema, sources=args.sources,
                tags=args.tags, code=args.code, paper_id=args.paper_id, venue=args.venue,
                dry_run=args.dry_run, update=args.update, abstract=args.abstract))
        from .audit import AuditOptions, parse_fix, run_audit

        fields, problems = parse_fix(args.fix)
        for line in problems:
            _err(line)
        if problems:
            return 1
        return run_audit(AuditOptions(data=args.data, schema=args.schema, sources=args.sources, fix=fields))
    except SettingsError as err:
        _err(str(err))
        return 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ImportError as err:
        needs = NEEDS[args.command]
        _err(f"python -m papers {args.command} needs the package {err.name or '?'}: "
             f"pip install -r requirements/{needs}.txt, or run `nox -s {args.command}`")
        return 1
    except OSError as err:  # a file that vanished or cannot be read between two steps
        _err(f"python -m papers {args.command}: {err.filename or ''}: {err.strerror or err}; nothing was written")
        return 1
    except KeyboardInterrupt:
        _err(f"python -m papers {args.command}: interrupted (Ctrl-C); no file was left half-written")
        return 130
