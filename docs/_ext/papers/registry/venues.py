"""Which venue of the list a registry's venue name is, or the entry to declare for it.

A venue's key, full name and ``aliases`` are all names it goes by; registries
use their own ("Medical Image Computing and Computer Assisted Intervention –
MICCAI 2023", "IEEE Transactions on Medical Imaging", ISSN "0278-0062"). Names
match when equal but for case, punctuation, accents, a leading "The", years and
ordinals ("2007 IEEE 11th International Conference" is every year's). Nothing is
guessed beyond that: an unmatched venue is the maintainer's to declare.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..data.keys import venue_name_key
from ..data.kinds import KINDS
from ..data.model import Venue
from .record import RegistryRecord

_YEARS = re.compile(r"\b(?:19|20)\d{2}\b|\b\d+(?:st|nd|rd|th)\b", re.I)
#: Words that name a publisher or society, not the venue: no key is made of them.
_ORGANISATIONS = {"IEEE", "ACM", "CVF", "IEEE/CVF", "SIAM", "IFIP", "IAPR", "SPIE"}
_MINOR = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with", "&", "–", "-", "—"}


def venue_match_key(name: str) -> str:
    return venue_name_key(_YEARS.sub(" ", name))


def match_venue(names, venues: Mapping[str, Venue]) -> str | None:
    """The key of the venue any of `names` names, or None."""
    index: dict[str, str] = {}
    for key, venue in venues.items():
        for known in (key, venue.name, *venue.aliases):
            index.setdefault(venue_match_key(known), key)
    for name in names:
        found = index.get(venue_match_key(name))
        if found:
            return found
    return None


def without_years(name: str) -> str:
    """"2007 IEEE 11th International Conference on Computer Vision" as every year's name."""
    text = " ".join(_YEARS.sub(" ", name).split())
    return re.sub(r"^[\s,:;–—-]+|[\s,:;–—-]+$", "", text) or name


def suggested_key(record: RegistryRecord, taken: Mapping[str, object]) -> str:
    """A key in the list's style: a journal's abbreviation, a conference's acronym or initials."""
    label = record.venue_label or ""
    key = ""
    if record.kind == "journal" and record.venue_short and record.venue_short != label:
        key = record.venue_short
    if not key:
        acronyms = [w for w in re.findall(r"\b[A-Z][A-Z0-9]{2,}\b", _YEARS.sub(" ", label))
                    if w not in _ORGANISATIONS]
        key = acronyms[-1] if acronyms else ""
    if not key:
        words = [w for w in re.split(r"[\s/]+", without_years(label))
                 if w and w.lower() not in _MINOR and w not in _ORGANISATIONS and w[0].isalnum()]
        key = "".join(w[0].upper() for w in words) if len(words) > 1 else (words[0] if words else "Venue")
    key = re.sub(r"[^A-Za-z0-9 .&+'@/():-]", "", key).strip() or "Venue"
    return key[:80]


def suggested_entry(record: RegistryRecord) -> dict:
    """The venue entry to paste into "venues": name, kind, and the registry's names as aliases."""
    label = record.venue_label or ""
    aliases = list(dict.fromkeys([label, *record.issns]))
    kind = record.kind or f"CHOOSE one of: {', '.join(KINDS)}"
    return {"name": without_years(label), "kind": kind, "aliases": [a for a in aliases if a]}
