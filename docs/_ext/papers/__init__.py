"""A curated paper list for Sphinx: data file in, sortable year tables out.

Sphinx is imported inside `setup` only, so ``python -m papers check`` runs
without it (for pre-commit and ``nox -s check``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    from .assets import add_page_assets, set_up_builder
    from .browse import write_pages
    from .directive import PapersDirective
    from .domain import (
        PaperDomain,
        note_myst_references,
        pages_citing_moved_papers,
        paper_role,
        warn_unknown_paper,
    )
    from .exiting import freeze_for_exit
    from .exports import start_exports, write_exports
    from .feed import advertise_feed, write_feed
    from .nodes import papers_filter, papers_table
    from .paths import resolve_paths
    from .preflight import check_data_file
    from .render_html import visit_papers_filter, visit_papers_table
    from .search_index import write_search_index
    from .statistics import StatisticsDirective, papers_statistics, visit_statistics_html

    app.add_config_value(
        "papers_file", "papers.json", "env", types=frozenset({str}),
        description="The data file, relative to conf.py's folder or absolute.",
    )
    app.add_config_value(
        "papers_schema", "", "env", types=frozenset({str}),
        description="Its JSON Schema; default: papers.schema.json beside the data file.",
    )
    app.add_config_value(
        "papers_browse", "", "env", types=frozenset({str}),
        description="Folder (in the sources) to write a page per tag and venue into, e.g. 'browse'; '' for none.",
    )
    app.add_config_value(
        "papers_new_days", 60, "env", types=frozenset({int}),
        description="Rows added fewer days ago than this are marked new.",
    )
    app.add_config_value(
        "papers_feed_size", 30, "html", types=frozenset({int}),
        description="How many of the papers added last the Atom feed lists.",
    )
    app.setup_extension("sphinx_design")
    app.add_domain(PaperDomain)
    app.add_role("paper", paper_role)
    app.add_directive("papers", PapersDirective)
    app.add_directive("papers-statistics", StatisticsDirective)
    app.add_node(papers_table, html=(visit_papers_table, None))
    app.add_node(papers_filter, html=(visit_papers_filter, None))
    app.add_node(papers_statistics, html=(visit_statistics_html, None))
    app.connect("config-inited", resolve_paths)
    app.connect("builder-inited", check_data_file)
    app.connect("builder-inited", write_pages)  # after the check: only from a good file
    app.connect("builder-inited", set_up_builder)
    app.connect("builder-inited", start_exports)  # after the check: only from a good file
    app.connect("html-page-context", add_page_assets)
    app.connect("html-page-context", advertise_feed)
    app.connect("doctree-read", note_myst_references)
    app.connect("env-get-updated", pages_citing_moved_papers)
    app.connect("warn-missing-reference", warn_unknown_paper)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", write_feed)
    app.connect("html-collect-pages", write_search_index)
    app.connect("build-finished", freeze_for_exit, priority=999)  # the last thing a build does
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
