"""The list for builders that are not the web (a PDF, an e-book, text, linkcheck): standard docutils tables.

LaTeX, ePub, text, man, linkcheck and the rest get, for each `papers_table`, a
plain table with real reference nodes (so linkcheck sees every paper and code
link), written for a reader who cannot click, sort or filter: each paper's title
(a link to it), its authors, its venue written out, and its identifiers and code
as text a reader can type. No controls: the filter box goes, and so does Cite.
LaTeX breaks each table across pages (``longtable``) at the widths given here.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..data.kinds import kind_of
from ..data.model import Paper, Venue
from ..data.names import authors_line
from ..formats.scholarly import arxiv_url, doi_url
from .nodes import papers_filter, papers_page_ref, papers_table
from .rows import papers_in
from .statistics import as_tables, papers_statistics

#: Column widths, in parts of the text's width (LaTeX's \X{part}{total}): the paper gets the rest.
_WIDTHS = {"#": 6, "Year": 8}
_TOTAL = 100
_DOT = " \u00b7 "


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _text_cell(text: str) -> nodes.entry:
    return _cell(nodes.Text(text))


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=uri)


def venue_words(venue: Venue | None) -> str:
    """Where the paper appeared, in words: what a badge's colour, shape and legend say on the web."""
    if venue is None:
        label = kind_of(None).label
        return label[0].upper() + label[1:]
    return f"{venue.name} ({venue.key}), {kind_of(venue).label}"


def identifiers(paper: Paper) -> list[nodes.Node]:
    """DOI, arXiv id and code, each a link whose words a reader of paper can type; the paper's
    address where it has neither identifier."""
    parts: list[list[nodes.Node]] = []
    if paper.doi:
        parts.append([nodes.Text("DOI "), _link(paper.doi, doi_url(paper.doi))])
    if paper.arxiv:
        parts.append([nodes.Text("arXiv "), _link(paper.arxiv, arxiv_url(paper.arxiv))])
    if not parts:
        parts.append([_link(paper.url, paper.url)])
    if paper.code:
        parts.append([nodes.Text("code "), _link(paper.code, paper.code)])
    out: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            out.append(nodes.Text(_DOT))
        out.extend(part)
    return out


def paper_cell(paper: Paper, venue: Venue | None, anchored: bool) -> nodes.entry:
    """Title (the row's anchor where `anchored`), authors, venue, identifiers: a paragraph each."""
    title = nodes.strong("", "", _link(paper.title, paper.url))
    first = nodes.paragraph("", "", nodes.target("", "", ids=[paper.anchor]), title) if anchored \
        else nodes.paragraph("", "", title)
    return nodes.entry(
        "", first,
        nodes.paragraph("", authors_line(paper.authors, paper.more_authors), classes=["papers-authors"]),
        nodes.paragraph("", venue_words(venue), classes=["papers-venue"]),
        nodes.paragraph("", "", *identifiers(paper), classes=["papers-ids"]),
    )


def build_table(node: papers_table, papers: list[Paper]) -> nodes.table:
    show_year = node["show_year"]
    headers = ["#", "Year", "Paper"] if show_year else ["#", "Paper"]
    widths = [_WIDTHS.get(h, 0) for h in headers]
    widths[-1] = _TOTAL - sum(widths)
    group = nodes.tgroup(cols=len(headers))
    group.extend(nodes.colspec(colwidth=w) for w in widths)
    group += nodes.thead("", nodes.row("", *(_text_cell(h) for h in headers)))
    body = nodes.tbody()
    repeated = node["repeated"]
    for index, paper in enumerate(papers, 1):
        row = nodes.row()
        row += _text_cell(str(index if show_year else paper.number))
        if show_year:
            row += _text_cell(str(paper.year))
        venue = node["venues"].get(paper.venue) if paper.venue else None
        row += paper_cell(paper, venue, anchored=paper.id not in repeated)
        body += row
    group += body
    # longtable: LaTeX breaks a year of many papers across pages; colwidths-given: at these widths
    table = nodes.table("", group, classes=["papers-table", "longtable", "colwidths-given"])
    table["source"], table["line"] = node.source, node.line
    return table


class ExpandPaperTables(SphinxPostTransform):
    # after references resolve (10), before linkcheck collects links (800)
    default_priority = 20

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(papers_filter)):
            node.parent.remove(node)
        for node in list(self.document.findall(papers_table)):
            # each row anchors its own paper: the table must not hold the anchors again
            # (replace_self hands the replaced node's ids to the new one)
            node["ids"] = []
            node.replace_self(build_table(node, papers_in(node, self.config)))
        for node in list(self.document.findall(papers_statistics)):
            node.replace_self(as_tables(node))
        for node in list(self.document.findall(papers_page_ref)):  # generated pages are the web's
            node.replace_self(nodes.Text(node.astext()))
