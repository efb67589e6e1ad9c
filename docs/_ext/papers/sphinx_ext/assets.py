"""What each builder gets: our CSS and JS for HTML pages with a list, plain tables elsewhere, a style sheet for e-books.

Web builds (html, dirhtml, singlehtml) set the tag ``web``, so a page can say
what only a browser does in an ``only`` block (``{only} web``) and what a PDF
or an e-book has instead (``{only} not web``).

A web page loads only what it uses and waits for no script: sphinx-design's style
sheet only where its components are (a table's badges are styled by papers.css),
its tab script only where tabs are, the theme's code colours only where code is,
and every script deferred, Sphinx's and the theme's too (they run once the page
is read, in their order, as before).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from . import search
from .nodes import papers_table
from .pages import web_page
from .plain_table import ExpandPaperTables
from .statistics import papers_statistics

STATIC = Path(__file__).parent / "static"
#: The e-book's style sheet: its own, in CSS that e-readers (and epubcheck) parse.
BOOK_CSS = "papers-book.css"
#: The tag of web builds, for ``only`` blocks.
WEB_TAG = "web"


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


#: sphinx-design's files, and the component classes (from its directives) that need each.
DESIGN_CSS, DESIGN_TABS = "sphinx-design.min.css", "design-tabs.js"
#: The theme's colours for highlighted code.
PYGMENTS_CSS = "pygments.css"
#: On the search page, furo loads searchtools.js without ``defer``; as it loads it calls doctools.js's
#: ``_ready``, so that one runs first, as written.
SEARCH_NEEDS_FIRST = "doctools.js"


def _name(asset) -> str:
    return str(asset.filename).split("?", 1)[0].rsplit("/", 1)[-1]


def uses_design(doctree, component: str = "sd-") -> bool:
    """Whether sphinx-design's directives put a component on the page (its classes start ``sd-``)."""
    if doctree is None:
        return False
    return any(c.startswith(component) for node in doctree.findall(nodes.Element) for c in node.get("classes", ()))


def trim_and_defer(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page's style sheets and scripts: only those it uses, the scripts deferred."""
    if not web_page(app.builder) or "css_files" not in context:
        return
    unused = set()
    if not uses_design(doctree):
        unused.add(DESIGN_CSS)
    if not uses_design(doctree, "sd-tab-set"):
        unused.add(DESIGN_TABS)
    if doctree is None or doctree.next_node(nodes.literal_block) is None:
        unused.add(PYGMENTS_CSS)
    context["css_files"] = [css for css in context["css_files"] if _name(css) not in unused]
    scripts = []
    for script in context["script_files"]:
        name = _name(script) if script.filename else ""
        if name in unused:
            continue
        waits = script.filename and not {"defer", "async"} & script.attributes.keys() and not (
            pagename == "search" and name == SEARCH_NEEDS_FIRST)
        # the same asset, deferred (Sphinx's asset objects are immutable)
        scripts.append(type(script)(script.filename, priority=script.priority, **{**script.attributes,
                                                                                  "defer": "defer"})
                       if waits else script)
    context["script_files"] = scripts


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", set_up_builder)
    app.connect("html-page-context", add_page_assets)
    # after every handler that adds a file (the theme's, ours)
    app.connect("html-page-context", trim_and_defer, priority=900)
