"""Text made to stay on one line, for formats where a line break ends a field (RIS, meta tags).

The data rules already keep titles, names and venue names on one line; the
formats do not rely on it. Every character that some reader takes for the end
of a line is replaced: CR and LF, but also the vertical tab, form feed, the
file/group/record separators, NEL and Unicode's line and paragraph separators,
which Python's ``str.splitlines`` and JavaScript's ``.`` (Zotero's RIS importer
matches tag lines with it) both treat as line ends. Other control characters go
with them: no reader wants them in a field.
"""

from __future__ import annotations

import re

#: C0 and C1 controls (TAB, CR, LF, VT, FF, FS/GS/RS, NEL...) and U+2028/U+2029, in runs.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(text: str) -> str:
    """`text` on one line: each run of line-ending or control characters becomes one space."""
    return _BREAKS.sub(" ", text).strip()


def lines(text: str) -> list[str]:
    """The non-blank lines of `text` (paragraphs of an abstract), each made `single_line`."""
    return [line for line in (single_line(part) for part in text.splitlines()) if line]
