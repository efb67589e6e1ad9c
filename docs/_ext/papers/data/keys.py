"""The keys that decide when two things are the same: titles, venue names, DOIs; and the one slug rule.

Ids, file names of generated pages and registry matching all rest on these, so
each rule is written here once.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")
#: Letters NFKD does not split into an ASCII base and a mark.
_ASCII_FOR = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                            "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th"})


def slug(text: str, max_length: int = 64) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens: "Zoë Ødegaard" is "zoe-odegaard".

    "" when nothing of `text` is ASCII-able; callers choose their own fallback.
    """
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_FOR)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:max_length].strip("-")


def unique_slugs(keys, fallback: str = "x") -> dict[str, str]:
    """A distinct slug for each key, in case-folded key order (``DEEM@SIGMOD`` and ``DEEM SIGMOD``
    would both be ``deem-sigmod``: the second is ``deem-sigmod-2``)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(keys, key=str.casefold):
        base = candidate = slug(key) or fallback
        number = 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        out[key] = candidate
    return out


def title_key(title: str) -> str:
    """Titles that differ only in case, spacing, accents or punctuation match."""
    if title.isascii():
        return _NOT_ALNUM.sub("", title.lower())
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", title).casefold())


def venue_name_key(name: str) -> str:
    """Venue names equal but for case, punctuation, accents and a leading "The"."""
    key = title_key(name)
    return key[3:] if key.startswith("the") and title_key(name.split(None, 1)[0]) == "the" else key


def doi_key(doi: str) -> str:
    """DOIs are case-insensitive: one key for "10.1109/TMI.2023.3239391" and its lowercase."""
    return "doi:" + doi.lower()
