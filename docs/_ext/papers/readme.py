"""The list in README.md, as the original list showed it: a table per year with venue and code.

``python -m papers.readme [README.md] [--check]`` (``nox -s readme``; ``nox -s format``
runs it too) rewrites the part of the README between the markers below from the
data file. Plain GitHub Markdown: tables, links, no raw HTML for GitHub to strip.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loading import PapersDataError, load_catalog, schema_for, shown
from .model import Catalog

START = "<!-- papers:start (written by `nox -s readme` from data/papers.json; edits here are overwritten) -->"
END = "<!-- papers:end -->"
ROOT = Path(__file__).resolve().parents[3]


def _cell(text: str) -> str:
    """Text for a Markdown table cell: pipes escaped, brackets and emphasis kept literal."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_") \
        .replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")


def _url(url: str) -> str:
    """A link target Markdown reads whole: spaces and parentheses encoded."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def tables(catalog: Catalog) -> str:
    years: dict[int, list] = {}
    for paper in catalog.papers:
        years.setdefault(paper.year, []).append(paper)
    out = [f"{len(catalog.papers)} papers; the site has them with authors, search, filters and BibTeX.", ""]
    for year, papers in years.items():
        out += [f"### {year}", "", "| # | Title | Venue | Code |", "|---:|---|---|---|"]
        for paper in papers:
            venue = catalog.venues[paper.venue].key if paper.venue else ""
            code = f"[code]({_url(paper.code)})" if paper.code else ""
            out.append(f"| {paper.number} | [{_cell(paper.title)}]({_url(paper.url)}) | {_cell(venue)} | {code} |")
        out.append("")
    return "\n".join(out)


def with_list(readme: str, catalog: Catalog) -> str:
    """`readme` with its list part written anew; the markers must be there."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the README needs the markers {START!r} and {END!r} where the list goes")
    return f"{head}{START}\n{tables(catalog)}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m papers.readme", description=__doc__.split("\n\n")[0])
    parser.add_argument("readme", nargs="?", type=Path, default=ROOT / "README.md")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "papers.json")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if the README is stale")
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog(args.data, schema_for(args.data))
        text = args.readme.read_text(encoding="utf-8")
        wanted = with_list(text, catalog)
    except PapersDataError as err:
        print("\n".join(err.lines), file=sys.stderr)
        return 1
    except (OSError, ValueError) as err:
        print(f"{shown(args.readme)}: {err}", file=sys.stderr)
        return 1
    if wanted == text:
        return 0
    if args.check:
        print(f"{shown(args.readme)}: the list is stale; run `nox -s readme`", file=sys.stderr)
        return 1
    args.readme.write_text(wanted, encoding="utf-8")
    print(f"{shown(args.readme)}: list rewritten from {shown(args.data)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
