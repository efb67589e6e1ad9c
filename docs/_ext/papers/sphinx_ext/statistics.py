"""The ``papers-statistics`` directive: the list's figures (`formats.charts`) on a page.

HTML gets the SVG charts with their tables; other builders (LaTeX, ePub, text)
get each figure's title, description and table as plain docutils nodes.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..formats.charts import figure_html, figures
from .config import catalog_of, data_file


class papers_statistics(nodes.General, nodes.Element):
    """Figures of the list's numbers; attribute ``figures``: a tuple of figure dicts (`charts.figures`)."""


class StatisticsDirective(SphinxDirective):
    """Figures of the data file's numbers; the page is read again when the data changes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_file(self.config)))
        node = papers_statistics(figures=tuple(figures(catalog_of(self.config))))
        self.set_source_info(node)
        return [node]


def visit_statistics_html(self, node: papers_statistics) -> None:
    self.body.extend(figure_html(figure) for figure in node["figures"])
    raise nodes.SkipNode


def as_tables(node: papers_statistics) -> list[nodes.Node]:
    """For builders without SVG in HTML: each figure's title, description and table."""
    out: list[nodes.Node] = []
    for figure in node["figures"]:
        out.append(nodes.rubric(figure["title"], figure["title"]))
        out.append(nodes.paragraph(figure["description"], figure["description"]))
        group = nodes.tgroup(cols=len(figure["header"]))
        group.extend(nodes.colspec(colwidth=1) for _ in figure["header"])
        group += nodes.thead("", nodes.row("", *(nodes.entry("", nodes.paragraph(h, h)) for h in figure["header"])))
        group += nodes.tbody("", *(nodes.row("", *(nodes.entry("", nodes.paragraph(str(c), str(c))) for c in row))
                                   for row in figure["rows"]))
        out.append(nodes.table("", group))
    return out


def setup_statistics(app: Sphinx) -> None:
    app.add_directive("papers-statistics", StatisticsDirective)
    app.add_node(papers_statistics, html=(visit_statistics_html, None))
