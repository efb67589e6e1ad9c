"""arXiv's API: an arXiv id's record, turned into the list's fields.

``GET {PAPERS_ARXIV_API}/query?id_list={id}`` (default https://export.arxiv.org/api)
answers an Atom feed, read with ``feedparser``, which copes with both of the
formats arXiv has served (namespaces declared per element, or once on the root).
The year is the first version's; a DOI in arXiv's ``<arxiv:doi>`` field says the
paper has since been published, which `add` follows to Crossref. Titles, names
and the abstract (the entry's ``summary``) are LaTeX: they are read as text
(`text.from_latex`). arXiv's metadata, abstracts included, is CC0.
"""

from __future__ import annotations

import os
import re
import xml.sax
from collections.abc import Mapping
from urllib.parse import quote

from .http import Answer, RegistryClient, RegistryError
from .identifiers import bare_arxiv_id
from .record import RegistryRecord
from .text import carriable, from_latex, one_line, repair_mojibake

REGISTRY = "arXiv"
DEFAULT_API = "https://export.arxiv.org/api"
_ERRORS = "arxiv.org/api/errors"
#: arXiv's statement of the licence of its metadata, abstracts included.
LICENCE = "CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/ (arXiv's metadata)"


def api_base(environ: Mapping[str, str] = os.environ) -> str:
    return (environ.get("PAPERS_ARXIV_API", "").strip() or DEFAULT_API).rstrip("/")


def query_url(arxiv_id: str, environ: Mapping[str, str] = os.environ) -> str:
    return f"{api_base(environ)}/query?id_list={quote(arxiv_id, safe='/.')}"


def fetch_preprint(client: RegistryClient, arxiv_id: str) -> RegistryRecord:
    """arXiv's record of `arxiv_id`, or `RegistryError` saying why there is none."""
    url = query_url(arxiv_id)
    return client.fetch(url, REGISTRY, lambda answer: read_preprint(client, answer, arxiv_id, url))


def read_preprint(client: RegistryClient, answer: Answer, arxiv_id: str, url: str) -> RegistryRecord:
    if answer.status != 200:
        said = _error_said(answer.body)
        if said:
            raise RegistryError(f"arXiv says: {said} (HTTP {answer.status})")
        raise RegistryError(client.status_problem(answer, REGISTRY))
    return record_from_feed(answer.body, arxiv_id, url)


def _error_said(body: bytes) -> str | None:
    """The text of arXiv's error entry, when an answer is one."""
    import feedparser

    feed = feedparser.parse(body)
    for entry in feed.entries:
        if _ERRORS in entry.get("id", ""):
            return one_line(entry.get("summary", "")) or None
    return None


def record_from_feed(body: bytes, arxiv_id: str, source_url: str) -> RegistryRecord:
    """The list's fields from arXiv's answer for `arxiv_id`."""
    import feedparser

    feed = feedparser.parse(body)
    if feed.bozo and isinstance(feed.bozo_exception, xml.sax.SAXException):
        raise RegistryError(f"arXiv returned a malformed answer (not XML: {feed.bozo_exception})")
    if not feed.version.startswith("atom"):
        raise RegistryError("arXiv returned a malformed answer (not an Atom feed)")
    said = _error_said(body)
    if said:
        raise RegistryError(f"arXiv says: {said}")
    for entry in feed.entries:
        if bare_arxiv_id(entry.get("id", "").rsplit("/abs/", 1)[-1]) == arxiv_id:
            return _record(entry, arxiv_id, source_url)
    raise RegistryError(f"arXiv has no paper {arxiv_id}")


def _fixed(text: str, notes: list[str]) -> str:
    fixed = repair_mojibake(one_line(text))
    if fixed != one_line(text):
        notes.append(f"arXiv sent {one_line(text)!r} mis-encoded; read as {fixed!r}")
    read = carriable(from_latex(fixed))
    if read != fixed:
        notes.append(f"arXiv's {fixed!r} is LaTeX; read as {read!r}")
    return read


def abstract_text(summary: str) -> str | None:
    """arXiv's summary as the list keeps an abstract: LaTeX read, paragraphs (blank lines) kept."""
    paragraphs = [carriable(from_latex(p)) for p in re.split(r"\n\s*\n", summary.strip())]
    return "\n\n".join(p for p in paragraphs if p) or None


def _record(entry, arxiv_id: str, source_url: str) -> RegistryRecord:
    notes: list[str] = []
    published = entry.get("published", "")
    year = int(published[:4]) if re.match(r"\d{4}", published) else None
    dois = (entry.get("arxiv_doi") or "").split()
    if not entry.get("title") or not entry.get("authors"):
        raise RegistryError("arXiv returned a malformed answer (an entry without title or authors)")
    return RegistryRecord(
        registry=REGISTRY, source_url=source_url,
        title=_fixed(entry.title, notes),
        authors=tuple(_fixed(a.get("name", ""), notes) for a in entry.authors if a.get("name")),
        year=year, url=f"https://arxiv.org/abs/{arxiv_id}", arxiv=arxiv_id,
        record_type="arXiv preprint", kind="preprint",
        published_doi=dois[0] if dois else None,
        journal_ref=one_line(entry.get("arxiv_journal_ref") or "") or None,
        notes=tuple(notes), arxiv_source=source_url,
        abstract=abstract_text(entry.get("summary") or ""), abstract_licence=LICENCE,
    )
