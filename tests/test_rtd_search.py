"""Read the Docs' own search indexer, run on the built pages: every paper is its own section.

Read the Docs indexes a page server-side with readthedocs.org's ``GenericParser``
(vendored in tests/vendor/rtd with its source and licence): sections come from
headings and from ``dl > dt[id]`` with their ``dd``. Only its storage import,
which would pull in Django, is stubbed; the parsing is its own code.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from pathlib import Path

import pytest

from papers.data.loading import load_catalog

from conftest import DATA, SCHEMA

VENDOR = Path(__file__).parent / "vendor" / "rtd" / "parsers.py"


@pytest.fixture(scope="module")
def parser_class():
    # readthedocs.storage needs Django settings: the parser only uses it to read pages from storage
    sys.modules.setdefault("readthedocs", types.ModuleType("readthedocs"))
    storage = types.ModuleType("readthedocs.storage")
    storage.build_media_storage = None
    sys.modules["readthedocs.storage"] = storage
    spec = importlib.util.spec_from_file_location("rtd_parsers", VENDOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.GenericParser


@pytest.fixture(scope="module")
def site(built_docs) -> Path:
    return built_docs


def parse(parser_class, html: Path, page: str) -> dict:
    project = types.SimpleNamespace(slug="fl-health")
    version = types.SimpleNamespace(project=project, slug="latest", type="branch")
    return parser_class(version)._process_content(page, (html / page).read_text(encoding="utf-8"))


def test_every_paper_is_its_own_section_anchored_on_its_row(parser_class, site):
    result = parse(parser_class, site, "papers.html")
    sections = {s["id"]: s for s in result["sections"]}
    catalog = load_catalog(DATA, SCHEMA)
    for paper in catalog.papers:
        section = sections[f"paper-{paper.id}"]
        assert section["title"] == paper.title
        # the venue, year and tags are words of their own, never glued to a neighbour
        words = re.findall(r"[\w.&'-]+", section["content"])
        if paper.venue:
            assert paper.venue.split()[0] in words, (paper.id, section["content"])
        assert str(paper.year) in words, paper.id
        for tag in paper.tags:
            assert f" {tag}" in f" {section['content']}", (paper.id, tag)
        for name in (*paper.authors[:3], paper.authors[-1]):
            assert name in section["content"], (paper.id, name)


def test_no_words_are_glued_together(parser_class, site):
    """Read the Docs joins text nodes with nothing between them: every field must bring its own space."""
    result = parse(parser_class, site, "papers.html")
    papers = [s for s in result["sections"] if s["id"].startswith("paper-")]
    text = " ".join(s["content"] for s in papers)
    assert "more\u2026" in text  # a long author list's disclosure...
    assert not re.search(r"more\u2026\S", text)  # ...stays apart from the next name
    assert not re.search(r"\d{4}[a-z]", text)  # a year glued to a tag
    assert "MICCAI" in text.split() or "MICCAI," in text.split()


def test_a_venue_search_would_find_each_of_its_papers(parser_class, site):
    """What the Read the Docs search for "MICCAI" matches: each MICCAI paper's section."""
    result = parse(parser_class, site, "papers.html")
    hits = {s["id"] for s in result["sections"] if re.search(r"\bMICCAI\b", s["content"])}
    catalog = load_catalog(DATA, SCHEMA)
    assert {f"paper-{p.id}" for p in catalog.papers if p.venue == "MICCAI"} <= hits


def test_a_paper_is_a_section_of_the_page_that_indexes_it_only(parser_class, site):
    """The pages per tag and venue, and the home page's "What's new", repeat rows without
    making them sections: Read the Docs' search finds each paper once."""
    elsewhere = {}
    for page in site.rglob("*.html"):
        name = page.relative_to(site).as_posix()
        if name in ("papers.html", "search.html", "genindex.html", "404.html"):
            continue
        sections = [s["id"] for s in parse(parser_class, site, name)["sections"] if s["id"].startswith("paper-")]
        if sections:
            elsewhere[name] = sections
    assert elsewhere == {}
    # the rows there keep their anchors, on the row
    tag_page = (site / "browse" / "tags").glob("*.html")
    assert any('<tr id="paper-' in p.read_text(encoding="utf-8") for p in tag_page)
