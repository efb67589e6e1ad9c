"""A page per paper: what it did, its study, every way to cite and save it, related work, a way to report a mistake.

Generated (`pages`) in the web builds, at ``<papers_pages>/<id>``, when
``papers_pages`` names a folder. The page links back to the paper's row and each
author to the list filtered by them; its head carries what reference managers
and scholarly search engines read (Highwire ``citation_*`` tags, schema.org
JSON-LD). A page is written again only when what it shows changed.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from urllib.parse import quote, urlencode

from sphinx.application import Sphinx

from ..data.facets import ACCESS, DEPLOYMENTS, MODALITIES, PRIVACY
from ..data.kinds import KINDS
from ..data.model import Catalog, Paper
from ..data.related import by_authors, related
from ..formats.bibtex import entry
from ..formats.exports import ris_record_file
from ..formats.references import STYLES, References
from ..formats.scholarly import citation_tags, json_ld, json_ld_script
from . import stamps
from .browse import page_names
from .config import DOWNLOADS, catalog_of
from .html_table import filter_query
from .pages import GeneratedPage, has_pages, heading_html, page_uri, write_generated
from .stops import fail, reporting

JOB = "paper-pages"
_DOT = " \u00b7 "
#: GitHub's issue form in the repository (.github/ISSUE_TEMPLATE/), its fields filled from the link.
ISSUE_FORM = "paper.yml"
#: A link that opens an issue stays well under the length browsers and GitHub accept.
LONGEST_ISSUE_LINK = 6000


def page_name(config, paper_id: str) -> str:
    return f"{config.papers_pages}/{paper_id}"


def _section(anchor: str, title: str, inner: str) -> str:
    return f'<section id="{anchor}">{heading_html(2, anchor, title)}\n{inner}</section>\n'


def _link(href: str, text: str, cls: str = "reference external") -> str:
    return f'<a class="{cls}" href="{escape(href)}">{escape(text)}</a>'


class PaperPages:
    """What every paper page of one build shares: the catalog, the addresses, related papers."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.config = app.config
        self.catalog: Catalog = catalog_of(app.config)
        self.domain = app.env.get_domain("paper")
        self.related = related(self.catalog)
        self.coauthored = by_authors(self.catalog)
        folder = self.config.papers_pages
        probe = page_uri(app.builder, f"{folder}/x", f"{folder}/PAPERID")
        self.prefix, _, self.suffix = probe.partition("PAPERID")
        self.browse = {kind: page_names(app.config, kind) for kind in ("tags", "venues", "datasets", "frameworks")}
        self.repository = self.config.papers_repository.rstrip("/")
        styles = [s for s in self.config.papers_references if s]  # -D papers_references= gives [""]: none
        unknown = [s for s in styles if s not in STYLES]
        if unknown:
            fail(f"papers_references: {unknown[0]!r} is not a style the pages know; choose from "
                 f"{', '.join(STYLES)}")
        self.styles = styles
        self.references = References(Path(app.doctreedir) / "papers-references", styles)
        self.downloads = page_uri(app.builder, f"{folder}/x", f"{DOWNLOADS}/x").rpartition("/")[0]
        self.base = self.config.html_baseurl.rstrip("/") + "/" if self.config.html_baseurl else ""
        self._uris: dict[str, str] = {}

    def uri(self, name: str, page: str) -> str:
        """`page`'s address from a paper's page: every paper's page is in one folder, so one address each."""
        found = self._uris.get(page)
        if found is None:
            found = self._uris[page] = page_uri(self.app.builder, name, page)
        return found

    def paper_uri(self, paper_id: str) -> str:
        return f"{self.prefix}{paper_id}{self.suffix}"

    def browse_link(self, name: str, kind: str, key: str, text: str) -> str:
        page = self.browse[kind].get(key)
        return _link(self.uri(name, page), text, "reference internal") if page else escape(text)

    def page(self, paper: Paper) -> GeneratedPage:
        name = page_name(self.config, paper.id)
        catalog = self.catalog
        venue = catalog.venues.get(paper.venue) if paper.venue else None
        listed = self.domain.papers.get(paper.id)
        list_doc = self.domain.target(paper.id)[0] if listed else None
        list_uri = self.uri(name, list_doc) if list_doc else None

        authors = ", ".join(
            _link(f"{list_uri}?{urlencode({'q': filter_query('author', a)})}", a, "reference internal")
            if list_uri else escape(a) for a in paper.authors)
        if paper.more_authors:
            authors += ", and others"
        where = (f"{self.browse_link(name, 'venues', venue.key, venue.name)} "
                 f"({escape(venue.key)}, {KINDS[venue.kind].label}), {paper.year}"
                 if venue else f"Preprint, {paper.year}")
        back = (f' \u00b7 <a class="reference internal" href="{list_uri}#{paper.anchor}">'
                f"#{paper.number} of {paper.year} in the list</a>" if list_uri else "")
        links = [_link(paper.url, "The paper")]
        if paper.doi:
            links.append(_link(f"https://doi.org/{quote(paper.doi, safe='/:;()._-')}", f"DOI {paper.doi}"))
        if paper.arxiv:
            links.append(_link(f"https://arxiv.org/abs/{paper.arxiv}", f"arXiv {paper.arxiv}"))
        if paper.code:
            links.append(_link(paper.code, "Code"))
        tags = ", ".join(self.browse_link(name, "tags", t, t) for t in paper.tags)
        head = [f'<p class="pp-authors">{authors}</p>',
                f'<p class="pp-venue">{where}{back}'
                + (f" \u00b7 added {paper.added}" if paper.added else "") + "</p>",
                f'<p class="pp-links">{_DOT.join(links)}</p>']
        if tags:
            head.append(f'<p class="pp-tags">Tags: {tags}</p>')

        sections: list[tuple[str, str]] = []
        body = []
        if paper.summary:
            body.append(_section("summary", "Summary", f"<p>{escape(paper.summary)}</p>"
                                 '<p class="pp-note">In this list\'s own words, written from the paper.</p>'))
            sections.append(("summary", "Summary"))
        if paper.abstract:
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in paper.abstract.split("\n\n"))
            body.append(_section("abstract", "Abstract", paragraphs
                                 + '<p class="pp-note">The paper\'s own abstract.</p>'))
            sections.append(("abstract", "Abstract"))
        study = self.study_html(name, paper)
        if study:
            body.append(_section("study", "The study", study))
            sections.append(("study", "The study"))
        body.append(_section("cite", "Cite", self.cite_html(paper)))
        sections.append(("cite", "Cite"))
        related_html = self.related_html(paper)
        if related_html:
            body.append(_section("related", "Related papers", related_html))
            sections.append(("related", "Related papers"))
        if self.repository:
            body.append(_section("report", "Report a problem", self.report_html(paper)))
            sections.append(("report", "Report a problem"))
        html = (f'<section id="{escape(paper.id)}" class="papers-paper">{heading_html(1, paper.id, paper.title)}\n'
                + "\n".join(head) + "\n" + "".join(body) + "</section>")
        return GeneratedPage(name=name, title=paper.title, body=html, head=self.head_html(name, paper, venue),
                             sections=tuple(sections))

    def head_html(self, name: str, paper: Paper, venue) -> str:
        """What machines read: a description (the summary), Highwire citation tags, schema.org JSON-LD."""
        address = self.base + self.app.builder.get_target_uri(name) if self.base else \
            self.app.builder.get_target_uri(name).rsplit("/", 1)[-1]
        description = paper.summary or paper.title
        tags = [f'<meta name="description" content="{escape(description)}">',
                f'<meta property="og:description" content="{escape(description)}">',
                *(f'<meta name="{tag}" content="{escape(value)}">'
                  for tag, value in citation_tags(paper, venue, address)),
                json_ld_script(json_ld(paper, venue, address))]
        return "\n".join(tags)

    def study_html(self, name: str, paper: Paper) -> str:
        study = paper.study
        if not study.examined:
            return '<p class="pp-note">Not yet examined for how it federated.</p>'
        rows = []
        unreported = "<em>not reported in what we read</em>"

        def row(label: str, facet: str, value: str) -> None:
            if facet in study.examined:
                rows.append(f"<dt>{label}</dt><dd>{value}</dd>")

        row("Deployment", "deployment",
            f"{escape(study.deployment)}: {escape(DEPLOYMENTS[study.deployment])}" if study.deployment else unreported)
        row("Sites", "sites", str(study.sites) if study.sites else unreported)
        if study.privacy is None:
            privacy = unreported
        elif not study.privacy:
            privacy = "none beyond federated averaging"
        else:
            privacy = ", ".join(escape(PRIVACY[p][1]) for p in study.privacy)
        row("Privacy techniques", "privacy", privacy)
        framework = self.catalog.frameworks.get(study.framework) if study.framework else None
        row("Software", "framework",
            self.browse_link(name, "frameworks", framework.key, framework.name) if framework else unreported)
        if study.datasets is None:
            datasets = unreported
        elif not study.datasets:
            datasets = "only data not named in the paper (the sites' own)"
        else:
            items = []
            for key in study.datasets:
                dataset = self.catalog.datasets[key]
                access = f", {escape(dataset.access)}" if dataset.access else ""
                items.append(f"<li>{self.browse_link(name, 'datasets', key, dataset.name)} "
                             f"({escape(MODALITIES[dataset.modality])}{access})</li>")
            # a line break between items: Read the Docs' search joins their text with nothing between
            datasets = f"<ul>{chr(10).join(items)}</ul>"
        row("Datasets", "datasets", datasets)
        legend = "; ".join(f"<em>{escape(k)}</em>: {escape(v.partition(' (')[2].rstrip(')'))}"
                           for k, v in ACCESS.items())
        return f'<dl class="pp-study">{"".join(rows)}</dl><p class="pp-note">Access to a dataset: {legend}.</p>'

    def cite_html(self, paper: Paper) -> str:
        """The references in each style, the BibTeX, and the RIS record to save in a reference manager."""
        venue = self.catalog.venues.get(paper.venue) if paper.venue else None
        out = []
        references = self.references.of_paper(paper, venue) if self.styles else {}
        for key, reference in references.items():
            label = STYLES[key].label
            out.append(f'<h3 id="cite-{key}">{escape(label)}</h3>'
                       f'<p class="pp-reference" id="reference-{key}">{reference.html}</p>'
                       f'<p class="pp-copy-line"><button type="button" class="pp-copy" data-copy="reference-{key}" '
                       f'hidden="hidden">Copy the {escape(label)} reference</button></p>')
        out.append('<h3 id="cite-bibtex">BibTeX</h3>'
                   f'<pre class="pp-bibtex" id="bibtex"><code>{escape(entry(paper, venue))}</code></pre>'
                   '<p class="pp-copy-line"><button type="button" class="pp-copy" data-copy="bibtex" '
                   'hidden="hidden">Copy the BibTeX</button></p>')
        ris = f"{self.downloads}/{ris_record_file(paper.id)}"
        out.append(f'<p class="pp-save"><a class="reference external" href="{escape(ris)}" '
                   f'download="{escape(paper.id)}.ris">Save to a reference manager (RIS)</a>: EndNote, Zotero, '
                   "Mendeley and Papers open it; Zotero's browser connector also saves this page in one click.</p>"
                   '<p class="pp-status" role="status"></p>')
        return '<div class="pp-cite">' + "".join(out) + "</div>"

    def related_html(self, paper: Paper) -> str:
        out = []
        for title, ids in (("Like it in words and tags", self.related.get(paper.id, ())),
                           ("By the same authors", self.coauthored.get(paper.id, ()))):
            if not ids:
                continue
            items = "".join(
                f'<li><a class="reference internal" href="{self.paper_uri(i)}">{escape(self.catalog.by_id[i].title)}'
                f"</a> ({self.catalog.by_id[i].year})</li>" for i in ids)
            out.append(f"<h3>{escape(title)}</h3><ul>{items}</ul>")
        return "".join(out)

    def report_html(self, paper: Paper) -> str:
        return (f"<p>Something wrong or missing here (a name, the venue, a dead code link, a published version of "
                f"a preprint)? {_link(issue_link(self.repository, paper), 'Tell us in an issue')}: the form opens "
                "with this paper's record filled in.</p>")


def issue_record(paper: Paper) -> str:
    """The paper's fields as the issue form shows them; a long author list cut to stay within a link."""
    authors = list(paper.authors[:20]) + ([f"\u2026 {len(paper.authors)} in all"] if len(paper.authors) > 20 else [])
    record = {"id": paper.id, "title": paper.title, "year": paper.year, "venue": paper.venue, "url": paper.url,
              "doi": paper.doi, "arxiv": paper.arxiv, "code": paper.code, "authors": authors}
    return json.dumps({k: v for k, v in record.items() if v is not None}, indent=1, ensure_ascii=False)


def issue_link(repository: str, paper: Paper) -> str:
    """A link that opens the repository's issue form for a paper, its id and record filled in."""
    fields = {"template": ISSUE_FORM, "title": f"[paper] {paper.id}: ", "labels": "paper", "paper": paper.id,
              "record": issue_record(paper)}
    link = f"{repository}/issues/new?{urlencode(fields, quote_via=quote)}"
    if len(link) > LONGEST_ISSUE_LINK:
        fields["record"] = json.dumps({"id": paper.id, "title": paper.title}, ensure_ascii=False)
        link = f"{repository}/issues/new?{urlencode(fields, quote_via=quote)}"
    return link


def write_paper_pages(app: Sphinx) -> list:
    """At ``html-collect-pages``: a page per paper, skipped whole when nothing it shows changed."""
    if not (has_pages(app.builder) and app.config.papers_pages):
        return []
    domain = app.env.get_domain("paper")
    made_from = stamps.digest(app, app.config.papers_pages, app.config.papers_browse, app.config.papers_repository,
                              list(app.config.papers_references), app.config.html_baseurl,
                              sorted(domain.data["targets"].items()), app.builder.name, _theme_digest(app))
    if stamps.holds(app, JOB, made_from):
        return []
    maker = PaperPages(app)
    # one page at a time, written as it is made: 10,000 pages' text is never held at once
    written = write_generated(app, (maker.page(paper) for paper in maker.catalog.papers), JOB)
    with reporting("the references' cache"):
        maker.references.save(prune=True)
    app.emit("papers-pages-written", written)
    stamps.record(app, JOB, made_from, [Path(app.builder.get_outfilename(name)) for name in written])
    return []


def _theme_digest(app: Sphinx) -> str:
    """What the pages' shell is made of besides the data: the site's pages and its settings."""
    names = sorted(app.env.all_docs)
    return hashlib.blake2b(json.dumps([names, app.config.html_theme, app.config.project]).encode(),
                           digest_size=8).hexdigest()


def setup_paper_pages(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_paper_pages)
