"""RIS records read back by a RIS parser (rispy), for the site's list, hostile text and text made to look like tags."""

from __future__ import annotations

import re

import pytest
import rispy
from model_values import catalog_from_json, paper

from papers.data.kinds import KINDS, UNPUBLISHED
from papers.data.loading import load_catalog
from papers.data.model import Catalog, Venue
from papers.formats.ris import family_first, record, ris_file
from papers.formats.single_line import single_line

from conftest import DATA, SCHEMA, TEST_DATA

#: What rispy calls each tag we write
RISPY = {"T2": "secondary_title", "PB": "publisher"}
#: A tag line as we write it (the specification's two spaces)
TAG_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")
#: A line Zotero's RIS importer (RIS.js, its risFormat) reads as a tag: the line must be one we meant as one
ZOTERO_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
JOURNAL, CONFERENCE = Venue("TMI", "IEEE Transactions on Medical Imaging", "journal"), Venue(
    "MICCAI", "Medical Image Computing and Computer-Assisted Intervention", "conference")
TRICKY_ABSTRACT = ("First paragraph, as arXiv gives it.\n\nER  - this line would end the record\n"
                   "TY  - JOUR\nAB - one space is a tag to Zotero\nÉÉ  - rispy reads any upper-case pair\n\n"
                   "   indented, then blank lines\n\n\nLast paragraph \u2028 with a line separator.")


def tricky_catalog() -> Catalog:
    """Text no data file may hold (the rules forbid it), which a record must hold all the same."""
    papers = (
        paper(id="tags", title="A title\u2028ER  - that breaks\r\nTY  - JOUR", authors=["Ann\nER  - Smith", "Bob Lee"],
              year=2024, url="https://example.org/a", venue="TMI", abstract=TRICKY_ABSTRACT, tags=["t1", "t2"]),
        paper(id="names", title="Names", authors=["Martin Luther King, Jr.", "Ana Luísa van der Berg", "Consortium"],
              year=2023, url="https://example.org/b", more_authors=True, arxiv="2105.05874", venue="MICCAI",
              doi="10.1000/x y"),
    )
    return Catalog(path=TEST_DATA, venues={"TMI": JOURNAL, "MICCAI": CONFERENCE}, tags={}, papers=papers)


def catalogs():
    yield "site", load_catalog(DATA, SCHEMA)
    yield "hostile", catalog_from_json(TEST_DATA / "hostile.json")
    yield "basic", load_catalog(TEST_DATA / "basic.json", SCHEMA)
    yield "tricky", tricky_catalog()


@pytest.fixture(params=[name for name, _ in catalogs()])
def catalog(request) -> Catalog:
    return dict(catalogs())[request.param]


def test_every_paper_reads_back_through_rispy_with_its_fields(catalog):
    entries = rispy.loads(ris_file(catalog))
    assert len(entries) == len(catalog.papers)
    for entry, p in zip(entries, catalog.papers, strict=True):
        venue = catalog.venues.get(p.venue) if p.venue else None
        kind = KINDS[venue.kind] if venue else UNPUBLISHED
        assert entry["type_of_reference"] == kind.ris_type, p.id
        assert entry["title"] == single_line(p.title), p.id
        assert entry["authors"] == [family_first(a) for a in p.authors], p.id
        assert entry["year"] == str(p.year)
        assert entry.get(RISPY.get(kind.ris_venue)) == (venue.name if venue else None), p.id
        assert entry.get("doi") == p.doi
        assert entry["urls"] == [p.url]
        notes = ([f"arXiv:{p.arxiv}"] if p.arxiv else []) + (
            ["Author list shortened: more authors than listed"] if p.more_authors else [])
        assert entry.get("notes", []) == notes, p.id
        assert entry.get("keywords", []) == list(p.tags)
        # rispy joins the lines of a field with spaces: every word of the abstract, in order
        assert entry.get("abstract", "").split() == (p.abstract or "").split(), p.id


def test_each_line_is_a_tag_line_or_an_abstract_going_on(catalog):
    text = ris_file(catalog)
    assert not text.startswith("\ufeff")
    assert text.endswith("ER  - \r\n\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CR LF, and only there
    records = text.split("\r\n\r\n")[:-1]
    assert len(records) == len(catalog.papers)
    for chunk in records:
        lines = chunk.split("\r\n")
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
        assert [line[:6] for line in lines].count("TY  - ") == 1, chunk
        going_on = [i for i, line in enumerate(lines) if not TAG_LINE.match(line)]
        if going_on:  # only an abstract goes on over lines, up to the end of the record
            start = next(i for i, line in enumerate(lines) if line.startswith("AB  - "))
            assert going_on == list(range(start + 1, len(lines) - 1)), chunk
        for i in going_on:  # and none of its lines is read as a tag, by Zotero or by rispy
            assert not ZOTERO_TAG.match(lines[i]) and rispy.RisParser().parse_line(lines[i])[0] is None


def test_text_that_looks_like_a_tag_stays_inside_its_field():
    catalog = tricky_catalog()
    text = record(catalog.papers[0], JOURNAL)
    lines = text.split("\r\n")
    assert [line for line in lines if line.startswith(("ER", "TY"))] == ["TY  - JOUR", "ER  - "]
    abstract = lines[lines.index(next(x for x in lines if x.startswith("AB  - "))):-2]
    assert abstract == [
        "AB  - First paragraph, as arXiv gives it. ER  - this line would end the record TY  - JOUR "
        "AB - one space is a tag to Zotero ÉÉ  - rispy reads any upper-case pair",
        "indented, then blank lines",
        "Last paragraph",
        "with a line separator.",
    ]
    (entry,) = rispy.loads(text)
    assert entry["title"] == "A title ER  - that breaks TY  - JOUR"
    assert entry["authors"] == ["Smith, Ann ER -", "Lee, Bob"]


def test_the_site_list_is_written_as_it_is():
    """Its text is on one line already: nothing is changed on the way into a record."""
    for p in load_catalog(DATA, SCHEMA).papers:
        assert all(single_line(text) == text for text in (p.title, *p.authors))


@pytest.mark.parametrize(("name", "written"), [
    ("Martin Luther King, Jr.", "King, Martin Luther, Jr."),
    ("Ana Luísa van der Berg", "van der Berg, Ana Luísa"),
    ("Jean-Baptiste O'Neil", "O'Neil, Jean-Baptiste"),
    ("Consortium", "Consortium"),
    ("محمد عبد الله", "الله, محمد عبد"),
])
def test_authors_are_written_family_name_first(name, written):
    assert family_first(name) == written


@pytest.mark.parametrize(("venue", "lines"), [
    (JOURNAL, ["TY  - JOUR", "T2  - IEEE Transactions on Medical Imaging"]),
    (CONFERENCE, ["TY  - CPAPER", "T2  - Medical Image Computing and Computer-Assisted Intervention"]),
    (Venue("W", "Workshop on Things", "workshop"), ["TY  - CPAPER", "T2  - Workshop on Things"]),
    (Venue("arXiv", "arXiv", "preprint"), ["TY  - UNPB", "PB  - arXiv"]),
    (None, ["TY  - UNPB"]),
])
def test_the_type_and_the_venue_tag_follow_the_venue_kind(venue, lines):
    text = record(paper(id="p", title="T", authors=["A B"], year=2020, url="https://example.org"), venue)
    assert [line for line in text.split("\r\n") if line[:2] in ("TY", "T2", "JO", "PB")] == lines
