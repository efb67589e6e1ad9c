"""Registry text as the list prints it: markup dropped, entities decoded, LaTeX read, one line.

Crossref passes on what publishers deposit: ``<i>``, ``<sub>``, ``<scp>``, JATS
tags, whole MathML formulas, and sometimes markup escaped once more
(``&lt;i&gt;``). The list wants plain text, so the text content is kept, as a
browser would show it with styling off. The stdlib's ``html.parser`` is lenient
about the unknown and namespaced tags that fill these records. An abstract keeps
its paragraphs (`jats_paragraphs`), separated by a blank line.

arXiv's titles, names and abstracts are written in LaTeX (``$\\epsilon$-DP``,
``\\textit{in vivo}``, ``Na\\"ive``): `from_latex` reads them as a reader would
(``ϵ-DP``, ``in vivo``, ``Naïve``), with pylatexenc. And whatever a registry sends,
`carriable` drops what no output can carry: control and invisible format
characters, and lone surrogates (JSON may spell one, ``"\\ud800"``).
"""

from __future__ import annotations

import re
import unicodedata
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


#: ZWNJ and ZWJ spell some scripts: kept; every other invisible format character is dropped.
_JOINERS = "\u200c\u200d"


def carriable(text: str) -> str:
    """`text` without controls (a TAB or line break becomes a space), invisible format characters,
    lone surrogates and noncharacters: what the list's check would refuse in any field."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            out.append(" " if char in "\t\n\r\x0b\x0c" else "")
        elif category in ("Cs", "Co") or (category == "Cf" and char not in _JOINERS) or \
                (category == "Cn" and (ord(char) & 0xFFFE == 0xFFFE or 0xFDD0 <= ord(char) <= 0xFDEF)):
            out.append("")
        else:
            out.append(char)
    return "".join(out)


_LATEX = re.compile(r"[\\${}]")
#: Characters LaTeX reads as commands (a comment, a table cell, a parameter) that arXiv shows as themselves.
_LATEX_LITERAL = re.compile(r"(?<!\\)([%&#])")


def from_latex(text: str) -> str:
    """LaTeX as a reader reads it, on one line: ``$\\epsilon$`` is ϵ, ``\\textit{x}`` is x, ``{FedAvg}`` is FedAvg.

    Text without LaTeX is returned as it is (after `one_line`).
    """
    text = one_line(text)
    if not _LATEX.search(text):
        return text
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        read = LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(
            _LATEX_LITERAL.sub(r"\\\1", text))
    except Exception:  # pylatexenc is lenient; should it still fail, the text stays as sent
        return text
    return one_line(read)


_BLOCKS = ("p", "jats:p", "title", "jats:title", "sec", "jats:sec", "list-item", "jats:list-item")


class _Paragraphs(HTMLParser):
    """The paragraphs of a JATS abstract; a section's title starts the paragraph that follows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.title: str | None = None
        self.in_title = False

    def flush(self) -> None:
        text = one_line("".join(self.current))
        self.current = []
        if self.in_title:
            self.title = text or None
        elif text:
            self.paragraphs.append(f"{self.title}: {text}" if self.title and self.title.lower() != "abstract"
                                   else text)
            self.title = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.flush()
            self.in_title = tag.endswith("title")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush()
            self.in_title = False

    def handle_data(self, data: str) -> None:
        self.current.append(data)


_MATH = re.compile(r"\\\(.+?\\\)|\\\[.+?\\\]")


def jats_paragraphs(text: str) -> str:
    """A JATS (or HTML) abstract as plain paragraphs separated by a blank line; inline markup dropped."""
    parser = _Paragraphs()
    parser.feed(text)
    parser.close()
    parser.flush()
    # markup escaped once more, as in titles; inline LaTeX formulas, \\( ... \\), read as text
    paragraphs = [_MATH.sub(lambda m: from_latex(m.group()), plain_text(p)) for p in parser.paragraphs]
    return "\n\n".join(carriable(p) for p in paragraphs if p)
