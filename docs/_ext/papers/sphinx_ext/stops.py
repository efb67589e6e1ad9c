"""How the build stops when it cannot go on: a bad data file, a file of ours not written.

A stop is an untyped error, on purpose: ``suppress_warnings`` can silence a typed
message, and a build that stops must say why. It ends by ``SystemExit``, which
Sphinx does not turn into a crash report and ``-T`` does not print as a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import NoReturn

from sphinx.util import logging

from ..data.loading import PapersDataError, relative_path

logger = logging.getLogger(__name__)


def fail(message: str) -> NoReturn:
    """Say why the build cannot go on and end it with status 1."""
    logger.error("papers: %s", message)
    raise SystemExit(1)


def stop_build(err: PapersDataError, path) -> NoReturn:
    """Print every problem of the data file, each at its place, and end the build with status 1."""
    for where, what in err.reports:
        if ":" in where:
            logger.error(what, location=where)
        else:  # Sphinx would read a bare file name as a document name
            logger.error("%s: %s", where, what)
    count = len(err.reports)
    fail(f"{count} problem{'' if count == 1 else 's'} in {relative_path(path)}; nothing was built. "
         f"Fix {'it' if count == 1 else 'them'} and build again "
         "(`nox -s check` lists the same problems without Sphinx).")


def error_text(err: BaseException) -> str:
    """``cannot write /out/_papers/papers.bib: No space left on device``, or the error's type and text."""
    if isinstance(err, OSError) and err.filename:
        return f"cannot write {err.filename}: {err.strerror}"
    return f"{type(err).__name__}: {err}"


@contextlib.contextmanager
def reporting(what: str) -> Iterator[None]:
    """Stop the build, naming the file, if writing `what` raises an `OSError`."""
    try:
        yield
    except OSError as err:
        fail(f"{what}: {error_text(err)}")
