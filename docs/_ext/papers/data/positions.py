"""Where each value and key of a JSON text starts, so a problem can name its line.

The stdlib parser keeps no positions, so this small one re-reads the text when a
problem needs locating. It runs only on files that already failed a check, so it
favours plain code over speed; it also finds duplicate keys, which ``json`` drops.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]  # public, but not in typeshed

#: Where a value is in a JSON document: its keys and indexes from the top, ("papers", 3, "year").
JsonPath = tuple

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class Positions:
    """Offsets of values and keys in a JSON text; line and column from 1."""

    text: str
    values: dict[JsonPath, int] = field(default_factory=dict)
    keys: dict[JsonPath, int] = field(default_factory=dict)
    duplicate_keys: list[JsonPath] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    def line_col(self, offset: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = [0] + [
                m.end() for m in re.finditer("\n", self.text)
            ]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def of_value(self, path: JsonPath) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest located parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.line_col(self.values.get(path, 0))

    def of_key(self, path: JsonPath) -> tuple[int, int]:
        """Position of the key that names `path` (falls back to its value)."""
        if path in self.keys:
            return self.line_col(self.keys[path])
        return self.of_value(path)


def locate(text: str) -> Positions:
    """Record positions for a text that ``json.loads`` accepts."""
    positions = Positions(text)
    _Reader(text, positions).read_document()
    return positions


class _Reader:
    def __init__(self, text: str, positions: Positions) -> None:
        self.text = text
        self.pos = 0
        self.out = positions

    def skip_ws(self) -> None:
        blank = _WS.match(self.text, self.pos)
        assert blank is not None  # the pattern matches the empty string
        self.pos = blank.end()

    def read_document(self) -> None:
        self.skip_ws()
        self.read_value(())

    def read_value(self, path: JsonPath) -> None:
        self.skip_ws()
        self.out.values[path] = self.pos
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            self.read_object(path)
        elif char == "[":
            self.read_array(path)
        elif char == '"':
            _, self.pos = scanstring(self.text, self.pos + 1)
        else:
            match = _NUMBER.match(self.text, self.pos)
            if match:
                self.pos = match.end()
            else:
                for word in ("true", "false", "null", "NaN", "Infinity", "-Infinity"):
                    if self.text.startswith(word, self.pos):
                        self.pos += len(word)
                        break
                else:  # pragma: no cover - json.loads accepted the text
                    raise ValueError(f"unexpected character at {self.pos}")

    def read_object(self, path: JsonPath) -> None:
        self.pos += 1
        seen: set[str] = set()
        self.skip_ws()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return
        while True:
            self.skip_ws()
            key_start = self.pos
            key, self.pos = scanstring(self.text, self.pos + 1)
            child = (*path, key)
            if key in seen:
                self.out.duplicate_keys.append(child)
            seen.add(key)
            # json keeps the last of duplicate keys; so do the positions
            self.out.keys[child] = key_start
            self.skip_ws()
            self.pos += 1  # ':'
            self.read_value(child)
            self.skip_ws()
            char = self.text[self.pos]
            self.pos += 1
            if char == "}":
                return

    def read_array(self, path: JsonPath) -> None:
        self.pos += 1
        self.skip_ws()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return
        index = 0
        while True:
            self.read_value((*path, index))
            index += 1
            self.skip_ws()
            char = self.text[self.pos]
            self.pos += 1
            if char == "]":
                return
