"""Browse pages written from the data: one per tag, one per venue, an overview and the statistics.

They are reStructuredText files the extension writes into the source folder
(``papers_browse``, default ``browse``; git-ignored) at ``builder-inited``, before
Sphinx looks for sources: then they are pages like any other, searched, linked and
rebuilt when they change. A file is rewritten only when its text changes, so an
unchanged list costs no re-reading, and a page whose tag or venue left the list is
deleted. Their lists use ``:no-index:``: each paper keeps its one object and search hit.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from sphinx.application import Sphinx

from ..data.keys import unique_slugs
from ..data.kinds import KINDS
from ..data.loading import PapersDataError, content_digest
from ..data.model import Catalog
from .config import catalog_of, data_file, schema_file

#: The first line of every page we write: files without it are never touched.
MARK = ".. This page is written by the papers extension from the data file; edits here are overwritten."
GROUPS = {"task": "Tasks", "modality": "Data modalities", "problem": "Problems addressed"}
slugs = unique_slugs


def _rst(text: str) -> str:
    """Plain text as reStructuredText inline text: markup characters escaped."""
    return re.sub(r"([\\`*_|<>\[\]])", r"\\\1", text)


def _heading(text: str, char: str) -> str:
    return f"{text}\n{char * max(2 * len(text), 4)}\n"  # wide characters take two columns


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


#: Tag and venue pages stay out of the site's navigation (a real list has hundreds of
#: venues): the browse overview links each of them.
ORPHAN = ":orphan:\n\n"


def tag_page(key: str, description: str, count: int) -> str:
    return (f"{MARK}\n\n{ORPHAN}{_heading(f'Tag: {_rst(key)}', '=')}\n"
            f"{_rst(description)} {_plural(count, 'paper')} carry this tag.\n\n"
            f".. papers::\n   :tags: {key}\n   :no-index:\n")


def venue_page(key: str, name: str, kind: str, count: int) -> str:
    return (f"{MARK}\n\n{ORPHAN}{_heading(_rst(key), '=')}\n"
            f"*{_rst(name)}*, a {kind}: {_plural(count, 'paper')} in the list.\n\n"
            f".. papers::\n   :venues: {key}\n   :no-index:\n")


def statistics_page() -> str:
    return (f"{MARK}\n\n{_heading('Statistics', '=')}\n"
            "How the field has grown, year by year, and where it publishes, drawn from the list itself.\n\n"
            ".. papers-statistics::\n")


def overview_page(catalog: Catalog, tag_slugs: dict[str, str], venue_slugs: dict[str, str]) -> str:
    tag_counts = Counter(t for p in catalog.papers for t in p.tags)
    venue_counts = Counter(p.venue for p in catalog.papers if p.venue)
    out = [MARK, "", _heading("Browse", "="),
           "Every tag and every venue of the list has a page of its own, listing its papers. "
           "The :doc:`statistics <statistics>` show how the field has grown.", "",
           _heading("Tags", "-")]
    for group, title in GROUPS.items():
        keys = sorted(k for k, t in catalog.tags.items() if t.group == group)
        if not keys:
            continue
        out += [_heading(title, "~")]
        out += [f"* :doc:`{_rst(k)} <tags/{tag_slugs[k]}>` ({_plural(tag_counts[k], 'paper')}): "
                f"{_rst(catalog.tags[k].description)}" for k in keys]
        out.append("")
    out.append(_heading("Venues", "-"))
    for kind, title in ((k.key, k.plural) for k in KINDS.values()):
        keys = sorted((k for k, v in catalog.venues.items() if v.kind == kind), key=lambda k: (-venue_counts[k], k))
        if not keys:
            continue
        out += [_heading(title, "~")]
        out += [f"* :doc:`{_rst(k)} <venues/{venue_slugs[k]}>`: {_rst(catalog.venues[k].name)} "
                f"({_plural(venue_counts[k], 'paper')})" for k in keys]
        out.append("")
    out += [".. toctree::", "   :hidden:", "", "   statistics", ""]
    return "\n".join(out)


def pages(catalog: Catalog) -> dict[str, str]:
    """Relative path (without suffix) -> text of every browse page."""
    tag_slugs, venue_slugs = slugs(catalog.tags), slugs(catalog.venues)
    tag_counts = Counter(t for p in catalog.papers for t in p.tags)
    venue_counts = Counter(p.venue for p in catalog.papers if p.venue)
    out = {"index": overview_page(catalog, tag_slugs, venue_slugs), "statistics": statistics_page()}
    for key, tag in catalog.tags.items():
        if tag_counts[key]:  # a page for a tag no paper carries would only warn "no paper matches"
            out[f"tags/{tag_slugs[key]}"] = tag_page(key, tag.description, tag_counts[key])
    for key, venue in catalog.venues.items():
        if venue_counts[key]:
            out[f"venues/{venue_slugs[key]}"] = venue_page(key, venue.name, venue.kind, venue_counts[key])
    return out


def write_pages(app: Sphinx) -> None:
    """Write the browse pages into the source folder; stale ones of ours go.

    A stamp of the data file's contents beside them skips all of it when nothing changed.
    """
    folder_name = app.config.papers_browse
    if not folder_name:
        return
    folder = Path(app.srcdir, folder_name)
    stamp = folder / ".data-hash"
    made_from = content_digest(data_file(app.config), schema_file(app.config))
    if stamp.is_file() and stamp.read_text() == made_from and (folder / "index.rst").is_file():
        return
    try:
        catalog = catalog_of(app.config)
    except PapersDataError:
        return  # the preflight has reported the file's problems and stopped the build
    wanted = {folder / f"{name}.rst": text for name, text in pages(catalog).items()}
    for path, text in wanted.items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for old in folder.rglob("*.rst"):
        if old not in wanted and old.read_text(encoding="utf-8").startswith(MARK):
            old.unlink()
    stamp.write_text(made_from)


def setup_browse(app: Sphinx) -> None:
    app.connect("builder-inited", write_pages, priority=450)  # after the preflight: only from a good file
