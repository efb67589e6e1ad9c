"""The kinds of venue, and everything each kind decides: one place to add or change a kind.

A venue's kind sets its badge, the browse heading it is listed under, and the
type of its entry in every export (BibTeX, CSL JSON, RIS) and in the page's
citation tags and JSON-LD. A paper with no venue is cited as a preprint. The schema's
``kind`` enum lists the same keys (a test holds them equal).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VenueKind:
    key: str
    #: "conference": how a sentence names the kind ("MICCAI, a conference")
    label: str
    #: "Conferences": the browse overview's heading for venues of this kind
    plural: str
    #: sphinx-design's badge colour
    colour: str
    #: BibTeX entry type and the field that names the venue (None: the venue is not named)
    bibtex_type: str
    bibtex_venue: str | None
    #: CSL item type; whether the venue is the item's container-title
    csl_type: str
    csl_container: bool
    #: RIS reference type (TY) and the tag that names the venue
    ris_type: str
    ris_venue: str
    #: Highwire Press tag that names the venue on a paper's page
    citation_venue: str | None
    #: What the venue is in a paper's schema.org JSON-LD: a Periodical the article is part of,
    #: an Event whose proceedings it is part of, or the Organization that published it
    schema_venue: str | None


KINDS: dict[str, VenueKind] = {k.key: k for k in (
    VenueKind("conference", "conference", "Conferences", "primary", "inproceedings", "booktitle",
              "paper-conference", True, "CPAPER", "T2", "citation_conference_title", "Event"),
    # T2, not JO, names a journal: Zotero's RIS importer reads JO as the journal's abbreviation
    VenueKind("journal", "journal", "Journals", "success", "article", "journal",
              "article-journal", True, "JOUR", "T2", "citation_journal_title", "Periodical"),
    VenueKind("workshop", "workshop", "Workshops", "info", "inproceedings", "booktitle",
              "paper-conference", True, "CPAPER", "T2", "citation_conference_title", "Event"),
    VenueKind("preprint", "preprint server", "Preprint servers", "secondary", "misc", "howpublished",
              "article", False, "UNPB", "PB", None, "Organization"),
)}

#: How a paper without a venue is cited and counted: as a preprint, on no named server.
UNPUBLISHED = VenueKind("none", "no venue (preprint)", "No venue", "secondary", "misc", None,
                        "article", False, "UNPB", "PB", None, None)


def kind_of(venue) -> VenueKind:
    """The kind of a `Venue` (or of no venue, None)."""
    return UNPUBLISHED if venue is None else KINDS[venue.kind]
