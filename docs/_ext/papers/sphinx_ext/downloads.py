"""The downloads (BibTeX, CSL JSON, CSV, a BibTeX file per year), written with the web site.

Files go to ``_papers/`` in the output folder (`config.DOWNLOADS`). They are
written again when the data file changed or one of them is missing, by a child
process while Sphinx builds the pages (`background`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..data.model import Catalog
from ..formats.exports import export_names, exports
from . import background, stamps
from .config import DOWNLOADS, catalog_of
from .pages import web_page

JOB = "the downloads"


def wants_downloads(builder: Builder) -> bool:
    """Web pages only (the single page too): an e-book or a PDF has no use for files to download."""
    return web_page(builder)


def start_downloads(app: Sphinx) -> None:
    """At ``builder-inited``, once the data file passed its check: write the downloads in the background."""
    if not wants_downloads(app.builder):
        return
    folder = Path(app.outdir) / DOWNLOADS
    made_from = stamps.digest(app)
    if stamps.holds(app, JOB, made_from):
        return  # written from this very data file by an earlier build, and all there
    stamps.forget(app, JOB)
    papers = catalog_of(app.config)
    names = [folder / name for name in sorted(export_names(papers))]
    background.start(app, JOB, lambda: _write(papers, folder),
                     then=lambda: stamps.record(app, JOB, made_from, names))


def _write(papers: Catalog, folder: Path) -> None:
    for old in [*(folder / "bib").glob("*.bib"), *(folder / "ris").glob("*.ris")]:
        old.unlink()  # a year or a paper no longer listed leaves no file behind
    for name, text in exports(papers):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def finish_downloads(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: the downloads are written, or the build reports why not."""
    background.wait_unless_failed(app, JOB, exception)


def setup_downloads(app: Sphinx) -> None:
    app.connect("builder-inited", start_downloads, priority=600)  # after the preflight (500)
    app.connect("build-finished", finish_downloads)
