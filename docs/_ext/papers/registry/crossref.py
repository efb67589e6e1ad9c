"""Crossref's REST API: a DOI's record, turned into the list's fields.

``GET {PAPERS_CROSSREF_API}/works/{doi}`` (default https://api.crossref.org)
answers ``{"status": "ok", "message-type": "work", "message": {...}}``; the
mapping from that work to our fields is `record_from_work`, a pure function.
The DOI goes into the path one segment at a time, each escaped, so no DOI can
end the path (``#``, ``?``) or climb out of it (``..``). A record's abstract is
taken only under an open licence its ``license`` field names (`open_licence`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from urllib.parse import quote

from ..data.dates import utc_today
from ..data.keys import title_key
from .http import Answer, NotFound, RegistryClient, RegistryError
from .identifiers import bare_arxiv_id
from .record import RegistryRecord
from .text import carriable, jats_paragraphs, one_line, plain_text

REGISTRY = "Crossref"
DEFAULT_API = "https://api.crossref.org"

#: Book series that hold proceedings: a chapter's venue is the volume in the series, not the series.
SERIES = frozenset(title_key(s) for s in (
    "Lecture Notes in Computer Science", "Lecture Notes in Artificial Intelligence",
    "Lecture Notes in Bioinformatics", "Communications in Computer and Information Science",
    "Lecture Notes in Electrical Engineering", "Lecture Notes in Networks and Systems",
    "Advances in Intelligent Systems and Computing", "Studies in Computational Intelligence",
    "Proceedings of Machine Learning Research", "Smart Innovation, Systems and Technologies",
    "IFIP Advances in Information and Communication Technology",
))

#: Where a work's year is read, first found wins. The list shows the year of the issue or the
#: proceedings volume that holds the paper, which is what citations give; an article online
#: early ("published-online", early access) in December is often in the next year's issue. So
#: the print dates of the issue and of the work come before the online dates; "issued" (the
#: earlier of print and online) only when no print date is known.
YEAR_FIELDS = (
    ("journal-issue", "published-print"),
    ("published-print",),
    ("journal-issue", "published-online"),
    ("issued",),
    ("published",),
    ("published-online",),
    ("created",),
)


def api_base(environ: Mapping[str, str] = os.environ) -> str:
    return (environ.get("PAPERS_CROSSREF_API", "").strip() or DEFAULT_API).rstrip("/")


def work_url(doi: str, environ: Mapping[str, str] = os.environ) -> str:
    """``{api}/works/{doi}``, the DOI escaped segment by segment: ``?`` and ``#`` stay in the DOI. A DOI
    with a "." or ".." segment, which a server would read as "this" or "up" folder, is sent as one
    segment, its slashes escaped too (HTTP clients turn an escaped dot back into a dot)."""
    parts = doi.split("/")
    escaped = [quote(part, safe=":;()-._,+@!$&'*=~") for part in parts]
    joint = "%2F" if any(part in (".", "..") for part in parts) else "/"
    return f"{api_base(environ)}/works/{joint.join(escaped)}"


#: Deeper than any record Crossref sends (about six levels): a deeper answer is not a record.
DEEPEST = 64
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def too_deep(body: bytes, limit: int = DEEPEST) -> bool:
    """Whether a JSON text nests objects and lists deeper than `limit`, told without parsing it."""
    depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > limit:
            return True
    return False


def fetch_work(client: RegistryClient, doi: str) -> RegistryRecord:
    """Crossref's record of `doi`, or `RegistryError` ("Crossref has no such DOI (404)")."""
    url = work_url(doi)
    return client.fetch(url, REGISTRY, lambda answer: read_work(client, answer, url, doi))


def read_work(client: RegistryClient, answer: Answer, url: str, doi: str) -> RegistryRecord:
    """The record in Crossref's `answer` for `doi`, or `RegistryError` saying why there is none."""
    if answer.status == 404:
        raise NotFound(f"{REGISTRY} has no such DOI (404)")
    if answer.status != 200:
        raise RegistryError(client.status_problem(answer, REGISTRY))
    if too_deep(answer.body):
        raise RegistryError(f"{REGISTRY} returned a malformed answer (nested more than {DEEPEST} levels deep)")
    try:
        document = json.loads(answer.body)
    except RecursionError:
        raise RegistryError(f"{REGISTRY} returned a malformed answer (nested too deeply)") from None
    except ValueError as err:
        raise RegistryError(f"{REGISTRY} returned a malformed answer (not JSON: {_short(err)})") from None
    work = document.get("message") if isinstance(document, dict) else None
    if not isinstance(work, dict) or document.get("message-type", "work") != "work":
        raise RegistryError(f"{REGISTRY} returned a malformed answer (no work record in it)")
    try:
        record = record_from_work(work, url)
    except (TypeError, ValueError, AttributeError, KeyError) as err:
        raise RegistryError(f"{REGISTRY} returned a malformed answer ({type(err).__name__}: {err})") from None
    # keep the spelling the maintainer asked for: Crossref lowercases DOIs, which are case-insensitive
    if record.doi and record.doi.lower() == doi.lower():
        record = record.with_(doi=doi, url=f"https://doi.org/{doi}")
    return record


#: Licences under which an abstract may be copied into a list: (pattern of the URL, its name).
OPEN_LICENCES = (
    (re.compile(r"^https?://creativecommons\.org/publicdomain/zero/(\d\.\d)"), "CC0 {}"),
    (re.compile(r"^https?://creativecommons\.org/publicdomain/mark/(\d\.\d)"), "Public Domain Mark {}"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by/(\d\.\d)"), "CC BY {}"),
    (re.compile(r"^https?://creativecommons\.org/licenses/by-sa/(\d\.\d)"), "CC BY-SA {}"),
)


def open_licence(work: dict) -> str | None:
    """The open licence a work's ``license`` field gives its published version, as the sources file
    records it ("CC BY 4.0, https://creativecommons.org/licenses/by/4.0/"); None if none is open now."""
    today = utc_today()
    for entry in work.get("license") or []:
        if not isinstance(entry, dict) or entry.get("content-version") not in ("vor", "unspecified", None):
            continue
        url = entry.get("URL")
        parts = (entry.get("start") or {}).get("date-parts") if isinstance(entry.get("start"), dict) else None
        start = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
        if start and all(isinstance(p, int) for p in start) and tuple(start) > (today.year, today.month, today.day):
            continue  # an embargo: the licence starts later
        for pattern, name in OPEN_LICENCES:
            match = pattern.match(url) if isinstance(url, str) else None
            if match:
                return f"{name.format(match.group(1))}, {url}"
    return None


def _short(err: ValueError) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg}, line {err.lineno} column {err.colno}"
    return str(err)


def _strings(value) -> list[str]:
    """A Crossref list of strings (it sends lists even for one title), cleaned and without blanks."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [text for text in (carriable(plain_text(v)) for v in value if isinstance(v, str)) if text]


def work_title(work: dict) -> str | None:
    titles, subtitles = _strings(work.get("title")), _strings(work.get("subtitle"))
    if not titles:
        return None
    title = titles[0]
    if subtitles and title_key(subtitles[0]) not in title_key(title):
        title = f"{title}: {subtitles[0]}"
    return title


def author_name(entry: dict) -> str | None:
    """``"Given Family Suffix"`` as the list writes names; an organisation's ``name`` as it is."""
    if not isinstance(entry, dict):
        return None
    parts = [plain_text(entry[k]) for k in ("given", "family", "suffix") if isinstance(entry.get(k), str)]
    name = " ".join(p for p in parts if p) or plain_text(entry.get("name") or "")
    return one_line(carriable(name)) or None


def work_year(work: dict) -> int | None:
    for path in YEAR_FIELDS:
        value = work
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        parts = value.get("date-parts") if isinstance(value, dict) else None
        if parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], int):
            return parts[0][0]
    return None


def venue_titles(work: dict) -> tuple[list[str], str | None]:
    """Every venue name in the record, and the one that names the venue best.

    A proceedings chapter's container titles hold the series and the volume
    ("Lecture Notes in Computer Science", "Medical Image Computing and Computer
    Assisted Intervention – MICCAI 2023"): the volume is the venue.
    """
    containers = _strings(work.get("container-title"))
    event = work.get("event")
    event_name = _strings(event.get("name")) if isinstance(event, dict) else []
    institutions = [n for i in work.get("institution") or [] if isinstance(i, dict)
                    for n in _strings(i.get("name"))]
    group = _strings(work.get("group-title"))
    volumes = [c for c in containers if title_key(c) not in SERIES]
    label = next(iter(volumes or event_name or containers or institutions or group), None)
    names = [*volumes, *event_name, *containers, *_strings(work.get("short-container-title")),
             *institutions, *group]
    return list(dict.fromkeys(names)), label


_WORKSHOP = re.compile(r"\bworkshops?\b", re.I)
_PROCEEDINGS = re.compile(r"\b(?:conference|proceedings|symposium|congress|miccai)\b", re.I)


def venue_kind(record_type: str, names: list[str], has_event: bool) -> tuple[str | None, str | None]:
    """The kind of venue a record type implies, and a note when it is a guess."""
    text = " ".join(names)
    if record_type == "journal-article":
        return "journal", None
    if record_type == "posted-content":
        return "preprint", None
    if record_type in ("proceedings-article", "book-chapter"):
        kind = "workshop" if _WORKSHOP.search(text) else "conference"
        if record_type == "book-chapter" and not (has_event or _PROCEEDINGS.search(text) or _WORKSHOP.search(text)):
            return kind, "a book chapter whose book does not say it is proceedings: check the kind"
        return kind, None
    return None, f"Crossref type {record_type!r} says nothing of the venue's kind"


def record_from_work(work: dict, source_url: str) -> RegistryRecord:
    """The list's fields from a Crossref work (the ``message`` of ``/works/{doi}``)."""
    record_type = work.get("type") or ""
    names, label = venue_titles(work)
    kind, kind_note = venue_kind(record_type, names, isinstance(work.get("event"), dict))
    authors = tuple(filter(None, (author_name(a) for a in work.get("author") or [])))
    notes = [kind_note] if kind_note else []
    if not authors and work.get("editor"):
        notes.append("Crossref lists editors only, no authors")
    relation = work.get("relation") if isinstance(work.get("relation"), dict) else {}
    preprint = published = None
    for item in relation.get("has-preprint") or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            preprint = preprint or bare_arxiv_id(item["id"])
    for item in relation.get("is-preprint-of") or []:
        if isinstance(item, dict) and item.get("id-type") == "doi" and isinstance(item.get("id"), str):
            published = published or re.sub(r"^https?://(?:dx\.)?doi\.org/", "", item["id"])
    doi = work.get("DOI") if isinstance(work.get("DOI"), str) else None
    issns = tuple(dict.fromkeys(i for i in work.get("ISSN") or [] if isinstance(i, str)))
    shorts = _strings(work.get("short-container-title"))
    licence = open_licence(work)
    abstract = jats_paragraphs(work["abstract"]) if licence and isinstance(work.get("abstract"), str) else None
    if isinstance(work.get("abstract"), str) and not licence:
        notes.append("Crossref has the abstract, but under no open licence its record names: not copied")
    return RegistryRecord(
        registry=REGISTRY, source_url=source_url,
        title=work_title(work), authors=authors, year=work_year(work),
        url=f"https://doi.org/{doi}" if doi else None, doi=doi, arxiv=preprint,
        record_type=record_type, kind=kind,
        venue_names=(*names, *issns), venue_label=label,
        venue_short=shorts[0] if shorts else None, issns=issns,
        published_doi=published if record_type == "posted-content" else None,
        notes=tuple(notes), arxiv_source=source_url if preprint else None,
        abstract=abstract or None, abstract_licence=licence if abstract else None,
    )
