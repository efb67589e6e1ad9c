"""Browse: a page per tag, venue, dataset and framework, and the ``papers-browse`` overview that lists them.

The pages are generated (`pages`), in the web builds only, under the output
folder ``papers_browse``; they are not source files, so none outlives its tag or
the setting. Their lists index no paper (each paper keeps its one object and
search hit on the papers page). The overview is a directive, so it sits in a real
page of the site (its navigation, its PDF chapter): on the web its entries link
to the pages, elsewhere they are plain text. Everything is built from nodes or
escaped text: a description is never read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape, unescape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from ..data.facets import ACCESS, MODALITIES
from ..data.keys import unique_slugs
from ..data.kinds import KINDS
from ..data.model import Catalog, Paper
from .config import catalog_of, data_file
from .directive import venues_of
from .html_table import filter_html, links_for, table_html
from .nodes import papers_page_ref, papers_table
from .pages import GeneratedPage, has_pages, heading_html, page_uri, write_generated

#: The kinds of browse page, each a folder of ``papers_browse``.
PAGE_KINDS = ("tags", "venues", "datasets", "frameworks")
#: Tag groups as the overview heads them (the schema's enum of a tag's group).
GROUPS = {"task": "Tasks", "modality": "Data modalities", "problem": "Problems addressed"}


def _papers_by(catalog: Catalog, kind: str) -> Mapping[str, tuple[Paper, ...]]:
    return {"tags": catalog.by_tag, "venues": catalog.by_venue, "datasets": catalog.by_dataset,
            "frameworks": catalog.by_framework}[kind]


def _vocabulary(catalog: Catalog, kind: str) -> Mapping:
    return {"tags": catalog.tags, "venues": catalog.venues, "datasets": catalog.datasets,
            "frameworks": catalog.frameworks}[kind]


#: (catalog digest, folder) -> kind -> key -> page name
_names: dict[tuple[str, str], dict[str, dict[str, str]]] = {}


def page_names(config: Config, kind: str) -> dict[str, str]:
    """Key -> page name of every `kind` ("tags", "venues", …) page the site has: keys with papers."""
    folder = config.papers_browse
    if not folder:
        return {}
    catalog = catalog_of(config)
    known = _names.setdefault((catalog.digest, folder), {})
    if kind not in known:
        by = _papers_by(catalog, kind)
        slugs = unique_slugs(_vocabulary(catalog, kind))
        known[kind] = {key: f"{folder}/{kind}/{slugs[key]}" for key in slugs if by.get(key)}
    return known[kind]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def list_html(app: Sphinx, name: str, papers: tuple[Paper, ...], catalog: Catalog) -> tuple[str, list]:
    """A browse page's list as the papers directive draws one: filter box, legend, a section per year."""
    links = links_for(app.builder, name)
    venues = venues_of(catalog, papers)
    counts: dict[str, int] = {}
    for paper in papers:
        if paper.venue:
            counts[paper.venue] = counts.get(paper.venue, 0) + 1
    out = [filter_html("papers-1", len(papers), venues, counts, links)]
    by_year: dict[int, list[Paper]] = {}
    for paper in papers:
        by_year.setdefault(paper.year, []).append(paper)
    cache: dict = {}
    sections = []
    for year, group in by_year.items():
        spec = papers_table(paper_ids=(), venues=venues, show_year=False, list_id="papers-1",
                            label=f"Papers of {year}", repeated=frozenset(), filterable=True,
                            many=len(papers) >= 500, indexed=False)
        anchor = f"year-{year}"
        out.append(f'<section class="papers-year" id="{anchor}">{heading_html(2, anchor, str(year))}'
                   f"{table_html(spec, group, catalog, links, new_days=app.config.papers_new_days, cache=cache)}"
                   "</section>\n")
        sections.append((anchor, str(year)))
    return "".join(out), sections


def _intro(kind: str, key: str, catalog: Catalog, count: int) -> tuple[str, str]:
    """A page's title and first paragraph (HTML)."""
    papers = _plural(count, "paper")
    if kind == "tags":
        tag = catalog.tags[key]
        return f"Tag: {key}", f"<p>{escape(tag.description)} {papers} carry this tag.</p>"
    if kind == "venues":
        venue = catalog.venues[key]
        return key, f"<p><em>{escape(venue.name)}</em>, a {KINDS[venue.kind].label}: {papers} in the list.</p>"
    if kind == "datasets":
        dataset = catalog.datasets[key]
        name = (f'<a class="reference external" href="{escape(dataset.url)}">{escape(dataset.name)}</a>'
                if dataset.url else escape(dataset.name))
        access = ACCESS.get(dataset.access or "", "not reported in what we read")
        return (f"Dataset: {dataset.name}",
                f"<p>{name}: {escape(MODALITIES[dataset.modality])}; access {escape(access)}. "
                f"{papers} of the list used it in their experiments.</p>")
    framework = catalog.frameworks[key]
    return (f"Framework: {framework.name}",
            f'<p><a class="reference external" href="{escape(framework.url)}">{escape(framework.name)}</a>: '
            f"{papers} of the list ran their federated experiments on it.</p>")


def browse_pages(app: Sphinx) -> list[GeneratedPage]:
    catalog = catalog_of(app.config)
    pages = []
    for kind in PAGE_KINDS:
        by = _papers_by(catalog, kind)
        for key, name in page_names(app.config, kind).items():
            title, intro = _intro(kind, key, catalog, len(by[key]))
            body, sections = list_html(app, name, by[key], catalog)
            anchor = name.rpartition("/")[2]
            description = escape(unescape(re.sub(r"<[^>]+>", "", intro)))  # the intro's words, as text
            pages.append(GeneratedPage(
                name=name, title=title, sections=tuple(sections),
                head=(f'<meta name="description" content="{description}">'
                      f'\n<meta property="og:description" content="{description}">'),
                body=f'<section id="{anchor}">{heading_html(1, anchor, title)}\n{intro}\n{body}</section>'))
    return pages


def write_browse_pages(app: Sphinx) -> list:
    """At ``html-collect-pages``: the browse pages, written from the shell (`pages`)."""
    if has_pages(app.builder) and app.config.papers_browse:
        written = write_generated(app, browse_pages(app), "browse-pages")
        app.emit("papers-pages-written", written)
    return []


# --- the overview --------------------------------------------------------------------------------

class BrowseDirective(SphinxDirective):
    """Every tag, venue, dataset and framework with its count, grouped; put it last in its section.

    Returns one section per kind (Tags, Venues, Datasets, Frameworks), each with a
    section per group, so they show in the page's contents.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_file(self.config)))
        catalog = catalog_of(self.config)
        out = []
        for kind, title, groups in (
            ("tags", "Tags", [(GROUPS[g], [k for k, t in catalog.tags.items() if t.group == g]) for g in GROUPS]),
            ("venues", "Venues", [(k.plural, [v for v, venue in catalog.venues.items() if venue.kind == k.key])
                                  for k in KINDS.values()]),
            ("datasets", "Datasets", [(label, [d for d, ds in catalog.datasets.items() if ds.modality == m])
                                      for m, label in MODALITIES.items()]),
            ("frameworks", "Frameworks", [("", list(catalog.frameworks))]),
        ):
            section = self.section(title, f"browse-{kind}")
            by = _papers_by(catalog, kind)
            for heading, keys in groups:
                keys = sorted((k for k in keys if by.get(k)), key=lambda k: (-len(by[k]), k.casefold()))
                if not keys:
                    continue
                items = nodes.bullet_list()
                for key in keys:
                    items += nodes.list_item("", self.entry(kind, key, catalog, len(by[key])))
                if heading:
                    sub = self.section(heading, f"browse-{kind}-{heading.lower().replace(' ', '-')}")
                    sub += items
                    section += sub
                else:
                    section += items
            if len(section) > 1:
                out.append(section)
        return out

    def section(self, title: str, anchor: str) -> nodes.section:
        document = self.state.document
        section = nodes.section(ids=[nodes.make_id(anchor)], names=[nodes.fully_normalize_name(title)])
        self.set_source_info(section)
        section += nodes.title(title, title)
        document.note_implicit_target(section, section)
        return section

    def entry(self, kind: str, key: str, catalog: Catalog, count: int) -> nodes.paragraph:
        text = {"tags": key, "venues": key, "datasets": catalog.datasets[key].name if kind == "datasets" else "",
                "frameworks": catalog.frameworks[key].name if kind == "frameworks" else ""}[kind]
        about = {"tags": lambda: catalog.tags[key].description,
                 "venues": lambda: catalog.venues[key].name,
                 "datasets": lambda: MODALITIES[catalog.datasets[key].modality],
                 "frameworks": lambda: ""}[kind]()
        ref = papers_page_ref(text, text, page=f"{kind}:{key}")
        words = f" ({_plural(count, 'paper')})" + (f": {about}" if about else "")
        # data is text: typographic quotes would change what the data file says
        return nodes.paragraph("", "", ref, nodes.Text(words), support_smartquotes=False)


def visit_page_ref(self, node: papers_page_ref) -> None:
    """A link to the generated page where this builder writes it (the web), its text elsewhere."""
    builder = self.builder
    kind, _, key = node["page"].partition(":")
    name = page_names(builder.config, kind).get(key) if has_pages(builder) else None
    if name is None:
        self.body.append(self.encode(node.astext()))
    else:
        uri = page_uri(builder, builder.current_docname, name)
        self.body.append(f'<a class="reference internal" href="{escape(uri)}">{self.encode(node.astext())}</a>')
    raise nodes.SkipNode


def setup_browse(app: Sphinx) -> None:
    app.add_directive("papers-browse", BrowseDirective)
    # other builders see its text: plain_table.ExpandPaperTables replaces it
    app.add_node(papers_page_ref, html=(visit_page_ref, None))
    app.connect("html-collect-pages", write_browse_pages)


