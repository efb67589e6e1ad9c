"""Files written from the data file keep a stamp of what they were made from, and are not
written again while it holds and every one of them is there.

Stamps live beside the doctrees, not in the published output: a reader never
downloads them, and a fresh output folder (or a deleted file) is written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from ..data.loading import content_digest
from .config import data_file, schema_file


def digest(app: Sphinx, *made_of: Any) -> str:
    """A short hash of the data file and its schema, and of whatever else (JSON) the output is made of.

    It reads the files but does not parse them: a no-op build never loads the list.
    """
    extra = json.dumps(list(made_of), sort_keys=True).encode()
    files = content_digest(data_file(app.config), schema_file(app.config))
    return hashlib.blake2b(files.encode() + b"\0" + extra, digest_size=16).hexdigest()


def _stamp(app: Sphinx, name: str) -> Path:
    return Path(app.doctreedir) / "papers-stamps" / f"{app.builder.name}-{name}"


def holds(app: Sphinx, name: str, wanted: str) -> bool:
    """Whether the stamp `name` says `wanted` and every file it lists is there: nothing to write."""
    try:
        made_from, *outputs = _stamp(app, name).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return False
    outdir = Path(app.outdir)
    return made_from == wanted and all((outdir / output).is_file() for output in outputs)


def record(app: Sphinx, name: str, wanted: str, outputs: Iterable[Path]) -> None:
    """After writing `outputs` (in the output folder): they are made from `wanted`."""
    stamp = _stamp(app, name)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    outdir = str(Path(app.outdir)) + os.sep
    names = (str(p).removeprefix(outdir).replace(os.sep, "/") for p in outputs)
    stamp.write_text("\n".join([wanted, *names]) + "\n", encoding="utf-8")


def forget(app: Sphinx, name: str) -> None:
    """Before writing: until `record`, the outputs of `name` are not known to be current."""
    _stamp(app, name).unlink(missing_ok=True)


def page_digests(app: Sphinx, job: str) -> dict[str, str]:
    """Page name -> digest of the text `job` last wrote there (generated pages)."""
    try:
        return json.loads(_stamp(app, f"{job}.pages.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_page_digests(app: Sphinx, job: str, digests: dict[str, str]) -> None:
    stamp = _stamp(app, f"{job}.pages.json")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
