"""Registry text as the list prints it: markup dropped, entities decoded, one line.

Crossref passes on what publishers deposit: ``<i>``, ``<sub>``, ``<scp>``, JATS
tags, whole MathML formulas, and sometimes markup escaped once more
(``&lt;i&gt;``). The list wants plain text, so the text content is kept, as a
browser would show it with styling off. The stdlib's ``html.parser`` is lenient
about the unknown and namespaced tags that fill these records.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")
_MATHML = ("math", "mml:")


class _TextContent(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.in_math = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag.startswith(_MATHML):
            self.in_math += 1

    def handle_endtag(self, tag: str) -> None:
        if tag.startswith(_MATHML) and self.in_math:
            self.in_math -= 1

    def handle_data(self, data: str) -> None:
        # inside a formula, whitespace between elements is layout: <mi>x</mi>\n<mn>2</mn> is "x2"
        if not (self.in_math and not data.strip()):
            self.parts.append(data)


def _text_content(text: str) -> str:
    parser = _TextContent()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def one_line(text: str) -> str:
    """Whitespace runs (line breaks, tabs, no-break spaces) as single spaces, none at the ends."""
    return " ".join(text.split())


def plain_text(text: str) -> str:
    """`text` without markup, on one line: ``"<i>In vivo</i> MRI"`` is ``"In vivo MRI"``."""
    for _ in range(2):  # a second pass for markup that was escaped once more (&lt;i&gt;)
        result = _text_content(text)
        if result == text or not _TAG.search(result):
            break
        text = result
    return one_line(result)


_MOJIBAKE = re.compile("[\u00c2-\u00c5][\u0080-\u00bf]")


def repair_mojibake(text: str) -> str:
    """UTF-8 that was read as Latin-1 ("WÃ¼bben"), read again as UTF-8 ("Wübben").

    Only when every character fits Latin-1 and the bytes are valid UTF-8: a name
    that merely contains "Ã" is left alone.
    """
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
