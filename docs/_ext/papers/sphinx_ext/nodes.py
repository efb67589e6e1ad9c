"""The doctree nodes of a paper list: one node per table, however many rows."""

from __future__ import annotations

from docutils import nodes


class papers_table(nodes.General, nodes.Element):
    """A whole table of papers.

    The rows are named by the ``paper_ids`` attribute (a tuple of ids; the writers
    find the papers in the build's catalog), not held as child nodes: 10,000 papers stay one node instead
    of some 300,000, and the pickled doctree holds ids, not the papers themselves
    (a page per tag repeats a paper many times), which is what keeps a large list
    fast to transform, pickle and write. HTML writes
    it directly (`html_table`); other builders get standard table nodes
    (`plain_table`). Other attributes: ``venues`` (key to `Venue` for the
    venues the rows use), ``show_year`` (a Year column instead of sections),
    ``list_id`` (ties the table to its filter box), ``label`` (its accessible
    name), ``repeated`` (ids already anchored earlier on the page),
    ``filterable`` (the list has a filter box, so badges link to filters),
    ``many`` (a long list: rows off screen may skip rendering),
    ``indexed`` (the list registers its papers; not so with ``:no-index:``).
    """


class papers_page_ref(nodes.Inline, nodes.TextElement):
    """The name of a generated page (attribute ``page``, "kind:key"): a link on the web, plain text elsewhere."""


class papers_filter(nodes.General, nodes.Element):
    """The filter box and live count above one list; HTML only.

    Attributes: ``list_id``, ``total`` (papers in the list), ``venues`` (key to
    `Venue`, for the legend) and ``counts`` (papers per venue key).
    """
