"""CONTRIBUTING.md, followed literally in a copy of the repository, gives a green CI for the data."""

from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys

from conftest import ROOT, SCHEMA

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
#: The tests that hold the real list to its rules (what CI's data tests are).
DATA_TESTS = ["tests/test_seed.py", "tests/test_data.py::test_check_passes_the_real_data",
              "tests/test_data.py::test_the_real_data_is_in_canonical_form",
              "tests/test_registries.py::test_the_sources_file_is_written_as_it_is_kept",
              "tests/test_messages.py::test_distinct_venues_give_no_warning"]


def block(marker: str) -> str:
    """The fenced block right after ``<!-- example:MARKER -->`` in the guide."""
    match = re.search(rf"<!-- example:{marker} -->\n```\w*\n(.*?)```", GUIDE, re.S)
    assert match, marker
    return match.group(1)


def nox_commands() -> dict[str, list[list[str]]]:
    """What each session the guide names runs, read from noxfile.py (nox itself is not needed to run them)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    check = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", "") == "CHECK")
    return {"check": [["check", *check, "data/papers.json"]],
            "format": [["format", "data/papers.json", "data/sources.json"], ["readme"]],
            "source": [["source"]]}


def test_the_noxfile_runs_what_this_test_runs():
    text = (ROOT / "noxfile.py").read_text()
    assert 'session.run("python", "-m", "papers", "check", *CHECK, *data_args(session))' in text
    assert 'session.run("python", "-m", "papers", "format", *data_args(session, DATA, SOURCES))' in text
    assert 'session.run("python", "-m", "papers", "source", *session.posargs)' in text


def test_following_the_guide_gives_a_green_ci_for_the_data(tmp_path):
    clone = tmp_path / "clone"
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if name.startswith(("data/", "tests/")) or name in ("README.md", "CONTRIBUTING.md", "pyproject.toml",
                                                          "noxfile.py"):
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)
    # paste the example among the papers of its year, after the ones already there
    data = clone / "data" / "papers.json"
    doc = json.loads(data.read_text(encoding="utf-8"))
    paper = json.loads(block("paper"))
    at = max(i + 1 for i, p in enumerate(doc["papers"]) if p["year"] >= paper["year"])
    doc["papers"].insert(at, paper)
    data.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    sessions = nox_commands()
    for line in block("sources").splitlines() + block("finish").splitlines():
        words = shlex.split(line.removeprefix("$ "))
        assert words[:3] == ["nox", "-s", words[2]] and words[2] in sessions, line
        args = words[4:] if words[3:4] == ["--"] else []
        for command in sessions[words[2]]:
            result = subprocess.run([sys.executable, "-m", "papers", *command, *args], cwd=clone,
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, (line, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATA_TESTS],
                           cwd=clone, capture_output=True, text=True, timeout=600)
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert json.loads(data.read_text())["papers"][at]["id"] == paper["id"]


def test_the_field_table_lists_every_field_the_schema_requires():
    schema = json.loads(SCHEMA.read_text())
    required = set(schema["$defs"]["paper"]["required"])
    rows = re.findall(r"^\| `(\w+)` \| (yes[^|]*|no[^|]*|wherever[^|]*) \|", GUIDE, re.M)
    said_required = {name for name, required_ in rows if required_.startswith("yes")}
    assert required <= said_required, required - said_required
    assert set(schema["$defs"]["paper"]["properties"]) <= {name for name, _ in rows}
    added = GUIDE.split("| `added` |")[1].split("\n")[0]
    assert "YYYY-MM-DD" in added and "UTC" in added
