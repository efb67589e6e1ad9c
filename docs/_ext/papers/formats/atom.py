"""An Atom feed (RFC 4287) of the papers added last.

Entries are the papers with the latest ``added`` day, newest first. Ids are
``urn:uuid``s made from the paper's id: stable across builds and hosts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from xml.etree import ElementTree as ET

from ..data.dates import newest
from ..data.model import Catalog, Paper
from ..data.names import authors_line

FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def _id(text: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, text)}"


def atom(catalog: Catalog, *, title: str, author: str, size: int, page_url: Callable[[Paper], str],
         base: str) -> bytes:
    """The feed. `page_url(paper)` gives each paper's address; `base` is the site's address or ''."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    entries = newest(catalog.papers, size)
    updated = max((p.added for p in entries), default="1970-01-01") + "T00:00:00Z"
    sub(feed, "id", _id(f"papers-feed:{base or title}"))
    sub(feed, "title", title)
    sub(feed, "subtitle", "The papers added to the list last, newest first.")
    sub(feed, "updated", updated)
    sub(feed, "author").append(_name(author))
    if base:
        sub(feed, "link", rel="self", type="application/atom+xml", href=base + FILE)
    sub(feed, "generator", "the papers Sphinx extension")
    for paper in entries:
        venue = catalog.venues.get(paper.venue) if paper.venue else None
        entry = sub(feed, "entry")
        sub(entry, "id", _id(f"paper:{paper.id}"))
        sub(entry, "title", paper.title)
        sub(entry, "link", rel="alternate", type="text/html", href=page_url(paper))
        sub(entry, "link", rel="related", href=paper.url)
        sub(entry, "published", paper.added + "T00:00:00Z")
        sub(entry, "updated", paper.added + "T00:00:00Z")
        for name in paper.authors:
            sub(entry, "author").append(_name(name))
        for tag in paper.tags:
            sub(entry, "category", term=tag)
        where = f"{venue.name} ({venue.key}), {paper.year}" if venue else f"Preprint, {paper.year}"
        sub(entry, "summary", f"{authors_line(paper.authors, paper.more_authors)}. {where}.")
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _name(name: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}name")
    element.text = name
    return element
