"""Builds you can trust: reproducible, parallel-safe, incremental, and for every builder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

from papers.data.loading import load_catalog

from conftest import BASIC, DATA, ROOT, SCHEMA

BASIC_TITLES = [p["title"] for p in json.loads(BASIC.read_text(encoding="utf-8"))["papers"]]


def sphinx(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", *args], capture_output=True, text=True, cwd=cwd,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
    )
    assert result.returncode == 0, result.stderr
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".doctrees" not in p.parts}


def make_site(folder: Path, pages: dict[str, str], data: Path = BASIC) -> Path:
    folder.mkdir()
    (folder / "conf.py").write_text(
        'extensions = ["myst_parser", "papers"]\n'
        f"papers_file = {str(data)!r}\npapers_schema = {str(SCHEMA)!r}\n")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_clean_builds_are_byte_identical(tmp_path):
    for out in ("one", "two"):
        sphinx("-E", "-b", "html", "-d", str(tmp_path / f"{out}-doctrees"), "docs", str(tmp_path / out))
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


SPREAD = {
    # eight pages, so -j 2 reads them in two processes and merges their domain data
    "index.md": "# Papers\n\n```{toctree}\n:glob:\n*\n```\n",
    **{f"y{year}.md": f"# {year}\n\n```{{papers}}\n:years: {year}\n```\n" for year in (2021, 2022, 2023)},
    **{f"cites{n}.md": f"# Cites {n}\n\n{{paper}}`alpha`, {{paper}}`gamma`, {{paper}}`epsilon`\n"
       for n in range(1, 5)},
}


def note_merged_pages(src: Path, log: Path) -> None:
    """The site records the pages whose data the main process merged from another (``-j``)."""
    with (src / "conf.py").open("a") as conf:
        conf.write(f"def setup(app):\n    app.connect('env-merge-info', lambda app, env, docnames, other: "
                   f"open({str(log)!r}, 'a').write(''.join(d + chr(10) for d in docnames)))\n")


def test_a_parallel_build_writes_the_same_pages_as_a_serial_one(tmp_path):
    src = make_site(tmp_path / "src", SPREAD)
    merged = tmp_path / "merged.txt"
    note_merged_pages(src, merged)
    serial = sphinx("-E", "-b", "html", str(src), str(tmp_path / "serial"))
    assert not merged.exists()
    parallel = sphinx("-E", "-j", "2", "-b", "html", str(src), str(tmp_path / "parallel"))
    assert set(merged.read_text().split()) == {Path(name).stem for name in SPREAD}  # read in other processes
    assert serial.stderr == parallel.stderr == ""
    one, two = files(tmp_path / "serial"), files(tmp_path / "parallel")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert 'href="y2023.html#paper-alpha"' in (tmp_path / "parallel" / "cites4.html").read_text()


def test_a_paper_indexed_twice_has_one_target_serial_or_parallel(tmp_path):
    src = make_site(tmp_path / "src", {**SPREAD, "aaa.md": "# Again\n\n```{papers}\n:years: 2023\n```\n"})
    inventories = []
    for jobs in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "--no-color", "-E", "-j", jobs, "-b", "html", str(src),
             str(tmp_path / jobs)], capture_output=True, text=True)
        # the first page in name order is the target, whichever process read it
        assert "y2023.md: WARNING: paper 'alpha' is indexed on page 'aaa' too" in result.stderr
        assert 'href="aaa.html#paper-alpha"' in (tmp_path / jobs / "cites1.html").read_text()
        inventories.append((tmp_path / jobs / "objects.inv").read_bytes())
    assert inventories[0] == inventories[1]


def test_following_the_duplicate_warning_keeps_the_paper_indexed(tmp_path):
    """Adding :no-index: to the target page re-reads only that page: the other takes over."""
    src = make_site(tmp_path / "src", {**SPREAD, "aaa.md": "# Again\n\n```{papers}\n:years: 2023\n```\n"})
    out = tmp_path / "out"
    sphinx("-b", "html", str(src), str(out))
    (src / "aaa.md").write_text("# Again\n\n```{papers}\n:years: 2023\n:no-index:\n```\n")
    result = sphinx("-b", "html", str(src), str(out))
    assert reread(result) == ["aaa"] and "WARNING" not in result.stderr
    assert 'href="y2023.html#paper-alpha"' in (out / "cites1.html").read_text()
    inventory = InventoryFile.loads((out / "objects.inv").read_bytes(), uri="")
    assert inventory["paper:paper", "paper.alpha"].uri == "y2023.html#paper-alpha"


def text_table_cells(text: str) -> list[str]:
    """Each cell of the text builder's grid tables, its lines joined."""
    cells, row = [], []
    for line in text.splitlines():
        if line.startswith("+"):  # a border: the row above is complete
            cells.extend(re.sub(r"(?<=-) ", "", " ".join(p.strip() for p in parts)).strip()
                         for parts in zip(*row, strict=True))
            row = []
        elif line.startswith("|"):
            row.append(line.strip("|").split("|"))
    return cells


@pytest.mark.parametrize("builder", ["text", "singlehtml", "dirhtml", "epub", "latex"])
def test_every_builder_shows_every_paper(tmp_path, builder):
    out = tmp_path / builder
    sphinx("-W", "--keep-going", "-b", builder, "-d", str(tmp_path / "doctrees"), "docs", str(out))
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*")
                     if p.suffix in {".txt", ".html", ".xhtml", ".tex"})
    if builder == "latex":  # TeX escapes and may break lines inside a title
        text = re.sub(r"\s+", " ", text).replace(r"\sphinxhyphen{}", "-")
        text = re.sub(r"\\([&_#%])", r"\1", text)
    if builder == "text":  # grid tables wrap titles over several lines of a cell
        text = "\n".join(text_table_cells(text))
    for paper in load_catalog(DATA, SCHEMA).papers:
        assert paper.title in text, paper.id
        assert paper.url in text or builder in ("text",), paper.id
    # a book has no feed or downloads beside it and, built outside Read the Docs, knows no web address:
    # it names the file, and links nothing a reader cannot reach
    for target in {"epub": ("feed.xml", "_papers/"), "latex": ("feed.xml", "_papers/"),
                   "singlehtml": ("feed.xml",)}.get(builder, ()):
        assert not re.search(rf'href="{re.escape(target)}|\\sphinx(href|url)\{{{re.escape(target)}', text), target
        assert target in text, target


def test_linkcheck_sees_every_paper_and_code_link(tmp_path):
    src = make_site(tmp_path / "src", {"index.md": "# Papers\n\n```{papers}\n```\n"})
    # linkcheck_ignore every link: the test asks which links it found, not whether they work
    (src / "conf.py").write_text((src / "conf.py").read_text() + 'linkcheck_ignore = [".*"]\n')
    sphinx("-b", "linkcheck", str(src), str(tmp_path / "out"))
    found = {json.loads(line)["uri"] for line in (tmp_path / "out" / "output.json").read_text().splitlines()}
    doc = json.loads(BASIC.read_text())
    expected = {p["url"] for p in doc["papers"]} | {p["code"] for p in doc["papers"] if "code" in p}
    assert expected <= found


# --- incremental builds -----------------------------------------------------------

def reread(result: subprocess.CompletedProcess) -> list[str]:
    """The documents a build read, from its status output."""
    return sorted(set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", result.stdout)))


def test_editing_one_paper_rebuilds_the_pages_that_show_it(tmp_path):
    data = tmp_path / "papers.json"
    data.write_text(BASIC.read_text())
    src = make_site(tmp_path / "src", {
        "index.md": "# Papers\n\n```{toctree}\ncites\nmyst\nplain\n```\n\n```{papers}\n```\n",
        "cites.md": "# Cites\n\nSee {paper}`alpha`.\n",
        "myst.md": "# MyST\n\nSee [](#alpha).\n",
        "plain.md": "# Plain\n\nNo papers here.\n",
    }, data=data)
    out = tmp_path / "out"
    sphinx("-b", "html", str(src), str(out))
    assert reread(sphinx("-b", "html", str(src), str(out))) == []  # nothing changed: nothing read

    doc = json.loads(data.read_text())
    doc["papers"][0]["title"] = "Alpha, Revised"
    data.write_text(json.dumps(doc))
    result = sphinx("-b", "html", str(src), str(out))
    assert reread(result) == ["cites", "index", "myst"]  # not "plain"
    assert ">Alpha, Revised</a>" in (out / "index.html").read_text()
    for page in ("cites.html", "myst.html"):
        assert "Alpha, Revised" in (out / page).read_text()
        assert "Alpha: Federated Segmentation of MRI" not in (out / page).read_text()


def test_an_unchanged_data_file_is_not_checked_again_but_a_broken_one_is(tmp_path):
    data = tmp_path / "papers.json"
    data.write_text(BASIC.read_text())
    src = make_site(tmp_path / "src", {"index.md": "# Papers\n\n```{papers}\n```\n"}, data=data)
    out = tmp_path / "out"
    sphinx("-b", "html", str(src), str(out))
    # a no-op build does not read the file: a stand-in loader that fails proves it
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import runpy, sys\nimport papers.data.loading as loading\n"
        "def refuse(*a, **k):\n    raise SystemExit('the data file was read again')\n"
        "loading.load_catalog = refuse\n"
        "sys.argv = ['sphinx', *sys.argv[1:]]\nrunpy.run_module('sphinx', run_name='__main__')\n")
    noop = subprocess.run([sys.executable, str(probe), "--no-color", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True)
    assert noop.returncode == 0, noop.stderr
    # the same size and modification time, another (broken) content: still caught
    stat = data.stat()
    text = data.read_text()
    data.write_text(text.replace('"year": 2023', '"year": "20"', 1))
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size
    broken = subprocess.run([sys.executable, "-m", "sphinx", "--no-color", "-b", "html", str(src), str(out)],
                            capture_output=True, text=True)
    assert broken.returncode == 1
    assert '"year" must be an integer, got "20"' in broken.stderr


def test_the_site_builds_with_any_data_file_given_alone_on_the_command_line(tmp_path):
    """-D papers_file= alone: the schema is found, and no page of the site depends on our papers."""
    data = tmp_path / "elsewhere.json"
    data.write_text(BASIC.read_text())
    result = sphinx("-W", "-b", "html", "-D", f"papers_file={data}", "docs", str(tmp_path / "out"))
    assert result.stderr == ""
    assert "Alpha: Federated Segmentation of MRI" in (tmp_path / "out" / "papers.html").read_text()
    extension = (tmp_path / "out" / "extension.html").read_text()
    assert 'href="papers.html#paper-alpha"' in extension  # its examples follow the data


def test_a_single_page_build_repeats_no_id(tmp_path):
    """singlehtml joins every page: the extension page's :no-index: example must not repeat rows' ids."""
    out = tmp_path / "single"
    sphinx("-W", "-b", "singlehtml", "-d", str(tmp_path / "doctrees"), "docs", str(out))
    ids = re.findall(r'\sid="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))
    assert "paper-fedbn" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
