"""Files written from the data file keep a stamp of what they were made from, and are
not written again while it holds: a no-op build then skips the work of writing them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sphinx.config import Config

from .paths import data_file


def digest(config: Config, *made_of: Any) -> str:
    """A short hash of the data file's bytes and of whatever else (JSON) the output is made of."""
    extra = json.dumps(list(made_of)).encode() if made_of else b""
    return hashlib.blake2b(data_file(config).read_bytes() + extra, digest_size=16).hexdigest()


def holds(stamp: Path, wanted: str, *outputs: Path) -> bool:
    """Whether `stamp` says `wanted` and every one of `outputs` is there: nothing to write."""
    return stamp.is_file() and stamp.read_text() == wanted and all(path.is_file() for path in outputs)
