"""The ``papers`` directive: year sections, each holding one table of papers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..data.dates import newest
from ..data.loading import PapersDataError
from ..data.messages import suggestion
from ..data.model import Catalog, Paper
from .config import catalog_of, data_file, warn
from .nodes import papers_filter, papers_table
from .stops import stop_build

logger = logging.getLogger(__name__)

#: From this many papers on, a list's rows and years skip rendering while off screen
#: (content-visibility): fast for 10,000 papers, and short lists still render whole
#: for full-page screenshots and printing.
MANY = 500
#: Read the Docs' search indexes at most 10,000 sections of a page (its GenericParser's
#: max_inner_documents); a paper is one, and the page's headings take a few more.
RTD_SECTIONS = 10_000 - 100

_YEAR_RANGE = re.compile(r"^\s*(\d{4})?\s*(-)?\s*(\d{4})?\s*$")


def parse_years(text: str) -> list[tuple[int, int]]:
    """``"2019, 2021-2022, 2024-"`` -> inclusive ranges; ValueError if malformed."""
    ranges = []
    for part in filter(str.strip, text.split(",")):  # "2021, 2023," is fine
        match = _YEAR_RANGE.match(part.replace("\u2013", "-"))
        if not match or not (match.group(1) or match.group(3)):
            raise ValueError(part.strip())
        first, dash, last = match.groups()
        if not dash and first and last:
            raise ValueError(part.strip())
        low = int(first) if first else 0
        high = int(last) if last else (9999 if dash else low)
        if low > high:
            raise ValueError(part.strip())
        ranges.append((low, high))
    return ranges


def venues_of(catalog: Catalog, papers: list[Paper]) -> dict:
    """The venues these papers name, in key order: what their badges need."""
    return {key: catalog.venues[key] for key in sorted({p.venue for p in papers if p.venue})}


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class PapersDirective(SphinxDirective):
    """Render the papers of the data file (``papers_file``).

    Returns one section per year, newest first (id ``year-YYYY``), so years
    show in the page's contents; put the directive last in its section.
    """

    has_content = False
    option_spec = {
        "years": directives.unchanged_required,
        "venues": directives.unchanged_required,
        "tags": directives.unchanged_required,
        "group-by": lambda arg: directives.choice(arg, ("year", "none")),
        "limit": directives.positive_int,
        "newest": directives.positive_int,
        "no-index": directives.flag,
        "no-filter": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        path = data_file(self.config)
        self.env.note_dependency(str(path))
        try:
            papers_file = catalog_of(self.config)
        except PapersDataError as err:
            # the preflight stops a build whose file is bad before reading; this is a
            # file broken after it (an editor saving while sphinx-autobuild reads)
            stop_build(err, path)
        papers = self.select(papers_file)
        if not papers_file.papers:
            return [nodes.paragraph("", "The list has no papers yet.")]
        if not papers:
            warn(logger, "papers: no paper matches the options %s; nothing is shown",
                 " ".join(f":{k}: {v}" for k, v in self.options.items() if v),
                 location=self.get_location(), subtype="empty")
            return []
        if len(papers) > RTD_SECTIONS and "no-index" not in self.options:
            warn(logger, "papers: this list puts %d papers on one page, but Read the Docs' search reads at most "
                 "10,000 sections of a page, so it would not find the rest; split the list over pages "
                 "with :years: (for example one page per few years)", len(papers),
                 location=self.get_location(), subtype="rtd")
        if "no-index" not in self.options:
            domain = self.env.get_domain("paper")
            for paper in papers:
                domain.note_paper(paper, self.env.docname)

        list_id = f"papers-{self.env.new_serialno('papers')}"
        venues = venues_of(papers_file, papers)
        table_args = {"list_id": list_id, "venues": venues, "many": len(papers) >= MANY}
        result: list[nodes.Node] = []
        if "no-filter" not in self.options:
            counts = dict(Counter(p.venue for p in papers if p.venue))
            result.append(papers_filter(list_id=list_id, total=len(papers), venues=venues, counts=counts))
        if self.options.get("group-by") == "none" or "newest" in self.options:
            label = "Papers added last" if "newest" in self.options else "All papers"
            result.append(self.table(papers, label, show_year=True, **table_args))
            return result
        by_year: dict[int, list[Paper]] = {}
        for paper in papers:  # newest year first: the catalog's order
            by_year.setdefault(paper.year, []).append(paper)
        result.extend(self.year_section(year, group, **table_args) for year, group in by_year.items())
        return result

    def select(self, catalog: Catalog) -> list[Paper]:
        """The catalog's papers that pass the ``:years:``, ``:venues:`` and ``:tags:`` options."""
        papers: Iterable[Paper] = catalog.papers
        if "years" in self.options:
            try:
                ranges = parse_years(self.options["years"])
            except ValueError as err:
                raise self.error(
                    f':years: expects years or ranges such as "2023", "2021-2022", '
                    f'"2020-" or "2019, 2021", separated by commas; got "{err}"'
                ) from None
            papers = [p for p in papers if any(lo <= p.year <= hi for lo, hi in ranges)]
        for option, known, index in (("venues", catalog.venues, catalog.by_venue),
                                     ("tags", catalog.tags, catalog.by_tag)):
            if option not in self.options:
                continue
            wanted = set(_names(self.options[option]))
            unknown = sorted(wanted - set(known))
            if unknown:
                raise self.error(
                    f':{option}: "{unknown[0]}" is not declared in the data file'
                    + (suggestion(unknown[0], known) or f"; known: {', '.join(sorted(known))}")
                )
            if papers is catalog.papers and len(wanted) == 1:  # a page per tag or venue: its index
                papers = index[next(iter(wanted))]
            elif option == "venues":
                papers = [p for p in papers if p.venue in wanted]
            else:
                papers = [p for p in papers if not wanted.isdisjoint(p.tags)]
        papers = list(papers)
        if "newest" in self.options:  # the papers added last, newest first
            papers = newest(papers, self.options["newest"])
        return papers[: self.options["limit"]] if "limit" in self.options else papers

    def table(self, papers, label, *, venues, list_id, many, show_year=False) -> papers_table:
        document = self.state.document
        # a paper listed twice on one page: only its first row gets the anchor
        repeated = frozenset(p.id for p in papers if p.anchor in document.ids)
        node = papers_table(
            paper_ids=tuple(p.id for p in papers), venues=venues, show_year=show_year,
            list_id=list_id, label=label, repeated=repeated,
            filterable="no-filter" not in self.options, many=many,
            indexed="no-index" not in self.options,
            ids=[p.anchor for p in papers if p.id not in repeated],
        )
        self.set_source_info(node)
        document.note_explicit_target(node)  # the rows' anchors are the page's ids now
        return node

    def year_section(self, year: int, papers, **table_args) -> nodes.section:
        document = self.state.document
        section_id = f"year-{year}"
        serial = 1
        while section_id in document.ids:  # a second list on the page
            serial += 1
            section_id = f"year-{year}-{serial}"
        classes = ["papers-year", "papers-many"] if table_args["many"] else ["papers-year"]
        section = nodes.section(ids=[section_id], names=[str(year)], classes=classes)
        self.set_source_info(section)
        title = nodes.title(str(year), str(year))
        self.set_source_info(title)
        section += title
        section += self.table(papers, f"Papers of {year}", **table_args)
        document.note_implicit_target(section, section)
        return section


def setup_directive(app: Sphinx) -> None:
    app.add_directive("papers", PapersDirective)
