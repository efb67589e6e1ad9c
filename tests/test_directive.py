"""The papers directive, built for real from rST and MyST sources."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx.util.console import strip_colors

from papers.sphinx_ext.nodes import papers_filter

from conftest import papers_conf


def page(app, name: str = "index") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def row_ids(soup: BeautifulSoup) -> list[str]:
    """The anchor of each row (on its title's dt, or on the row in a :no-index: list), None where a row has none."""
    return [tr.get("id") or tr.find("dt").get("id")
            for table in soup.select("table.papers-table") for tr in table.tbody.find_all("tr")]


def list_nodes(app, docname: str = "index") -> list[str]:
    """The directive's output in the doctree, as text."""
    doctree = app.env.get_doctree(docname)
    found = [n for n in doctree.findall(nodes.Element)
             if isinstance(n, papers_filter) or "papers-year" in n.get("classes", ())]
    return [n.pformat() for n in found]


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_myst_and_rst_give_the_same_doctree(app):
    app.build()
    assert app.warning.getvalue() == ""
    rst, myst = list_nodes(app, "index"), list_nodes(app, "myst")
    assert len(rst) == 4  # the filter box and three years
    # the MyST page of the basic root is the :no-index: twin of the rST one: that, and only that, differs
    assert all(' indexed="1"' in text for text in rst[1:]) and all(' indexed="0"' in text for text in myst[1:])
    assert [t.replace(' indexed="0"', ' indexed="1"') for t in myst] == rst


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_one_section_per_year_newest_first(app):
    app.build()
    assert app.warning.getvalue() == ""
    soup = page(app)
    sections = soup.select("section.papers-year")
    assert [s["id"] for s in sections] == ["year-2023", "year-2022", "year-2021"]
    assert [s.h2.contents[0] for s in sections] == ["2023", "2022", "2021"]
    # each year holds one table with its own papers, in file order
    assert [row_ids(s) for s in sections] == [
        ["paper-alpha", "paper-beta"], ["paper-gamma"], ["paper-delta", "paper-epsilon"]]
    # years are real sections: they are in the page's table of contents
    toc = app.env.tocs["index"]
    assert [ref.astext() for ref in toc.findall(nodes.reference)] == ["Papers", "2023", "2022", "2021"]
    # the same years in MyST
    assert [s["id"] for s in page(app, "myst").select("section.papers-year")] == [
        "year-2023", "year-2022", "year-2021"]


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_rows_badges_links_and_empty_cells(app):
    app.build()
    soup = page(app)
    table = soup.select_one("section#year-2023 table.papers-table")
    assert "docutils" in table["class"]
    assert [th.get_text() for th in table.thead.find_all("th")] == ["#", "Title", "Venue", "Code", "Cite"]
    alpha, beta = table.tbody.find_all("tr", recursive=False)
    number, title, venue, code, cite = alpha.find_all(["td", "th"], recursive=False)
    # the number is the row's permalink; the title cell is the row's header
    assert (number.get_text(), number.a["href"]) == ("1", "#paper-alpha")
    assert (title.name, title["scope"]) == ("th", "row")
    assert title.dt["id"] == "paper-alpha"
    link = title.dt.a
    assert (link.get_text(), link["href"]) == ("Alpha: Federated Segmentation of MRI", "https://example.org/alpha")
    assert title.select_one(".pa").get_text() == "Alice Example, Bob Sample"
    assert title.select_one(".pm").get_text() == "TMI, journal, 2023"
    assert title.select_one(".pt").get_text() == "segmentation, mri"
    badge = venue.select_one(".sd-badge")
    assert badge.get_text() == "TMI"
    assert badge["class"] == ["sd-badge", "sd-bg-success"]  # a journal
    assert badge["href"] == "?q=venue:TMI"
    assert code.a["href"] == "https://github.com/example/alpha"
    assert code.a.get_text() == "Code"
    assert cite.button.get_text() == "Cite"
    # no venue, no code: a dash, never an empty or dead link; no venue in the words either
    _, title, venue, code, _ = beta.find_all(["td", "th"], recursive=False)
    assert venue.get_text() == code.get_text() == "\u2014"
    assert venue.find("a") is None and code.find("a") is None
    assert title.select_one(".pm").get_text() == "2023"


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_long_author_lists_show_their_ends_and_open_on_demand(app):
    app.build()
    gamma = page(app).find("dt", id="paper-gamma").find_next("div", class_="pa")
    shown = [gamma.contents[0].strip(), gamma.contents[-1].strip()]
    assert shown == ["Alice Example, Carol Test, Dan Placeholder,", "Kurt Sample"]
    hidden = gamma.details
    assert hidden.summary.get_text() == "6 more\u2026"
    assert hidden.get_text().removeprefix(hidden.summary.get_text()) == (
        " Erin Fixture, Frank Mock, Gina Stub, Hugo Dummy, Ines Sample-Case, Jana Example, ")


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_the_legend_names_every_venue_of_the_list(app):
    app.build()
    legend = page(app).select_one("details.papers-legend")
    assert legend.summary.get_text() == "The 4 venues: full names and kinds"
    entries = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in legend.find_all("dt")}
    assert entries == {
        "DeCaF": "MICCAI Workshop on Distributed, Collaborative and Federated Learning (workshop, 1 paper)",
        "ECCV": "European Conference on Computer Vision (conference, 1 paper)",
        "MedIA": "Medical Image Analysis (journal, 1 paper)",
        "TMI": "IEEE Transactions on Medical Imaging (journal, 1 paper)",
    }


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_badge_colour_follows_venue_kind(app):
    app.build()
    soup = page(app)
    colours = {b.get_text(): b["class"][1] for b in soup.select("table .sd-badge")}
    assert colours == {"TMI": "sd-bg-success", "DeCaF": "sd-bg-info",
                       "ECCV": "sd-bg-primary", "MedIA": "sd-bg-success"}


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_filter_box_names_the_list_it_filters(app):
    app.build()
    soup = page(app)
    controls = soup.select_one(".papers-controls")
    box = controls.select_one("input.papers-filter")
    assert box["type"] == "search"
    assert controls.label["for"] == box["id"]
    assert controls.output.get_text() == "5 papers"
    assert {t["data-list"] for t in soup.select("table.papers-table")} == {controls["data-list"]}


@pytest.mark.sphinx("html", testroot="options", confoverrides=papers_conf())
def test_options_select_papers(app):
    app.build()
    assert app.warning.getvalue() == ""
    expect = {
        "years": ["paper-gamma", "paper-delta", "paper-epsilon"],
        "years_open": ["paper-alpha", "paper-beta", "paper-gamma"],
        "years_list": ["paper-alpha", "paper-beta", "paper-delta", "paper-epsilon"],
        "years_until": ["paper-delta", "paper-epsilon"],
        "venues": ["paper-alpha", "paper-delta"],
        "tags": ["paper-alpha", "paper-epsilon"],
    }
    for name, ids in expect.items():
        assert row_ids(page(app, name)) == ids, name


@pytest.mark.parametrize(("years", "expected"), [
    ("2021\u20132022", ["paper-gamma", "paper-delta", "paper-epsilon"]),  # an en dash, as typography wants
    ("2023,", ["paper-alpha", "paper-beta"]),  # a trailing comma
    ("2021 , 2023 ,", ["paper-alpha", "paper-beta", "paper-delta", "paper-epsilon"]),
])
def test_years_take_en_dashes_and_trailing_commas(build, years, expected):
    app = build({"index.md": f"# Papers\n\n```{{papers}}\n:years: {years}\n```\n"})
    assert app.warning.getvalue() == ""
    assert row_ids(page(app)) == expected


@pytest.mark.sphinx("html", testroot="options", confoverrides=papers_conf())
def test_group_by_none_gives_one_table_with_a_year_column(app):
    app.build()
    soup = page(app, "flat")
    assert soup.select("section.papers-year") == []
    (table,) = soup.select("table.papers-table")
    assert [th.get_text() for th in table.thead.find_all("th")] == ["#", "Year", "Title", "Venue", "Code", "Cite"]
    rows = [[td.get_text() for td in tr.find_all("td", recursive=False)[:2]] for tr in table.tbody.find_all("tr")]
    assert rows == [["1", "2023"], ["2", "2023"], ["3", "2022"], ["4", "2021"], ["5", "2021"]]
    # :no-filter: - no box, and badges are plain badges, not filter links
    assert soup.select(".papers-controls") == []
    assert soup.select("a.sd-badge") == [] and len(soup.select("table span.sd-badge")) == 4


@pytest.mark.sphinx("html", testroot="options", confoverrides=papers_conf())
def test_two_lists_on_one_page_keep_ids_unique(app):
    app.build()
    soup = page(app, "twice")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert "year-2023" in ids and "year-2023-2" in ids
    # the second list repeats alpha and beta: their rows there have no anchor
    assert row_ids(soup).count("paper-alpha") == 1
    assert row_ids(soup)[-2:] == [None, None]


@pytest.mark.sphinx("html", testroot="options", confoverrides=papers_conf())
def test_no_index_lists_register_no_objects(app):
    app.build()
    objects = {name: docname for name, _, _, docname, _, _ in app.env.get_domain("paper").get_objects()}
    assert objects == {f"paper.{pid}": "index" for pid in ("alpha", "beta", "gamma", "delta", "epsilon")}


SOURCES = {
    "md": ("index.md", "# Papers\n\n```{{papers}}\n{}\n```\n", 3),
    "rst": ("index.rst", "Papers\n======\n\n.. papers::\n   {}\n", 4),
}


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(("options", "message"), [
    (":years: 20x1", ':years: expects years or ranges such as "2023", "2021-2022", "2020-" or '
                     '"2019, 2021", separated by commas; got "20x1"'),
    (":years: 2023-2021", ':years: expects years or ranges such as "2023", "2021-2022", "2020-" or '
                          '"2019, 2021", separated by commas; got "2023-2021"'),
    (":venues: TMl", ':venues: "TMl" is not declared in the data file; did you mean "TMI"?'),
    (":tags: segmentaton", ':tags: "segmentaton" is not declared in the data file; did you mean "segmentation"?'),
    (":tags: nothing-like-it", ':tags: "nothing-like-it" is not declared in the data file; '
                               "known: mri, privacy, segmentation"),
])
def test_misused_options_are_errors_with_a_location(build, source, options, message):
    name, template, line = SOURCES[source]
    app = build({name: template.format(options)})
    warnings = app.warning.getvalue()
    assert f"{name}:{line}: ERROR: {message}" in warnings
    assert 'class="docutils papers-table' not in (app.outdir / "index.html").read_text()


@pytest.mark.parametrize(("source", "options", "message"), [
    ("rst", ":group-by: venue", 'invalid option value: (option: "group-by"; value: \'venue\')'),
    ("rst", ":colour: red", 'unknown option: "colour"'),
    ("md", ":group-by: venue", "Invalid option value for 'group-by': venue"),
    ("md", ":colour: red", "Unknown option key: 'colour'"),
])
def test_options_the_parser_rejects_warn_with_a_location(build, source, options, message):
    name, template, _ = SOURCES[source]
    app = build({name: template.format(options)})
    # each message is one entry: "path:line: LEVEL: text", its text possibly over several lines
    entries = re.findall(r"^(\S+?):(\d+): (?:ERROR|WARNING): (.*?)(?=^\S+?:\d+: |\Z)",
                         strip_colors(app.warning.getvalue()), re.M | re.S)
    # the option sits on line 4 of either page
    assert [(path.endswith(name), line) for path, line, text in entries if message in text] == [(True, "4")]


def test_options_that_match_nothing_warn(build):
    app = build({"index.md": "# Papers\n\n```{papers}\n:years: 1999\n```\n"})
    assert "index.md:3: WARNING: papers: no paper matches the options :years: 1999" in app.warning.getvalue()


def test_the_same_paper_indexed_on_two_pages_warns(build):
    app = build({
        "index.md": "# A\n\n```{toctree}\nother\n```\n\n```{papers}\n:years: 2023\n```\n",
        "other.md": "# B\n\n```{papers}\n:years: 2023\n```\n",
    })
    assert ("other.md: WARNING: paper 'alpha' is indexed on page 'index' too; its links and search hit "
            "go to 'index'. Add :no-index: to all but one of the lists that show it.") in app.warning.getvalue()


def test_an_empty_list_says_so_without_a_warning(build, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text('{"venues": {}, "tags": {}, "papers": []}')
    app = build({"index.md": "# Papers\n\n```{papers}\n```\n"}, data=empty)
    assert app.warning.getvalue() == ""
    assert "<p>The list has no papers yet.</p>" in (app.outdir / "index.html").read_text()


def test_only_long_lists_let_rows_skip_rendering(build, tmp_path, monkeypatch):
    from papers.sphinx_ext import directive

    short = build({"index.md": "# Papers\n\n```{papers}\n```\n"})
    assert "papers-many" not in (short.outdir / "index.html").read_text()
    monkeypatch.setattr(directive, "MANY", 5)  # the basic data has five papers
    long_list = build({"index.md": "# Papers\n\n```{papers}\n```\n"})
    html = page(long_list)
    assert all("papers-many" in s["class"] for s in html.select("section.papers-year"))
    assert all("papers-many" in t["class"] for t in html.select("table.papers-table"))
