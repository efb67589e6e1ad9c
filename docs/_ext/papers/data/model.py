"""The paper list as immutable values: what the rest of the extension reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


def anchor(paper_id: str) -> str:
    """A paper's HTML id: its row, its permalink, the target of its links."""
    return f"paper-{paper_id}"


@dataclass(frozen=True, slots=True)
class Venue:
    key: str
    name: str
    kind: str
    #: Other names registries use for it (container titles, ISSNs): what `add` matches.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tag:
    key: str
    group: str
    description: str


@dataclass(frozen=True, slots=True)
class Framework:
    key: str
    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Dataset:
    key: str
    name: str
    url: str | None
    modality: str
    #: "public", "credentialed", "private"; None: not reported in what we read
    access: str | None


#: The study facets, in the order the data file and every output list them.
FACETS = ("deployment", "sites", "privacy", "framework", "datasets")


@dataclass(frozen=True, slots=True)
class Study:
    """How a paper's study federated. Each field: a value, None for "not reported in what we read";
    `examined` names the facets the data file has a key for (the others are not yet examined)."""

    deployment: str | None = None
    sites: int | None = None
    privacy: tuple[str, ...] | None = None
    framework: str | None = None
    datasets: tuple[str, ...] | None = None
    examined: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    year: int
    url: str
    authors: tuple[str, ...] = ()
    #: The source lists more authors than `authors` (a consortium paper): "and others".
    more_authors: bool = False
    venue: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    code: str | None = None
    tags: tuple[str, ...] = ()
    #: The day it entered the list, YYYY-MM-DD (UTC).
    added: str = ""
    #: What it did, in the list's own words; its own abstract, where a list imports it.
    summary: str | None = None
    abstract: str | None = None
    study: Study = Study()
    #: Position within its year, from 1, in file order: the list's "#" column.
    number: int = 0
    #: Its HTML id (`anchor`), made once: every table that lists the paper asks for it.
    anchor: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "anchor", anchor(self.id))


@dataclass(frozen=True, slots=True)
class Catalog:
    """A validated data file."""

    path: Path
    venues: Mapping[str, Venue]
    tags: Mapping[str, Tag]
    papers: tuple[Paper, ...]
    frameworks: Mapping[str, Framework] = field(default_factory=dict)
    datasets: Mapping[str, Dataset] = field(default_factory=dict)
    #: Problems that do not stop a build, as (where, what) reports.
    warnings: tuple = ()
    #: The digest of the data file and its schema (`loading.content_digest`): what outputs made
    #: from the catalog are stamped with.
    digest: str = ""
    by_id: Mapping[str, Paper] = field(init=False, repr=False, compare=False)
    #: Tag -> its papers, and venue key -> its papers, in the list's order: a page per tag and
    #: venue takes its rows from here rather than looking through every paper.
    by_tag: Mapping[str, tuple[Paper, ...]] = field(init=False, repr=False, compare=False)
    by_venue: Mapping[str, tuple[Paper, ...]] = field(init=False, repr=False, compare=False)
    by_framework: Mapping[str, tuple[Paper, ...]] = field(init=False, repr=False, compare=False)
    by_dataset: Mapping[str, tuple[Paper, ...]] = field(init=False, repr=False, compare=False)
    #: The day the list began (its earliest ``added``): papers added that day are not news.
    first_added: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_tag: dict[str, list[Paper]] = {key: [] for key in self.tags}
        by_venue: dict[str, list[Paper]] = {key: [] for key in self.venues}
        by_framework: dict[str, list[Paper]] = {key: [] for key in self.frameworks}
        by_dataset: dict[str, list[Paper]] = {key: [] for key in self.datasets}
        for paper in self.papers:
            for tag in paper.tags:
                by_tag.setdefault(tag, []).append(paper)
            if paper.venue:
                by_venue.setdefault(paper.venue, []).append(paper)
            if paper.study.framework:
                by_framework.setdefault(paper.study.framework, []).append(paper)
            for dataset in paper.study.datasets or ():
                by_dataset.setdefault(dataset, []).append(paper)
        object.__setattr__(self, "by_id", {p.id: p for p in self.papers})
        object.__setattr__(self, "by_tag", {k: tuple(v) for k, v in by_tag.items()})
        object.__setattr__(self, "by_venue", {k: tuple(v) for k, v in by_venue.items()})
        object.__setattr__(self, "by_framework", {k: tuple(v) for k, v in by_framework.items()})
        object.__setattr__(self, "by_dataset", {k: tuple(v) for k, v in by_dataset.items()})
        object.__setattr__(self, "first_added", min((p.added for p in self.papers if p.added), default=""))
