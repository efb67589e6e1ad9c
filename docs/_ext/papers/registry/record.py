"""A registry's record of a paper, in the list's terms: what `crossref` and `arxiv` return."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class RegistryRecord:
    #: Who said it ("Crossref", "arXiv") and the address it was read from.
    registry: str
    source_url: str
    title: str | None
    authors: tuple[str, ...]
    year: int | None
    url: str | None
    doi: str | None = None
    arxiv: str | None = None
    #: The registry's own type: "journal-article", "proceedings-article", "arXiv preprint" …
    record_type: str = ""
    #: The kind of venue the type implies (journal, conference, workshop, preprint), or None.
    kind: str | None = None
    #: Every name the registry gives the venue (container titles, ISSNs, event): matched against aliases.
    venue_names: tuple[str, ...] = ()
    #: The one name to show a maintainer, e.g. the proceedings' title rather than its series.
    venue_label: str | None = None
    #: The registry's abbreviation of a journal ("Org. Lett."), a good venue key.
    venue_short: str | None = None
    #: ISSNs, for a suggested venue entry's aliases.
    issns: tuple[str, ...] = ()
    #: Where the published version is: arXiv's DOI field, Crossref's "is-preprint-of".
    published_doi: str | None = None
    #: arXiv's free-text journal reference, when it gives one.
    journal_ref: str | None = None
    #: What the registry said about itself that a maintainer should hear (editors only, repaired names …).
    notes: tuple[str, ...] = field(default=())
    #: Which of our fields this record's registry gave (arxiv may come from a second registry).
    arxiv_source: str | None = None
    #: The paper's abstract as plain paragraphs, when the registry may give it (an open licence).
    abstract: str | None = None
    #: The licence the abstract comes under, as the sources file records it ("CC BY 4.0, https://…").
    abstract_licence: str | None = None
    #: Where the abstract was read, when a second registry gave it.
    abstract_source: str | None = None

    def with_(self, **changes) -> RegistryRecord:
        return replace(self, **changes)
