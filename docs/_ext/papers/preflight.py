"""Checks the data file before any page is read, so a bad file stops the build.

A broken file must never publish a page with a broken or missing list, so the
check runs at ``builder-inited``, reports every problem, and exits with status 1
before anything is written: no traceback, even under ``sphinx-build -T``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.util import logging

from .background import fail
from .loading import PapersDataError, load_catalog, shown
from .paths import data_file, schema_file

logger = logging.getLogger(__name__)


def stop_build(err: PapersDataError, path: Path) -> NoReturn:
    """Print every problem and end the build with status 1 (untyped errors, as `fail` says why)."""
    for where, what in err.reports:
        if ":" in where:
            logger.error(what, location=where)
        else:  # Sphinx would read a bare file name as a document name
            logger.error("%s: %s", where, what)
    count = len(err.reports)
    fail(f"{count} problem{'' if count == 1 else 's'} in {shown(path)}; nothing was built. "
         f"Fix {'it' if count == 1 else 'them'} and build again "
         "(`nox -s check` lists the same problems without Sphinx).")


def _content_hash(*paths: Path) -> tuple | None:
    """Which files, with which contents: a hash, since a same-size edit can keep the mtime."""
    try:
        return tuple((str(p), hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()) for p in paths)
    except OSError:
        return None


def check_data_file(app: Sphinx) -> None:
    path, schema = data_file(app.config), schema_file(app.config)
    domain = app.env.get_domain("paper")
    content = _content_hash(path, schema)
    if content is not None and domain.data["checked"] == content:
        return  # checked by the build that wrote this environment
    try:
        catalog = load_catalog(path, schema)
    except PapersDataError as err:
        stop_build(err, path)
    for where, what in catalog.warnings:
        logger.warning(what, location=where, type="papers", subtype="data")
    domain.data["checked"] = content
