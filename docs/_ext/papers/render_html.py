"""Writes paper tables and filter boxes straight to HTML.

Rows are joined as strings rather than built as nodes: this is the hot path of
a 10,000-paper build, and every byte here is multiplied by the list's length.
All data is text: `escape` runs on every value that reaches the page.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from docutils import nodes

from .model import Paper, Venue
from .nodes import papers_filter, papers_table

#: sphinx-design badge colour for each kind of venue
BADGE_COLOURS = {
    "conference": "primary",
    "journal": "success",
    "workshop": "info",
    "preprint": "secondary",
}
NONE = "\u2014"  # an em dash: no venue, no code


def venue_query(venue: str) -> str:
    """The filter that shows one venue; JS reads it back from ``?q=``."""
    return f'venue:"{venue}"' if " " in venue else f"venue:{venue}"


def badge_html(venue: Venue, filterable: bool) -> str:
    """A sphinx-design badge; in a list with a filter box, a link that filters by it.

    Only the classes the look needs: papers.css colours the text, and every byte
    of a row counts 10,000 times.
    """
    colour = BADGE_COLOURS[venue.kind]
    tag, href = ("a", f' href="?q={quote(venue_query(venue.key), safe=":")}"') if filterable else ("span", "")
    return (
        f'<{tag} class="sd-badge sd-bg-{colour}"{href} '
        f'title="{escape(venue.name)} ({venue.kind})">{escape(venue.key)}</{tag}>'
    )


def columns(show_year: bool) -> list[str]:
    """The header of a table: a Year column only where years are not sections."""
    return ["#", "Year", "Title", "Venue", "Code"] if show_year else ["#", "Title", "Venue", "Code"]


def table_html(node: papers_table, permalink: str | None, anchored: bool = True) -> str:
    """The table; with `anchored` false, no row carries an id (nor a permalink)."""
    show_year = node["show_year"]
    badges = {key: badge_html(venue, node["filterable"]) for key, venue in node["venues"].items()}
    headers = columns(show_year)
    classes = "docutils papers-table" + (" papers-with-year" if show_year else "") + (
        " papers-many" if node["many"] else "")
    out = [
        '<div class="table-wrapper container papers-wrapper">'
        f'<table class="{classes}" data-list="{node["list_id"]}" '
        f'aria-label="{escape(node["label"])}"><thead><tr>',
        *(f'<th scope="col">{h}</th>' for h in headers),
        "</tr></thead><tbody>\n",
    ]
    append = out.append
    repeated = node["repeated"]
    for index, paper in enumerate(node["papers"], 1):
        anchor = paper.anchor
        if anchored and paper.id not in repeated:
            link = (f'<a class="headerlink" href="#{anchor}" title="Link to this paper">'
                    f"{permalink}</a>") if permalink else ""
            append(f'<tr id="{anchor}">')
        else:  # listed a second time on this page: the first row owns the id
            link = ""
            append("<tr>")
        append(f"<td>{index if show_year else paper.number}</td>")
        if show_year:
            append(f"<td>{paper.year}</td>")
        append(_title_cell(paper, link))
        append(f"<td>{badges[paper.venue]}</td>" if paper.venue else f"<td>{NONE}</td>")
        append(f'<td><a href="{escape(paper.code)}">Code</a></td></tr>\n'
               if paper.code else f"<td>{NONE}</td></tr>\n")
    out.append("</tbody></table></div>\n")
    return "".join(out)


def _title_cell(paper: Paper, permalink: str) -> str:
    tags = f'<span class="papers-tags">{escape(", ".join(paper.tags))}</span>' if paper.tags else ""
    return f'<td><a href="{escape(paper.url)}">{escape(paper.title)}</a>{permalink}{tags}</td>'


def filter_html(node: papers_filter) -> str:
    list_id = node["list_id"]
    total = node["total"]
    return (
        f'<div class="papers-controls" data-list="{list_id}" hidden>'
        f'<label for="{list_id}-q">Filter papers</label>'
        f'<input type="search" id="{list_id}-q" class="papers-filter" aria-describedby="{list_id}-hint" '
        'placeholder="Title, venue, tag or year" autocomplete="off" spellcheck="false">'
        f'<output class="papers-count" for="{list_id}-q" aria-live="polite">'
        f"{total} paper{'s' if total != 1 else ''}</output>"
        f'<p class="papers-hint" id="{list_id}-hint">Words match titles, venues, tags and years; '
        "<code>venue:MICCAI</code>, <code>tag:privacy</code> or <code>year:2021</code> match one field; "
        'quote names with spaces: <code>venue:"NeurIPS Workshop"</code>.</p>'
        '<p class="papers-empty" hidden></p></div>\n'
    )


def visit_papers_table(self, node: papers_table) -> None:
    permalink = self.config.html_permalinks_icon if self.config.html_permalinks else None
    # singlehtml puts every page on one: a :no-index: list would repeat the indexed rows' ids
    anchored = node["indexed"] or self.builder.name != "singlehtml"
    self.body.append(table_html(node, permalink, anchored))
    raise nodes.SkipNode


def visit_papers_filter(self, node: papers_filter) -> None:
    self.body.append(filter_html(node))
    raise nodes.SkipNode
