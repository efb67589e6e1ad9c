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


def paper_hits(index: dict) -> dict[str, tuple[str, str, int]]:
    """title -> (page, anchor, priority), read back the way searchtools.js reads the index."""
    kinds = {int(k): v for k, v in index["objnames"].items()}
    hits = {}
    for prefix, entries in index["objects"].items():
        for doc, kind, priority, anchor, name in entries:
            if kinds[kind][:2] == ["paper", "paper"]:
                fullname = f"{prefix}.{name}" if prefix else name
                hits[fullname] = (index["docnames"][doc], anchor, priority)
    return hits


@pytest.mark.sphinx("html", testroot="basic", confoverrides=papers_conf())
def test_each_paper_is_a_search_hit_with_its_literal_anchor(app):
    app.build()
    hits = paper_hits(search_index(app))
    # the anchor is stored whole: neither "" nor "-", which the JS would rebuild from the title
    assert hits == {
        "Alpha: Federated Segmentation of MRI": ("index", "paper-alpha", 0),
        "Beta Preprint on Privacy": ("index", "paper-beta", 0),
        "Gamma: Workshop Results": ("index", "paper-gamma", 0),
        "Delta at ECCV": ("index", "paper-delta", 0),
        "Épsilon 10: Journal Work": ("index", "paper-epsilon", 0),
    }
    # the only paper-domain type, shown as "paper" in results
    assert ["paper", "paper", "paper"] in search_index(app)["objnames"].values()


def test_titles_with_dots_and_markup_survive_the_index(build, tmp_path):
    doc = json.loads((TEST_DATA / "basic.json").read_text())
    doc["papers"][0]["title"] = "U.S. Hospitals & <b>Federated</b> v2.0"
    data = tmp_path / "dots.json"
    data.write_text(json.dumps(doc))
    app = build({"index.md": INDEX_PAGE}, data=data)
    hits = paper_hits(search_index(app))
    # Sphinx HTML-escapes object names in the index; papers.js undoes that on the search page
    assert hits["U.S. Hospitals &amp; &lt;b&gt;Federated&lt;/b&gt; v2.0"] == ("index", "paper-alpha", 0)


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
