"""A page per paper: read back from the shared site build, every page held against the data.

What machines read (citation tags, JSON-LD) is read as they read it; the references
are compared with what citeproc-py renders for the packaged styles, the RIS file goes
through a RIS parser, the report link through the issue form it opens.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import rispy
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from papers.data.loading import load_catalog
from papers.formats.references import References

from browser import axe_violations, is_dark
from conftest import BASE, DATA, REPOSITORY, ROOT, SCHEMA

CATALOG = load_catalog(DATA, SCHEMA)
PAPERS = CATALOG.papers


def page_of(site: Path, paper_id: str) -> BeautifulSoup:
    return BeautifulSoup((site / "papers" / f"{paper_id}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_paper_has_a_page_and_only_they_do(built_docs):
    assert sorted(p.stem for p in (built_docs / "papers").glob("*.html")) == sorted(p.id for p in PAPERS)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.id)
def test_a_papers_page_shows_the_paper_and_links_back_to_its_row(built_docs, paper):
    page = page_of(built_docs, paper.id)
    article = page.select_one("article")
    assert article.h1.get_text().rstrip("\u00b6") == paper.title
    assert page.title.get_text().startswith(paper.title)
    authors = article.select(".pp-authors a")
    assert [a.get_text() for a in authors] == list(paper.authors)
    for a, name in zip(authors, paper.authors, strict=True):  # each author: the list filtered by them
        query = parse_qs(urlsplit(a["href"]).query)["q"][0]
        assert urlsplit(a["href"]).path == "../papers.html"
        assert query == (f'author:"{name}"' if " " in name else f"author:{name}")
    back = article.select_one(".pp-venue a[href^='../papers.html#']")
    assert back["href"] == f"../papers.html#{paper.anchor}"
    assert back.get_text() == f"#{paper.number} of {paper.year} in the list"
    links = {a.get_text(): a["href"] for a in article.select(".pp-links a")}
    assert links["The paper"] == paper.url
    assert links.get(f"DOI {paper.doi}") == (f"https://doi.org/{paper.doi}" if paper.doi else None)
    assert links.get(f"arXiv {paper.arxiv}") == (f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else None)
    assert links.get("Code") == paper.code
    tags = article.select(".pp-tags a")
    assert [a.get_text() for a in tags] == list(paper.tags)
    for a in tags:  # each tag's page exists
        assert (built_docs / "papers" / a["href"]).resolve().is_file(), a["href"]
    if paper.summary:
        assert article.select_one("#summary p").get_text() == paper.summary


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.id)
def test_machines_read_the_paper_from_its_tags_and_json_ld(built_docs, paper):
    page = page_of(built_docs, paper.id)
    tags: dict[str, list[str]] = {}
    for meta in page.find_all("meta", attrs={"name": re.compile("^citation_")}):
        tags.setdefault(meta["name"], []).append(meta["content"])
    address = f"{BASE}papers/{paper.id}.html"
    assert tags["citation_title"] == [paper.title]
    assert len(tags["citation_author"]) == len(paper.authors)
    for written, name in zip(tags["citation_author"], paper.authors, strict=True):
        # "Family, Given" (particles with the family), the order Zotero and Google Scholar read
        family, _, given = written.partition(", ")
        assert family.endswith(name.split()[-1]) or written == name, (written, name)
        assert sorted(f"{given} {family}".split()) == sorted(name.replace(",", "").split()), (written, name)
    assert tags["citation_publication_date"] == [str(paper.year)]
    assert tags.get("citation_doi") == ([paper.doi] if paper.doi else None)
    assert tags.get("citation_arxiv_id") == ([paper.arxiv] if paper.arxiv else None)
    assert tags["citation_abstract_html_url"] == [address]
    venue = CATALOG.venues.get(paper.venue) if paper.venue else None
    if venue is not None and venue.kind == "journal":
        assert tags["citation_journal_title"] == [venue.name]
    (script,) = page.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == paper.title and data["url"] == address
    assert [a["name"] for a in data["author"]] == list(paper.authors)
    assert data["datePublished"] == str(paper.year)
    if paper.summary:
        assert data["description"] == paper.summary
        assert page.find("meta", property="og:description")["content"] == paper.summary
    assert page.find("link", rel="canonical")["href"] == address


@pytest.fixture(scope="module")
def references():
    return References(None)  # rendered afresh: the pages' cache must agree with citeproc-py now


@pytest.mark.parametrize("paper", PAPERS[::7], ids=lambda p: p.id)
def test_the_references_are_what_citeproc_renders_and_the_ris_file_parses(built_docs, references, paper):
    page = page_of(built_docs, paper.id)
    venue = CATALOG.venues.get(paper.venue) if paper.venue else None
    for style, reference in references.of_paper(paper, venue).items():
        shown = page.select_one(f"#reference-{style}")
        assert shown.decode_contents() == reference.html, style
    link = page.select_one(".pp-save a")
    assert link["download"] == f"{paper.id}.ris"
    (record,) = rispy.loads((built_docs / "papers" / link["href"]).resolve().read_text(encoding="utf-8"))
    assert record["title"] == paper.title
    assert len(record["authors"]) == len(paper.authors)
    assert record.get("doi") == paper.doi
    bibtex = page.select_one("#bibtex").get_text()
    assert bibtex.startswith("@") and f"{{{paper.id}," in bibtex


def test_the_report_link_opens_the_issue_form_with_the_papers_record(built_docs):
    form = YAML(typ="safe").load((ROOT / ".github" / "ISSUE_TEMPLATE" / "paper.yml").read_text(encoding="utf-8"))
    field_ids = {item["id"] for item in form["body"] if "id" in item}
    for paper in PAPERS:
        link = page_of(built_docs, paper.id).select_one("#report p a")
        parts = urlsplit(link["href"])
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/issues/new"
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert query["template"] == "paper.yml"
        assert set(query) - {"template", "title", "labels"} <= field_ids
        assert query["paper"] == paper.id
        record = json.loads(query["record"])
        assert record["id"] == paper.id and record["title"] == paper.title
        assert len(link["href"]) < 8000  # GitHub and browsers take it whole


def test_the_issue_forms_are_valid_against_githubs_schema():
    import subprocess
    import sys

    forms = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
    assert {f.name for f in forms} >= {"paper.yml", "new-paper.yml"}
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms",
                             *map(str, forms)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_related_papers_are_pages_of_the_list_and_never_the_paper_itself(built_docs):
    for paper in PAPERS:
        related = page_of(built_docs, paper.id).select("#related li a")
        assert len(related) <= 10
        for a in related:
            target = (built_docs / "papers" / a["href"]).resolve()
            assert target.is_file() and target.stem != paper.id, a["href"]


def test_the_study_is_stated_with_every_facet_the_data_has(built_docs):
    for paper in PAPERS:
        study = page_of(built_docs, paper.id).select_one("#study")
        if not paper.study.examined:
            continue
        terms = [dt.get_text() for dt in study.select("dt")]
        assert terms == ["Deployment", "Sites", "Privacy techniques", "Software", "Datasets"], paper.id
        values = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in study.select("dt")}
        if paper.study.sites:
            assert values["Sites"] == str(paper.study.sites)
        for key in paper.study.datasets or ():
            assert CATALOG.datasets[key].name in values["Datasets"]


# --- in a browser -----------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_papers_page_passes_axe_and_copies_its_reference(pages, docs_site, axe_script, scheme):
    page = pages.open(color_scheme=scheme)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(docs_site.url("papers/fedbn.html"))
    assert is_dark(page) == (scheme == "dark")
    assert axe_violations(page, axe_script) == []
    page.get_by_role("button", name="Copy the APA reference").click()
    expected = page.locator("#reference-apa").text_content().strip()
    assert page.evaluate("navigator.clipboard.readText()") == expected


@pytest.mark.browser
def test_a_row_leads_to_its_page_and_the_page_back_to_the_row(pages, docs_site):
    page = pages.open()
    page.goto(docs_site.url("papers.html"))
    row = page.locator("tr:has(dt#paper-harmofl)")
    row.locator("dt > a:first-child").click()
    page.wait_for_url(re.compile(r"papers/harmofl\.html$"))
    assert page.locator("h1").text_content().startswith("HarmoFL")
    page.get_by_role("link", name=re.compile(r"of 2022 in the list")).click()
    page.wait_for_url(re.compile(r"papers\.html#paper-harmofl$"))
    assert page.evaluate("location.hash") == "#paper-harmofl"
    assert page.locator("tr:has(dt#paper-harmofl)").is_visible()


def test_pages_are_not_written_when_papers_pages_is_empty(build, tmp_path):
    app = build({"index.md": "# Papers\n\n```{papers}\n```\n"}, confoverrides={"papers_pages": ""})
    assert not (Path(app.outdir) / "papers").exists()
    assert 'class="px"' not in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_only_the_pages_that_change_are_written_again(build, tmp_path):
    import copy

    from conftest import BASIC

    doc = json.loads(BASIC.read_text(encoding="utf-8"))
    data = tmp_path / "papers.json"
    data.write_text(json.dumps(doc), encoding="utf-8")
    pages = {"index.md": "# Papers\n\n```{papers}\n```\n"}
    app = build(pages, data=data, confoverrides={"papers_pages": "papers"})
    folder = Path(app.outdir) / "papers"
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.html")}
    assert set(before) == {f"{p['id']}.html" for p in doc["papers"]}
    changed = copy.deepcopy(doc)
    changed["papers"][-1]["title"] = "Epsilon, renamed"
    data.write_text(json.dumps(changed), encoding="utf-8")
    os.utime(data)
    again = build(pages, data=data, confoverrides={"papers_pages": "papers"}, srcdir=Path(app.srcdir))
    after = {p.name: p.stat().st_mtime_ns for p in (Path(again.outdir) / "papers").glob("*.html")}
    rewritten = {name for name in after if after[name] != before[name]}
    epsilon = changed["papers"][-1]["id"]
    assert f"{epsilon}.html" in rewritten
    # a page is written again only if its text changed: the renamed paper's, and pages that show its title
    for name in rewritten - {f"{epsilon}.html"}:
        assert "Epsilon, renamed" in (Path(again.outdir) / "papers" / name).read_text(encoding="utf-8"), name
    assert rewritten != set(after)
