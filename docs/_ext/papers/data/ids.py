"""A new paper's id: its method's name ("FedBN: …" is ``fedbn``), else first author and year.

Ids are anchors and link targets, so they should read as the paper's name
where it has one. A title's part before a colon is taken as a method name only
when it looks like one: one word, or up to three with a capital inside a word or
a digit ("FedBN", "Auto-FedRL", "nnU-Net"); "Attention science: …" is not.
"""

from __future__ import annotations

from collections.abc import Container

from .keys import slug
from .names import family_name

#: The schema's limit on an id's length.
MAX_LENGTH = 64


def method_name(title: str) -> str | None:
    """The name before a title's colon, if it looks like a method's name."""
    head, colon, _ = title.partition(":")
    words = head.split()
    if not colon or not words or len(words) > 3 or len(head) > 40:
        return None
    looks_named = len(words) == 1 or any(
        any(c.isupper() for c in w[1:]) or any(c.isdigit() for c in w) for w in words)
    return head if looks_named else None


def readable_id(title: str, first_author: str | None, year: int, taken: Container[str],
                family: str | None = None) -> str:
    """An unused id for a paper: `family` is the registry's family name of the first author, if known."""
    named = method_name(title)
    base = slug(named) if named else ""
    if not base:
        author = family or (family_name(first_author) if first_author else "")
        base = "-".join(filter(None, (slug(author), str(year)))) or "paper"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base[:MAX_LENGTH - 1 - len(str(number))]}-{number}"
    return candidate
