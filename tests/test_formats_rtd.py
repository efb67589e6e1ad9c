"""Every format Read the Docs offers, built as it builds them (tests/rtd_build.py) and read back with real tools.

The EPUB through epubcheck and as XML; the PDF through latexmk, pdftotext and pypdf's outline,
with its LaTeX log; the offline HTML unzipped and opened from file:// in Chromium. Each format is
built once per session (after the HTML, sharing its doctrees, as Read the Docs does) and read by
every test that needs it. Expected answers come from the data file and the page sources.
"""

from __future__ import annotations

import importlib.util
import json
import posixpath
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from papers.data.loading import load_catalog
from papers.data.names import authors_line

from browser import skip_or_fail

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None
from conftest import DATA, ROOT, SCHEMA
from rtd_build import SLUG, VERSION, Built, build

CATALOG = load_catalog(DATA, SCHEMA)
XHTML = "{http://www.w3.org/1999/xhtml}"
#: What a reader is told to do on the web, said in no book, however the sources mark it.
WEB_INSTRUCTIONS = ("Click a column heading to sort a table", "Type in the filter box",
                    "an author or a venue badge to show only",
                    "sortable by any column and filtered as you type", "words of a title in the search box")
#: An ``{only}`` block of the page sources, and its expression.
ONLY = re.compile(r"^(`{3,})\{only\} ([^\n]*)\n(.*?)^\1$", re.M | re.S)
#: The tags of the books' builders: an ``{only}`` block true for neither holds what only the web shows.
BOOK_TAGS = ({"latex", "format_latex", "builder_latex"}, {"epub", "html", "format_html", "builder_epub"})
def squeezed(text: str) -> str:
    """Letters and digits only, without accents, folded: text as it survives line breaks, hyphenation,
    ligatures and typographic quotes in a PDF."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).casefold()


def phrases(markdown: str) -> set[str]:
    """The phrases (four words or more) of some MyST, its markup dropped, squeezed."""
    lines = [line for line in markdown.splitlines() if not line.lstrip().startswith((":", "%"))]
    text = re.sub(r"\{[\w-]+\}`([^`<]*)(?:<[^>]*>)?`", r"\1", " ".join(lines))  # {role}`text <target>`
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](target)
    return {squeezed(part) for part in re.split(r"[.:;(),]", text) if len(part.split()) >= 4}


def without_code_blocks(markdown: str) -> str:
    """MyST without its code blocks (a fence whose language is no {directive}): an example shows as it is."""
    out: list[str] = []
    fences: list[tuple[int, bool]] = []  # (backticks, a code block) of each open fence
    for line in markdown.splitlines():
        fence = re.match(r"^(`{3,})(.*)$", line)
        closes = fence is not None and not fence.group(2).strip() and fences and len(fence.group(1)) >= fences[-1][0]
        if fences and fences[-1][1]:  # in a code block only its closing fence counts
            if closes:
                fences.pop()
            continue
        if closes:
            fences.pop()
        elif fence is not None:
            code = not fence.group(2).strip().startswith("{")
            fences.append((len(fence.group(1)), code))
            if code:
                continue
        out.append(line)
    return "\n".join(out) + "\n"


def web_only(expression: str) -> bool:
    """Whether an ``{only}`` block shows in no book: in neither the PDF's builder nor the e-book's."""
    from sphinx.util.tags import Tags

    return not any(Tags(sorted(tags)).eval_condition(expression) for tags in BOOK_TAGS)


def web_only_phrases() -> set[str]:
    """What the pages say only to the web (``{only} web``, ``{only} singlehtml``) and nowhere else."""
    web, elsewhere = set(), []
    for source in (ROOT / "docs").glob("*.md"):
        text = source.read_text(encoding="utf-8")
        for match in ONLY.finditer(without_code_blocks(text)):  # an example in a code block shows as it is
            if web_only(match.group(2)):
                web |= phrases(match.group(3))
                text = text.replace(match.group(0), "")
        elsewhere.append(squeezed(text))
    assert web, "the pages keep no text to the web: this test would prove nothing"
    return {phrase for phrase in web if not any(phrase in rest for rest in elsewhere)} | {
        squeezed(instruction) for instruction in WEB_INSTRUCTIONS}


# --- the builds ---------------------------------------------------------------------------------

def needs(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} is missing: on Debian, see .ci/run for the packages the format tests need")


@pytest.fixture(scope="session")
def rtd(tmp_path_factory) -> Path:
    """The output folder shared by every format, as $READTHEDOCS_OUTPUT."""
    return tmp_path_factory.mktemp("rtd")


@pytest.fixture(scope="session")
def rtd_html(rtd) -> Built:
    return build("html", rtd, doctrees=rtd / "doctrees")


@pytest.fixture(scope="session")
def rtd_epub(rtd, rtd_html) -> Built:
    return build("epub", rtd, doctrees=rtd / "doctrees")


@pytest.fixture(scope="session")
def rtd_pdf(rtd, rtd_html) -> Built:
    needs("latexmk", "pdflatex")
    return build("pdf", rtd, doctrees=rtd / "doctrees")


@pytest.fixture(scope="session")
def rtd_singlehtml(rtd, rtd_html) -> Built:
    return build("htmlzip", rtd, doctrees=rtd / "doctrees")


@pytest.fixture(scope="session")
def rtd_htmlzip(rtd, rtd_singlehtml) -> Path:
    """The offline HTML as a reader has it: the zip, unpacked; its folder."""
    with zipfile.ZipFile(rtd_singlehtml.file) as archive:
        archive.extractall(rtd / "unzipped")
    return rtd / "unzipped" / f"{SLUG}-{VERSION}"


def test_read_the_docs_offers_every_format():
    config = YAML(typ="safe").load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert sorted(config["formats"]) == ["epub", "htmlzip", "pdf"]


def test_each_format_builds_without_a_word_of_noise(rtd_html, rtd_singlehtml, rtd_epub, rtd_pdf):
    """-W turns warnings into errors (not for the PDF); this also catches what a build merely prints."""
    for built in (rtd_html, rtd_singlehtml, rtd_epub, rtd_pdf):
        assert built.stderr == "", built.stderr
        assert "matplotlib" not in built.stdout  # sphinxext-opengraph's note on social cards we do not draw
    # internal stamps (what a file was made from) stay beside the doctrees, out of what is published
    assert [p.name for p in (rtd_html.folder / "_papers").rglob(".*")] == []
    assert (rtd_html.folder / "_papers" / "papers.bib").is_file()


# --- the e-book ---------------------------------------------------------------------------------

def epubcheck(epub: Path, report: Path) -> list[dict]:
    """epubcheck's messages on `epub`: Debian installs it as a jar that the kernel may not run directly."""
    needs("epubcheck", "java")
    tool = Path(shutil.which("epubcheck")).resolve()
    command = ["java", "-jar", str(tool)] if tool.suffix == ".jar" else [str(tool)]
    subprocess.run([*command, str(epub), "--json", str(report)], capture_output=True, text=True)
    return json.loads(report.read_text(encoding="utf-8"))["messages"]


def test_epubcheck_finds_nothing_wrong_in_the_ebook(rtd_epub, tmp_path):
    messages = epubcheck(rtd_epub.file, tmp_path / "report.json")
    found = [f"{m['severity']} {m['ID']} {m['message']} at "
             f"{[(loc['path'], loc['line']) for loc in m['locations']][:3]}" for m in messages
             if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert found == []


def test_epubcheck_would_see_what_the_issue_saw(tmp_path):
    """The check the test above relies on: a file with the markup that broke the book fails it."""
    if shutil.which("epubcheck") is None:
        needs("epubcheck")
    book = tmp_path / "broken.epub"
    page = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title>'
            '</head><body><p hidden>x</p><input type="search"><a href="feed.xml">feed</a></body></html>')
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>'
           '<dc:title>t</dc:title><dc:language>en</dc:language>'
           '<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata>'
           '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
           '<item id="p" href="p.xhtml" media-type="application/xhtml+xml"/></manifest>'
           '<spine><itemref idref="p"/></spine></package>')
    nav = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
           '<head><title>n</title></head><body><nav epub:type="toc"><ol><li><a href="p.xhtml">p</a></li></ol></nav>'
           '</body></html>')
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" '
                         'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
                         'full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
        archive.writestr("content.opf", opf)
        archive.writestr("nav.xhtml", nav)
        archive.writestr("p.xhtml", page)
    severities = {m["severity"] for m in epubcheck(book, tmp_path / "report.json")}
    assert severities & {"FATAL", "ERROR"}


def ebook_pages(built: Built) -> dict[str, ET.Element]:
    """Every XHTML file of the .epub a reader downloads, parsed as the XML it must be."""
    with zipfile.ZipFile(built.file) as archive:
        return {name: ET.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


def text_of(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def test_the_ebook_lists_every_paper_in_a_plain_table_per_year(rtd_epub):
    page = ebook_pages(rtd_epub)["papers.xhtml"]
    years = [s for s in page.iter(f"{XHTML}section") if s.get("id", "").startswith("year-")]
    assert [s.get("id") for s in years] == [f"year-{y}" for y in dict.fromkeys(p.year for p in CATALOG.papers)]
    for section in years:
        year = int(section.get("id").removeprefix("year-"))
        tables = list(section.iter(f"{XHTML}table"))
        assert len(tables) == 1
        headers = [text_of(th) for th in tables[0].iter(f"{XHTML}th")]
        assert headers == ["#", "Paper"]
        rows = list(tables[0].find(f"{XHTML}tbody"))
        papers = [p for p in CATALOG.papers if p.year == year]
        assert len(rows) == len(papers)
        for row, paper in zip(rows, papers, strict=True):
            number, cell = row
            assert text_of(number) == str(paper.number)
            title, authors, venue, identifiers = cell.findall(f"{XHTML}p")
            assert title.find(f".//{XHTML}span[@id='paper-{paper.id}']") is not None
            link = title.find(f".//{XHTML}a")
            assert (text_of(link), link.get("href")) == (paper.title, paper.url)
            assert text_of(authors) == authors_line(paper.authors, paper.more_authors)
            if paper.venue:
                assert CATALOG.venues[paper.venue].name in text_of(venue), paper.id
            hrefs = [a.get("href") for a in identifiers.iter(f"{XHTML}a")]
            words = text_of(identifiers)
            if paper.doi:
                assert f"DOI {paper.doi}" in words and f"https://doi.org/{paper.doi}" in hrefs
            if paper.arxiv:
                assert f"arXiv {paper.arxiv}" in words and f"https://arxiv.org/abs/{paper.arxiv}" in hrefs
            if not (paper.doi or paper.arxiv):
                assert paper.url in words
            if paper.code:
                assert f"code {paper.code}" in words and paper.code in hrefs


def test_the_ebook_has_no_controls_and_no_web_only_text(rtd_epub):
    pages = ebook_pages(rtd_epub)
    for name, page in pages.items():
        controls = [e.tag.removeprefix(XHTML) for e in page.iter()
                    if e.tag.removeprefix(XHTML) in ("input", "button", "output", "form", "script", "dialog")]
        assert controls == [], name
        assert not [e for e in page.iter() if "hidden" in e.attrib], name
    text = squeezed(" ".join(text_of(page) for page in pages.values()))
    assert [p for p in web_only_phrases() if p in text] == []
    assert squeezed("This copy holds the list as it was on the day it was made") in text


def test_every_link_of_the_ebook_stays_in_the_book_or_leaves_for_the_web(rtd_epub):
    """No link to what the book lacks (the feed, the search page): each points inside it, or to http(s)."""
    with zipfile.ZipFile(rtd_epub.file) as archive:
        names = set(archive.namelist())
    for name, page in ebook_pages(rtd_epub).items():
        folder = Path(name).parent
        ids = {e.get("id") for e in page.iter() if e.get("id")}
        for element in page.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if not target or re.match(r"^(https?|mailto):", target):
                    continue
                path, _, fragment = target.partition("#")
                resolved = posixpath.normpath((folder / path).as_posix()) if path else name
                assert resolved in names, (name, target)
                if fragment and not path:
                    assert fragment in ids, (name, target)


def test_the_ebooks_contents_list_every_chapter_and_year(rtd_epub):
    nav = ebook_pages(rtd_epub)["nav.xhtml"].find(f".//{XHTML}nav")

    def entries(ol) -> list[tuple[str, list]]:
        return [(text_of(li.find(f"{XHTML}a")), entries(li.find(f"{XHTML}ol")) if li.find(f"{XHTML}ol") is not None
                 else []) for li in ol.findall(f"{XHTML}li")]

    chapters = dict(entries(nav.find(f"{XHTML}ol")))
    assert {"Papers", "Browse", "Contributing a paper"} <= chapters.keys()
    assert [year for year, _ in chapters["Papers"]] == [str(y) for y in dict.fromkeys(p.year for p in CATALOG.papers)]


def test_the_ebook_has_a_style_sheet_of_its_own(rtd_epub):
    with zipfile.ZipFile(rtd_epub.file) as archive:
        css = archive.read("_static/papers-book.css").decode()
        opf = archive.read("content.opf").decode()
    assert ":is(" not in css and "var(" not in css
    assert 'href="_static/papers-book.css"' in opf
    head = ebook_pages(rtd_epub)["papers.xhtml"].find(f"{XHTML}head")
    assert "_static/papers-book.css" in [link.get("href") for link in head.iter(f"{XHTML}link")]
    # the web's files stay on the web
    assert "papers.css" not in opf and "social-card.png" not in opf


# --- the PDF ------------------------------------------------------------------------------------

def pdf_pages(pdf: Path) -> list[str]:
    needs("pdftotext")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


def outline(pdf: Path) -> list[tuple[str, list]]:
    """The PDF's bookmarks: (title, children) at each level."""
    from pypdf import PdfReader

    def level(items) -> list[tuple[str, list]]:
        out: list[tuple[str, list]] = []
        for item in items:
            if isinstance(item, list):
                title, _ = out[-1]
                out[-1] = (title, level(item))
            else:
                out.append((item.title, []))
        return out

    return level(PdfReader(str(pdf)).outline)


def test_the_papers_are_a_chapter_of_their_own(rtd_pdf):
    chapters = dict(outline(rtd_pdf.file))
    assert "Papers" in chapters and "Browse" in chapters
    assert [title for title, _ in chapters["Papers"]] == [str(y) for y in dict.fromkeys(p.year for p in CATALOG.papers)]
    assert chapters["What\u2019s new"] == []  # the home page's last section holds no other page


def test_the_pdf_says_nothing_only_the_web_does(rtd_pdf):
    text = squeezed(" ".join(pdf_pages(rtd_pdf.file)))
    assert [p for p in web_only_phrases() if p in text] == []
    assert squeezed("This copy holds the list as it was on the day it was made") in text
    # the feed and the downloads, by the address Read the Docs gives the site
    assert squeezed(f"https://{SLUG}.readthedocs.io/en/{VERSION}/_papers/papers.bib") in text


def test_every_title_is_in_the_pdf(rtd_pdf):
    text = squeezed(" ".join(pdf_pages(rtd_pdf.file)))
    assert [p.id for p in CATALOG.papers if squeezed(p.title) not in text] == []


#: LaTeX's report of a box wider than its space: "Overfull \hbox (12.3pt too wide) in paragraph at lines 10--12"
OVERFULL = re.compile(r"Overfull \\hbox \(([\d.]+)pt too wide\) (?:in paragraph|in alignment) at lines (\d+)--(\d+)")


def our_tables(tex: str) -> list[range]:
    """The .tex lines of the extension's tables: those with a paper's anchor, and the statistics' figures."""
    lines = tex.splitlines()
    found, start = [], None
    statistics = False
    for number, line in enumerate(lines, 1):
        if line.startswith(("\\chapter{", "\\section{")):
            statistics = line.startswith("\\section{Statistics}")
        if re.match(r"\\begin\{(longtable|tabulary|tabular)\}", line):
            start = number
        elif re.match(r"\\end\{(longtable|tabulary|tabular)\}", line) and start:
            body = "\n".join(lines[start - 1:number])
            if statistics or re.search(r"\\label\{\\detokenize\{[^}]*:paper-", body):
                found.append(range(start, number + 1))
            start = None
    return found


def latex_problems(built: Built) -> list[str]:
    """What the LaTeX log says went wrong in the extension's part of the book."""
    tex = next(built.folder.glob("*.tex")).read_text(encoding="utf-8")
    tables = our_tables(tex)
    assert tables, "no table of papers found in the .tex"
    problems = [line for line in built.log.splitlines()
                if "multiply defined" in line or line.startswith("! ") or "Missing character" in line]
    for match in OVERFULL.finditer(built.log):
        first, last = int(match.group(2)), int(match.group(3))
        if any(first in table or last in table for table in tables):
            problems.append(match.group(0))
    return problems


def test_the_latex_log_has_one_label_per_paper_and_tables_that_fit(rtd_pdf):
    assert latex_problems(rtd_pdf) == []
    # what the log is read for is there to be read
    assert "Output written on" in rtd_pdf.log and "Overfull" in rtd_pdf.log


# --- a year of 120 papers -----------------------------------------------------------------------

def generated_year(count: int, year: int) -> dict:
    """`count` made-up papers of one year (benchmarks/generate.py: real-looking titles, venues, authors)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    real = json.loads(DATA.read_text(encoding="utf-8"))
    doc = generate.generate(count, venues=real["venues"], tags=real["tags"], seed=18)
    for paper in doc["papers"]:
        paper["year"] = year
    return doc


#: Titles of the kind a real list holds (Awesome-FL's 2,516 has "γ" and "−"): pdflatex knows none of these
GREEK_AND_SIGNS = ("γ-FedHT: Stepsize-Aware Hard-Threshold Gradient Compression",
                   "Achieving ε−Differential Privacy with λ ≤ 1 for Σ-Weighted Federated Aggregation",
                   "Ω(√n) Lower Bounds: ℓ2 Robustness → ∞ Clients")


@pytest.fixture(scope="module")
def long_year(tmp_path_factory) -> tuple[Built, dict]:
    needs("latexmk", "pdflatex")
    folder = tmp_path_factory.mktemp("long-year")
    doc = generated_year(120, 2024)
    # titles as real lists have them: a Greek letter in a method's name, signs of mathematics
    for paper, title in zip(doc["papers"], GREEK_AND_SIGNS, strict=False):
        paper["title"] = title
    # and an address named by a whole title, as some publishers' are: one word to LaTeX but for its hyphens
    doc["papers"][5]["url"] = ("https://www.ndss-symposium.org/ndss-paper/"
                               "a-scalable-model-inversion-attack-against-secure-federated-learning-via-latent-space-"
                               "reconstruction-of-every-hospitals-updates/")
    data = folder / "papers.json"
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    src = folder / "src"
    src.mkdir()
    (src / "conf.py").write_text(f'project = "A long year"\nextensions = ["myst_parser", "papers"]\n'
                                 f"papers_file = {str(data)!r}\npapers_schema = {str(SCHEMA)!r}\n")
    (src / "index.md").write_text("# A long year\n\n```{papers}\n```\n", encoding="utf-8")
    return build("pdf", folder / "out", docs=src), doc


def test_a_year_of_120_papers_breaks_across_pages_complete(long_year):
    built, doc = long_year
    pages = [squeezed(page) for page in pdf_pages(built.file)]
    whole = "".join(pages)
    assert [p["id"] for p in doc["papers"] if squeezed(p["title"]) not in whole] == []
    # the page each title starts on (a title may end on the next)
    starts = {p["id"]: [n for n, page in enumerate(pages) if squeezed(p["title"])[:24] in page] for p in doc["papers"]}
    assert len({on[0] for on in starts.values() if on}) >= 5, "120 papers on fewer than five pages?"
    assert latex_problems(built) == []
    # (pdftotext gives the math fonts' letters as mathematical italic, which squeezing folds back)
    assert all(squeezed(letter) in whole for letter in "γελΣΩ"), "a Greek letter of a title is missing"


# --- the offline HTML --------------------------------------------------------------------------

def test_the_offline_html_links_only_what_it_holds(rtd_htmlzip):
    """Unzipped, the single page follows every link of its own: no feed, search page or index it lacks."""
    page = BeautifulSoup((rtd_htmlzip / "index.html").read_text(encoding="utf-8"), "html.parser")
    missing = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")):
        for element in page.find_all(tag):
            target = element.get(attribute)
            if target is None or re.match(r"^(https?:|mailto:|#|data:)", target):
                continue
            path = target.split("#")[0].split("?")[0]  # "?q=venue:MICCAI": this very page, filtered
            if path and not (rtd_htmlzip / path).is_file():
                missing.append(f"<{tag} {attribute}={target}>")
    ids = {element["id"] for element in page.find_all(id=True)}
    missing += [f"<a href={a['href']}>" for a in page.find_all("a", href=re.compile("^#.")) if a["href"][1:] not in ids]
    assert missing == []
    assert page.find("a", href="feed.xml") is None and page.find(action="search.html") is None
    assert page.select_one("a[href$='/feed.xml']")["href"] == f"https://{SLUG}.readthedocs.io/en/{VERSION}/feed.xml"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def natural(text: str) -> list:
    """The list's documented title order: case and accents aside, numbers as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", fold(text))]


@pytest.mark.browser
def test_the_offline_html_sorts_and_filters_opened_from_a_file(pages, rtd_htmlzip):
    page = pages.open()
    page.goto((rtd_htmlzip / "index.html").as_uri())
    year = max((p.year for p in CATALOG.papers), key=lambda y: sum(p.year == y for p in CATALOG.papers))
    papers = [p for p in CATALOG.papers if p.year == year]
    table = page.get_by_role("table", name=f"Papers of {year}")
    titles = table.locator("tbody dt > a:first-child")
    expect(titles).to_have_text([p.title for p in papers])
    table.get_by_role("button", name="Title", exact=True).click()
    expect(titles).to_have_text(sorted((p.title for p in papers), key=natural))
    assert [p.title for p in papers] != sorted((p.title for p in papers), key=natural)

    box = page.get_by_role("searchbox", name="Filter papers")
    box.fill("tag:privacy")
    private = {f"paper-{p.id}" for p in CATALOG.papers if "privacy" in p.tags}
    expect(page.locator("output.papers-count")).to_have_text(f"{len(private)} of {len(CATALOG.papers)} papers")
    listed = box.evaluate("box => box.closest('.papers-controls').dataset.list")
    shown = page.locator(f'table[data-list="{listed}"] tbody tr').evaluate_all(
        "rows => rows.filter(r => r.checkVisibility()).map(r => r.querySelector('dt').id)")
    assert set(shown) == private and 0 < len(private) < len(CATALOG.papers)


# --- Read the Docs' search ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def search_index(rtd_html):
    from rtd_index import index_site, read_config

    config = read_config(ROOT / ".readthedocs.yaml")
    return config, index_site(rtd_html.folder, config)


def test_search_finds_papers_not_the_browse_pages_noise(rtd_html, search_index):
    from rtd_index import ignored, rank

    config, indexed = search_index
    papers = rank("papers.html", config)
    browse = [p.relative_to(rtd_html.folder).as_posix() for p in (rtd_html.folder / "browse").rglob("*.html")]
    assert len(browse) > 10
    for path in browse:  # each browse page is out of the index, or below the papers
        assert ignored(path, config) or rank(path, config) < papers, path
    assert ignored("browse/statistics.html", config) or rank("browse/statistics.html", config) < papers
    # every paper's own page is in, titled with the paper, no lower than the list
    for paper in CATALOG.papers:
        page = indexed[f"papers/{paper.id}.html"]
        assert (page.title, page.rank) == (paper.title, papers), paper.id


def test_no_words_are_glued_together_in_what_the_search_indexes(search_index):
    """Read the Docs joins text nodes with nothing between them: every indexed word must be one the page shows."""
    _, indexed = search_index
    glued = {path: words[:5] for path, page in indexed.items()
             if (words := [w for section in page.sections for w in section.glued])}
    assert glued == {}
    assert len(indexed) > len(CATALOG.papers)  # the paper pages and the site's own
