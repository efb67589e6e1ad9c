"""BibTeX entries for papers: typed by what each paper is, encoded for LaTeX by pylatexenc.

pylatexenc turns accents and LaTeX's special characters into commands a plain
8-bit ``bibtex`` reads (``Zo{\\"e}``, ``R{\\&}D``); our part is only the entry's
shape: its type, its fields, and the braces that keep a title's acronyms
capitalised (``{FedBN}``) whatever the bibliography style does to case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from pylatexenc.latexencode import UnicodeToLatexEncoder

from ..data.kinds import kind_of
from ..data.model import Paper, Venue
from ..data.names import split_suffix

_encoder = UnicodeToLatexEncoder(
    non_ascii_only=False, replacement_latex_protection="braces-all",
    unknown_char_policy="keep", unknown_char_warning=False,
)
_WORD = re.compile(r"(\s+)")


#: Text that LaTeX reads as it is: plain ASCII without special characters. Most titles and
#: names are, and pylatexenc walks a string character by character, so they skip it.
_AS_IS = re.compile(r"[A-Za-z0-9 .,:;!?()/'@+=*|<>\[\]-]*")


@functools.lru_cache(maxsize=65536)
def latex(text: str) -> str:
    """`text` with every accent and special character as LaTeX (unknown ones kept as UTF-8).

    Cached: names recur across a list's papers.
    """
    if _AS_IS.fullmatch(text):
        return text
    return _encoder.unicode_to_latex(text)


_EDGE = re.compile(r"^([\"'(\[\u2018\u201c]*)(.*?)([\"')\]:;,.!?\u2019\u201d]*)$", re.S)


def _protected(core: str) -> bool:
    """A word a style must not lowercase: a capital after its first letter (FedBN, Non-IID, MRI, COVID-19)."""
    return any(c.isupper() for c in core[1:])


#: A word with a capital after its first character: the only words `_protected` may brace.
_CAPITAL_INSIDE = re.compile(r"(?<!\S)\S\S*?[A-Z]\S*")


def _edges(word: str) -> tuple[str, str, str]:
    """Leading punctuation, the word, trailing punctuation (the pattern matches any text)."""
    match = _EDGE.match(word)
    assert match is not None
    before, core, after = match.groups()
    return before, core, after


def _brace(match: re.Match) -> str:
    before, core, after = _edges(match.group())
    return before + "{" + core + "}" + after if _protected(core) else match.group()


def title_field(title: str) -> str:
    """The title encoded, each word a style must not lowercase in braces: ``{FedBN}: Federated ...``."""
    if _AS_IS.fullmatch(title):  # most titles: nothing to encode, and only capitalised words to look at
        return _CAPITAL_INSIDE.sub(_brace, title)
    return _title_field_encoded(title)


def _title_field_encoded(title: str) -> str:
    """`title_field` word by word, for any title; the fast path must agree with it."""
    parts = []
    for part in _WORD.split(title):
        if part.isspace() or not part:
            parts.append(part)
            continue
        before, core, after = _edges(part)
        core = "{" + latex(core) + "}" if _protected(core) else latex(core)
        parts.append(latex(before) + core + latex(after))
    return "".join(parts)


def author_field(names: Iterable[str], *, more: bool = False) -> str:
    """Names joined by "and"; "Martin King, Jr." becomes "King, Jr., Martin" as BibTeX reads names."""
    written = []
    for name in names:
        rest, suffix = split_suffix(name)
        if suffix:
            first, _, last = rest.rpartition(" ")
            name = f"{last}, {suffix}, {first}"
        written.append(latex(name))
    return " and ".join(written + (["others"] if more else []))


def entry(paper: Paper, venue: Venue | None) -> str:
    """One BibTeX entry, keyed by the paper's id: its type and venue field as the venue's kind says."""
    kind = kind_of(venue)
    fields: list[tuple[str, str]] = [("title", title_field(paper.title))]
    if paper.authors:
        fields.append(("author", author_field(paper.authors, more=paper.more_authors)))
    if venue is not None and kind.bibtex_venue:
        fields.append((kind.bibtex_venue, latex(venue.name)))
    fields.append(("year", str(paper.year)))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    fields.append(("url", paper.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind.bibtex_type}{{{paper.id},\n{body}\n}}\n"


def entries(papers: Iterable[Paper], venues: Mapping[str, Venue]) -> dict[str, str]:
    """Paper id -> its entry, in the papers' order."""
    return {p.id: entry(p, venues.get(p.venue) if p.venue else None) for p in papers}
