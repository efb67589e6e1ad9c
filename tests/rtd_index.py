"""What Read the Docs' server-side search would index from our built pages, written for this project.

Read the Docs indexes every ``.html`` file of a build on its own servers; this module reads a
page the way it does, so tests can see the sections, titles and words a reader can find. It is
our own code, written from Read the Docs' documentation and from reading its indexer (facts
carry over, code does not). Sources, read at readthedocs/readthedocs.org commit 79371961:

- [SSI] "Server side search integration", dev.readthedocs.io/en/latest/search-integration.html
  (docs/dev/search-integration.rst);
- [MCD] "Main content detection", docs.readthedocs.io/en/stable/reference/main-content-detection.html;
- [CFG] the configuration file reference, docs.readthedocs.io/en/stable/config-file/v2.html,
  sections ``search.ranking`` and ``search.ignore``;
- [GP] ``readthedocs/search/parsers.py``, class ``GenericParser`` (the method named after each rule);
- [IDX] ``readthedocs/projects/tasks/search.py`` (``SearchIndexer.process``, ``_process_files``),
  ``readthedocs/config/config.py`` (``validate_search``), ``readthedocs/config/validation.py``
  (``validate_path_pattern``), ``readthedocs/search/faceted_search.py`` (``_get_script_score``).

Rules for one page (``index_page``, ``read_page``):

1. Main content [MCD, GP ``_get_main_node``]: the first element with ``role="main"``, else the
   first ``<main>``, else the parent of the first ``<h1>`` (of its ``<header>`` when the ``<h1>``
   sits in one), else ``<body>``. Nothing outside it is indexed.
2. Irrelevant content removed from it [SSI "Irrelevant content", GP ``_clean_body``]: ``<nav>``,
   ``[role=navigation]``, ``[role=search]``, ``.headerlink``, ``.linenos``, ``.lineno``,
   ``.toctree-wrapper``, and (in [GP] only) ``<script>``, ``<style>``, ``<template>``,
   ``<noscript>``.
3. Page title [SSI note, GP ``_get_page_title``]: the text of the first ``<h1>`` left in the main
   content, else the ``<title>``, else the page's path.
4. Definition sections first [SSI "Sections", GP ``_parse_dls``]: for each ``<dl>`` in document
   order, each of its own ``<dt>`` children with a non-empty ``id`` and a following sibling
   ``<dd>`` (several terms share the next ``<dd>``) is a section: ``id`` the dt's id, title the dt's
   text, content the dd's text without any inner ``dl``'s ``dt[id]`` and the ``<dd>`` after each
   (those are sections of their own). Then every indexed ``<dt>`` and ``<dd>`` is removed, so the
   text is not indexed twice.
5. Content before the first heading [GP ``_parse_sections``], if any, is a section with id ``""``
   under the page title; headings are looked for three levels deep.
6. Heading sections [SSI "Sections", GP ``_parse_sections``, ``_parse_section_title``,
   ``_parse_section_content``]: every ``<h1>`` of the page, then every ``<h2>``, … ``<h6>`` (the
   documentation says h1-h7; the code reads h1-h6). Its id is the heading's own ``id``, else its
   parent's ``id`` (Sphinx puts it on the enclosing ``<section>``), else ``""``. Its content is the
   text of the siblings that follow the heading (or its ``<header>``), looked into two levels
   deep, up to the first heading or ``<header>`` of *any* level, so a section's content stops at
   its first subsection.
7. Limits [GP ``max_inner_documents``, ``max_content_length``]: the first 10,000 sections of a
   page (the Elasticsearch ``nested_objects`` limit); every title and content cut at 1,048,576
   characters ("~1MB").

How text is joined [GP ``_parse_section_content``, ``_parse_content``, ``block_level_elements``]:
an element's text is its text nodes joined with *nothing* between them (comments carry none);
while looking into the levels below a heading, a block-level element (address, article, aside,
blockquote, canvas, dd, div, dl, dt, fieldset, figcaption, figure, footer, form, h1-h6, header,
hr, li, main, nav, noscript, ol, p, pre, section, table, tfoot, ul, video) gets a line break on
either side; then all whitespace (Unicode, so a no-break space too) collapses to one space and
each level's text is stripped. So ``<td>Data</td><td>new</td>`` is indexed as ``Datanew``, and
``a<span> <b>b</b></span>`` as ``ab``. A code block (a class starting with ``highlight`` around a
``<pre>``) is the text of its ``<pre>`` elements joined by spaces [GP ``_parse_code_section``].

What a reader sees instead: each ``Section`` also lists its ``glued`` words, the indexed words
that a browser shows as separate pieces, for one of two reasons: an element boundary between
them is laid out apart (an element the HTML Standard's rendering section does not lay out
inline: 15.3.2 the page; 15.3.3 flow content; 15.3.7 sections and headings; 15.3.8 lists; 15.3.9
tables; 15.3.13 fieldset and legend; 15.5 widgets: details, summary, button, input, select,
textarea, meter, progress; 15.4 replaced elements: img, video, audio, iframe, embed, object,
canvas; also ``<br>``, and an SVG ``<text>``, each placed on its own), or a space between them
was stripped off the end of a level (``a<span> <b>b</b></span>``). Tests can forbid these words
rather than spot-check a few.

Site-wide (``index_site``, ``ignored``, ``rank``), from ``.readthedocs.yaml`` [CFG, IDX]:

- Only files whose name ends in ``.html`` are indexed, by their path relative to the output
  folder (``browse/tags/ct.html``).
- ``search.ignore`` is a list of patterns; a page matching any is left out of the index. Its
  default is ``search.html``, ``search/index.html``, ``404.html``, ``404/index.html``; a list of
  one's own *replaces* the default (the documentation lists the defaults again in its example).
- ``search.ranking`` maps patterns to a rank, an integer from -10 to 10; the *last* pattern that
  matches decides; a page no pattern matches has rank 0 ("normal rank", not "no rank"). A hit's
  score is multiplied by ``SCORE_FACTOR[rank]`` (0.8 at -1, 1.3 at 1, 0.01 at -10).
- Patterns are shell globs matched case-sensitively (``fnmatch``): ``*`` matches anything,
  slashes included, ``?`` one character, ``[seq]`` one of seq. A pattern is first normalised
  (leading and repeated slashes dropped, ``.`` and ``..`` resolved); one that names no path is
  an error.

Parsing: Read the Docs parses with selectolax, whose engine builds the tree by the HTML
Standard's parsing rules; so do we, with html5lib. The tree then has what the markup implies
(a ``<tbody>`` around table rows, a ``<p>`` closed by a ``<div>``), which moves text between
levels and so changes how it is joined. Not computed: the ``main_content_hash`` [GP], which
serves Read the Docs' file-tree diff, not search.
"""

from __future__ import annotations

import copy
import posixpath
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from ruamel.yaml import YAML

#: At most this many sections of a page are indexed [GP ``max_inner_documents``].
MAX_SECTIONS = 10_000
#: A title or content is cut to this many characters [GP ``max_content_length``].
MAX_CONTENT = 1024 * 1024

#: Removed from the main content before anything is read [SSI, GP ``_clean_body``]: these
#: elements, elements with these roles, elements with these classes.
IRRELEVANT_ELEMENTS = frozenset({"nav", "script", "style", "template", "noscript"})
IRRELEVANT_ROLES = frozenset({"navigation", "search"})
IRRELEVANT_CLASSES = frozenset({"headerlink", "linenos", "lineno", "toctree-wrapper"})

#: Elements Read the Docs wraps in line breaks while joining a section's text [GP].
BLOCK_LEVEL = frozenset("""
    address article aside blockquote canvas dd div dl dt fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav noscript ol p pre section table tfoot ul video
""".split())

#: Elements a browser lays out apart from the text around them (see the module docstring).
LAID_OUT_APART = frozenset("""
    html body
    address blockquote center dialog div figure figcaption footer form header hr legend listing
    main p plaintext pre search xmp
    article aside h1 h2 h3 h4 h5 h6 hgroup nav section
    dir dd dl dt menu ol ul li
    table caption colgroup col thead tbody tfoot tr td th
    fieldset details summary button input select textarea meter progress optgroup option
    img video audio iframe embed object canvas
    br text
""".split())

#: ``.readthedocs.yaml``'s ``search.ignore`` when it sets none [CFG, ``validate_search``].
DEFAULT_IGNORE = ("search.html", "search/index.html", "404.html", "404/index.html")

#: What a rank multiplies a hit's score by, from rank -10 to 10 [IDX ``_get_script_score``].
SCORE_FACTOR = dict(zip(range(-10, 11), (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1,
                                          1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.93, 1.96, 2), strict=True))

WORD = re.compile(r"\S+")  # \S is the complement of str.isspace(), which str.split() uses
HEADING = re.compile(r"h\d")


@dataclass(frozen=True)
class Section:
    """One searchable part of a page: where a hit links to (``#id``), its title and its words."""

    id: str
    title: str
    content: str
    #: words indexed as one that a reader sees as several, each as the pieces a reader sees
    glued: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class IndexedPage:
    """A page as the search index holds it."""

    path: str
    title: str
    sections: list[Section]
    rank: int = 0


@dataclass(frozen=True)
class Joined:
    """Text joined as Read the Docs joins it, remembering the offsets where a reader sees a break."""

    text: str = ""
    breaks: tuple[int, ...] = ()

    @staticmethod
    def concat(pieces: Iterable[Joined]) -> Joined:
        """The pieces one after the other, with nothing between them."""
        texts: list[str] = []
        breaks: list[int] = []
        shift = 0
        for piece in pieces:
            texts.append(piece.text)
            breaks.extend(b + shift for b in piece.breaks)
            shift += len(piece.text)
        return Joined("".join(texts), tuple(breaks))

    def collapsed(self) -> Joined:
        """Whitespace runs to one space, both ends stripped, cut at MAX_CONTENT [GP ``_parse_content``].

        A break inside a word stays with it; one in whitespace between words is dropped (a space
        is there). Whitespace stripped off an end was a space a reader sees, so it becomes a break
        at that end, like a break that was there: the next join may glue the word to its neighbour.
        """
        spans = [m.span() for m in WORD.finditer(self.text)]
        text = " ".join(self.text[start:end] for start, end in spans)
        if not spans:
            return Joined("", (0,) if self.breaks or self.text else ())
        starts = [start for start, _ in spans]
        moved, position = [], 0
        for start, end in spans:
            moved.append(position)
            position += end - start + 1
        breaks = {0} if spans[0][0] > 0 else set()
        if spans[-1][1] < len(self.text):
            breaks.add(len(text))
        for offset in self.breaks:
            if offset <= spans[0][0]:
                breaks.add(0)
            elif offset >= spans[-1][1]:
                breaks.add(len(text))
            else:
                word = bisect_right(starts, offset) - 1
                start, end = spans[word]
                if start < offset < end:
                    breaks.add(moved[word] + offset - start)
        text = text[:MAX_CONTENT]
        return Joined(text, tuple(sorted(b for b in breaks if b <= len(text))))

    def glued(self) -> tuple[tuple[str, ...], ...]:
        """The words of collapsed text that hold a break, each split where the breaks are."""
        found = []
        for match in WORD.finditer(self.text):
            inside = self.breaks[bisect_right(self.breaks, match.start()):bisect_left(self.breaks, match.end())]
            if inside:
                cuts = [match.start(), *inside, match.end()]
                found.append(tuple(self.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)))
        return tuple(found)


BREAK = Joined("", (0,))
NEWLINE = Joined("\n")


def read_page(html: str, path: str = "") -> IndexedPage:
    """The title and sections Read the Docs' search would index from one page's HTML."""
    soup = BeautifulSoup(html, "html5lib")
    body = soup.body or soup
    main = main_content(body)
    remove(main.find_all(irrelevant))
    title = page_title(main, soup) or path
    sections = [*definition_sections(main)]
    lead, _ = gather(first_child(main), depth=3)
    if lead.text:
        sections.append(Section("", title, lead.text, lead.glued()))
    sections.extend(heading_sections(main))
    return IndexedPage(path, title, sections[:MAX_SECTIONS])


def index_page(html: str, path: str = "") -> list[Section]:
    """The sections Read the Docs' search would index from one page's HTML, in its order."""
    return read_page(html, path).sections


def main_content(body: Tag) -> Tag:
    """``role="main"``, else ``<main>``, else the first ``<h1>``'s container's parent, else the body."""
    found = body.find(lambda tag: tag.get("role") == "main") or body.find("main")
    if found is not None:
        return found
    first = body.find("h1")
    if first is not None and first.parent is not None:
        container = heading_container(first)
        if container.parent is not None:
            return container.parent
    return body


def irrelevant(tag: Tag) -> bool:
    """Navigation, a search box, a permalink, line numbers, a toctree, a script: not page text."""
    return (tag.name in IRRELEVANT_ELEMENTS or tag.get("role") in IRRELEVANT_ROLES
            or not IRRELEVANT_CLASSES.isdisjoint(tag.get_attribute_list("class")))


def remove(nodes: Iterable[Tag]) -> None:
    """Take nodes out of the page, in document order: each is then found near the front of its
    parent's children, where Beautiful Soup looks for it first."""
    for node in nodes:
        if not node.decomposed:
            node.decompose()


def page_title(main: Tag, soup: BeautifulSoup) -> str:
    """The first ``<h1>``'s text, else the ``<title>``'s; empty when the page has neither."""
    first = main.find("h1")
    if first is not None:
        return text_of(first).collapsed().text
    title = soup.find("title")
    return text_of(title).collapsed().text if title is not None else ""


def heading_container(heading: Tag) -> Tag:
    """A heading's ``<header>`` when it has one: the section's text starts after it."""
    parent = heading.parent
    return parent if isinstance(parent, Tag) and parent.name == "header" else heading


def definition_sections(main: Tag) -> Iterator[Section]:
    """A section per ``dl > dt[id]`` with its ``<dd>``; then those terms and definitions leave the page."""
    indexed: list[Tag] = []
    for dl in main.find_all("dl"):
        for term in dl.find_all("dt", recursive=False):
            anchor = term.get("id")
            definition = term.find_next_sibling("dd")
            if not anchor or definition is None:
                continue
            title = text_of(term).collapsed()
            content = text_of(without_inner_terms(definition)).collapsed()
            indexed += (term, definition)
            yield Section(str(anchor), title.text, content.text, title.glued() + content.glued())
    remove(indexed)


def without_inner_terms(definition: Tag) -> Tag:
    """A copy of a ``<dd>`` without the ``dt[id]`` of the lists inside it, and their ``<dd>``."""
    definition = copy.copy(definition)
    for inner in definition.find_all("dl"):
        if inner.decomposed:
            continue
        for term in inner.select('dt[id]:not([id=""])'):
            if term.decomposed:
                continue
            following = term.find_next_sibling("dd")
            if following is not None:
                following.decompose()
            term.decompose()
    return definition


def heading_sections(main: Tag) -> Iterator[Section]:
    """A section per heading: every h1 first, then every h2, and so on to h6."""
    for level in range(1, 7):
        for heading in main.find_all(f"h{level}"):
            title = text_of(heading).collapsed()
            parent = heading.parent
            anchor = heading.get("id") or (parent.get("id") if isinstance(parent, Tag) else "") or ""
            content, _ = gather(heading_container(heading).next_sibling, depth=2)
            yield Section(str(anchor), title.text, content.text, title.glued() + content.glued())


def gather(node, *, depth: int) -> tuple[Joined, bool]:
    """The text of ``node`` and its next siblings up to the next heading, and whether one was met.

    Looks into children ``depth`` levels down for that heading; below that, an element is all
    its text. Each level's text is collapsed before its parent joins it.
    """
    pieces: list[Joined] = []
    met_heading = False
    while node is not None:
        if opens_section(node):
            met_heading = True
            break
        if is_code_block(node):
            piece = code_text(node)
        elif depth <= 0 or not isinstance(node, Tag) or not node.contents:
            piece = text_of(node)
        else:
            piece, met_heading = gather(node.contents[0], depth=depth - 1)
            if node.name in LAID_OUT_APART:
                piece = Joined.concat((BREAK, piece, BREAK))
        if piece.text and isinstance(node, Tag) and node.name in BLOCK_LEVEL:
            piece = Joined.concat((NEWLINE, piece, NEWLINE))
        pieces.append(piece)
        if met_heading:
            break
        node = node.next_sibling
    return Joined.concat(pieces).collapsed(), met_heading


def opens_section(node) -> bool:
    """A heading (``h`` and a digit) or a ``<header>``: where a section's text ends."""
    return isinstance(node, Tag) and (HEADING.fullmatch(node.name) is not None or node.name == "header")


def is_code_block(node) -> bool:
    """Sphinx's and MkDocs' code blocks: a class starting with ``highlight`` around a ``<pre>``."""
    if not isinstance(node, Tag) or node.find("pre") is None:
        return False
    return any(name.startswith("highlight") for name in node.get_attribute_list("class") if name)


def code_text(node: Tag) -> Joined:
    """The text of each ``<pre>`` in a code block, collapsed, joined by spaces."""
    pieces = [BREAK]
    for number, pre in enumerate(node.find_all("pre")):
        pieces += [Joined(" ") if number else Joined(), text_of(pre).collapsed()]
    return Joined.concat((*pieces, BREAK))


def text_of(node) -> Joined:
    """All text nodes under ``node`` joined with nothing between them, as Read the Docs reads it."""
    if isinstance(node, Tag):
        inner = [text_of(child) for child in node.children]
        return Joined.concat((BREAK, *inner, BREAK) if node.name in LAID_OUT_APART else inner)
    if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
        return Joined(str(node))
    return Joined()  # a comment, a doctype, a processing instruction: no text


def first_child(node: Tag):
    """Where reading a node's content starts: its first child, text or element."""
    return node.contents[0] if node.contents else None


def search_settings(config: Mapping | None) -> tuple[tuple[str, ...], dict[str, int]]:
    """``search.ignore`` and ``search.ranking`` of a parsed ``.readthedocs.yaml``, defaults filled in.

    Raises ValueError naming the key when the file holds what Read the Docs would refuse.
    """
    search = (config or {}).get("search") or {}
    if not isinstance(search, Mapping):
        raise ValueError(f".readthedocs.yaml: search must be a mapping, got {search!r}")
    ignore = search.get("ignore", DEFAULT_IGNORE)
    if not isinstance(ignore, list | tuple):
        raise ValueError(f".readthedocs.yaml: search.ignore must be a list of path patterns, got {ignore!r}")
    ranking = search.get("ranking", {})
    if not isinstance(ranking, Mapping):
        raise ValueError(f".readthedocs.yaml: search.ranking must map path patterns to ranks, got {ranking!r}")
    ranks = {}
    for pattern, value in ranking.items():
        if isinstance(value, bool) or not isinstance(value, int) or not -10 <= value <= 10:
            raise ValueError(f".readthedocs.yaml: search.ranking: the rank of {pattern!r} must be an integer "
                             f"from -10 to 10, got {value!r}")
        ranks[path_pattern(pattern, "search.ranking")] = value
    return tuple(path_pattern(p, "search.ignore") for p in ignore), ranks


def path_pattern(pattern, key: str) -> str:
    """A pattern as Read the Docs keeps it: relative to the output folder, ``.`` and ``..`` resolved."""
    if not isinstance(pattern, str):
        raise ValueError(f".readthedocs.yaml: {key}: a path pattern must be a string, got {pattern!r}")
    normal = posixpath.normpath("/" + pattern.lstrip("/")).lstrip("/")
    if not normal:
        raise ValueError(f".readthedocs.yaml: {key}: {pattern!r} names no file of the output folder")
    return normal


def ignored(path: str, config: Mapping | None) -> bool:
    """Whether ``search.ignore`` keeps the page at ``path`` (``browse/index.html``) out of the index."""
    patterns, _ = search_settings(config)
    return any(fnmatchcase(path, pattern) for pattern in patterns)


def rank(path: str, config: Mapping | None) -> int:
    """The page's rank under ``search.ranking``: the last matching pattern's, else 0."""
    _, ranks = search_settings(config)
    matching = [value for pattern, value in ranks.items() if fnmatchcase(path, pattern)]
    return matching[-1] if matching else 0


def index_site(html_dir: Path, config: Mapping | None) -> dict[str, IndexedPage]:
    """Every page of a built site that Read the Docs would index, by path, with its rank."""
    pages = {}
    for file in sorted(html_dir.rglob("*.html")):
        path = file.relative_to(html_dir).as_posix()
        if not ignored(path, config):
            page = read_page(file.read_text(encoding="utf-8"), path)
            pages[path] = IndexedPage(path, page.title, page.sections, rank(path, config))
    return pages


def read_config(path: Path) -> dict:
    """A ``.readthedocs.yaml`` parsed as Read the Docs parses it: safe YAML (``readthedocs/config/parser.py``)."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
