"""Pages made from the data rather than from source files: a page per paper, tag, venue, dataset, framework.

They exist only in the web builds (html, dirhtml), and only while the data and
the settings ask for them: nothing is written into the source folder, so no
page outlives its paper or its setting. Rendering each of thousands of pages
through the theme costs milliseconds a page, so the theme renders one *shell*
per folder, with tokens where the title, head, contents, body and name go,
and each page is the shell with its own text in place of the tokens: the
shell's relative links to assets and pages hold for every page of its folder.

The shell is rendered by the builder's own ``handle_page``, so the theme and
every ``html-page-context`` handler (assets, link previews, the feed link)
shape it as they would any page. Handlers that collect page names (a sitemap)
see the shell's name, which holds `SHELL`: exclude it there, and add the real
pages from the ``papers-pages-written`` event, which passes their names.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder

from . import stamps
from .stops import reporting

#: In the shell's page name: a sitemap excludes names containing it.
SHELL = "papers-shell"
_TOKENS = {name: f"{SHELL}-{name}-{os.getpid():x}" for name in ("title", "head", "toc", "body", "stem")}
_TOKEN = re.compile("|".join(re.escape(t) for t in _TOKENS.values()))
_NAME_OF = {token: name for name, token in _TOKENS.items()}
#: Builders whose output is a folder of pages a web server serves.
WEB_BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    #: The page's name, as a document's: "papers/fedbn", "browse/tags/mri" (folder, then stem).
    name: str
    #: Plain text: the page's <title> and link previews (escaped here).
    title: str
    #: HTML of the main content, escaped by its maker.
    body: str
    #: HTML for the page's <head>: its description, citation tags, JSON-LD.
    head: str = ""
    #: The entries of "On this page" below the title, as (anchor, text) pairs.
    sections: tuple[tuple[str, str], ...] = ()


def heading_html(level: int, anchor: str, text: str) -> str:
    """A generated page's heading, with the permalink mark Sphinx gives a document's."""
    return (f'<h{level}>{escape(text)}<a class="headerlink" href="#{anchor}" '
            f'title="Link to this heading">\u00b6</a></h{level}>')


def has_pages(builder: Builder) -> bool:
    """Whether `builder` writes generated pages: the web builds, a folder of pages a server serves
    (the feed and the site's own address go with them)."""
    return builder.name in WEB_BUILDERS


def web_page(builder: Builder) -> bool:
    """A page read in a browser with our scripts, the single page included (it gets the downloads
    too); an e-book gets plain tables, like a PDF."""
    return builder.format == "html" and not builder.name.startswith("epub")


def page_uri(builder: Builder, from_name: str, to_name: str) -> str:
    """The relative address of page `to_name` from page `from_name` (documents or generated pages)."""
    return relative_address(builder.get_target_uri(from_name), builder.get_target_uri(to_name))


def relative_address(here: str, there: str) -> str:
    """The address of `there` from `here` (both from the output's root), never empty: the same page is
    its own file name, the root's index ``./``."""
    from sphinx.util.osutil import relative_uri

    return relative_uri(here, there) or there.rsplit("/", 1)[-1] or "./"


def toc_html(title: str, sections: Iterable[tuple[str, str]]) -> str:
    """The page's contents as Sphinx writes a document's (what the theme's "On this page" shows)."""
    items = "".join(f'<li><a class="reference internal" href="#{anchor}">{escape(text)}</a></li>'
                    for anchor, text in sections)
    inner = f"<ul>\n{items}\n</ul>" if items else ""
    return f'<ul>\n<li><a class="reference internal" href="#">{escape(title)}</a>{inner}</li>\n</ul>\n'


def _split(name: str) -> tuple[str, str]:
    folder, _, stem = name.rpartition("/")
    return folder, stem


def _shell(app: Sphinx, folder: str, workdir: Path) -> list[str]:
    """The theme's page for a page in `folder`, with tokens: alternating literal text and token names."""
    context = {"title": _TOKENS["title"], "body": _TOKENS["body"], "metatags": _TOKENS["head"],
               "papers_generated": True, "display_toc": True}
    target = workdir / "shell.html"
    app.builder.handle_page(f"{folder}/{_TOKENS['stem']}", context, "page.html", outfilename=target)
    text = target.read_text(encoding="utf-8")
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts += [text[position:match.start()], _NAME_OF[match.group()]]
        position = match.end()
    parts.append(text[position:])
    return parts


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """For a shell: show the theme's "On this page", filled per page (after the theme decided to hide it:
    a page without a source has no contents of its own in Sphinx's eyes)."""
    if context.get("papers_generated"):
        context["toc"] = _TOKENS["toc"]
        context["furo_hide_toc"] = False


def write_generated(app: Sphinx, pages: Iterable[GeneratedPage], job: str) -> list[str]:
    """Write `pages` into the output folder; their names, for the ``papers-pages-written`` event.

    A page whose text is what `job` wrote there last time, and is still there, is not written again.
    """
    shells: dict[str, list[str]] = {}
    written = []
    before = stamps.page_digests(app, job)
    now: dict[str, str] = {}
    with tempfile.TemporaryDirectory(dir=app.doctreedir, prefix="papers-shells-") as workdir, \
            reporting("the generated pages"):
        for page in pages:
            folder, stem = _split(page.name)
            parts = shells.get(folder)
            if parts is None:
                parts = shells[folder] = _shell(app, folder, Path(workdir))
            values = {"title": escape(page.title), "head": page.head, "body": page.body,
                      "toc": toc_html(page.title, page.sections), "stem": stem}
            html = "".join(values[part] if index % 2 else part for index, part in enumerate(parts)).encode()
            digest = now[page.name] = hashlib.blake2b(html, digest_size=16).hexdigest()
            target = Path(app.builder.get_outfilename(page.name))
            written.append(page.name)
            if before.get(page.name) == digest and target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
        for gone in before.keys() - now.keys():  # a page whose paper or tag left the list
            Path(app.builder.get_outfilename(gone)).unlink(missing_ok=True)
        stamps.save_page_digests(app, job, now)
    return written


def setup_pages(app: Sphinx) -> None:
    app.add_event("papers-pages-written")
    app.connect("html-page-context", on_page_context, priority=900)  # after the theme's own handler
