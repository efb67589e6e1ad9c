"""The Sphinx extension: each feature registers itself here, in one call.

Handlers that must run in order say so with ``priority=`` (the preflight first
at ``builder-inited``), not by the order of these calls.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .assets import setup_assets
from .browse import setup_browse
from .config import setup_config
from .directive import setup_directive
from .domain import setup_domain
from .downloads import setup_downloads
from .feed import setup_feed
from .html_table import setup_html_table
from .latex_preamble import setup_latex_preamble
from .pages import setup_pages
from .paper_pages import setup_paper_pages
from .preflight import setup_preflight
from .search import setup_search
from .site_links import setup_site_links
from .statistics import setup_statistics


def setup_extension(app: Sphinx) -> None:
    app.setup_extension("sphinx_design")
    for setup in (setup_config, setup_preflight, setup_domain, setup_directive, setup_html_table,
                  setup_statistics, setup_assets, setup_pages, setup_browse, setup_paper_pages, setup_downloads,
                  setup_search, setup_feed, setup_site_links, setup_latex_preamble):
        setup(app)
