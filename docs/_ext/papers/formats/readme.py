"""The list in README.md, as the original list showed it: a table per year with venue and code.

``python -m papers readme`` (``nox -s readme``; ``nox -s format`` runs it too)
rewrites the part of the README between the markers below from the data file.
Plain GitHub Markdown: tables, links, no raw HTML for GitHub to strip.
"""

from __future__ import annotations

from ..data.model import Catalog

START = "<!-- papers:start (written by `nox -s readme` from data/papers.json; edits here are overwritten) -->"
END = "<!-- papers:end -->"


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
