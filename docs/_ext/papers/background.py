"""Work that needs only the checked data file, done by a forked child while Sphinx builds the pages.

The exports of 10,000 papers take a third of a second of pure Python; on a
machine with a second core they cost no wall time if written while Sphinx
reads and writes pages. ``fork`` is what Sphinx's own parallel build uses; where
there is none (Windows), the work runs in-process when it is awaited.

The child reports a failure through a pipe and ends with ``os._exit``, so it
never runs the parent's exit handlers or flushes its buffers a second time.
"""

from __future__ import annotations

import contextlib
import os
import sys
import weakref
from collections.abc import Callable, Iterator
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def fail(message: str) -> NoReturn:
    """Say why the build cannot go on (a bad data file, a file of ours not written) and end it
    with status 1.

    The error carries no warning type on purpose: ``suppress_warnings`` can silence a
    typed message, and a build that stops must say why. It stops by ``SystemExit``,
    which Sphinx does not turn into a crash report and ``-T`` does not print as a traceback.
    """
    logger.error("papers: %s", message)
    raise SystemExit(1)


@contextlib.contextmanager
def reporting(what: str) -> Iterator[None]:
    """Stop the build, naming the file, if writing `what` raises an `OSError`."""
    try:
        yield
    except OSError as err:
        fail(f"{what}: {describe(err)}")


#: app -> {job name: (child pid, read end of its pipe) or the work itself, to run when awaited}
_jobs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def start(app: Sphinx, name: str, work: Callable[[], None]) -> None:
    """Begin `work` in a child process; `wait(app, name)` must follow."""
    jobs = _jobs.setdefault(app, {})
    if not hasattr(os, "fork"):
        jobs[name] = work
        return
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        status = 0
        try:
            work()
        except BaseException as err:
            os.write(write, describe(err).encode("utf-8", "replace"))
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    jobs[name] = (pid, read)


def wait(app: Sphinx, name: str) -> None:
    """Wait for the job `name` (no-op if none was started); stop the build if it failed."""
    job = _jobs.get(app, {}).pop(name, None)
    if job is None:
        return
    if callable(job):
        with reporting(name):
            job()
        return
    pid, read = job
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        fail(f"{name}: {message or f'the worker ended with status {status}'}")


def wait_unless_failed(app: Sphinx, name: str, exception: Exception | None) -> None:
    """At ``build-finished``: wait for `name`; after a failed build only reap the child."""
    if exception is None:
        wait(app, name)
    else:
        with contextlib.suppress(SystemExit):
            wait(app, name)


def describe(err: BaseException) -> str:
    """``cannot write /out/_papers/papers.bib: No space left on device``, or the error's type and text."""
    if isinstance(err, OSError) and err.filename:
        return f"cannot write {err.filename}: {err.strerror}"
    return f"{type(err).__name__}: {err}"
