"""Bad data gets precise messages, from the build and the command line alike."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.docutils import docutils_namespace

from papers.data.loading import PapersDataError, load_catalog, parse_catalog
from papers.data.messages import printable

from conftest import BASIC, ROOT, SCHEMA, papers_conf

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))


def problems(text: str | bytes, *, latest_year: int = 2027) -> list[str]:
    """Every message for a data file with this text (which must be bad)."""
    from papers.data.loading import load_schema

    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(PapersDataError) as caught:
        parse_catalog(Path("data/papers.json"), data, load_schema(SCHEMA), latest_year=latest_year)
    return caught.value.lines


def with_paper(**changes) -> str:
    """The basic data file, its first paper changed (None removes a field), one key per line."""
    doc = copy.deepcopy(GOOD)
    paper = doc["papers"][0]
    for key, value in changes.items():
        if value is None:
            paper.pop(key, None)
        else:
            paper[key] = value
    return json.dumps(doc, indent=1, ensure_ascii=False)


ALPHA, VANUE, PAPERS = '"alpha"', '"vanue"', '"papers"'


def line_of(text: str, needle: str, after: str = "") -> int:
    return text[: text.index(needle, text.index(after))].count("\n") + 1


def where(text: str, needle: str, after: str = '"papers"', nth: int = 1) -> str:
    """`line:col` of the `nth` `needle` after `after`."""
    offset = text.index(after)
    for _ in range(nth):
        offset = text.index(needle, offset + 1)
    line = text[:offset].count("\n") + 1
    return f"{line}:{offset - text.rfind(chr(10), 0, offset)}"


@pytest.mark.parametrize(("changes", "at", "message"), [
    ({"year": "2021a"}, None, '"year" must be an integer, got "2021a"'),
    ({"year": 1989}, None, '"year" must be 1990 or more; got 1989'),
    ({"year": 2031}, None, '"year" must be 2027 (next year) or earlier; got 2031'),
    ({"year": True}, None, '"year" must be an integer, got true'),
    ({"url": "javascript:alert(1)"}, None, '"url" must be an absolute http:// or https:// link'),
    ({"url": "data:text/html,x"}, None, '"url" must be an absolute http:// or https:// link'),
    ({"url": "/relative/path"}, None, '"url" must be an absolute http:// or https:// link'),
    ({"url": "https://example.org/a b"}, None, '"url" must be an absolute http:// or https:// link'),
    ({"url": ""}, None, '"url" must be an absolute http:// or https:// link'),
    ({"code": 'https://x.org/"onmouseover=alert(1)'}, None, '"code" must not contain "\\"" (percent-encode it)'),
    ({"code": "https://x.org:99999/"}, None, '"code" is not a valid link'),
    ({"title": "Two  spaces"}, None, '"title" has 2 spaces in a row at column 4: "Two[\u2423\u2423]spaces"'),
    ({"title": " Leading"}, None, '"title" must not start with a space: "[\u2423]Leading"'),
    ({"title": "Null\u0000byte"}, None, '"title" must not contain NUL (column 5): "Null[\u2400]byte"'),
    ({"id": "alpha\n"}, None, '"id" must not contain a line break (LF) (column 6): "alpha[\u240a]"'),
    ({"title": ""}, None, '"title" must not be empty'),
    ({"venue": "TMl"}, None, '"venue" "TMl" is not a key of "venues"; did you mean "TMI"?'),
    ({"tags": ["segmentaton"]}, ('"segmentaton"', 1),
     '"tags" item 1 "segmentaton" is not declared in "tags"; did you mean "segmentation"?'),
    ({"tags": ["mri", "mri"]}, ('"mri"', 2), '"tags" item 2 repeats "mri": list it once'),
    ({"tags": "mri"}, None, '"tags" must be a list, got "mri"'),
])
def test_a_bad_field_is_named_with_its_line(changes, at, message):
    """`at`: the text the message must point to, and which occurrence; default: the new value."""
    text = with_paper(**changes)
    needle, nth = at or (json.dumps(next(iter(changes.values())), ensure_ascii=False), 1)
    (found,) = problems(text)
    location, what = found.split(": ", 1)
    assert location == f"data/papers.json:{where(text, needle, nth=nth)}"
    assert what.startswith(f'paper {printable(changes.get("id", "alpha"))}: {message}')


def test_unknown_field_suggests_the_right_one():
    text = with_paper(vanue="TMI")
    assert problems(text) == [
        f'data/papers.json:{where(text, VANUE)}: paper "alpha": "vanue" is an unknown field; '
        'did you mean "venue"?'
    ]


def test_missing_field_is_named_at_its_paper():
    text = with_paper(url=None)
    (message,) = problems(text)
    assert message.endswith('paper "alpha" has no "url": it is required')


def test_a_paper_without_a_usable_id_is_named_by_position():
    text = with_paper(id="Not A Slug")
    doc = json.loads(text)
    doc["papers"][1].pop("id")
    messages = problems(json.dumps(doc, indent=1))
    assert any('paper "Not A Slug": "id" must be a lowercase slug' in m for m in messages)
    assert any(m.endswith('paper #2 has no "id": it is required') for m in messages)


def test_duplicates_are_flagged_with_the_first_entry():
    doc = copy.deepcopy(GOOD)
    first = doc["papers"][0]
    doc["papers"] += [
        {**first, "title": "Another title", "url": "https://example.org/other"},  # same id
        {**first, "id": "alpha-again", "title": "ALPHA federated segmentation of M.R.I.",
         "url": "https://example.org/third"},  # same title but for case and punctuation
        {**first, "id": "beta-pdf", "title": "Beta as a PDF",
         "url": "https://arxiv.org/pdf/2301.00001v2.pdf"},  # beta's arXiv abstract, as a PDF
    ]
    text = json.dumps(doc, indent=1)
    messages = problems(text)
    assert [m.split(": ", 1)[1] for m in messages] == [
        'paper "alpha": "id" "alpha" is the id of another paper too; ids must be unique '
        f'(see paper "alpha", line {line_of(text, ALPHA)})',
        'paper "alpha-again": "title" repeats the title of another paper: list each paper once '
        '(keep the published version, not also its preprint) '
        f'(see paper "alpha", line {line_of(text, "Alpha: Federated")})',
        'paper "beta-pdf": "url" links to the same paper as another entry: list each paper once '
        f'(see paper "beta", line {line_of(text, "arxiv.org/abs")})',
    ]


def test_a_paper_listed_twice_is_reported_where_it_was_added_last():
    """A contributor's new entry placed above the published one (the list is newest year first) is the fault."""
    doc = copy.deepcopy(GOOD)
    published = doc["papers"][-1]
    again = {**published, "title": published["title"] + " (again)", "added": "2026-12-01"}
    doc["papers"].insert(0, again)
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    messages = problems(text)
    pid = published["id"]
    needle = f'"id": "{pid}"'
    new_line, old_line = (text[: text.index(needle)].count("\n") + 1, text[: text.rindex(needle)].count("\n") + 1)
    assert new_line < old_line
    assert messages and all(f'paper "{pid}"' in m for m in messages)
    assert messages[0].startswith(f"data/papers.json:{new_line}:")
    assert f'(see paper "{pid}", line {old_line})' in messages[0]


def test_every_problem_is_reported_at_once_in_file_order():
    doc = copy.deepcopy(GOOD)
    doc["venues"]["TMI"]["kind"] = "jornal"
    doc["papers"][1]["year"] = "soon"
    doc["papers"][3]["code"] = "ftp://example.org"
    doc["tags"]["Bad Tag"] = {"group": "task", "description": "x"}
    messages = problems(json.dumps(doc, indent=1))
    lines = [int(m.split(":")[1]) for m in messages]
    assert len(messages) == 4 and lines == sorted(lines)
    assert 'venue "TMI": "kind" must be one of "conference", "journal", "workshop", "preprint"; got "jornal"' \
        in messages[0]


def test_duplicate_keys_are_problems_though_json_allows_them():
    text = '{"venues": {}, "tags": {}, "venues": {},\n "papers": []}'
    assert problems(text) == [
        'data/papers.json:1:28: "venues" appears twice in one object; JSON keeps only the last']


@pytest.mark.parametrize(("data", "message"), [
    (b'{"venues": {},\n  "tags": {} "papers": []}', "data/papers.json:2:13: not valid JSON: a comma is missing here, "
                                                   "before the next item: add \",\""),
    (b"", "data/papers.json:1:1: not valid JSON: Expecting value"),
    (b'{"a": 1}\n\xff', "data/papers.json:2: not UTF-8 text: byte 0xff (invalid start byte)"),
    (b'\xef\xbb\xbf{"a": 1}\n\xff', "data/papers.json:2: not UTF-8 text: byte 0xff (invalid start byte)"),
    (b'{"venues": {}, "tags": {}, "papers": [{"tags": ' + b"[" * 3000 + b"]" * 3000 + b"}]}",
     "data/papers.json: not usable JSON: nested too deeply"),
    (b"[]", "data/papers.json:1:1: the file must be an object, got a list"),
    (b'{"venues": {}, "tags": {}}', 'data/papers.json:1:1: the file has no "papers": it is required'),
    (b'{"venues": {}, "tags": {}, "papers": [], "extra": 1}',
     'data/papers.json:1:42: "extra" is an unknown field; '
     'expected "$schema", "venues", "tags", "frameworks", "datasets", "papers"'),
    (b'{"venues": {}, "tags": {}, "papers": ["x"]}', 'data/papers.json:1:39: paper #1 must be an object, got "x"'),
    (b'{"venues": {}, "tags": {}, "papers": [{"id": "a", "title": "\\ud800", "authors": ["A B"], '
     b'"added": "2026-01-01", "year": 2020, '
     b'"url": "https://a.org"}]}',
     'paper "a": "title" must not contain U+D800 (column 1): "[\\ud800]"'),
])
def test_unusable_files_say_where(data, message):
    assert message in problems(data)[0]


def test_a_good_file_loads_in_year_order_with_numbers():
    catalog = load_catalog(BASIC, SCHEMA)
    assert [(p.id, p.year, p.number) for p in catalog.papers] == [
        ("alpha", 2023, 1), ("beta", 2023, 2), ("gamma", 2022, 1), ("delta", 2021, 1), ("epsilon", 2021, 2)]
    assert catalog.by_id["beta"].venue is None and catalog.by_id["delta"].code is None


def test_the_loader_caches_by_modification_time(tmp_path):
    path = tmp_path / "papers.json"
    path.write_text(BASIC.read_text())
    first = load_catalog(path, SCHEMA)
    assert load_catalog(path, SCHEMA) is first
    doc = json.loads(path.read_text())
    doc["papers"][0]["title"] = "Alpha, revised"
    path.write_text(json.dumps(doc))
    later = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(later, later))
    assert load_catalog(path, SCHEMA).by_id["alpha"].title == "Alpha, revised"


# --- the build stops, without a traceback, before writing anything ------------------

def write_site(tmp_path: Path, data_text: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "papers"]\n'
        f"papers_file = {str(tmp_path / 'papers.json')!r}\n"
        f"papers_schema = {str(SCHEMA)!r}\n")
    (src / "index.md").write_text("# Papers\n\n```{papers}\n```\n")
    (tmp_path / "papers.json").write_text(data_text, encoding="utf-8")
    return src


def sphinx_build(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "--no-color", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_bad_data_fails_the_build_with_every_message_and_no_page(tmp_path):
    text = with_paper(year="2021a", vanue="TMI")
    src = write_site(tmp_path, text)
    out = tmp_path / "out"
    # -T is what Read the Docs passes: it would print any traceback in full
    result = sphinx_build("-T", "-b", "html", str(src), str(out), cwd=tmp_path)
    year_at, vanue_at = where(text, '"2021a"'), where(text, '"vanue"')
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert errors == [
        f"papers.json:{year_at}: ERROR: paper \"alpha\": \"year\" must be an integer, got \"2021a\"",
        f"papers.json:{vanue_at}: ERROR: paper \"alpha\": \"vanue\" is an unknown field; "
        'did you mean "venue"?',
        "ERROR: papers: 2 problems in papers.json; nothing was built. Fix them and build again "
        "(`nox -s check` lists the same problems without Sphinx).",
    ]
    assert not list(out.rglob("*.html"))


def test_suppress_warnings_cannot_hide_why_the_build_stopped(tmp_path):
    src = write_site(tmp_path, with_paper(year="2021a"))
    with (src / "conf.py").open("a") as conf:
        conf.write('suppress_warnings = ["papers", "papers.*", "papers.data"]\n')
    result = sphinx_build("-b", "html", str(src), str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert 'paper "alpha": "year" must be an integer, got "2021a"' in result.stderr
    assert "nothing was built" in result.stderr


def test_a_file_broken_after_the_preflight_publishes_no_page(tmp_path):
    """The file breaks between the preflight and the reading (an editor saving mid-build)."""
    src = write_site(tmp_path, BASIC.read_text())
    with (src / "conf.py").open("a") as conf:
        conf.write(
            "def setup(app):\n"
            "    def break_it(app, env, docnames):\n"
            "        with open(app.config.papers_file, 'w') as f:\n"
            "            f.write('{\"venues\": {}, \"tags\": {}, \"papers\": [{\"id\": \"x\"}]}')\n"
            "    app.connect('env-before-read-docs', break_it)\n")
    out = tmp_path / "out"
    result = sphinx_build("-T", "-b", "html", str(src), str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert 'ERROR: paper "x" has no "title": it is required' in result.stderr
    assert "nothing was built" in result.stderr
    assert not list(out.rglob("*.html"))


def test_bad_data_stops_a_sphinx_app_before_it_reads(make_app, tmp_path):
    src = write_site(tmp_path, with_paper(venue="Nowhere"))
    warnings = io.StringIO()
    # the app never finishes starting, so it cannot undo its registrations itself
    with docutils_namespace(), pytest.raises(SystemExit) as stopped:
        make_app("html", srcdir=src, warning=warnings,
                 confoverrides=papers_conf(tmp_path / "papers.json"))
    assert stopped.value.code == 1
    assert 'ERROR: paper "alpha": "venue" "Nowhere" is not a key of "venues"' in warnings.getvalue()


def test_a_missing_data_file_is_a_clear_error(tmp_path):
    src = write_site(tmp_path, "{}")
    (tmp_path / "papers.json").unlink()
    result = sphinx_build("-b", "html", str(src), str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "ERROR: papers.json: cannot read the papers file: No such file or directory" in result.stderr


# --- the command line: same messages, and the canonical form ----------------------

def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papers", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_check_prints_the_builds_messages(tmp_path):
    text = with_paper(year="2021a")
    (tmp_path / "papers.json").write_text(text)
    result = cli("check", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path)
    assert result.returncode == 1
    at = where(text, '"2021a"')
    assert result.stdout == (f'papers.json:{at}: paper "alpha": '
                             '"year" must be an integer, got "2021a"\n')
    assert result.stderr == "papers.json: 1 problem\n"


def test_check_passes_the_real_data():
    result = cli("check", "data/papers.json", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stderr.startswith("data/papers.json: ") and result.stderr.endswith("no problems\n")


def test_format_rewrites_in_canonical_form(tmp_path):
    doc = copy.deepcopy(GOOD)
    doc["papers"].append(doc["papers"].pop(0))  # a 2023 paper added at the end
    doc["papers"][0] = dict(reversed(list(doc["papers"][0].items())))  # keys out of order
    path = tmp_path / "papers.json"
    path.write_text(json.dumps(doc))
    assert cli("format", "--check", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path).returncode == 1
    assert cli("format", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path).returncode == 0
    text = path.read_text()
    assert text.startswith('{\n  "$schema": "../../data/papers.schema.json",\n  "venues": {\n    "DeCaF": {')
    papers = json.loads(text)["papers"]
    # newest year first; inside 2023, beta now follows alpha's old place: order kept
    assert [p["id"] for p in papers] == ["beta", "alpha", "gamma", "delta", "epsilon"]
    assert list(papers[0]) == ["id", "title", "authors", "year", "url", "tags", "added"]
    assert cli("format", "--check", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path).returncode == 0


def test_the_real_data_is_in_canonical_form():
    assert cli("format", "--check", "data/papers.json", cwd=ROOT).returncode == 0


def test_the_pre_commit_hooks_check_and_tidy_a_commit(tmp_path):
    """pre-commit itself runs the hooks, in the environment it builds for them from the config."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "docs" / "_ext", repo / "docs" / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "data").mkdir()
    shutil.copy(SCHEMA, repo / "data" / "papers.schema.json")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    data = repo / "data" / "papers.json"
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def pre_commit() -> subprocess.CompletedProcess:
        git("add", "-A")
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                              cwd=repo, env=env, capture_output=True, text=True)

    git("init", "-q")
    data.write_text(with_paper(year="2021a"))
    bad = pre_commit()
    assert bad.returncode == 1
    assert 'paper "alpha": "year" must be an integer, got "2021a"' in bad.stdout
    assert "Traceback" not in bad.stdout
    data.write_text(json.dumps(GOOD))  # valid, but on one line: the formatter rewrites it
    tidied = pre_commit()
    assert tidied.returncode == 1 and "files were modified by this hook" in tidied.stdout
    assert data.read_text().startswith('{\n  "$schema": ')
    assert pre_commit().returncode == 0, "a second run finds nothing left to change"


def test_messages_can_always_be_printed():
    doc = copy.deepcopy(GOOD)
    doc["papers"][0].update(id="\ud800", title="Lone \udfff surrogate")
    text = json.dumps(doc, indent=1)  # JSON escapes: \\ud800
    for message in problems(text):
        message.encode("utf-8")  # no UnicodeEncodeError
    assert any('paper "\\ud800"' in m for m in problems(text))


def test_a_folder_instead_of_a_file_is_a_clear_error(tmp_path):
    result = cli("check", str(tmp_path), "--schema", str(SCHEMA), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ".: cannot read the papers file: Is a directory\n"


@pytest.mark.parametrize(("change", "message"), [
    ('"pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"', '"pattern": "(["'),
    ('"maxLength": 64', '"maxLength": "64"'),
    ('"required": ["id", "title", "authors", "year", "url", "added"]', '"required": "id"'),
    ('"type": "object",\n      "required": ["id"', '"type": "objekt",\n      "required": ["id"'),
    ('"uniqueItems": true', '"oneOf": []'),
])
def test_a_broken_schema_is_a_clear_error(tmp_path, change, message):
    from papers.data.loading import load_schema

    text = json.dumps(json.loads(SCHEMA.read_text()), indent=2)
    text = re.sub(r"\[\s*([^\[\]]*?)\s*\]", lambda m: "[" + re.sub(r"\s+", " ", m.group(1)) + "]", text)
    broken = text.replace(change, message, 1)
    assert broken != text, change
    path = tmp_path / "papers.schema.json"
    path.write_text(broken)
    with pytest.raises(PapersDataError) as caught:
        load_schema(path)
    (where, what), = caught.value.reports
    assert where.endswith("papers.schema.json") and what.startswith("unusable schema: ")
