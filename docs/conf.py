"""Sphinx configuration for the Federated Learning for Healthcare paper list."""

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

# sphinxext-opengraph prints "matplotlib is not installed, social cards will not be generated"
# when it is imported, whatever the settings say (0.13.0). We draw our own card (ogp_social_cards
# below) and need no matplotlib: import it first, and let through anything else it prints.
_CARDS_NOTE = "matplotlib is not installed, social cards will not be generated\n"
with contextlib.redirect_stdout(io.StringIO()) as _printed:
    import sphinxext.opengraph  # noqa: F401
sys.stdout.write(_printed.getvalue().replace(_CARDS_NOTE, "", 1))

project = "Federated Learning for Healthcare"
author = "the maintainers of the list"
copyright = "the maintainers of the list"
# the list is living: there are no numbered releases (ePub needs some version)
version = release = "latest"

extensions = [
    "myst_parser",
    "sphinx_design",
    "papers",
    # sharing: link previews, a sitemap for search engines, a 404 page that works at any depth
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
]

# the list's data lives at the repository root, beside its schema
papers_file = "../data/papers.json"
# named here, so -D papers_file=/elsewhere.json still finds the schema
papers_schema = "../data/papers.schema.json"
# a page per tag, venue, dataset and framework, generated in the output's browse/ folder
papers_browse = "browse"
# a page per paper, generated in the output's papers/ folder
papers_pages = "papers"
# the repository readers report a paper's mistakes to (Read the Docs names it; a local build has none)
papers_repository = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "").removesuffix(".git") \
    if os.environ.get("READTHEDOCS_GIT_CLONE_URL", "").startswith("https://github.com/") else ""

root_doc = "index"
exclude_patterns = ["_build", "_art", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Federated Learning for Healthcare"
html_short_title = "FL for Healthcare"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# search hits without a snippet: a snippet is cut from the whole page, fetched for every hit
# (the papers' own hits carry theirs, from the papers' index)
html_show_search_summary = False
# Read the Docs sets the canonical URL of the version being built
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# Link previews (OpenGraph and Twitter cards): the site's own card, made by docs/_art
ogp_site_url = html_baseurl
ogp_site_name = "Federated Learning for Healthcare"
ogp_image = "_static/social-card.png"
ogp_image_alt = "Federated Learning for Healthcare: a curated list of research on training medical AI across hospitals"
ogp_type = "website"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}  # ours is drawn once, not by matplotlib at every build
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image">']

# The books: a PDF and an e-book that Read the Docs offers beside the site (.readthedocs.yaml).
# Pages say what only the web does in `{only} web` blocks (the tag the papers extension sets).
latex_elements = {
    # read on a screen more than on paper: chapters start on the next page, not the next right-hand one
    "extraclassoptions": "openany,oneside",
    # (Greek letters and signs such as CONTRIBUTING.md's ϵ: the papers extension declares them for pdflatex)
}
# a link's address only where the text says it (each paper's DOI, arXiv id and code are written out)
epub_show_urls = "no"
epub_use_index = False  # nothing is indexed: an empty index would end the book
# the e-reader's table of contents from the home page's toctree, which the web keeps hidden
# (its sidebar lists the pages): by default an e-book's contents would list the home page alone
epub_tocscope = "includehidden"
epub_description = "A curated list of research on training medical AI across hospitals without pooling patient data"
# the web's pictures: the link preview, the favicon, and the figure (the book has its own copy in _images/)
epub_exclude_files = ["_static/social-card.png", "_static/favicon.svg", "_static/fl-overview.svg"]

# The sitemap needs the site's address, which only Read the Docs (or -D html_baseurl=) gives;
# a local preview has none, and builds without one
sitemap_url_scheme = "{link}"  # html_baseurl already holds the language and version
sitemap_excludes = ["search.html", "genindex.html", "404.html", "*papers-shell*"]
if not html_baseurl:
    suppress_warnings = ["sitemap.configuration"]

# The 404 page's links and styles start at the site's root path (Read the Docs: /en/latest/)
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# `nox -s linkcheck`: every link of the site and of the data file. Throttling
# is expected, not an error: arXiv and publishers answer 429 with Retry-After,
# and Sphinx waits (up to linkcheck_rate_limit_timeout) and asks again.
linkcheck_retries = 3
linkcheck_timeout = 30
linkcheck_workers = 4
linkcheck_rate_limit_timeout = 600.0
# GitHub draws its heading anchors with JavaScript: they are never in the HTML
linkcheck_anchors_ignore_for_url = [r"https://github\.com/"]
# Publishers that refuse automated requests outright (403 to any non-browser):
# a failure there says nothing about the link
linkcheck_ignore = [
    r"https://ieeexplore\.ieee\.org/",
    r"https://www\.sciencedirect\.com/",
    r"https://academic\.oup\.com/",
]


def examples_from_the_data(app, config) -> None:
    """The extension page shows the {paper} role on the newest paper of whatever list is built.

    Its examples must not name papers that another data file (-D papers_file=...)
    lacks. Runs after the papers extension has resolved papers_file.
    """
    from papers.data.loading import first_paper_id

    first = first_paper_id(config.papers_file)  # a glimpse: the build checks the file itself
    if isinstance(first, str):
        examples = {"example_id": first, "example_role": f"{{paper}}`{first}`",
                    "example_titled": f"{{paper}}`this paper <{first}>`", "example_myst": f"[](#{first})"}
    else:
        names = ("example_id", "example_role", "example_titled", "example_myst")
        examples = dict.fromkeys(names, "(none: the list is empty)")
    config.myst_substitutions = {**config.myst_substitutions, **examples}


def write_robots_txt(app, exception) -> None:
    """robots.txt: crawl everything, and the sitemap is there (when the site knows its address)."""
    if exception is not None or app.builder.format != "html" or app.builder.name.startswith(("epub", "single")):
        return
    lines = ["User-agent: *", "Allow: /"]
    if app.config.html_baseurl:
        lines.append(f"Sitemap: {app.config.html_baseurl.rstrip('/')}/sitemap.xml")
    (Path(app.outdir) / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def previews_for_generated_pages(app, pagename, templatename, context, doctree) -> None:
    """sphinxext-opengraph skips pages without a source (search, index, 404): give them a preview too.

    Web pages only: an e-book has no link previews (and its XHTML would need these tags closed).
    """
    from papers.sphinx_ext.pages import web_page

    if doctree is not None or not web_page(app.builder):
        return
    from html import escape

    image = f"{html_baseurl}{ogp_image}" if html_baseurl else ogp_image
    title = escape(context.get("title") or pagename)
    address = f'\n<meta property="og:url" content="{escape(context["pageurl"])}">' if context.get("pageurl") else ""
    context["metatags"] = context.get("metatags", "") + address + (
        f'\n<meta property="og:title" content="{title}">'
        f'\n<meta property="og:site_name" content="{ogp_site_name}">'
        f'\n<meta property="og:type" content="website">'
        f'\n<meta property="og:image" content="{image}">'
        f'\n<meta property="og:image:alt" content="{escape(ogp_image_alt)}">'
        + "".join(f"\n{tag}" for tag in ogp_custom_meta_tags))


def pages_in_the_sitemap(app, names) -> None:
    """The papers extension's generated pages (a page per paper, tag, venue …) go in the sitemap too."""
    from sphinx_sitemap import add_html_link

    for name in names:
        add_html_link(app, name, None, {}, None)


def single_page_links_only_what_it_has(app, pagename, templatename, context, doctree) -> None:
    """The offline HTML (singlehtml, zipped by Read the Docs) is one page: no search page, no
    index. furo's search box and the head's rel="search"/"index" links would point to nothing,
    and so would links to a part of another page."""
    if app.builder.name != "singlehtml":
        return
    # Sphinx 9 writes a link to a part of another page as "#document-papers#paper-fedbn" (in the
    # contents, and for {paper} links), which leads nowhere; Sphinx 8 kept the last part, as here:
    # every page's ids are on the one page
    for part in ("toc", "body"):
        if context.get(part):
            context[part] = re.sub(r'href="#document-[^"#]*#', 'href="#', context[part])
    has = context["hasdoc"]
    context["hasdoc"] = lambda name: name not in ("search", "genindex") and has(name)
    context["sidebars"] = [name for name in context.get("sidebars", []) if name != "sidebar/search.html"]


def chapters_after_the_home_page(app, doctree) -> None:
    """The home page's toctree ends its last section, "What's new"; a book (the PDF, the single
    page) puts the pages it names where it stands, which made Papers, Browse … sections of that
    one. Lifted to the end of the page's own level, they follow it as chapters. The web's
    navigation lists the same pages either way.
    """
    from docutils import nodes
    from sphinx import addnodes

    if app.env.docname != app.config.root_doc:
        return
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    for toctree in list(doctree.findall(addnodes.toctree)):
        wrapper = toctree.parent if isinstance(toctree.parent, nodes.compound) else toctree
        if wrapper.parent is not top:
            wrapper.parent.remove(wrapper)
            top.append(wrapper)


def setup(app):
    app.connect("config-inited", examples_from_the_data, priority=900)
    # before Sphinx's collectors (500) note where the toctree is
    app.connect("doctree-read", chapters_after_the_home_page, priority=400)
    app.connect("papers-pages-written", pages_in_the_sitemap)
    app.connect("html-page-context", previews_for_generated_pages)
    app.connect("html-page-context", single_page_links_only_what_it_has)
    app.connect("build-finished", write_robots_txt)
