"""An Atom feed (RFC 4287) of the papers added last, and the "new" that marks recent rows.

The feed is ``feed.xml`` at the root of a web build, advertised in every page's
head so feed readers find it. Entries are the ``papers_feed_size`` papers with
the latest ``added`` day. Ids are ``urn:uuid``s made from the paper's id: stable
across builds and hosts. Links are absolute when the site knows its address
(``html_baseurl``, which Read the Docs sets), else relative to the feed.
"""

from __future__ import annotations

import datetime
import os
import uuid
from html import escape
from pathlib import Path
from xml.etree import ElementTree as ET

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from . import stamps
from .background import reporting
from .loading import load_catalog
from .model import Catalog, Paper
from .paths import data_file, schema_file

FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def build_day() -> datetime.date:
    """Today, or the day SOURCE_DATE_EPOCH names: a reproducible build marks the same rows new."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def newest(papers, count: int) -> list[Paper]:
    """The `count` papers added last; among papers added the same day, the list's own order."""
    ordered = sorted(enumerate(papers), key=lambda item: (item[1].added, -item[0]), reverse=True)
    return [paper for _, paper in ordered[:count]]


def is_new(paper: Paper, today: datetime.date, days: int) -> bool:
    return bool(paper.added) and (today - datetime.date.fromisoformat(paper.added)).days < days


def _id(text: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, text)}"


def atom(catalog: Catalog, *, title: str, author: str, size: int, page_url: str, base: str) -> bytes:
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
        authors = ", ".join(paper.authors) + (", and others" if paper.more_authors else "")
        sub(entry, "summary", f"{authors}. {where}.")
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def _name(name: str) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}name")
    element.text = name
    return element


def wants_feed(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """Write feed.xml, unless the data, the site's address and which page lists each paper are as last time."""
    if exception is not None or not wants_feed(app):
        return
    with reporting("the feed"):
        _write(app)


def _write(app: Sphinx) -> None:
    target = Path(app.outdir) / FILE
    stamp = Path(app.outdir) / "_papers" / ".feed-hash"
    digest = stamps.digest(app.config, app.config.html_baseurl, app.config.papers_feed_size, app.config.project,
                           sorted(app.env.get_domain("paper").data["targets"].items()))
    if stamps.holds(stamp, digest, target):
        return
    catalog = load_catalog(data_file(app.config), schema_file(app.config))
    domain = app.env.get_domain("paper")
    base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""

    def page_url(paper: Paper) -> str:
        if paper.id not in domain.papers:  # listed on no page: its own link
            return paper.url
        docname, _ = domain.target(paper.id)
        return f"{base}{app.builder.get_target_uri(docname)}#{paper.anchor}"

    text = atom(catalog, title=f"{app.config.project}: new papers", author=app.config.author,
                size=app.config.papers_feed_size, page_url=page_url, base=base)
    if not target.is_file() or target.read_bytes() != text:
        target.write_bytes(text)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def advertise_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page names the feed in its head, for feed readers and browsers."""
    if not wants_feed(app):
        return
    href = relative_uri(app.builder.get_target_uri(pagename), FILE)
    title = escape(f"{app.config.project}: new papers")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">')
