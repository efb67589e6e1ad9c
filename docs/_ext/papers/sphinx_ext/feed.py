"""The Atom feed at the root of a web build (`formats.atom`), advertised in every page's head.

Links are absolute when the site knows its address (``html_baseurl``, which
Read the Docs sets), else relative to the feed. A page names the feed relative to
itself, but for the 404 page, which is served at whatever address was not found.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from ..data.model import Paper
from ..formats.atom import FILE, atom
from . import stamps
from .config import catalog_of
from .pages import has_pages
from .stops import reporting

JOB = "feed"


def wants_feed(builder: Builder) -> bool:
    """Sites served from a web server: not the e-book, not the single page (it has no folder to serve)."""
    return has_pages(builder)


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    """Write feed.xml, unless the data, the site's address and which page lists each paper are as last time."""
    if exception is not None or not wants_feed(app.builder):
        return
    with reporting("the feed"):
        _write(app)


def _write(app: Sphinx) -> None:
    target = Path(app.outdir) / FILE
    domain = app.env.get_domain("paper")
    made_from = stamps.digest(app, app.config.html_baseurl, app.config.papers_feed_size, app.config.project,
                              app.config.papers_pages, sorted(domain.data["targets"].items()))
    if stamps.holds(app, JOB, made_from):
        return
    papers = catalog_of(app.config)
    base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""

    def page_url(paper: Paper) -> str:
        page = domain.paper_page(app.builder, paper.id)
        return base + page if page else paper.url  # listed on no page: its own link

    text = atom(papers, title=f"{app.config.project}: new papers", author=app.config.author,
                size=app.config.papers_feed_size, page_url=page_url, base=base)
    if not target.is_file() or target.read_bytes() != text:
        target.write_bytes(text)
    stamps.record(app, JOB, made_from, [target])


def advertise_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page names the feed in its head, for feed readers and browsers."""
    if not wants_feed(app.builder):
        return
    if pagename == getattr(app.config, "notfound_pagename", None):
        # sphinx-notfound-page's page answers any address that is not found, in any folder:
        # a relative link would point into that folder
        root = app.config.html_baseurl or getattr(app.config, "notfound_urls_prefix", None) or "/"
        href = root.rstrip("/") + "/" + FILE
    else:
        href = relative_uri(app.builder.get_target_uri(pagename), FILE)
    title = escape(f"{app.config.project}: new papers")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">')


def setup_feed(app: Sphinx) -> None:
    app.connect("html-page-context", advertise_feed)
    app.connect("build-finished", write_feed)
