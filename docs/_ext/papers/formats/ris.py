"""RIS records: a paper, or the whole list, as EndNote, Zotero, Mendeley and Papers import it.

A record is tag lines, ``TY`` first and ``ER`` last, each ``XX  - value``
(two characters, two spaces, a hyphen, a space) and ending in CR LF, as the RIS
specification (Research Information Systems, Reference Manager's "RIS Format
Specifications") asks; records are separated by a blank line, as Zotero writes
them. Which tag carries what follows the specification and Zotero's RIS
translator (zotero/translators, ``RIS.js``):

- ``TY`` and the tag naming the venue come from the venue's kind
  (`papers.data.kinds`): a journal in ``T2`` (Zotero reads ``JO`` as the journal's
  abbreviation), a conference in ``T2`` (its name), a preprint server in ``PB``.
- ``AU``, one an author in order, "Family, Given" or "Family, Given, Suffix" (the
  particle stays with the family name: "van der Berg, Ana"); a one-word name as is.
- The arXiv id is a note, ``N1  - arXiv:2105.05874``. ``M3`` is "type of work" in
  the specification, and Zotero's importer reads ``M3`` of an article or paper as a
  DOI (and of a manuscript as its type), so an id there is lost or misfiled.
- ``KW`` one a tag; ``AB`` the paper's own abstract, when it has one.

RIS has no escapes: what can break a record is a value spread over lines, since a
line that looks like a tag (``ER  - ``, or ``AB - `` with one space, which Zotero
also accepts) starts a new field or ends the record. So every value is put on
one line (`single_line`); an abstract keeps its paragraphs as continuation lines
(the specification lets a long field go on over the next lines; Zotero keeps them
as line breaks in an abstract, rispy joins them with spaces), and a paragraph that
would look like a tag, or be dropped as blank, is joined to the line before it.
Values are UTF-8, without a byte order mark (a reader such as rispy would take
"\\ufeffTY" for no tag and skip the first record).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..data.kinds import kind_of
from ..data.model import Catalog, Paper, Venue
from ..data.names import name_parts
from .single_line import lines, single_line

#: The specification's line end.
EOL = "\r\n"
#: What a reader takes for a tag at the start of a line: two characters, one or two spaces, a hyphen
#: (Zotero accepts one space; rispy any two characters it calls upper case, not only A-Z and 0-9).
_LOOKS_LIKE_A_TAG = re.compile(r"^\S\S {1,2}-")


def family_first(name: str) -> str:
    """``"Martin Luther King, Jr."`` -> ``"King, Martin Luther, Jr."``; ``"Ana van der Berg"`` ->
    ``"van der Berg, Ana"``; a one-word name (an organisation, a mononym) as it is written."""
    parts = name_parts(name)
    if "literal" in parts:
        return parts["literal"]
    family = " ".join(p for p in (parts.get("particle"), parts["family"]) if p)
    return ", ".join(p for p in (family, parts["given"], parts.get("suffix")) if p)


def _tag(tag: str, value: str) -> str:
    return f"{tag}  - {value}{EOL}"


def _abstract(text: str) -> str:
    """The AB field: the first paragraph on the tag's line, each next one on a line of its own."""
    joined: list[str] = []
    for paragraph in lines(text):
        if joined and _LOOKS_LIKE_A_TAG.match(paragraph):
            joined[-1] += " " + paragraph  # on a line of its own it would be read as a tag
        else:
            joined.append(paragraph)
    return _tag("AB", EOL.join(joined)) if joined else ""


def record(paper: Paper, venue: Venue | None) -> str:
    """One paper's RIS record, from ``TY`` to ``ER``, each line ending in CR LF."""
    kind = kind_of(venue)
    fields = [("TY", kind.ris_type), ("TI", paper.title)]
    fields += [("AU", family_first(name)) for name in paper.authors]
    fields.append(("PY", str(paper.year)))
    if venue is not None:
        fields.append((kind.ris_venue, venue.name))
    if paper.doi:
        fields.append(("DO", paper.doi))
    fields.append(("UR", paper.url))
    if paper.arxiv:
        fields.append(("N1", f"arXiv:{paper.arxiv}"))
    if paper.more_authors:
        fields.append(("N1", "Author list shortened: more authors than listed"))
    fields += [("KW", tag) for tag in paper.tags]
    text = "".join(_tag(tag, line) for tag, line in ((t, single_line(v)) for t, v in fields) if line)
    if paper.abstract:
        text += _abstract(paper.abstract)
    return text + _tag("ER", "")


def records(papers: Iterable[Paper], venues: Mapping[str, Venue]) -> str:
    """The papers' records in order, a blank line after each: the text of a ``.ris`` file."""
    return "".join(record(p, venues.get(p.venue) if p.venue else None) + EOL for p in papers)


def ris_file(catalog: Catalog) -> str:
    """The whole list as one RIS file (``papers.ris``)."""
    return records(catalog.papers, catalog.venues)
