"""Writes paper tables and filter boxes straight to HTML: where a row is drawn.

Rows are joined as strings rather than built as nodes: this is the hot path of
a 10,000-paper build, and every byte here is multiplied by the list's length.
All data is text: `escape` runs on every value that reaches the page.

A row::

    <tr data-a="2026-11-27"><td><a href="#paper-x">3</a></td>     number: the row's permalink
    <th scope="row"><dl><dt id="paper-x"><a href="papers/x.html">Title</a> <a class="px">↗</a></dt>
      <dd><div class="pa">authors</div> <span class="pm">venue, kind, year</span>
          <span class="pf" data-f="…">real · 20 sites · DP</span> <span class="pt">tags</span></dd></dl></th>
    <td>venue badge</td><td>code link</td><td><button class="pc">Cite</button></td></tr>

The title links to the paper's page where the site has one (else to the paper
itself), the arrow after it to the paper (drawn by the style sheet, so that text
extractors, such as search indexers, see the title alone). The title cell is a definition list so
that Read the Docs' search indexer, which makes a section of each ``dt[id]`` and
its ``dd``, finds every paper as its own hit; lists that repeat papers without
indexing them (``:no-index:``, the browse pages) put the id on the row instead,
so that hit stays the only one. ``data-a`` is the day the paper was added: the
page marks rows new on the day it is read (`static/papers.js`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..data.dates import build_day, is_new
from ..data.facets import PRIVACY
from ..data.kinds import KINDS
from ..data.model import Catalog, Paper, Study, Venue
from ..data.names import shortened
from .config import DOWNLOADS, catalog_of
from .nodes import papers_filter, papers_table
from .rows import NONE, columns, papers_in

_DOT = " \u00b7 "
#: A row names this many of a study's datasets, then says how many more the paper's page lists.
DATASETS_SHOWN = 2


@dataclass(frozen=True, slots=True)
class Links:
    """Where one page's rows link to, each address relative to that page."""

    tags: Mapping[str, str] = field(default_factory=dict)
    venues: Mapping[str, str] = field(default_factory=dict)
    #: A paper's page is ``paper_prefix + id + paper_suffix``; no prefix: the site has no paper pages.
    paper_prefix: str | None = None
    paper_suffix: str = ""
    #: The downloads folder (BibTeX, CSL JSON, CSV); None where there are no downloads (e-books).
    downloads: str | None = None

    def paper(self, paper: Paper) -> str:
        """The title's link: the paper's page on this site, else the paper itself."""
        return self.paper_prefix + paper.id + self.paper_suffix if self.paper_prefix is not None else paper.url


def filter_query(field: str, value: str) -> str:
    """The filter that shows one field's value (``venue:MICCAI``, ``author:"Qi Dou"``); query.js reads it
    back from ``?q=``, a value with spaces in quotes."""
    return f'{field}:"{value}"' if " " in value else f"{field}:{value}"


@functools.lru_cache(maxsize=4096)
def badge_html(venue: Venue, filterable: bool) -> str:
    """A sphinx-design badge; in a list with a filter box, a link that filters by it.

    Only the classes the look needs: papers.css colours the text, and every byte
    of a row counts 10,000 times. The venue's full name is in the list's legend.
    """
    colour = KINDS[venue.kind].colour
    if filterable:
        return (f'<a class="sd-badge sd-bg-{colour}" href="?q={quote(filter_query("venue", venue.key), safe=":")}">'
                f"{escape(venue.key)}</a>")
    return f'<span class="sd-badge sd-bg-{colour}">{escape(venue.key)}</span>'


#: The parts of a row that are the same wherever a paper is listed are written once per build:
#: the browse pages list each paper several times.
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


def meta_text(paper: Paper, venue: Venue | None) -> str:
    """What the badge and the year section say, as words: for search indexers, cards and screen readers."""
    if venue is None:
        return str(paper.year)
    return f"{escape(venue.key)}, {venue.kind}, {paper.year}"


def tags_html(tags: tuple[str, ...], pages: Mapping[str, str]) -> str:
    """A row's tags, each a link to its page where the site has one."""
    return ", ".join(f'<a href="{pages[t]}">{escape(t)}</a>' if t in pages else escape(t) for t in tags)


def study_words(study: Study, catalog: Catalog) -> list[str]:
    """A study's facets as the row shows them (HTML): "real", "20 sites", DP, the framework, datasets."""
    words = []
    if study.deployment:
        words.append(study.deployment)
    if study.sites:
        words.append(f"{study.sites} site{'s' if study.sites != 1 else ''}")
    if study.privacy:
        words.append(", ".join(f'<abbr title="{PRIVACY[p][1]}">{PRIVACY[p][0]}</abbr>' for p in study.privacy))
    if study.framework:
        words.append(escape(catalog.frameworks[study.framework].name))
    if study.datasets:
        names = [escape(catalog.datasets[d].name) for d in study.datasets[:DATASETS_SHOWN]]
        more = len(study.datasets) - DATASETS_SHOWN
        words.append(", ".join(names) + (f" +{more}" if more > 0 else ""))
    return words


def study_html(study: Study, catalog: Catalog) -> str:
    """The row's facet line, with the values the filter reads in ``data-f`` (keys, ``;`` between facets)."""
    words = study_words(study, catalog)
    if not words:
        return ""
    data = ";".join((study.deployment or "", str(study.sites or ""), ",".join(study.privacy or ()),
                     study.framework or "", ",".join(study.datasets or ())))
    return f' <span class="pf" data-f="{data}">Study: {_DOT.join(words)}</span>'


def table_html(node: papers_table, papers: list[Paper], catalog: Catalog, links: Links, anchored: bool = True, *,
               new_days: int = 0, cache: dict | None = None) -> str:
    """The table of `papers`, its rows; with `anchored` false, no row carries an id (nor a permalink).

    Papers new on the build's day (`new_days`) are marked "new" in words, not colour alone,
    and the table says how to tell again on the day it is read; `cache` keeps the tag and facet
    cells written for this page, for its next table.
    """
    today = build_day()
    new = frozenset(p.id for p in papers if is_new(p.added, today, new_days, catalog.first_added))
    show_year = node["show_year"]
    venues = node["venues"]
    badges = {key: badge_html(venue, node["filterable"]) for key, venue in venues.items()}
    headers = columns(show_year)
    classes = "docutils papers-table" + (" papers-with-year" if show_year else "") + (
        " papers-many" if node["many"] else "")
    out = [
        '<div class="table-wrapper container papers-wrapper">'
        f'<table class="{classes}" data-list="{node["list_id"]}" data-new-days="{new_days}" '
        f'data-first="{catalog.first_added}" aria-label="{escape(node["label"])}"><thead><tr>',
        # a space between cells: Read the Docs' search joins their text with nothing between ("#Title")
        " ".join(f'<th scope="col">{h}</th>' for h in headers),
        "</tr></thead><tbody>\n",
    ]
    append = out.append
    repeated = node["repeated"]
    cache = {} if cache is None else cache
    tag_cells = cache.setdefault("tags", {})
    study_cells = cache.setdefault("study", {})
    # Read the Docs' search makes a section of each dt[id]: a list that does not index its
    # papers (a browse page) anchors its rows on the tr, so each paper stays one search hit
    indexed = node["indexed"]
    ours = links.paper_prefix is not None
    for index, paper in enumerate(papers, 1):
        number = index if show_year else paper.number
        added = f' data-a="{paper.added}"' if paper.added else ""
        if anchored and paper.id not in repeated:
            anchor = paper.anchor
            if indexed:
                append(f'<tr{added}><td><a href="#{anchor}">{number}</a></td>')
                dt = f'<dt id="{anchor}">'
            else:
                append(f'<tr id="{anchor}"{added}><td><a href="#{anchor}">{number}</a></td>')
                dt = "<dt>"
            cite = '<button class="pc">Cite</button>'
        else:  # listed a second time on this page: the first row owns the id
            append(f"<tr{added}><td>{number}</td>")
            dt, cite = "<dt>", f'<button class="pc" data-id="{paper.id}">Cite</button>'

        if show_year:
            append(f" <td>{paper.year}</td>")
        venue = venues.get(paper.venue) if paper.venue else None
        tags = tag_cells.get(paper.tags)
        if tags is None:  # a list repeats few combinations of tags: each written once per page
            tags = tag_cells[paper.tags] = (
                f' <span class="pt">{tags_html(paper.tags, links.tags)}</span>' if paper.tags else "")
        study = study_cells.get(paper.study)
        if study is None:
            study = study_cells[paper.study] = study_html(paper.study, catalog)
        marker = '<strong class="pnew">new</strong> ' if paper.id in new else ""
        title = f'<a href="{escape(links.paper(paper))}">{escape(paper.title)}</a>'
        if ours:
            title += f' <a class="px" href="{escape(paper.url)}" aria-label="The paper"></a>'
        append(f' <th scope="row"><dl>{dt}{title}</dt>'
               f'<dd><div class="pa">{marker}{authors_html(paper.authors, paper.more_authors)}</div> '
               f'<span class="pm">{meta_text(paper, venue)}</span>{study}{tags}</dd></dl></th>')
        append(f" <td>{badges[paper.venue]}</td>" if paper.venue else f" <td>{NONE}</td>")
        append(f' <td><a href="{escape(paper.code)}">Code</a></td>' if paper.code else f" <td>{NONE}</td>")
        append(f" <td>{cite}</td></tr>\n")
    out.append("</tbody></table></div>\n")
    return "".join(out)


def legend_html(venues: Mapping[str, Venue], counts: Mapping[str, int], pages: Mapping[str, str]) -> str:
    """Every venue of the list with its full name and kind (a link to its page): the badges' key, for everyone."""

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


def filter_html(list_id: str, total: int, venues: Mapping[str, Venue], counts: Mapping[str, int],
                links: Links) -> str:
    """The filter box, its count and hint, the venue legend and, on the web, the downloads."""
    downloads = ""
    if links.downloads is not None:
        exports = links.downloads
        downloads = (
            '<p class="papers-exports">Cite or download: '
            f'<button class="papers-cite-shown" data-list="{list_id}" disabled>Cite the papers shown</button> '
            f'<a href="{exports}/papers.bib" download>BibTeX</a> \u00b7 '
            f'<a href="{exports}/papers.ris" download>RIS</a> \u00b7 '
            f'<a href="{exports}/papers.csl.json" download>CSL JSON</a> \u00b7 '
            f'<a href="{exports}/papers.csv" download>CSV</a> (the whole list)</p>'
        )
    return (
        f'<div class="papers-controls" data-list="{list_id}">'
        f'<label for="{list_id}-q">Filter papers</label> '
        f'<input type="search" id="{list_id}-q" class="papers-filter" aria-describedby="{list_id}-hint" '
        'placeholder="Title, author, venue, tag, dataset or year" autocomplete="off" spellcheck="false"/> '
        f'<output class="papers-count" for="{list_id}-q" aria-live="polite">'
        f"{total} paper{'s' if total != 1 else ''}</output>"
        f'<p class="papers-hint" id="{list_id}-hint">Words match titles, authors, venues, tags, datasets and years; '
        "<code>author:Li</code>, <code>venue:MICCAI</code>, <code>tag:privacy</code>, <code>year:2021</code>, "
        "<code>deployment:real</code>, <code>sites:&gt;=10</code>, <code>privacy:dp</code>, "
        "<code>framework:nvflare</code> or <code>dataset:brats</code> match one field; quote names with "
        'spaces: <code>venue:"NeurIPS Workshop"</code>.</p>'
        '<p class="papers-empty" hidden="hidden"></p></div>\n'
        f"{downloads}{legend_html(venues, counts, links.venues)}\n"
    )


#: (builder name, page's folder, config) -> Links: every page of a folder links alike.
_links: dict[tuple, Links] = {}


def links_for(builder: Builder, pagename: str) -> Links:
    """The addresses `pagename`'s rows link to, as `builder` writes the site."""
    from .browse import page_names
    from .downloads import wants_downloads
    from .pages import has_pages, page_uri

    config = builder.config
    folder = pagename.rpartition("/")[0]
    key = (builder.name, folder, config.papers_browse, config.papers_pages, catalog_of(config).digest)
    found = _links.get(key)
    if found is not None:
        return found
    web = has_pages(builder)
    prefix = suffix = None
    if web and config.papers_pages:
        probe = page_uri(builder, pagename, f"{config.papers_pages}/PAPERID")
        prefix, _, suffix = probe.partition("PAPERID")
    tags = {k: page_uri(builder, pagename, n) for k, n in page_names(config, "tags").items()} if web else {}
    venues = {k: page_uri(builder, pagename, n) for k, n in page_names(config, "venues").items()} if web else {}
    downloads = page_uri(builder, pagename, f"{DOWNLOADS}/x").rpartition("/")[0] if wants_downloads(builder) else None
    found = _links[key] = Links(tags=tags, venues=venues, paper_prefix=prefix, paper_suffix=suffix or "",
                                downloads=downloads)
    return found


def page_links(translator) -> Links:
    """`links_for` the page this translator writes."""
    return links_for(translator.builder, translator.builder.current_docname)


def single_page_list(translator, node: papers_table | papers_filter) -> None:
    """singlehtml puts every page on one, and list ids count per page: there, a list's id names its page too,
    or one filter box would filter the lists of every page."""
    if translator.builder.name != "singlehtml":
        return
    parent = node.parent  # the single page's builder marks each page's sections with its name
    while parent is not None and not parent.get("docname"):
        parent = parent.parent
    if parent is not None:  # the root page's own lists keep their ids
        node["list_id"] = f"{parent['docname'].replace('/', '-')}-{node['list_id']}"


def visit_papers_table(self, node: papers_table) -> None:
    single_page_list(self, node)
    # singlehtml puts every page on one: a :no-index: list would repeat the indexed rows' ids
    anchored = node["indexed"] or self.builder.name != "singlehtml"
    catalog = catalog_of(self.config)
    papers = papers_in(node, self.config)
    cache = self.__dict__.setdefault("_papers_cells", {})  # this page's: its links are relative to it
    self.body.append(table_html(node, papers, catalog, page_links(self), anchored,
                                new_days=self.config.papers_new_days, cache=cache))
    raise nodes.SkipNode


def visit_papers_filter(self, node: papers_filter) -> None:
    single_page_list(self, node)
    self.body.append(filter_html(node["list_id"], node["total"], node["venues"], node["counts"], page_links(self)))
    raise nodes.SkipNode


def setup_html_table(app: Sphinx) -> None:
    app.add_node(papers_table, html=(visit_papers_table, None))
    app.add_node(papers_filter, html=(visit_papers_filter, None))
