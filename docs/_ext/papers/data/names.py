"""People's names as the list writes them ("Given Family", "Martin King, Jr."), taken apart for citations.

The list writes every name given name first, as the paper prints it. Exports
need the parts: BibTeX reads "First von Last" and "Last, Jr., First", CSL wants
given, particle, family and suffix. The generational suffixes, and how a long
author list is shortened on a page, are decided here only.
"""

from __future__ import annotations

import functools
import re

#: Generational suffixes, written with or without a period after Jr and Sr.
SUFFIXES = ("Jr", "Sr", "II", "III", "IV")
_SUFFIX = "(?:Jr|Sr)\\.?|II|III|IV"
#: "Martin King, Jr." and "Martin King Jr.": the name and its suffix.
_WITH_SUFFIX = re.compile(rf"^(?P<name>.+?),? (?P<suffix>{_SUFFIX})$")
#: A comma that is not the one before a suffix: the name is written "Family, Given".
FAMILY_FIRST = re.compile(rf",(?! (?:{_SUFFIX})$)")

#: Up to this many authors show in full on a page; a longer list shows its first three, the
#: number of the others (one click away) and the last.
AUTHORS_SHOWN = 8
AUTHORS_FIRST = 3


def split_suffix(name: str) -> tuple[str, str | None]:
    """``"Martin King, Jr."`` -> ``("Martin King", "Jr.")``; a name without a suffix is itself and None."""
    match = _WITH_SUFFIX.match(name)
    if match and " " in match["name"].strip():
        return match["name"].rstrip(","), match["suffix"]
    return name, None


def family_name(author: str) -> str:
    """The family name of "Given Family" (the last word; "Smith III", "King, Jr." keep the name)."""
    words = split_suffix(author)[0].replace(",", " ").split()
    return words[-1] if words else author


@functools.lru_cache(maxsize=65536)
def _parts(name: str) -> tuple[tuple[str, str], ...]:
    rest, suffix = split_suffix(name)
    words = rest.split()
    if len(words) < 2:
        return (("literal", name),)
    first_particle = next((i for i, w in enumerate(words[1:-1], 1) if w[:1].islower()), len(words) - 1)
    parts = [("family", words[-1]), ("given", " ".join(words[:first_particle]))]
    if first_particle < len(words) - 1:
        parts.append(("particle", " ".join(words[first_particle:-1])))
    if suffix:
        parts.append(("suffix", suffix))
    return tuple(parts)


def name_parts(name: str) -> dict[str, str]:
    """``"Jean-Baptiste van der Berg"`` -> given "Jean-Baptiste", particle "van der", family "Berg";
    a one-word name (an organisation, a mononym) is ``{"literal": name}``. A fresh dict each call."""
    return dict(_parts(name))


def shortened(authors: tuple[str, ...] | list[str]) -> tuple[list[str], list[str], str] | None:
    """A long list as (first three, the hidden middle, the last); None when it shows in full."""
    if len(authors) <= AUTHORS_SHOWN:
        return None
    return list(authors[:AUTHORS_FIRST]), list(authors[AUTHORS_FIRST:-1]), authors[-1]


def authors_line(authors: tuple[str, ...], more_authors: bool) -> str:
    """The authors in one line of text: a long list as its first three, "…" and the last, with the count."""
    others = ", and others" if more_authors else ""
    short = shortened(authors)
    if short is None:
        return ", ".join(authors) + others
    first, _, last = short
    return f"{', '.join(first)}, \u2026, {last}{others} ({len(authors)} authors)"
