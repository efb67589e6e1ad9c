"""Standard docutils tables for builders that do not write HTML.

LaTeX, text, man, linkcheck and the rest know nothing of `papers_table`; this
post-transform, registered only for them, turns each one into a plain table
with real reference nodes (so linkcheck sees every paper and code link).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..data.model import Paper
from ..data.names import authors_line
from .nodes import papers_filter, papers_page_ref, papers_table
from .rows import NONE, columns, papers_in
from .statistics import as_tables, papers_statistics

_WIDTHS = {"#": 4, "Year": 6, "Title": 62, "Venue": 16, "Code": 8}


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _text_cell(text: str) -> nodes.entry:
    return _cell(nodes.Text(text))


def build_table(node: papers_table, papers: list[Paper]) -> nodes.table:
    show_year = node["show_year"]
    headers = [h for h in columns(show_year) if h != "Cite"]  # citing is the web page's job
    group = nodes.tgroup(cols=len(headers))
    group.extend(nodes.colspec(colwidth=_WIDTHS[h]) for h in headers)
    group += nodes.thead("", nodes.row("", *(_text_cell(h) for h in headers)))
    body = nodes.tbody()
    repeated = node["repeated"]
    for index, paper in enumerate(papers, 1):
        row = nodes.row()
        row += _text_cell(str(index if show_year else paper.number))
        if show_year:
            row += _text_cell(str(paper.year))
        title = nodes.reference(paper.title, paper.title, refuri=paper.url)
        authors = nodes.paragraph("", authors_line(paper.authors, paper.more_authors), classes=["papers-authors"])
        if paper.id in repeated:
            row += nodes.entry("", nodes.paragraph("", "", title), authors)
        else:  # the anchor {paper} references point to
            row += nodes.entry("", nodes.paragraph("", "", nodes.target("", "", ids=[paper.anchor]), title), authors)
        if paper.venue:
            venue = node["venues"][paper.venue]
            row += _cell(nodes.inline(venue.key, venue.key, classes=["papers-venue", venue.kind]))
        else:
            row += _text_cell(NONE)
        row += _cell(nodes.reference("code", "code", refuri=paper.code)) if paper.code else _text_cell(NONE)
        body += row
    group += body
    table = nodes.table("", group, classes=["papers-table"])
    table["source"], table["line"] = node.source, node.line
    return table


class ExpandPaperTables(SphinxPostTransform):
    # after references resolve (10), before linkcheck collects links (800)
    default_priority = 20

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(papers_filter)):
            node.parent.remove(node)
        for node in list(self.document.findall(papers_table)):
            node.replace_self(build_table(node, papers_in(node, self.config)))
        for node in list(self.document.findall(papers_statistics)):
            node.replace_self(as_tables(node))
        for node in list(self.document.findall(papers_page_ref)):  # generated pages are the web's
            node.replace_self(nodes.Text(node.astext()))
