"""What a table of papers shows, whatever writes it: its columns and its papers."""

from __future__ import annotations

from sphinx.config import Config

from ..data.model import Paper
from .config import catalog_of
from .nodes import papers_table
from .stops import fail

NONE = "\u2014"  # an em dash: no venue, no code


def columns(show_year: bool) -> list[str]:
    """The header of a table: a Year column only where years are not sections."""
    return ["#", "Year", "Title", "Venue", "Code", "Cite"] if show_year else ["#", "Title", "Venue", "Code", "Cite"]


def papers_in(node: papers_table, config: Config) -> list[Paper]:
    """The papers of a table's rows, from the data file the page was read from (cached per build)."""
    by_id = catalog_of(config).by_id
    try:
        return [by_id[paper_id] for paper_id in node["paper_ids"]]
    except KeyError as err:  # the file changed between reading this page and writing it
        fail(f"paper {err.args[0]!r} left the data file while the site was building; build again")
