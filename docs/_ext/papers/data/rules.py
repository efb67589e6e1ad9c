"""The rules a JSON Schema cannot say: uniqueness, declared venues and tags, years, links.

They run on every paper of every build, so they lean on regular expressions
(C speed) rather than per-character Python loops.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from .keys import doi_key, title_key, venue_name_key
from .messages import control_fault, excerpt, printable, suggestion
from .names import FAMILY_FIRST
from .positions import JsonPath
from .schema import Problem

_URL_FORBIDDEN = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')
_ARXIV = re.compile(r"^arxiv\.org/(?:abs|pdf)/([^/?#]+?)(?:v\d+)?(?:\.pdf)?$")
_OPENREVIEW = re.compile(r"^openreview\.net/(?:forum|pdf)\?id=([^&#]+)")

#: The common case, a plain http(s) link with a host name: checked by one regular expression.
_PLAIN_LINK = re.compile(
    r"https?://(?:www\.)?((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
    r"""((?:/[^\s"<>\\^`{|}?#]*)?)(\?[^\s"<>\\^`{|}#]*)?(?:#[^\s"<>\\^`{|}]*)?""")


_DOI_HOSTS = ("doi.org/", "dx.doi.org/")
_ET_AL = re.compile(r"^(?:and )?(?:et\.? al\.?|others)$", re.I)
#: In names joined by newlines: a name the patterns above or the braces rule may fault
#: (`control_fault` is asked separately, of the names joined by spaces).
_SUSPECT_NAMES = re.compile(r",|^(?:and )?(?:et\.? al\.?|others)$|[{}]", re.I | re.M)

#: Sizes no real paper has: a warning, not an error (a consortium paper lists hundreds of authors).
LONGEST_TITLE = 500
MOST_AUTHORS = 1000


def brace_fault(text: str) -> str | None:
    """Why BibTeX cannot carry `text`: a brace without its partner (BibTeX counts \\{ too)."""
    depth = 0
    for at, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return (f"has a }} without a {{ before it (column {at + 1}): {excerpt(text, at, at + 1)}; "
                        "BibTeX cannot carry unbalanced braces: remove it or add its partner")
    if depth > 0:
        at = text.rfind("{")
        return (f"has a {{ that is never closed (column {at + 1}): {excerpt(text, at, at + 1)}; "
                "BibTeX cannot carry unbalanced braces: remove it or add its partner")
    return None


def _link_key(where: str) -> str:
    if where.startswith(_DOI_HOSTS):
        return doi_key(unquote(where.split("/", 1)[1]))
    if where.startswith(("arxiv.org/", "openreview.net/")):
        for pattern, prefix in ((_ARXIV, "arxiv:"), (_OPENREVIEW, "openreview:")):
            match = pattern.match(where)
            if match:
                return prefix + match.group(1)
    return where


def check_link(url: str) -> tuple[str | None, str]:
    """(what is wrong with `url` or None, a key equal for links to the same page).

    The key ignores scheme, "www.", a trailing "/" and arXiv's abs/pdf/vN forms.
    """
    plain = _PLAIN_LINK.fullmatch(url)
    if plain:
        host, path, query = plain.groups()
        return None, _link_key(host.lower() + path.rstrip("/") + (query if query and query != "?" else ""))
    bad = _URL_FORBIDDEN.search(url)
    if bad:
        return f"must not contain {printable(bad.group())} (percent-encode it); got {printable(url)}", ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as err:
        return f"is not a valid link ({err}); got {printable(url)}", ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"must be an absolute http:// or https:// link; got {printable(url)}", ""
    return None, _link_key(parts.hostname.removeprefix("www.") + parts.path.rstrip("/") + (
        f"?{parts.query}" if parts.query else ""))


def _section(doc: Any, name: str) -> dict:
    found = doc.get(name) if isinstance(doc, dict) else None
    return found if isinstance(found, dict) else {}


def _papers(doc: Any) -> Iterator[tuple[JsonPath, dict]]:
    papers = doc.get("papers") if isinstance(doc, dict) else None
    if isinstance(papers, list):
        for index, paper in enumerate(papers):
            if isinstance(paper, dict):
                yield ("papers", index), paper


class _Rules:
    """Runs the rules over one document, collecting a `Problem` for each breach."""

    def __init__(self, doc: Any, latest_year: int, today: datetime.date, flagged: set[JsonPath]) -> None:
        self.venues = _section(doc, "venues")
        self.tags = _section(doc, "tags")
        self.frameworks = _section(doc, "frameworks")
        self.datasets = _section(doc, "datasets")
        self.latest_year = latest_year
        self.today = today
        self.flagged = flagged  # paths the schema already faulted: one message per field
        self.found: list[Problem] = []
        self.first: dict[tuple[str, str], JsonPath] = {}  # (what, key) -> where it first appeared

    def is_text(self, path: JsonPath, value: Any) -> bool:
        """Whether `value` is a string worth checking further (a control character is reported)."""
        if type(value) is not str or path in self.flagged:
            return False
        fault = control_fault(value)
        if fault:
            self.found.append(Problem(path, fault))
        return fault is None

    def is_bibtex_text(self, path: JsonPath, value: Any) -> bool:
        """`is_text`, and text BibTeX can carry (balanced braces)."""
        if not self.is_text(path, value):
            return False
        fault = brace_fault(value) if ("{" in value or "}" in value) else None
        if fault:
            self.found.append(Problem(path, fault))
        return fault is None

    def unique(self, what: str, key: str, path: JsonPath, message: str) -> None:
        """Report `path` if an entry checked before it (added earlier) had the same `key`; `message` formats it."""
        first = self.first.setdefault((what, key), path)
        if first is not path:
            self.found.append(Problem(path, message.format(printable(key)), other=first))

    # --- venues and tags ---------------------------------------------------------

    def check_vocabulary(self) -> None:
        for section, entries, field in (("venues", self.venues, "name"), ("tags", self.tags, "description"),
                                        ("frameworks", self.frameworks, "name"), ("datasets", self.datasets, "name")):
            for key, entry in entries.items():
                self.is_text((section, key), key)
                if isinstance(entry, dict):
                    self.is_bibtex_text((section, key, field), entry.get(field))
                    if section in ("frameworks", "datasets") and self.is_text((section, key, "url"), entry.get("url")):
                        problem, _ = check_link(entry["url"])
                        if problem:
                            self.found.append(Problem((section, key, "url"), problem))

    def check_aliases(self) -> None:
        """An alias leads to one venue: no two venues share one, none is another venue's key or name."""
        owners: dict[str, str] = {}
        for key, entry in self.venues.items():
            owners.setdefault(venue_name_key(key), key)
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                owners.setdefault(venue_name_key(entry["name"]), key)
        for key, entry in self.venues.items():
            aliases = entry.get("aliases") if isinstance(entry, dict) else None
            if not isinstance(aliases, list):
                continue
            for index, alias in enumerate(aliases):
                path = ("venues", key, "aliases", index)
                if not self.is_text(path, alias):
                    continue
                owner = owners.setdefault(venue_name_key(alias), key)
                if owner != key:
                    self.found.append(Problem(path, f"{printable(alias)} names venue {printable(owner)} already: an "
                                                    "alias "
                                              "must lead to one venue", other=("venues", owner)))

    def check_venue_names(self) -> None:
        """Warn where one venue seems declared twice: equal names, or a key that is another's name."""
        names: dict[str, str] = {}
        for key, entry in self.venues.items():
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or ("venues", key, "name") in self.flagged:
                continue
            same = names.setdefault(venue_name_key(name), key)
            if same != key:
                self.found.append(Problem(
                    ("venues", key, "name"),
                    f"is the name of venue {printable(same)} too; declare a venue once and use its key",
                    other=("venues", same), warning=True))
        for key in self.venues:
            other = names.get(venue_name_key(key))
            if other is not None and other != key:
                self.found.append(Problem(
                    ("venues", key), f"is the full name of venue {printable(other)}; "
                    "declare a venue once and use its key", at_key=True, other=("venues", other), warning=True))

    # --- papers ------------------------------------------------------------------

    def check_paper(self, base: JsonPath, paper: dict) -> None:
        self.check_identity(base, paper)
        self.check_authors(base, paper)
        url_key = self.check_links(base, paper)
        self.check_identifiers(base, paper, url_key)
        self.check_venue(base, paper)
        self.check_year(base, paper)
        self.check_added(base, paper)
        self.check_tags(base, paper)
        self.check_words(base, paper)
        self.check_study(base, paper)

    def check_identity(self, base: JsonPath, paper: dict) -> None:
        pid = paper.get("id")
        if isinstance(pid, str) and self.is_text((*base, "id"), pid):
            self.unique("id", pid, (*base, "id"), "{} is the id of another paper too; ids must be unique")
        title = paper.get("title")
        if isinstance(title, str) and self.is_bibtex_text((*base, "title"), title):
            self.unique("title", title_key(title), (*base, "title"),
                        "repeats the title of another paper: list each paper once "
                        "(keep the published version, not also its preprint)")
            if len(title) > LONGEST_TITLE:
                self.found.append(Problem((*base, "title"), f"is {len(title):,} characters long; no title is "
                                          f"longer than {LONGEST_TITLE}: is it the abstract?", warning=True))

    def check_authors(self, base: JsonPath, paper: dict) -> None:
        authors = paper.get("authors")
        if not isinstance(authors, list):
            return
        if len(authors) > MOST_AUTHORS:
            self.found.append(Problem((*base, "authors"), f"lists {len(authors):,} authors; no paper of the list "
                                      f"has more than {MOST_AUTHORS}: is something pasted twice?", warning=True))
        if all(type(name) is str and "\n" not in name for name in authors) and not _SUSPECT_NAMES.search(
                "\n".join(authors)) and control_fault(" ".join(authors)) is None:
            return  # the common case, decided in two searches
        self.check_each_author(base, authors)

    def check_each_author(self, base: JsonPath, authors: list) -> None:
        for index, name in enumerate(authors):
            path = (*base, "authors", index)
            if not self.is_bibtex_text(path, name):
                continue
            if _ET_AL.match(name):
                self.found.append(Problem(path, f"is {printable(name)}: list every author by name (if no source "
                                          'gives them all, list those it gives and set "more_authors": true)'))
            elif FAMILY_FIRST.search(name):
                family, _, given = name.partition(",")
                self.found.append(Problem(path, f'must be "Given Family", without a comma: '
                                          f"{printable(name)} is written "
                                          f"{printable(f'{given.strip()} {family.strip()}')}"))

    def check_links(self, base: JsonPath, paper: dict) -> str | None:
        """Check the paper and code links; the paper link's identity key, if it is a good link."""
        url_key = None
        for name in ("url", "code"):
            path = (*base, name)
            link = paper.get(name)
            if not (isinstance(link, str) and self.is_text(path, link)):
                continue
            problem, key = check_link(link)
            if problem:
                self.found.append(Problem(path, problem))
            elif name == "url":
                url_key = key
        return url_key

    def check_identifiers(self, base: JsonPath, paper: dict, url_key: str | None) -> None:
        """The paper's link, DOI and arXiv id each name this paper only.

        They share one space of keys: an arXiv link in one entry and an "arxiv"
        field naming the same paper in another are one paper listed twice. One
        entry naming itself twice (its arXiv link and its arXiv id) is fine.
        """
        mine: dict[str, tuple[JsonPath, str]] = {}
        if url_key:
            mine[url_key] = ((*base, "url"), "links to the same paper as another entry")
        doi, arxiv = paper.get("doi"), paper.get("arxiv")
        if isinstance(doi, str) and self.is_text((*base, "doi"), doi):
            mine.setdefault(doi_key(doi), ((*base, "doi"), "is the DOI of another entry too"))
        if self.is_text((*base, "arxiv"), arxiv):
            mine.setdefault(f"arxiv:{arxiv}", ((*base, "arxiv"), "is the arXiv id of another entry too"))
        for key, (path, message) in mine.items():
            self.unique("paper", key, path, message + ": list each paper once")

    def check_venue(self, base: JsonPath, paper: dict) -> None:
        venue = paper.get("venue")
        if isinstance(venue, str) and venue not in self.venues:
            self.found.append(Problem(
                (*base, "venue"), f'{printable(venue)} is not a key of "venues"' + suggestion(venue, self.venues)
                + " (declare a new venue there first)"))

    def check_year(self, base: JsonPath, paper: dict) -> None:
        year, path = paper.get("year"), (*base, "year")
        if type(year) is float and year.is_integer() and path not in self.flagged:
            self.found.append(Problem(path, f"must be written as a whole number: {int(year)}, not {printable(year)}"))
        elif isinstance(year, int | float) and not isinstance(year, bool) and year > self.latest_year \
                and path not in self.flagged:
            self.found.append(Problem(path, f"must be {self.latest_year} (next year) or earlier; got "
                                            f"{printable(year)}"))

    def check_added(self, base: JsonPath, paper: dict) -> None:
        added, path = paper.get("added"), (*base, "added")
        if not isinstance(added, str) or path in self.flagged:
            return
        try:
            day = datetime.date.fromisoformat(added)
        except ValueError:
            self.found.append(Problem(path, f"is not a date of the calendar; got {printable(added)}"))
            return
        if day > self.today:
            self.found.append(Problem(path, f"must be a day that has begun somewhere on Earth: "
                                      f"{self.today.isoformat()} or earlier (add writes today's UTC date); "
                                      f"got {printable(added)}"))

    def check_tags(self, base: JsonPath, paper: dict) -> None:
        tags = paper.get("tags")
        if not isinstance(tags, list):
            return
        for index, tag in enumerate(tags):
            if isinstance(tag, str) and tag not in self.tags:
                self.found.append(Problem((*base, "tags", index),
                                          f'{printable(tag)} is not declared in "tags"' + suggestion(tag, self.tags)))


    def check_words(self, base: JsonPath, paper: dict) -> None:
        """The summary is one line every output can carry; the abstract may hold paragraphs."""
        self.is_bibtex_text((*base, "summary"), paper.get("summary"))
        abstract = paper.get("abstract")
        path = (*base, "abstract")
        if type(abstract) is str and path not in self.flagged:
            fault = control_fault(abstract.replace("\n", " "))
            if fault:
                self.found.append(Problem(path, fault))

    def check_study(self, base: JsonPath, paper: dict) -> None:
        """The study's framework and datasets are declared; a missing facet is noted, not an error."""
        study = paper.get("study")
        if not isinstance(study, dict):
            return
        framework = study.get("framework")
        if isinstance(framework, str) and framework not in self.frameworks:
            self.found.append(Problem(
                (*base, "study", "framework"), f'{printable(framework)} is not a key of "frameworks"'
                + suggestion(framework, self.frameworks) + " (declare it there first, with its name and url)"))
        datasets = study.get("datasets")
        for index, dataset in enumerate(datasets if isinstance(datasets, list) else ()):
            if isinstance(dataset, str) and dataset not in self.datasets:
                self.found.append(Problem(
                    (*base, "study", "datasets", index), f'{printable(dataset)} is not a key of "datasets"'
                    + suggestion(dataset, self.datasets) + " (declare it there first, with its name, url, "
                    "modality and access)"))


def check_rules(doc: Any, *, latest_year: int, today: datetime.date, flagged: set[JsonPath]) -> list[Problem]:
    """Every breach of the rules in `doc`; `flagged` holds paths the schema already faulted."""
    rules = _Rules(doc, latest_year, today, flagged)
    rules.check_vocabulary()
    rules.check_venue_names()
    rules.check_aliases()
    # in the order papers were added (file order among equals), so a paper listed twice is reported
    # where it was added last: the new entry a contributor wrote, not the one already published
    for base, paper in sorted(_papers(doc), key=_added_order):
        rules.check_paper(base, paper)
    return rules.found


def _added_order(item: tuple[JsonPath, dict]) -> str:
    added = item[1].get("added")
    return added if isinstance(added, str) else ""
