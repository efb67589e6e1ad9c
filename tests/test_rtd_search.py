"""What Read the Docs' search would index from the built site: every paper its own section, no glued words.

The pages are read by tests/rtd_index.py, our implementation of Read the Docs' documented
indexing rules (sections from headings and from ``dl > dt[id]`` with their ``dd``; text nodes
joined as its indexer joins them), with ``.readthedocs.yaml``'s ``search`` settings applied.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from papers.data.loading import load_catalog

from conftest import DATA, ROOT, SCHEMA
from rtd_index import ignored, index_site, rank, read_config


@pytest.fixture(scope="module")
def config() -> dict:
    return read_config(ROOT / ".readthedocs.yaml")


@pytest.fixture(scope="module")
def indexed(built_docs, config):
    return index_site(built_docs, config)


@pytest.fixture(scope="module")
def paper_sections(indexed) -> dict:
    found = [s for s in indexed["papers.html"].sections if s.id.startswith("paper-")]
    assert not [id for id, count in Counter(s.id for s in found).items() if count > 1]
    return {s.id: s for s in found}


def test_every_paper_is_its_own_section_anchored_on_its_row(indexed, paper_sections):
    assert indexed["papers.html"].title == "Papers"
    catalog = load_catalog(DATA, SCHEMA)
    assert set(paper_sections) == {f"paper-{paper.id}" for paper in catalog.papers}
    for paper in catalog.papers:
        section = paper_sections[f"paper-{paper.id}"]
        assert section.title == paper.title
        # the venue, year and tags are words of their own, never glued to a neighbour
        words = re.findall(r"[\w.&'-]+", section.content)
        if paper.venue:
            assert paper.venue.split()[0] in words, (paper.id, section.content)
        assert str(paper.year) in words, paper.id
        for tag in paper.tags:
            assert f" {tag}" in f" {section.content}", (paper.id, tag)
        for name in (*paper.authors[:3], paper.authors[-1]):
            assert name in section.content, (paper.id, name)


def test_no_words_are_glued_together(paper_sections):
    """Read the Docs joins text nodes with nothing between them: every field must bring its own space."""
    glued = {id: section.glued for id, section in paper_sections.items() if section.glued}
    assert glued == {}
    text = " ".join(s.content for s in paper_sections.values())
    assert "more\u2026" in text  # a long author list's disclosure...
    assert not re.search(r"more\u2026\S", text)  # ...stays apart from the next name
    assert not re.search(r"\d{4}[a-z]", text)  # a year glued to a tag
    assert "MICCAI" in text.split() or "MICCAI," in text.split()


def test_a_venue_search_would_find_each_of_its_papers(paper_sections):
    """What the Read the Docs search for "MICCAI" matches: each MICCAI paper's section."""
    hits = {id for id, s in paper_sections.items() if re.search(r"\bMICCAI\b", s.content)}
    catalog = load_catalog(DATA, SCHEMA)
    assert {f"paper-{p.id}" for p in catalog.papers if p.venue == "MICCAI"} <= hits


def test_a_paper_is_a_section_of_the_page_that_indexes_it_only(built_docs, indexed):
    """The pages per tag and venue, and the home page's "What's new", repeat rows without
    making them sections: Read the Docs' search finds each paper once."""
    assert "papers.html" in indexed and "index.html" in indexed
    elsewhere = {path: ids for path, page in indexed.items() if path != "papers.html"
                 if (ids := [s.id for s in page.sections if s.id.startswith("paper-")])}
    assert elsewhere == {}
    # the rows there keep their anchors, on the row
    tag_pages = (built_docs / "browse" / "tags").glob("*.html")
    assert any('<tr id="paper-' in p.read_text(encoding="utf-8") for p in tag_pages)


def test_the_search_and_404_pages_stay_out_and_nothing_outranks_the_papers(built_docs, indexed, config):
    """A ``search.ignore`` of our own replaces Read the Docs' defaults: it must list these again."""
    for page in ("search.html", "404.html"):
        assert (built_docs / page).exists()
        assert ignored(page, config), f".readthedocs.yaml's search.ignore lets {page} into the index"
        assert page not in indexed
    papers = rank("papers.html", config)
    assert papers >= 0
    assert {path: page.rank for path, page in indexed.items() if page.rank > papers} == {}
