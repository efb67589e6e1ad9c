"""Incremental builds, serial and parallel, in-process: what a rebuild re-reads, merges and rewrites.

Each test builds a site, edits it, asks the environment what is outdated and builds
again, as sphinxcontrib-bibtex's parallel tests do. Parallel reads run in forked
processes whose domain data the main process merges (``env-merge-info``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BASIC, papers_conf


def write(folder: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """A source folder with its own copy of the data, and a way to build it again and again."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "papers"]\n')
    data = tmp_path / "papers.json"
    data.write_text(BASIC.read_text())
    return src, data


class Build:
    """One build of `src`: which pages it read, merged from other processes and wrote.

    ``read`` is what the environment found outdated (``env-before-read-docs`` lists it
    in the main process, whichever process then reads each page); ``written`` the pages
    whose HTML file was written again (pages are written in other processes too).
    """

    def __init__(self, make_app, src: Path, data: Path, parallel: int, warnings_expected: bool = False) -> None:
        self.app = make_app("html", srcdir=src, confoverrides=papers_conf(data), parallel=parallel)
        self.read: list[str] = []
        self.merged: list[str] = []
        self.app.connect("env-before-read-docs", lambda app, env, docnames: self.read.extend(sorted(docnames)))
        self.app.connect("env-merge-info", lambda app, env, docnames, other: self.merged.extend(docnames))
        before = self.stamps()
        self.app.build()
        self.written = sorted(page for page, stamp in self.stamps().items() if before.get(page) != stamp)
        self.app.cleanup()  # undo its global registrations, so the next build starts clean
        assert warnings_expected or self.app.warning.getvalue() == ""

    def stamps(self) -> dict[str, int]:
        return {p.stem: p.stat().st_mtime_ns for p in Path(self.app.outdir).glob("*.html")}

    def html(self, page: str) -> str:
        return (self.app.outdir / f"{page}.html").read_text(encoding="utf-8")


SPREAD = {
    "index.md": "# Papers\n\n```{toctree}\n:glob:\n*\n```\n",
    **{f"y{year}.md": f"# {year}\n\n```{{papers}}\n:years: {year}\n```\n" for year in (2021, 2022, 2023)},
    **{f"cites{n}.md": f"# Cites {n}\n\n{{paper}}`alpha`, {{paper}}`gamma`\n" for n in range(1, 5)},
}
MOVED = {  # alpha's list moves from y2023 to all: links to alpha must follow
    "y2023.md": "# 2023\n\n```{papers}\n:years: 2023\n:no-index:\n```\n",
    "all.md": "# All of 2023\n\n```{papers}\n:years: 2023\n```\n",
}


def test_a_parallel_read_merges_which_pages_cite_a_paper(make_app, site):
    """Citing pages read in other processes are known to the main one: they follow a moved paper."""
    src, data = site
    write(src, SPREAD)
    first = Build(make_app, src, data, parallel=2)
    assert {f"cites{n}" for n in range(1, 5)} <= set(first.merged), "the read ran in other processes"
    assert 'href="y2023.html#paper-alpha"' in first.html("cites1")

    write(src, MOVED)
    second = Build(make_app, src, data, parallel=2)
    assert second.read == ["all", "index", "y2023"]  # the edited pages (and the globbing index)...
    for n in range(1, 5):  # ...but every page citing alpha is written again, pointing to its new page
        assert f"cites{n}" in second.written
        assert 'href="all.html#paper-alpha"' in second.html(f"cites{n}")
        assert 'href="y2022.html#paper-gamma"' in second.html(f"cites{n}")


def test_a_page_that_stops_citing_a_paper_is_not_rewritten_when_it_moves(make_app, site):
    src, data = site
    write(src, SPREAD)
    Build(make_app, src, data, parallel=2)
    write(src, {"cites1.md": "# Cites 1\n\nNo papers now.\n"})
    edited = Build(make_app, src, data, parallel=2)
    assert edited.read == ["cites1"] and "cites1" in edited.merged

    write(src, MOVED)
    moved = Build(make_app, src, data, parallel=2)
    assert sorted(p for p in moved.written if p.startswith("cites")) == ["cites2", "cites3", "cites4"]


LINKS = {"myst.md": "# MyST\n\nSee [](#gamma).\n", "role.md": "# Role\n\nSee {paper}`gamma`.\n"}


@pytest.mark.parametrize("parallel", [0, 2])
def test_links_to_a_paper_added_later_resolve_once_it_is_added(make_app, site, parallel):
    """[](#gamma) and {paper}`gamma` written before gamma is in the data work once it is."""
    src, data = site
    doc = json.loads(data.read_text())
    gamma = next(p for p in doc["papers"] if p["id"] == "gamma")
    doc["papers"].remove(gamma)
    data.write_text(json.dumps(doc))
    write(src, {"index.md": "# Papers\n\n```{toctree}\nmyst\nrole\n```\n\n```{papers}\n```\n", **LINKS})
    before = Build(make_app, src, data, parallel=parallel, warnings_expected=True)
    assert "paper-gamma" not in before.html("myst") + before.html("role")

    doc["papers"].append(gamma)
    data.write_text(json.dumps(doc))
    after = Build(make_app, src, data, parallel=parallel)
    assert after.read == ["index", "role"]  # the role shows the title: its page is read again
    assert {"myst", "role"} <= set(after.written)  # the MyST link is resolved when written
    for page in ("myst", "role"):
        assert 'href="index.html#paper-gamma"' in after.html(page), page
