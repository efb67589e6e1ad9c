"""The ``papers-file`` role: a link to a file the web site has (its feed, its downloads), wherever the page is read.

``{papers-file}`the Atom feed <feed.xml>``` links the feed; ``<_papers/papers.bib>``
a download; ``</>`` the site itself. A build that writes the file links it
relative to the page. Any other (a PDF, an e-book, the single page opened
from a folder, which has no feed) has no such file beside it: there the text
is followed by the file's web address, written out so that a reader of paper
can type it, when the site knows its address (``html_baseurl``, which Read the
Docs sets), else by its path on the site.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import ReferenceRole

from ..formats.atom import FILE as FEED
from .config import DOWNLOADS
from .downloads import wants_downloads
from .feed import wants_feed
from .pages import has_pages, relative_address

#: The site's own address, as the role names it.
SITE = "/"


class papers_site_file(nodes.Inline, nodes.TextElement):
    """A file of the web site (attribute ``path``, from the site's root; ``/`` the site): resolved per builder."""


def has_file(builder: Builder, path: str) -> bool:
    """Whether `builder` writes the site's file `path` beside its pages."""
    if path == SITE:
        return has_pages(builder)
    if path == FEED:
        return wants_feed(builder)
    return wants_downloads(builder)


class SiteFileRole(ReferenceRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path = self.target.strip()
        if path not in (SITE, FEED) and not path.startswith(f"{DOWNLOADS}/"):
            message = self.inliner.reporter.error(
                f'papers-file: "{path}" is not a file the site writes; expected "{SITE}" (the site), '
                f'"{FEED}" (the feed) or a download in "{DOWNLOADS}/"', line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        node = papers_site_file(self.rawtext, self.title, path=path)
        self.set_source_info(node)
        return [node], []


def resolve_site_files(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: a link where the builder writes the file, else the text and the file's address."""
    builder = app.builder
    base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
    for node in list(doctree.findall(papers_site_file)):
        path, text = node["path"], node.astext()
        if has_file(builder, path):
            # the single page lives at the output's root, whichever document a part came from
            here = "" if builder.name == "singlehtml" else builder.get_target_uri(docname)
            there = builder.get_target_uri(app.config.root_doc) if path == SITE else path
            node.replace_self(nodes.reference(text, text, refuri=relative_address(here, there), internal=True))
            continue
        if base:  # the web address, whole: a relative one would lead nowhere from a book
            address = base + ("" if path == SITE else path)
            shown: list[nodes.Node] = [nodes.Text(f"{text} ("), nodes.reference(address, address, refuri=address),
                                       nodes.Text(")")]
        elif path == SITE:
            shown = [nodes.Text(text)]
        else:
            shown = [nodes.Text(f"{text} ("), nodes.literal(path, path), nodes.Text(")")]
        node.replace_self(shown)


def setup_site_links(app: Sphinx) -> None:
    app.add_role("papers-file", SiteFileRole())
    app.add_node(papers_site_file)
    app.connect("doctree-resolved", resolve_site_files)
