"""Work that needs only the checked data file, done by a child process while Sphinx builds the pages.

The exports of 10,000 papers take a third of a second of pure Python; on a
machine with a second core they cost no wall time if written while Sphinx
reads and writes pages. The child is forked (``multiprocessing``'s "fork"
context, as Sphinx's own parallel build), so it shares the parent's catalog
without pickling it; where there is no fork (Windows), the work runs
in-process when it is awaited.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import weakref
from collections.abc import Callable

from sphinx.application import Sphinx

from .stops import error_text, fail, reporting

_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None

#: app -> {job name: (child process or None, read end of its pipe or the work itself, what to do after)}
_jobs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _run(work: Callable[[], None], pipe) -> None:
    """In the child: do the work; on failure, send why through the pipe and exit with status 1."""
    try:
        work()
    except BaseException as err:
        pipe.send(error_text(err))
        raise SystemExit(1) from None


def _nothing() -> None:
    pass


def start(app: Sphinx, name: str, work: Callable[[], None], then: Callable[[], None] = _nothing) -> None:
    """Begin `work` in a child process; `wait(app, name)` must follow, and runs `then` in this
    process once the work succeeded."""
    jobs = _jobs.setdefault(app, {})
    if _FORK is None:
        jobs[name] = (None, work, then)
        return
    reader, writer = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=_run, args=(work, writer), name=f"papers: {name}", daemon=True)
    process.start()
    writer.close()
    jobs[name] = (process, reader, then)


def wait(app: Sphinx, name: str) -> None:
    """Wait for the job `name` (no-op if none was started); stop the build if it failed."""
    job = _jobs.get(app, {}).pop(name, None)
    if job is None:
        return
    process, reader, then = job
    if process is None:
        with reporting(name):
            reader()
        then()
        return
    try:
        message = reader.recv()  # what a failed child sent; EOF when it ended without a word
    except EOFError:
        message = ""
    reader.close()
    process.join()
    if process.exitcode:
        fail(f"{name}: {message or f'the worker ended with status {process.exitcode}'}")
    then()


def wait_unless_failed(app: Sphinx, name: str, exception: Exception | None) -> None:
    """At ``build-finished``: wait for `name`; after a failed build only reap the child."""
    if exception is None:
        wait(app, name)
    else:
        with contextlib.suppress(SystemExit):
            wait(app, name)
