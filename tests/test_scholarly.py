"""A paper page's citation tags and JSON-LD, held to the data for every paper, and read as machines read them.

The JSON-LD goes through a JSON-LD processor (pyld) and each term it uses is
looked up in schema.org's vocabulary as rdflib ships it. The schema.org context
itself is a remote document, so expansion uses the vocabulary it stands for
(``@vocab``: every term is a schema.org IRI) rather than a copy of it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
import rdflib.namespace
from bs4 import BeautifulSoup
from model_values import catalog_from_json, paper
from pyld import jsonld

from papers.data.kinds import kind_of
from papers.data.loading import load_catalog
from papers.data.model import Catalog, Venue
from papers.formats.ris import family_first
from papers.formats.scholarly import citation_tags, is_pdf, json_ld, json_ld_script, script_json

from conftest import DATA, SCHEMA, TEST_DATA

PAGE = "https://example.org/papers/{}.html"
BREAKOUT = "</script><script>window.__pwned = 1</script><!-- & --> \u2028 \u2029 <![CDATA[ ]]>"


def tricky_catalog() -> Catalog:
    venue = Venue("J", "Journal </script> & <!-- Co -->", "journal")
    papers = (
        paper(id="breakout", title=f"Title {BREAKOUT}", authors=[f"Ann {BREAKOUT} Lee", "Martin Luther King, Jr."],
              year=2024, url="https://example.org/a.pdf", venue="J", doi="10.1000/<x>", arxiv="2401.00001",
              summary=f"Our words {BREAKOUT}", abstract=f"The paper's own.\n\n{BREAKOUT}"),
        paper(id="preprint", title="On a Server", authors=["Consortium"], year=2023, url="https://arxiv.org/abs/2301.1",
              venue="arXiv", arxiv="2301.1"),
        paper(id="conference", title="At an Event", authors=["Ana van der Berg"], year=2022,
              url="https://example.org/c", venue="MICCAI", doi="10.1000/c"),
    )
    venues = {"J": venue, "arXiv": Venue("arXiv", "arXiv", "preprint"),
              "MICCAI": Venue("MICCAI", "Medical Image Computing and Computer-Assisted Intervention", "conference")}
    return Catalog(path=TEST_DATA, venues=venues, tags={}, papers=papers)


def catalogs():
    yield "site", load_catalog(DATA, SCHEMA)
    yield "hostile", catalog_from_json(TEST_DATA / "hostile.json")
    yield "tricky", tricky_catalog()


@pytest.fixture(params=[name for name, _ in catalogs()])
def catalog(request) -> Catalog:
    return dict(catalogs())[request.param]


def venue_of(catalog: Catalog, p):
    return catalog.venues.get(p.venue) if p.venue else None


def test_the_tags_say_what_the_data_says_for_every_paper():
    catalog = load_catalog(DATA, SCHEMA)
    pdfs = 0
    for p in catalog.papers:
        venue = venue_of(catalog, p)
        tags = citation_tags(p, venue, PAGE.format(p.id))
        names = [name for name, _ in tags]
        values: dict[str, list[str]] = {}
        for name, content in tags:
            values.setdefault(name, []).append(content)
        assert names[0] == "citation_title" and values["citation_title"] == [p.title]
        # one citation_author an author, in order, each "Family, Given": Zotero splits at ";"
        assert names[1:1 + len(p.authors)] == ["citation_author"] * len(p.authors)
        assert values["citation_author"] == [family_first(a) for a in p.authors]
        for author, written in zip(p.authors, values["citation_author"], strict=True):
            assert ";" not in written and sorted(written.replace(",", "").split()) == sorted(
                author.replace(",", "").split()), author
        assert values["citation_publication_date"] == [str(p.year)]
        kind = kind_of(venue)
        assert values.get("citation_journal_title") == ([venue.name] if kind.key == "journal" else None)
        assert values.get("citation_conference_title") == (
            [venue.name] if kind.key in ("conference", "workshop") else None)
        assert values.get("citation_doi") == ([p.doi] if p.doi else None)
        assert values.get("citation_arxiv_id") == ([p.arxiv] if p.arxiv else None)
        assert values["citation_abstract_html_url"] == [PAGE.format(p.id)]
        assert values.get("citation_pdf_url") == ([p.url] if p.url.lower().endswith(".pdf") else None), p.url
        assert "citation_abstract" not in values  # the list carries summaries, ours, not abstracts
        pdfs += "citation_pdf_url" in values
    assert pdfs > 0  # the list has papers linked to their PDF


def test_every_value_is_on_one_line(catalog):
    for p in catalog.papers:
        for name, content in citation_tags(p, venue_of(catalog, p), "../papers/x.html"):
            assert content and not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029]", content), (p.id, name)
            assert content == content.strip()


def test_the_abstract_is_a_tag_where_the_paper_has_one():
    catalog = tricky_catalog()
    tags = dict(citation_tags(catalog.papers[0], catalog.venues["J"], "x.html"))
    one_line = BREAKOUT.replace("\u2028", " ").replace("\u2029", " ")
    assert tags["citation_abstract"] == f"The paper's own. {one_line}"


@pytest.mark.parametrize(("url", "pdf"), [
    ("https://arxiv.org/pdf/2304.06931.pdf", True),
    ("https://example.org/files/Paper.PDF?download=1", True),
    ("https://example.org/a.pdf#page=2", True),
    ("https://openreview.net/pdf?id=nqM0lZMevc", False),  # a PDF, but nothing in the URL says so
    ("https://hal.archives-ouvertes.fr/hal-02966789/document", False),
    ("https://example.org/pdf", False),
    ("https://example.org/?file=a.pdf", False),
])
def test_a_url_is_a_pdf_only_when_its_path_ends_in_pdf(url, pdf):
    assert is_pdf(url) is pdf


def expanded(data: dict) -> list:
    def offline(url, options=None):
        raise AssertionError(f"JSON-LD expansion tried to load {url}")

    document = dict(data, **{"@context": {"@vocab": "https://schema.org/"}})
    return jsonld.expand(document, {"documentLoader": offline})


def terms(node) -> tuple[set[str], set[str]]:
    """The properties and the types an expanded JSON-LD document uses."""
    properties, types = set(), set()
    if isinstance(node, list):
        for child in node:
            p, t = terms(child)
            properties |= p
            types |= t
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                types |= set(value)
            elif not key.startswith("@"):
                properties.add(key)
                p, t = terms(value)
                properties |= p
                types |= t
    return properties, types


def test_the_json_ld_is_json_ld_in_schema_org_terms(catalog):
    for p in catalog.papers:
        (article,) = expanded(json_ld(p, venue_of(catalog, p), PAGE.format(p.id)))
        assert article["@type"] == ["https://schema.org/ScholarlyArticle"]
        properties, types = terms(article)
        assert {t for t in properties | types if t not in rdflib.namespace.SDO} == set(), p.id


def test_the_json_ld_says_what_the_data_says(catalog):
    for p in catalog.papers:
        venue = venue_of(catalog, p)
        data = json_ld(p, venue, PAGE.format(p.id))
        assert (data["@context"], data["@type"]) == ("https://schema.org", "ScholarlyArticle")
        assert data["name"] == data["headline"] == p.title
        assert [a["name"] for a in data["author"]] == list(p.authors)
        assert all(a["@type"] == "Person" for a in data["author"])
        assert data["datePublished"] == str(p.year)
        kind = kind_of(venue).key
        if kind == "journal":
            assert data["isPartOf"] == {"@type": "Periodical", "name": venue.name}
        elif kind in ("conference", "workshop"):
            assert data["isPartOf"]["about"] == {"@type": "Event", "name": venue.name}
        elif kind == "preprint":
            assert data["publisher"] == {"@type": "Organization", "name": venue.name}
        else:
            assert "isPartOf" not in data and "publisher" not in data
        ids = {i["propertyID"]: i["value"] for i in data.get("identifier", [])}
        assert ids == {k: v for k, v in (("DOI", p.doi), ("arXiv", p.arxiv)) if v}
        assert set(data["sameAs"]) == {u for u in (p.doi and f"https://doi.org/{p.doi}",
                                                   p.arxiv and f"https://arxiv.org/abs/{p.arxiv}", p.url) if u}
        assert data["url"] == PAGE.format(p.id)
        assert data.get("description") == p.summary and data.get("abstract") == p.abstract


def test_the_site_list_describes_every_paper_by_its_summary():
    catalog = load_catalog(DATA, SCHEMA)
    assert all(json_ld(p, venue_of(catalog, p), "x")["description"] == p.summary for p in catalog.papers)


def test_names_with_particles_and_suffixes_keep_their_parts():
    data = json_ld(tricky_catalog().papers[0], None, "x")
    assert data["author"][1] == {"@type": "Person", "name": "Martin Luther King, Jr.", "givenName": "Martin Luther",
                                 "familyName": "King", "honorificSuffix": "Jr."}
    (consortium,) = json_ld(tricky_catalog().papers[1], None, "x")["author"]
    assert consortium == {"@type": "Person", "name": "Consortium"}
    (ana,) = json_ld(tricky_catalog().papers[2], None, "x")["author"]
    assert (ana["givenName"], ana["familyName"]) == ("Ana", "van der Berg")


def test_no_value_leaves_the_script_element(catalog):
    for p in catalog.papers:
        data = json_ld(p, venue_of(catalog, p), PAGE.format(p.id) + "?a=1&b=<2>")
        text = script_json(data)
        assert not re.search("[<>&\u2028\u2029]", text)
        script = json_ld_script(data)
        page = BeautifulSoup(f"<html><head>{script}</head><body><p>after</p></body></html>", "html.parser")
        (element,) = page.find_all("script")
        assert element["type"] == "application/ld+json" and json.loads(element.string) == data
        assert page.body.p.string == "after"
        # and as XHTML (EPUB): the page stays well-formed and the script's text is the same JSON
        root = ElementTree.fromstring(f'<html xmlns="http://www.w3.org/1999/xhtml"><head>{script}</head></html>')
        assert json.loads(root.find(".//{http://www.w3.org/1999/xhtml}script").text) == data
