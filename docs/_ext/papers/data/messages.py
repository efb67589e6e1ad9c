"""How bad values appear in messages: short, printable, and showing the faulty spot."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from typing import Any

#: A value longer than this is cut around its fault rather than shown whole.
LONGEST_VALUE = 60
#: Characters kept on each side of a fault in a cut value.
CONTEXT = 30

_NAMES = {
    "\t": "TAB", "\n": "a line break (LF)", "\r": "a carriage return (CR)", "\x08": "BACKSPACE",
    "\x0c": "FORM FEED", "\x0b": "VERTICAL TAB", "\x00": "NUL", "\x7f": "DELETE",
    "\u00a0": "a no-break space (U+00A0)", "\u2009": "a thin space (U+2009)",
    "\u202f": "a narrow no-break space (U+202F)", "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)", "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)", "\u200e": "a left-to-right mark (U+200E)",
    "\u200f": "a right-to-left mark (U+200F)", "\u202a": "a left-to-right embedding (U+202A)",
    "\u202b": "a right-to-left embedding (U+202B)", "\u202c": "a pop directional formatting (U+202C)",
    "\u202d": "a left-to-right override (U+202D)", "\u202e": "a right-to-left override (U+202E)",
    "\u2066": "a left-to-right isolate (U+2066)", "\u2067": "a right-to-left isolate (U+2067)",
    "\u2068": "a first-strong isolate (U+2068)", "\u2069": "a pop directional isolate (U+2069)",
    "\u00ad": "a soft hyphen (U+00AD)", "\ufeff": "a byte order mark (U+FEFF)",
    "\ufffe": "the noncharacter U+FFFE", "\uffff": "the noncharacter U+FFFF",
}
#: JSON escapes that swallow the first letter of a LaTeX command: "\textit" is TAB + "extit".
_JSON_ESCAPES = {"\t": "t", "\x08": "b", "\x0c": "f", "\n": "n", "\r": "r"}
#: Characters shown as Unicode's control pictures inside an excerpt (␉ for TAB), so the
#: message stays on one line and the fault is visible.
_PICTURES = {chr(c): chr(0x2400 + c) for c in range(0x20)} | {"\x7f": "\u2421", " ": "\u2423"}


def printable(value: Any) -> str:
    """A short, printable rendering of a bad value (a lone surrogate shows as \\udxxx)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 3] + '..."'


def quoted(words) -> str:
    return ", ".join(json.dumps(w, ensure_ascii=False) for w in words)


def suggestion(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def char_name(char: str) -> str:
    """TAB, a line break (LF), U+0007: what a reader can look for in an editor."""
    return _NAMES.get(char) or f"U+{ord(char):04X}"


def _shown_char(char: str, blanks: bool) -> str:
    if char < " " or char == "\x7f" or (blanks and char == " "):
        return _PICTURES.get(char, char)
    if unicodedata.category(char) in ("Cf", "Cn", "Co") or "\ufdd0" <= char <= "\ufdef":
        return f"<U+{ord(char):04X}>"  # invisible, or reordering what follows: named instead
    return char


def _visible(text: str, blanks: bool = False) -> str:
    if text.isascii() and text.isprintable() and not blanks:
        return text
    return "".join(_shown_char(c, blanks) for c in text)


def excerpt(text: str, start: int, end: int) -> str:
    """`text` around ``text[start:end]``, the fault in [brackets] with its blanks made visible.

    ``"…Learning on[␣␣]Non-IID Features…"``: a long value is cut to the part
    around the fault, so the reader sees where it is even in a 200-character title.
    """
    shown = (
        ("\u2026" if start > CONTEXT else "") + _visible(text[max(0, start - CONTEXT):start])
        + "[" + _visible(text[start:end], blanks=True) + "]"
        + _visible(text[end:end + CONTEXT]) + ("\u2026" if end + CONTEXT < len(text) else "")
    )
    return json.dumps(shown, ensure_ascii=False).encode("utf-8", "backslashreplace").decode("utf-8")


#: What no output can carry, or should not: controls (Cc), lone surrogates (Cs), Unicode's
#: noncharacters (XML forbids U+FFFE and U+FFFF), and the invisible format characters (Cf) that
#: reorder or hide text: bidi overrides and isolates, zero-width spaces, soft hyphens, BOMs.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff"
    "\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0001\U000e0020-\U000e007f]")
#: ZWNJ and ZWJ spell some scripts (Persian, the Indic ones): they pass between two letters
#: that are not both ASCII; ZWJ also joins emoji (👩🏽‍⚕️). Nowhere else.
_JOINER = re.compile("[\u200c\u200d]")


def _emoji(char: str) -> bool:
    return bool(char) and unicodedata.category(char) in ("So", "Sk")


def _misplaced_joiner(text: str) -> re.Match | None:
    for match in _JOINER.finditer(text):
        at = match.start()
        before, after = text[at - 1:at] if at else "", text[at + 1:at + 2]
        letters = before.isalpha() and after.isalpha() and not (before.isascii() and after.isascii())
        emoji = match.group() == "\u200d" and _emoji(before) and _emoji(after)
        if not (letters or emoji):
            return match
    return None


_ODD_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_SPACES = re.compile(r" {2,}")


def control_fault(text: str) -> str | None:
    """A control, invisible or non-character in `text`, named, placed and shown; else None."""
    bad = _CONTROL.search(text) or (_misplaced_joiner(text) if "\u200c" in text or "\u200d" in text else None)
    if bad is None:
        return None
    char, at = bad.group(), bad.start()
    message = f"must not contain {char_name(char)} (column {at + 1}): {excerpt(text, at, at + 1)}"
    letter = _JSON_ESCAPES.get(char)
    if letter and text[at + 1:at + 2].isalpha():
        # "\textit{...}" typed into JSON: \t is a TAB and "extit" is left behind
        message += (f'; JSON reads "\\{letter}" as {char_name(char)}: write "\\\\{letter}" '
                    f"for a literal backslash-{letter}")
    return message


def spacing_fault(text: str) -> str | None:
    """Why `text` is not one line with single spaces (where, shown), or None if it is."""
    if text == "":
        return "must not be empty"
    control = control_fault(text)
    if control:
        return control
    odd = _ODD_SPACE.search(text)
    if odd:
        at = odd.start()
        return (f"has {char_name(odd.group())} at column {at + 1} where a plain space belongs: "
                f"{excerpt(text, at, at + 1)}")
    if text[0] == " ":
        end = len(text) - len(text.lstrip(" "))
        return f"must not start with a space: {excerpt(text, 0, end)}"
    if text[-1] == " ":
        start = len(text.rstrip(" "))
        return f"must not end with a space: {excerpt(text, start, len(text))}"
    double = _SPACES.search(text)
    if double:
        return (f"has {len(double.group())} spaces in a row at column {double.start() + 1}: "
                f"{excerpt(text, double.start(), double.end())}")
    return None
