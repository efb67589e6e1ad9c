"""The whole list as files people load elsewhere: BibTeX, RIS, CSL JSON and CSV; BibTeX per year, RIS per paper.

A row's Cite button fetches its year's BibTeX (the page itself carries none).
CSV cells that a spreadsheet would run as a formula are neutralised (OWASP's rule).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from ..data.model import Catalog
from .bibtex import entries
from .csl import items
from .ris import EOL, record

BIBTEX, CSL_JSON, CSV, RIS = "papers.bib", "papers.csl.json", "papers.csv", "papers.ris"
CSV_COLUMNS = ("id", "title", "authors", "year", "venue", "venue_name", "venue_kind",
               "doi", "arxiv", "url", "code", "tags", "summary",
               "deployment", "sites", "privacy", "framework", "datasets")
#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ' before what would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def ris_record_file(paper_id: str) -> str:
    """One paper's RIS record, relative to the exports folder: its page's "Save" link."""
    return f"ris/{paper_id}.ris"


def year_file(year: int) -> str:
    """The BibTeX of one year, relative to the exports folder: what a row's Cite button fetches."""
    return f"bib/{year}.bib"


def csv_text(catalog: Catalog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in catalog.papers:
        venue = catalog.venues.get(p.venue) if p.venue else None
        authors = "; ".join(p.authors) + ("; others" if p.more_authors else "")
        study = p.study
        writer.writerow([cell(str(value)) for value in (
            p.id, p.title, authors, p.year, p.venue or "", venue.name if venue else "",
            venue.kind if venue else "", p.doi or "", p.arxiv or "", p.url, p.code or "", "; ".join(p.tags),
            p.summary or "", study.deployment or "", study.sites or "", "; ".join(study.privacy or ()),
            catalog.frameworks[study.framework].name if study.framework else "",
            "; ".join(catalog.datasets[d].name for d in study.datasets or ()))])
    return out.getvalue()


def export_names(catalog: Catalog) -> list[str]:
    """The relative paths `export_files` writes, without writing them."""
    return [BIBTEX, CSL_JSON, CSV, RIS, *(year_file(year) for year in sorted({p.year for p in catalog.papers})),
            *(ris_record_file(p.id) for p in catalog.papers)]


def exports(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Every export as (relative path, text), one at a time: a writer holds one file's text at once."""
    bib = entries(catalog.papers, catalog.venues)  # each entry made once, for the whole list and its year
    yield BIBTEX, "\n".join(bib.values())
    # one item a line: json's C encoder (an indented dump is pure Python, slow at 10,000 papers)
    yield CSL_JSON, "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False)
                                       for item in items(catalog.papers, catalog.venues)) + "\n]\n"
    yield CSV, csv_text(catalog)
    records = {p.id: record(p, catalog.venues.get(p.venue) if p.venue else None) for p in catalog.papers}
    yield RIS, "".join(text + EOL for text in records.values())
    for year in sorted({p.year for p in catalog.papers}):
        yield year_file(year), "\n".join(bib[p.id] for p in catalog.papers if p.year == year)
    for paper_id, text in records.items():
        yield ris_record_file(paper_id), text


def export_files(catalog: Catalog) -> dict[str, str]:
    """Relative path -> text of every export (all at once: for tests and measurements)."""
    return dict(exports(catalog))
