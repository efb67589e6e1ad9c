"""Checks the data file before any page is read, so a bad file stops the build.

A broken file must never publish a page with a broken or missing list, so the
check runs at ``builder-inited``, reports every problem, and exits with status 1
before anything is written: no traceback, even under ``sphinx-build -T``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from ..data.loading import PapersDataError, content_digest, load_catalog
from .config import data_file, schema_file, warn
from .stops import stop_build

logger = logging.getLogger(__name__)

#: Before every other handler of ours at builder-inited: they read the checked file.
PRIORITY = 400


def check_data_file(app: Sphinx) -> None:
    path, schema = data_file(app.config), schema_file(app.config)
    domain = app.env.get_domain("paper")
    try:
        content = content_digest(path, schema)
    except OSError:
        content = None  # load_catalog says what cannot be read
    if content is not None and domain.data["checked"] == content:
        return  # checked by the build that wrote this environment
    try:
        catalog = load_catalog(path, schema)
    except PapersDataError as err:
        stop_build(err, path)
    for where, what in catalog.warnings:
        warn(logger, what, location=where, subtype="data")
    domain.data["checked"] = content


def setup_preflight(app: Sphinx) -> None:
    app.connect("builder-inited", check_data_file, priority=PRIORITY)
