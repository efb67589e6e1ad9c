"""Writes paper tables and filter boxes straight to HTML.

Rows are joined as strings rather than built as nodes: this is the hot path of
a 10,000-paper build, and every byte here is multiplied by the list's length.
All data is text: `escape` runs on every value that reaches the page.

A row::

    <tr><td><a href="#paper-x">3</a></td>          number, the row's permalink
    <th scope="row"><dl><dt id="paper-x"><a>Title</a></dt>      (the id on the tr in a :no-index: list)
      <dd><div class="pa">authors</div> <span class="pm">venue, kind, year</span>
          <span class="pt">tags</span></dd></dl></th>
    <td>venue badge</td><td>code link</td><td><button class="pc">Cite</button></td></tr>

The title cell is a definition list so that Read the Docs' search indexer, which
makes a section of each ``dt[id]`` and its ``dd``, finds every paper as its own hit;
lists that repeat papers without indexing them (``:no-index:``, the pages per tag
and venue) put the id on the row instead, so that hit stays the only one.
"""

from __future__ import annotations

import functools
from html import escape
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..data.dates import build_day, is_new
from ..data.keys import unique_slugs
from ..data.kinds import KINDS
from ..data.model import Paper, Venue
from ..data.names import shortened
from .config import DOWNLOADS, catalog_of
from .nodes import papers_filter, papers_table
from .rows import NONE, columns, papers_in


def venue_query(venue: str) -> str:
    """The filter that shows one venue; JS reads it back from ``?q=``."""
    return f'venue:"{venue}"' if " " in venue else f"venue:{venue}"


@functools.lru_cache(maxsize=4096)
def badge_html(venue: Venue, filterable: bool) -> str:
    """A sphinx-design badge; in a list with a filter box, a link that filters by it.

    Only the classes the look needs: papers.css colours the text, and every byte
    of a row counts 10,000 times. The venue's full name is in the list's legend.
    """
    colour = KINDS[venue.kind].colour
    if filterable:
        return (f'<a class="sd-badge sd-bg-{colour}" href="?q={quote(venue_query(venue.key), safe=":")}">'
                f"{escape(venue.key)}</a>")
    return f'<span class="sd-badge sd-bg-{colour}">{escape(venue.key)}</span>'


#: The parts of a row that are the same wherever a paper is listed are written once per build:
#: the pages per tag and venue list each paper four times or so.
_CACHED = 65536


@functools.lru_cache(maxsize=_CACHED)
def authors_html(authors: tuple[str, ...], more_authors: bool) -> str:
    """``A, B, C, <details>14 more…</details> Z``: long lists stay short until opened."""
    others = ", and others" if more_authors else ""
    short = shortened(authors)
    if short is None:
        return ", ".join(escape(name) for name in authors) + others
    first, middle, last = short
    # the space after </summary> keeps its words apart from the names for text extractors (search indexers)
    return (", ".join(escape(n) for n in first) + f", <details><summary>{len(middle)} more\u2026</summary> "
            + ", ".join(escape(n) for n in middle) + ", </details> " + escape(last) + others)


@functools.lru_cache(maxsize=_CACHED)
def _title_link(url: str, title: str) -> str:
    return f'<a href="{escape(url)}">{escape(title)}</a>'


def meta_text(paper: Paper, venue: Venue | None) -> str:
    """What the badge and the year section say, as words: for search indexers, cards and screen readers."""
    if venue is None:
        return str(paper.year)
    return f"{escape(venue.key)}, {venue.kind}, {paper.year}"


def tags_html(tags: tuple[str, ...], pages: dict[str, str]) -> str:
    """A row's tags, each a link to its page where the site has one."""
    return ", ".join(f'<a href="{pages[t]}">{escape(t)}</a>' if t in pages else escape(t) for t in tags)


def table_html(node: papers_table, papers: list[Paper], anchored: bool = True, *,
               tag_pages: dict[str, str] | None = None, new: frozenset[str] = frozenset(),
               tag_cells: dict[tuple[str, ...], str] | None = None) -> str:
    """The table of `papers`, its rows; with `anchored` false, no row carries an id (nor a permalink).

    `tag_pages` maps a tag to the (relative) address of its page; `new` holds the
    ids of papers added recently, marked "new" in words, not colour alone;
    `tag_cells` keeps the tags written for `tag_pages`, for the page's next table.
    """
    tag_pages = tag_pages or {}
    show_year = node["show_year"]
    venues = node["venues"]
    badges = {key: badge_html(venue, node["filterable"]) for key, venue in venues.items()}
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
    tag_cells = {} if tag_cells is None else tag_cells
    # Read the Docs' search makes a section of each dt[id]: a list that does not index its
    # papers (a page per tag) anchors its rows on the tr, so each paper stays one search hit
    indexed = node["indexed"]
    for index, paper in enumerate(papers, 1):
        number = index if show_year else paper.number
        if anchored and paper.id not in repeated:
            anchor = paper.anchor
            if indexed:
                append(f'<tr><td><a href="#{anchor}">{number}</a></td>')
                dt = f'<dt id="{anchor}">'
            else:
                append(f'<tr id="{anchor}"><td><a href="#{anchor}">{number}</a></td>')
                dt = "<dt>"
            cite = '<button class="pc">Cite</button>'
        else:  # listed a second time on this page: the first row owns the id
            append(f"<tr><td>{number}</td>")
            dt, cite = "<dt>", f'<button class="pc" data-id="{paper.id}">Cite</button>'

        if show_year:
            append(f"<td>{paper.year}</td>")
        venue = venues.get(paper.venue) if paper.venue else None
        tags = tag_cells.get(paper.tags)
        if tags is None:  # a list repeats few combinations of tags: each written once per page
            tags = tag_cells[paper.tags] = (
                f' <span class="pt">{tags_html(paper.tags, tag_pages)}</span>' if paper.tags else "")
        marker = '<strong class="pnew">new</strong> ' if paper.id in new else ""
        append(f'<th scope="row"><dl>{dt}{_title_link(paper.url, paper.title)}</dt>'
               f'<dd><div class="pa">{marker}{authors_html(paper.authors, paper.more_authors)}</div> '
               f'<span class="pm">{meta_text(paper, venue)}</span>{tags}</dd></dl></th>')
        append(f"<td>{badges[paper.venue]}</td>" if paper.venue else f"<td>{NONE}</td>")
        append(f'<td><a href="{escape(paper.code)}">Code</a></td>' if paper.code else f"<td>{NONE}</td>")
        append(f"<td>{cite}</td></tr>\n")
    out.append("</tbody></table></div>\n")
    return "".join(out)


def legend_html(venues: dict[str, Venue], counts: dict[str, int], pages: dict[str, str] | None = None) -> str:
    """Every venue of the list with its full name and kind (a link to its page): the badges' key, for everyone."""
    pages = pages or {}

    def name(key: str, venue: Venue) -> str:
        return f'<a href="{pages[key]}">{escape(venue.name)}</a>' if key in pages else escape(venue.name)

    entries = "".join(
        f'<dt><span class="sd-badge sd-bg-{KINDS[v.kind].colour}">{escape(v.key)}</span></dt>'
        f"<dd>{name(key, v)} <span class=\"papers-kind\">({v.kind}, {counts.get(key, 0)} "
        f"paper{'s' if counts.get(key, 0) != 1 else ''})</span></dd>"
        for key, v in venues.items()
    )
    return (f'<details class="papers-legend"><summary>The {len(venues)} venues: full names and kinds</summary>'
            f"<dl>{entries}</dl></details>")


def filter_html(node: papers_filter, exports: str | None, venue_pages: dict[str, str] | None = None) -> str:
    """The filter box, its count and hint, the venue legend and, on the web, the exports."""
    list_id = node["list_id"]
    total = node["total"]
    downloads = ""
    if exports is not None:
        downloads = (
            '<p class="papers-exports">Cite or download: '
            f'<button class="papers-cite-shown" data-list="{list_id}" disabled>Cite the papers shown</button> '
            f'<a href="{exports}/papers.bib" download>BibTeX</a> \u00b7 '
            f'<a href="{exports}/papers.csl.json" download>CSL JSON</a> \u00b7 '
            f'<a href="{exports}/papers.csv" download>CSV</a> (the whole list)</p>'
        )
    return (
        f'<div class="papers-controls" data-list="{list_id}">'
        f'<label for="{list_id}-q">Filter papers</label>'
        f'<input type="search" id="{list_id}-q" class="papers-filter" aria-describedby="{list_id}-hint" '
        'placeholder="Title, author, venue, tag or year" autocomplete="off" spellcheck="false">'
        f'<output class="papers-count" for="{list_id}-q" aria-live="polite">'
        f"{total} paper{'s' if total != 1 else ''}</output>"
        f'<p class="papers-hint" id="{list_id}-hint">Words match titles, authors, venues, tags and years; '
        "<code>author:Li</code>, <code>venue:MICCAI</code>, <code>tag:privacy</code> or <code>year:2021</code> "
        'match one field; quote names with spaces: <code>venue:"NeurIPS Workshop"</code>.</p>'
        '<p class="papers-empty" hidden></p></div>\n'
        f"{downloads}{legend_html(node['venues'], node['counts'], venue_pages)}\n"
    )


def browse_pages(translator, kind: str) -> dict[str, str]:
    """Tag or venue (`kind` "tags" or "venues") -> relative address of its page, for pages the site has.

    Worked out once per page (a translator writes one), however many tables it has.
    """
    found = translator.__dict__.setdefault("_papers_browse_pages", {})
    if kind not in found:
        found[kind] = _browse_pages(translator, kind)
    return found[kind]


def _browse_pages(translator, kind: str) -> dict[str, str]:
    config, builder = translator.config, translator.builder
    if not config.papers_browse:
        return {}
    papers = catalog_of(config)  # cached: read once per build
    names = unique_slugs(papers.tags if kind == "tags" else papers.venues)
    here = builder.get_target_uri(builder.current_docname)
    docs = {key: f"{config.papers_browse}/{kind}/{name}" for key, name in names.items()}
    # a link to the page it is on reads "" from relative_uri: name the page itself
    return {key: relative_uri(here, builder.get_target_uri(doc)) or builder.get_target_uri(doc).split("/")[-1] or "./"
            for key, doc in docs.items() if doc in builder.env.all_docs}


def visit_papers_table(self, node: papers_table) -> None:
    # singlehtml puts every page on one: a :no-index: list would repeat the indexed rows' ids
    anchored = node["indexed"] or self.builder.name != "singlehtml"
    today, days = build_day(), self.config.papers_new_days
    papers = papers_in(node, self.config)
    first = catalog_of(self.config).first_added
    new = frozenset(p.id for p in papers if is_new(p.added, today, days, first))
    tag_cells = self.__dict__.setdefault("_papers_tag_cells", {})  # this page's: its links are relative to it
    self.body.append(table_html(node, papers, anchored, tag_pages=browse_pages(self, "tags"), new=new,
                                tag_cells=tag_cells))
    raise nodes.SkipNode


def visit_papers_filter(self, node: papers_filter) -> None:
    builder = self.builder
    exports = None
    if not builder.name.startswith("epub"):
        exports = relative_uri(builder.get_target_uri(builder.current_docname), DOWNLOADS)
    self.body.append(filter_html(node, exports, browse_pages(self, "venues")))
    raise nodes.SkipNode


def setup_html_table(app: Sphinx) -> None:
    app.add_node(papers_table, html=(visit_papers_table, None))
    app.add_node(papers_filter, html=(visit_papers_filter, None))
