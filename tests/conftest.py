"""Shared fixtures: real Sphinx builds of small test roots and of the site itself."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ("sphinx.testing.fixtures", "browser", "registry_server")

DATA = ROOT / "data" / "papers.json"
SCHEMA = ROOT / "data" / "papers.schema.json"
TEST_DATA = Path(__file__).parent / "data"
BASIC = TEST_DATA / "basic.json"


def papers_conf(data: Path = BASIC, **extra) -> dict:
    """confoverrides for a test root: which data file it reads."""
    return {"papers_file": str(data), "papers_schema": str(SCHEMA), **extra}


#: What Read the Docs tells a build of this project (its canonical address and repository), and the
#: day the shared build stands for (SOURCE_DATE_EPOCH): "new" and the feed are reproducible.
BASE = "https://fl-health.example.org/en/latest/"
REPOSITORY = "https://github.com/example/fl-health-papers"
BUILD_DAY = datetime.date(2026, 11, 28)


@dataclass(frozen=True)
class DocsBuild:
    """The site as Read the Docs builds it: the command's result, and its output folders."""

    result: subprocess.CompletedProcess
    html: Path
    doctrees: Path


@pytest.fixture(scope="session")
def docs_build(tmp_path_factory) -> DocsBuild:
    """The real site (docs/), built once a run with Read the Docs' command line and environment;
    every test that only reads the built site reads this one. Under pytest-xdist the first worker
    to need it builds it and the others wait for it (a file lock in the run's shared folder)."""
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder every worker's own folder is in
    out, record = shared / "docs-build", shared / "docs-build.json"
    with FileLock(str(shared / "docs-build.lock")):
        if record.exists():
            done = json.loads(record.read_text(encoding="utf-8"))
            result = subprocess.CompletedProcess(done["args"], done["returncode"], done["stdout"], done["stderr"])
        else:
            epoch = int(datetime.datetime(BUILD_DAY.year, BUILD_DAY.month, BUILD_DAY.day, 12,
                                          tzinfo=datetime.UTC).timestamp())
            env = {**{k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")},
                   "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": BASE,
                   "READTHEDOCS_GIT_CLONE_URL": f"{REPOSITORY}.git", "SOURCE_DATE_EPOCH": str(epoch)}
            shutil.rmtree(out, ignore_errors=True)
            result = subprocess.run(
                [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
                 "-d", str(out / "doctrees"), "-D", "language=en", "docs", str(out / "html")],
                capture_output=True, text=True, cwd=ROOT, env=env)
            record.write_text(json.dumps({"args": result.args, "returncode": result.returncode,
                                          "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return DocsBuild(result, out / "html", out / "doctrees")


@pytest.fixture(scope="session")
def built_docs(docs_build) -> Path:
    """The shared build's HTML folder."""
    return docs_build.html


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture
def build(make_app, tmp_path):
    """Build a small site made of `pages` ({"index.md": "..."}) and return the app."""
    count = 0

    def build(pages: dict[str, str], *, builder: str = "html", data: Path = BASIC,
              conf: str = "", confoverrides: dict | None = None, srcdir: Path | None = None, **kwargs):
        """Build `pages`; with the `srcdir` of an earlier build, build it again (incrementally)."""
        nonlocal count
        if srcdir is None:
            count += 1
            srcdir = tmp_path / f"site{count}"
            srcdir.mkdir()
        (srcdir / "conf.py").write_text('extensions = ["myst_parser", "papers"]\n' + conf)
        for name, text in pages.items():
            (srcdir / name).write_text(text, encoding="utf-8")
        app = make_app(builder, srcdir=srcdir, confoverrides={**papers_conf(data), **(confoverrides or {})},
                       **kwargs)
        app.build()
        app.cleanup()  # undo its global registrations now, so a second app starts clean
        return app

    return build
