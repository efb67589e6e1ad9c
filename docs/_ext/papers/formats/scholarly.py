"""What machines read on a paper's page: Highwire Press citation tags and schema.org JSON-LD.

The ``citation_*`` meta tags are the ones Google Scholar's inclusion guidelines
ask for ("Inclusion Guidelines for Webmasters", scholar.google.com/intl/en/scholar/
inclusion.html: Highwire Press tags first, Dublin Core only as a last resort;
``citation_title``, one ``citation_author`` an author, ``citation_publication_date``
as the year alone when only the year is known, ``citation_journal_title`` for
journal papers and ``citation_conference_title`` for conference and workshop
papers, ``citation_pdf_url`` for the full text as a PDF) and the ones Zotero's
Embedded Metadata translator reads (zotero/translators, ``Embedded Metadata.js``):
it takes ``citation_journal_title`` or ``citation_conference_title`` for the item's
type, ``citation_doi`` for the DOI, ``citation_abstract`` for the abstract,
``citation_abstract_html_url`` for the URL when the page gives no other, and
``citation_pdf_url`` as the PDF it attaches. It splits a ``citation_author`` at
semicolons and reads "Family, Given" at its first comma, so names are written
family first ("van der Berg, Ana", "King, Martin Luther, Jr."): written as the list
writes them, "Martin Luther King, Jr." would read as family name "Martin Luther
King". ``citation_arxiv_id`` is arXiv's own tag, on every arXiv abstract page.

A URL is given as ``citation_pdf_url`` only when its path ends in ``.pdf``, the one
sign Google Scholar itself goes by ("a PDF file that ends with .pdf"); a landing
page that serves a PDF under another name is not guessed at.

The tags are (name, content) pairs of text: whoever writes them into a page escapes
the content as an attribute value. Every value is on one line (`single_line`).

The JSON-LD is a schema.org ``ScholarlyArticle``; `json_ld_script` writes it into
a ``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` as JSON's
``\\u003c``, ``\\u003e`` and ``\\u0026`` (and U+2028/U+2029 escaped too), so no
value can close the script (``</script>``), open a comment (``<!--``) or stop the
page from being well-formed XHTML.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from ..data.kinds import kind_of
from ..data.model import Paper, Venue
from ..data.names import name_parts
from .ris import family_first
from .single_line import single_line

SCHEMA_ORG = "https://schema.org"
#: The characters a JSON text inside a script element must not carry as themselves.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                ("\u2029", "\\u2029"))


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def arxiv_url(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


def is_pdf(url: str) -> bool:
    """Whether the URL's path ends in ``.pdf`` (any case): what Google Scholar takes for a PDF."""
    return urlsplit(url).path.lower().endswith(".pdf")


def citation_tags(paper: Paper, venue: Venue | None, page_url: str) -> list[tuple[str, str]]:
    """The paper's Highwire Press meta tags, (name, content) in order; `page_url` is the paper's page."""
    kind = kind_of(venue)
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", family_first(name)) for name in paper.authors]
    tags.append(("citation_publication_date", str(paper.year)))
    if venue is not None and kind.citation_venue:
        tags.append((kind.citation_venue, venue.name))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    tags.append(("citation_abstract_html_url", page_url))
    if is_pdf(paper.url):
        tags.append(("citation_pdf_url", paper.url))
    if paper.abstract:
        tags.append(("citation_abstract", paper.abstract))
    return [(name, line) for name, line in ((n, single_line(v)) for n, v in tags) if line]


def person(name: str) -> dict:
    """A schema.org Person: the name as written, and its parts where a name has them."""
    result = {"@type": "Person", "name": name}
    parts = name_parts(name)
    if "literal" not in parts:
        result["givenName"] = parts["given"]
        result["familyName"] = " ".join(p for p in (parts.get("particle"), parts["family"]) if p)
        if parts.get("suffix"):
            result["honorificSuffix"] = parts["suffix"]
    return result


def _venue(venue: Venue, schema_type: str) -> tuple[str, dict]:
    """The property and value that place the article at its venue."""
    if schema_type == "Periodical":
        return "isPartOf", {"@type": "Periodical", "name": venue.name}
    if schema_type == "Event":  # the proceedings of the event, whose own title the list does not hold
        return "isPartOf", {"@type": "CreativeWork", "genre": "proceedings",
                            "about": {"@type": "Event", "name": venue.name}}
    return "publisher", {"@type": schema_type, "name": venue.name}


def json_ld(paper: Paper, venue: Venue | None, page_url: str) -> dict:
    """The paper as a schema.org ScholarlyArticle; `page_url` is the paper's page on this site."""
    kind = kind_of(venue)
    data: dict = {
        "@context": SCHEMA_ORG,
        "@type": "ScholarlyArticle",
        "name": paper.title,
        "headline": paper.title,
        "author": [person(name) for name in paper.authors],
        "datePublished": str(paper.year),
    }
    if venue is not None and kind.schema_venue:
        key, value = _venue(venue, kind.schema_venue)
        data[key] = value
    identifiers, same_as = [], []
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
        same_as.append(doi_url(paper.doi))
    if paper.arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
        same_as.append(arxiv_url(paper.arxiv))
    if paper.url not in same_as:
        same_as.append(paper.url)
    if identifiers:
        data["identifier"] = identifiers
    data["sameAs"] = same_as
    data["url"] = page_url
    if paper.abstract:
        data["abstract"] = paper.abstract
    if paper.summary:
        data["description"] = paper.summary
    return data


def script_json(data: dict) -> str:
    """`data` as JSON text that is safe between ``<script>`` and ``</script>``, in HTML and XHTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE:  # str.replace runs at C speed; translate() walks the text in Python
        if char in text:
            text = text.replace(char, escaped)
    return text


def json_ld_script(data: dict) -> str:
    """The whole element: ``<script type="application/ld+json">…</script>``."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'
