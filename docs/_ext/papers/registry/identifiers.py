"""What a maintainer may type to name a paper: a DOI or an arXiv id, bare or as a link.

``10.1109/TMI.2023.3239391``, ``doi:10.1109/...``, ``https://doi.org/10.1109/...``,
``2102.07623``, ``arXiv:2102.07623v2``, ``https://arxiv.org/abs/2102.07623``,
``https://arxiv.org/pdf/2102.07623v1.pdf``, old-style ``cs/0112017``. arXiv's own
DOI (``10.48550/arXiv.2102.07623``) names the preprint, so it is read as its
arXiv id: the list keeps DOIs for published versions only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/)", re.I)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV = re.compile(rf"(?:arxiv:\s*)?{_ARXIV_ID}", re.I)
_ARXIV_LINK = re.compile(rf"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/{_ARXIV_ID}(?:\.pdf)?/?", re.I)
_ARXIV_DOI = re.compile(rf"10\.48550/arxiv\.{_ARXIV_ID}", re.I)


@dataclass(frozen=True)
class Identifier:
    """A DOI or an arXiv id (bare, without version), and what the maintainer typed."""

    kind: str  # "doi" or "arxiv"
    value: str
    given: str


def parse_identifier(text: str) -> Identifier:
    """The identifier in `text`; raises ValueError saying what was expected."""
    given = text
    text = text.strip()
    for pattern in (_ARXIV_LINK, _ARXIV):
        match = pattern.fullmatch(text)
        if match:
            return Identifier("arxiv", _old_style_case(match.group(1)), given)
    doi = _DOI_PREFIXES.sub("", text)
    if doi != text:
        doi = unquote(doi)
    match = _ARXIV_DOI.fullmatch(doi)
    if match:
        return Identifier("arxiv", _old_style_case(match.group(1)), given)
    if _DOI.fullmatch(doi):
        return Identifier("doi", doi, given)
    raise ValueError(f"{given!r} is neither a DOI (10.1109/TMI.2023.3239391, https://doi.org/...) "
                     "nor an arXiv id (2102.07623, arXiv:2102.07623v2, https://arxiv.org/abs/...)")


def _old_style_case(arxiv_id: str) -> str:
    """arXiv ids are case-sensitive only in an old-style archive's subject class: math.GT/0309136."""
    if "/" not in arxiv_id:
        return arxiv_id
    archive, number = arxiv_id.split("/")
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


def bare_arxiv_id(text: str) -> str | None:
    """The arXiv id in a registry's field ("arXiv:2503.12208v2", "10.48550/arXiv.2503.12208"), or None."""
    text = text.strip()
    for pattern in (_ARXIV_DOI, _ARXIV_LINK, _ARXIV):
        match = pattern.fullmatch(text)
        if match:
            return _old_style_case(match.group(1))
    return None
