"""The whole list as files people load elsewhere: BibTeX, CSL JSON and CSV, written with the HTML site.

Files go to ``_papers/`` in the output folder: ``papers.bib``, ``papers.csl.json``,
``papers.csv``, and ``bib/<year>.bib``, the BibTeX of one year, which a row's
Cite button fetches (the page itself carries no BibTeX). They are written again
only when the data file changed, by a child process while Sphinx builds the pages
(`background`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sphinx.application import Sphinx

from . import background, stamps
from .bibtex import entries
from .csl import items
from .loading import load_catalog
from .model import Catalog
from .paths import data_file, schema_file

FOLDER = "_papers"
JOB = "the exports"
BIBTEX, CSL_JSON, CSV = "papers.bib", "papers.csl.json", "papers.csv"
CSV_COLUMNS = ("id", "title", "authors", "year", "venue", "venue_name", "venue_kind",
               "doi", "arxiv", "url", "code", "tags")


def csv_text(catalog: Catalog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in catalog.papers:
        venue = catalog.venues.get(p.venue) if p.venue else None
        authors = "; ".join(p.authors) + ("; others" if p.more_authors else "")
        writer.writerow([p.id, p.title, authors, p.year, p.venue or "", venue.name if venue else "",
                         venue.kind if venue else "", p.doi or "", p.arxiv or "", p.url, p.code or "",
                         "; ".join(p.tags)])
    return out.getvalue()


def export_files(catalog: Catalog) -> dict[str, str]:
    """Relative path -> text of every export."""
    bib = entries(catalog.papers, catalog.venues)  # each entry made once, for the whole list and its year
    files = {
        BIBTEX: "\n".join(bib.values()),
        # one item a line: json's C encoder (an indented dump is pure Python, slow at 10,000 papers)
        CSL_JSON: "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False)
                                      for item in items(catalog.papers, catalog.venues)) + "\n]\n",
        CSV: csv_text(catalog),
    }
    for year in sorted({p.year for p in catalog.papers}):
        files[f"bib/{year}.bib"] = "\n".join(bib[p.id] for p in catalog.papers if p.year == year)
    return files


def wants_exports(app: Sphinx) -> bool:
    """Web builds only: an ePub or a PDF has no use for files to download."""
    return app.builder.format == "html" and not app.builder.name.startswith("epub")


def start_exports(app: Sphinx) -> None:
    """At ``builder-inited``, once the data file passed its check: write the exports in the background."""
    if not wants_exports(app):
        return
    folder = Path(app.outdir) / FOLDER
    stamp = folder / ".data-hash"
    digest = stamps.digest(app.config)
    if stamps.holds(stamp, digest):
        return  # written from this very data file by an earlier build
    catalog = load_catalog(data_file(app.config), schema_file(app.config))
    background.start(app, JOB, lambda: _write(catalog, folder, stamp, digest))


def _write(catalog: Catalog, folder: Path, stamp: Path, digest: str) -> None:
    for old in (folder / "bib").glob("*.bib"):  # a year no paper has any more leaves no file behind
        old.unlink()
    for name, text in export_files(catalog).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    stamp.write_text(digest)


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: the exports are written, or the build reports why not."""
    background.wait_unless_failed(app, JOB, exception)
