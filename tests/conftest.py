"""Shared fixtures: real Sphinx builds of small test roots and of the site itself."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory) -> Path:
    """The site (docs/), built once per session by sphinx-build as a maintainer runs it: its HTML folder."""
    out = tmp_path_factory.mktemp("docs-build")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
                             "-d", str(out / "doctrees"), "docs", str(out / "html")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture
def build(make_app, tmp_path):
    """Build a small site made of `pages` ({"index.md": "..."}) and return the app."""
    count = 0

    def build(pages: dict[str, str], *, builder: str = "html", data: Path = BASIC,
              conf: str = "", **kwargs):
        nonlocal count
        count += 1
        srcdir = tmp_path / f"site{count}"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text('extensions = ["myst_parser", "papers"]\n' + conf)
        for name, text in pages.items():
            (srcdir / name).write_text(text, encoding="utf-8")
        app = make_app(builder, srcdir=srcdir, confoverrides=papers_conf(data), **kwargs)
        app.build()
        app.cleanup()  # undo its global registrations now, so a second app starts clean
        return app

    return build
