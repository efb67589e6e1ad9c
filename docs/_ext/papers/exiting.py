"""A command-line build exits right after ``build-finished``: spare the interpreter's shutdown a heap walk.

At exit CPython runs its collector over every object still alive. After a
10,000-paper build that is some 150 ms of a 1.4 s build, and about as much for
any large Sphinx site (benchmarks/results.md). `gc.freeze` puts them out of
the collector's reach; the memory is the system's again a moment later anyway.
Only for ``sphinx-build`` and ``python -m sphinx``: a process that goes on after
a build (a test run, a server building in-process) keeps its collector as it was.
"""

from __future__ import annotations

import gc
import os
import sys

from sphinx.application import Sphinx

_MAIN_MODULES = ("sphinx", "sphinx.__main__", "sphinx.cmd.build")


def from_command_line() -> bool:
    """Whether this process is a command-line build: it ends with the build."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name in _MAIN_MODULES:
        return True
    return bool(sys.argv) and os.path.basename(sys.argv[0]).startswith("sphinx-build")


def freeze_for_exit(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``, after every other handler: nothing the process holds is collected again."""
    if from_command_line():
        gc.freeze()
