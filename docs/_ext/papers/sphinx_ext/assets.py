"""What each builder gets: our CSS and JS for HTML pages with a list, plain tables elsewhere, a style sheet for e-books.

Web builds (html, dirhtml, singlehtml) set the tag ``web``, so a page can say
what only a browser does in an ``only`` block (``{only} web``) and what a PDF
or an e-book has instead (``{only} not web``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import search
from .nodes import papers_table
from .plain_table import ExpandPaperTables
from .statistics import papers_statistics

STATIC = Path(__file__).parent / "static"
#: The e-book's style sheet: its own, in CSS that e-readers (and epubcheck) parse.
BOOK_CSS = "papers-book.css"
#: The tag of web builds, for ``only`` blocks.
WEB_TAG = "web"


def web_page(builder) -> bool:
    """A page read in a browser with our scripts: an e-book gets plain tables, like a PDF."""
    return builder.format == "html" and not builder.name.startswith("epub")


def set_up_builder(app: Sphinx) -> None:
    if web_page(app.builder):
        app.tags.add(WEB_TAG)
        app.config.html_static_path.append(str(STATIC))
        # a search hit can open any page, so every page needs it, not only pages with lists
        app.add_js_file("svg-highlight.js", loading_method="defer")
    else:
        app.add_post_transform(ExpandPaperTables)
        if app.builder.format == "html":  # an e-book: its one style sheet of ours, not the web's files
            app.config.html_static_path.append(str(STATIC / BOOK_CSS))
            app.add_css_file(BOOK_CSS)


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Only pages with a list load our files (the statistics its styles); the search page, the paper search."""
    if not web_page(app.builder):
        return
    if pagename == "search" and app.builder.search:
        app.add_css_file("papers.css")
        app.add_js_file("query.js", loading_method="defer")
        app.add_js_file("papers-search.js", loading_method="defer")
        app.add_js_file(search.FILE, loading_method="defer")  # after the script that reads it
    elif context.get("papers_generated") and pagename.startswith(f"{app.config.papers_pages}/"):
        app.add_css_file("papers.css")
        app.add_js_file("paper-page.js", loading_method="defer")
    elif context.get("papers_generated") or (doctree is not None and doctree.next_node(papers_table)):
        app.add_css_file("papers.css")
        app.add_js_file("query.js", loading_method="defer")
        app.add_js_file("papers.js", loading_method="defer")
        app.add_js_file("cite.js", loading_method="defer")
    elif doctree is not None and doctree.next_node(papers_statistics):
        app.add_css_file("papers.css")  # the charts' colours


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", set_up_builder)
    app.connect("html-page-context", add_page_assets)
