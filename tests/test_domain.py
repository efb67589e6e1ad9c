"""Papers as objects: search index, objects.inv, the paper role and intersphinx."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from conftest import TEST_DATA, papers_conf

INDEX_PAGE = "# Papers\n\n```{papers}\n```\n"


def search_index(app) -> dict:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", text.strip(), re.S).group(1))


def papers_index(app) -> dict:
    """The site search's own index of papers (_static/papers-index.js)."""
    text = (app.outdir / "_static" / "papers-index.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"PapersSearch\.setIndex\((.*)\);", text.strip(), re.S).group(1))


def paper_entries(index: dict) -> dict[str, dict]:
    """id -> the paper as the search page reads it back."""
    return {pid: {"page": index["docs"][doc], "title": title, "authors": [index["authors"][a] for a in authors],
                  "venue": index["venues"][venue][0] if venue >= 0 else None, "year": year,
                  "tags": [index["tags"][t] for t in tags], "study": study}
            for doc, pid, title, authors, venue, year, tags, study in index["papers"]}


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_the_search_reads_every_paper_from_its_own_index(app):
    app.build()
    entries = paper_entries(papers_index(app))
    assert list(entries) == ["alpha", "beta", "gamma", "delta", "epsilon"]
    assert entries["alpha"] == {"page": "index", "title": "Alpha: Federated Segmentation of MRI",
                                "authors": ["Alice Example", "Bob Sample"], "venue": "TMI", "year": 2023,
                                "tags": ["segmentation", "mri"], "study": ""}
    assert entries["beta"]["venue"] is None
    # Sphinx's own index knows only titles: the papers are kept out of it
    assert ["paper", "paper", "paper"] not in search_index(app)["objnames"].values()


def test_titles_with_dots_and_markup_survive_the_index(build, tmp_path):
    doc = json.loads((TEST_DATA / "basic.json").read_text())
    doc["papers"][0]["title"] = "U.S. Hospitals & <b>Federated</b> v2.0"
    data = tmp_path / "dots.json"
    data.write_text(json.dumps(doc))
    app = build({"index.md": INDEX_PAGE}, data=data)
    assert paper_entries(papers_index(app))["alpha"]["title"] == "U.S. Hospitals & <b>Federated</b> v2.0"


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_papers_are_in_objects_inv(app):
    app.build()
    inventory = InventoryFile.loads((app.outdir / "objects.inv").read_bytes(),
                                    uri="https://fl.example.org/")
    item = inventory["paper:paper", "paper.alpha"]
    assert item.uri == "https://fl.example.org/index.html#paper-alpha"
    assert item.display_name == "Alpha: Federated Segmentation of MRI"
    assert set(inventory.data["paper:paper"]) == {f"paper.{p}" for p in ("alpha", "beta", "gamma", "delta", "epsilon")}


ROLE_PAGE = """# Links

- {paper}`alpha`
- {paper}`the beta paper <beta>`
- [](#gamma)
- {any}`delta`

```{papers}
```
"""


def test_the_role_links_to_the_row_with_the_title(build):
    app = build({"index.md": ROLE_PAGE, "other.rst": "Other\n=====\n\n:paper:`epsilon`\n"},
                conf="exclude_patterns = []\n")
    assert "other.rst: WARNING: document isn't included in any toctree" in app.warning.getvalue()
    links = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser").select("li > p > a.reference")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Alpha: Federated Segmentation of MRI", "#paper-alpha"),
        ("the beta paper", "#paper-beta"),
        ("Gamma: Workshop Results", "#paper-gamma"),
        ("Delta at ECCV", "#paper-delta"),
    ]
    assert links[1]["title"] == "Beta Preprint on Privacy"
    other = BeautifulSoup((app.outdir / "other.html").read_text(), "html.parser").select_one("p a.reference")
    assert (other.get_text(), other["href"]) == ("Épsilon 10: Journal Work", "index.html#paper-epsilon")


def test_an_unknown_paper_id_warns_with_its_location(build):
    app = build({"index.md": "# Links\n\nSee {paper}`nope` and {paper}`alpah`.\n\n```{papers}\n```\n"})
    warnings = app.warning.getvalue()
    assert "index.md:3: WARNING: no paper with id 'nope' in the data file (papers_file) [ref.paper]" in warnings
    assert ("index.md:3: WARNING: no paper with id 'alpah' in the data file (papers_file); "
            'did you mean "alpha"? [ref.paper]') in warnings


def test_other_projects_link_papers_through_intersphinx(build, tmp_path):
    upstream = build({"index.md": INDEX_PAGE})
    inventory = str(upstream.outdir / "objects.inv")
    empty = tmp_path / "empty.json"
    empty.write_text('{"venues": {}, "tags": {}, "papers": []}')
    downstream = build(
        {"index.md": "# Elsewhere\n\nSee {paper}`alpha` and {external+fl:paper:paper}`beta`.\n"},
        data=empty,
        conf=("extensions.append('sphinx.ext.intersphinx')\n"
              f"intersphinx_mapping = {{'fl': ('https://fl.example.org/', {inventory!r})}}\n"),
    )
    assert downstream.warning.getvalue() == ""
    links = BeautifulSoup((downstream.outdir / "index.html").read_text(), "html.parser").select("p a.reference")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Alpha: Federated Segmentation of MRI", "https://fl.example.org/index.html#paper-alpha"),
        ("Beta Preprint on Privacy", "https://fl.example.org/index.html#paper-beta"),
    ]
