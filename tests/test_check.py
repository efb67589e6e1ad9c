"""`python -m papers check` tells the whole truth, each problem where it is, with what fixes it; `source` and
`format` fix what it reports. Real processes on real files."""

from __future__ import annotations

import copy
import datetime
import json
import subprocess
import sys

from papers.data.canonical import dumps
from papers.data.sources import dumps_sources

from conftest import BASIC
from registry_server import write_project

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))


def papers(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papers", *args], cwd=folder, capture_output=True, text=True,
                          timeout=60)


def check(folder, *extra: str) -> subprocess.CompletedProcess:
    return papers(folder, "check", "data/papers.json", *extra)


def where(text: str, needle: str, after: str = "") -> str:
    """line:col of `needle` (after the first `after`) in `text`."""
    at = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, at) + 1
    return f"{line}:{at - text.rfind(chr(10), 0, at)}"


def test_a_clean_list_passes_with_its_study_notes(tmp_path):
    write_project(tmp_path, GOOD)
    result = check(tmp_path)
    assert result.returncode == 0, result.stdout
    assert result.stderr == "data/papers.json: 5 papers, 4 venues, 3 tags (5 notes): no problems\n"
    assert result.stdout.splitlines()[0].endswith('paper "alpha": note: the study facets are not yet examined '
                                                  '(CONTRIBUTING.md, "The study facets")')


def test_a_long_list_of_notes_is_cut_short_but_every_problem_is_printed(tmp_path):
    """Notes never fail a check: past the first few, a count, so a problem stays in view."""
    from papers.commands.check import MOST_NOTES

    doc = copy.deepcopy(GOOD)
    model = doc["papers"][0]
    copies = [{**model, "id": f"copy-{n}", "title": f"A copy numbered {n}", "url": f"https://example.org/c{n}"}
              for n in range(MOST_NOTES)]
    for paper in copies:  # one paper, one identifier
        paper.pop("doi", None)
        paper.pop("arxiv", None)
    doc["papers"] += copies
    data = write_project(tmp_path, doc)
    sources = json.loads(data.with_name("sources.json").read_text())
    del sources["papers"][f"copy-{MOST_NOTES - 1}"]  # the one problem: a paper without its source
    data.with_name("sources.json").write_text(dumps_sources(sources))
    total = len(doc["papers"])
    result = check(tmp_path)
    assert result.returncode == 1
    notes = [line for line in result.stdout.splitlines() if "note:" in line]
    assert len(notes) == MOST_NOTES
    assert f"data/papers.json: {total - MOST_NOTES} more notes (`--all-notes` prints every one)" in result.stdout
    problem = result.stdout.splitlines()[0]
    assert f'paper "copy-{MOST_NOTES - 1}": "id" has no entry in data/sources.json' in problem
    every = check(tmp_path, "--all-notes")
    assert len([line for line in every.stdout.splitlines() if "note:" in line]) == total
    assert "more notes" not in every.stdout


def test_a_fact_without_a_source_is_located_with_the_command_that_records_it(tmp_path):
    data = write_project(tmp_path, GOOD)
    sources = json.loads(data.with_name("sources.json").read_text())
    sources["papers"]["alpha"]["facts"][0]["fields"].remove("code")
    del sources["papers"]["gamma"]
    sources["papers"]["retracted"] = {"facts": [{"fields": ["title"], "source": "https://example.org"}], "notes": ""}
    sources["papers"]["beta"]["facts"][0]["source"] = " "
    data.with_name("sources.json").write_text(dumps_sources(sources))
    text, stext = data.read_text(), data.with_name("sources.json").read_text()
    result = check(tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert (f'data/sources.json:{where(stext, chr(34) + " " + chr(34))}: paper "beta": fact 1 "source" must not be '
            "empty: name the page or file it was read from") in out
    # (a sources file that breaks its shape is reported alone: fix it, and the rest follows)
    sources["papers"]["beta"]["facts"][0]["source"] = "https://example.org/beta"
    data.with_name("sources.json").write_text(dumps_sources(sources))
    stext = data.with_name("sources.json").read_text()
    out = check(tmp_path).stdout.splitlines()
    assert out[:3] == [
        f'data/papers.json:{where(text, chr(34) + "https://github.com/example/alpha")}: paper "alpha": "code" has no '
        "source in data/sources.json: record where it was read: nox -s source -- alpha code URL",
        f'data/papers.json:{where(text, chr(34) + "gamma" + chr(34))}: paper "gamma": "id" has no entry in '
        "data/sources.json: record where each fact was read: nox -s source -- gamma title authors year venue url "
        "code URL",
        f'data/sources.json:{where(stext, chr(34) + "retracted")}: paper "retracted": "retracted" is no paper of the '
        "list: fix the id, or remove the entry with its paper",
    ]


def test_the_source_command_records_a_fact_in_the_files_layout(tmp_path):
    data = write_project(tmp_path, GOOD)
    sources = json.loads(data.with_name("sources.json").read_text())
    del sources["papers"]["gamma"]
    data.with_name("sources.json").write_text(dumps_sources(sources))
    result = papers(tmp_path, "source", "gamma", "title", "authors", "year", "venue", "url", "code",
                    "https://example.org/gamma", "--place", "abstract", "--note", "Read on the landing page.")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ('data/sources.json: recorded for paper "gamma": title, authors, year, venue, url, code '
                             "from https://example.org/gamma\n")
    written = data.with_name("sources.json").read_text()
    assert list(json.loads(written)["papers"]) == ["alpha", "beta", "gamma", "delta", "epsilon"]  # the list's order
    assert ('    "gamma": {\n      "facts": [\n        {\n          "fields": ["title", "authors", "year", "venue", '
            '"url", "code"],\n'
            '          "source": "https://example.org/gamma",\n          "place": "abstract",\n'
            '          "note": "Read on the landing page."\n        }\n      ],\n      "notes": ""\n    },\n'
            ) in written
    assert check(tmp_path).returncode == 0
    again = papers(tmp_path, "source", "gamma", "title", "authors", "year", "venue", "url", "code",
                   "https://example.org/gamma", "--place", "abstract", "--note", "Read on the landing page.")
    assert "has this fact already; nothing to change" in again.stdout
    assert data.with_name("sources.json").read_text() == written


def test_the_source_command_refuses_what_is_no_source(tmp_path):
    write_project(tmp_path, GOOD)
    result = papers(tmp_path, "source", "gama", "titel", "study.site", "somewhere")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        '"gama" is no paper of the list; did you mean "gamma"?',
        '"titel" is not a field a source can give; choose from "title", "authors", "year", "venue", "url", "doi", '
        '"arxiv", "code", "summary", "abstract", "study.deployment", "study.sites", "study.privacy", '
        '"study.framework", "study.datasets" (a qualifier may follow in brackets: "authors (published order)"); '
        'did you mean "title"?',
        '"study.site" is not a field a source can give; choose from "title", "authors", "year", "venue", "url", '
        '"doi", "arxiv", "code", "summary", "abstract", "study.deployment", "study.sites", "study.privacy", '
        '"study.framework", "study.datasets" (a qualifier may follow in brackets: "authors (published order)"); '
        'did you mean "study.sites"?',
        'the source "somewhere" is neither a page\'s address (https://…) nor a repository file '
        "(github:owner/repo:path)",
    ]


def test_files_not_in_canonical_form_and_a_stale_readme_say_which_command_fixes_them(tmp_path):
    data = write_project(tmp_path, GOOD)
    doc = json.loads(data.read_text())
    doc["papers"][0] = dict(reversed(list(doc["papers"][0].items())))
    data.write_text(json.dumps(doc, indent=2))
    sources = data.with_name("sources.json")
    sources.write_text(json.dumps(json.loads(sources.read_text()), indent=4))
    from papers.formats.readme import END, START

    (tmp_path / "README.md").write_text(f"# List\n{START}\nold\n{END}\n")
    result = check(tmp_path, "--readme", "README.md")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("data/papers.json: not in canonical form (first difference at line ")
    assert lines[1:] == [
        "data/sources.json: not in canonical form (first difference at line 2): run `nox -s format` (it rewrites "
        "it, changing nothing else)",
    ] + [line for line in result.stdout.splitlines() if "note:" in line] + [
        "README.md: the list is stale: run `nox -s readme` (or `nox -s format`)"]
    for command in (["format", "data/papers.json", "data/sources.json"], ["readme"]):
        assert papers(tmp_path, *command).returncode == 0
    assert check(tmp_path, "--readme", "README.md").returncode == 0


def test_format_data_sources_json_formats_it_as_a_sources_file(tmp_path):
    data = write_project(tmp_path, GOOD)
    sources = data.with_name("sources.json")
    canonical = sources.read_text()
    sources.write_text(json.dumps(json.loads(canonical)))
    assert papers(tmp_path, "format", "--check", "data/sources.json").returncode == 1
    result = papers(tmp_path, "format", "data/sources.json")
    assert (result.returncode, result.stdout, result.stderr) == (
        0, "", "data/sources.json: rewritten in canonical form\n")
    assert sources.read_text() == canonical


def test_a_missing_comma_is_reported_at_the_end_of_the_line_that_lacks_it(tmp_path):
    data = write_project(tmp_path, GOOD)
    text = data.read_text()
    broken = text.replace('"title": "Alpha: Federated Segmentation of MRI",', '"title": "Alpha: Federated '
                          'Segmentation of MRI"', 1)
    assert broken != text
    data.write_text(broken)
    line = broken.splitlines().index('      "title": "Alpha: Federated Segmentation of MRI"') + 1
    column = len('      "title": "Alpha: Federated Segmentation of MRI"') + 1
    result = check(tmp_path)
    assert result.stdout == (f'data/papers.json:{line}:{column}: not valid JSON: a comma is missing at the end of '
                             'this line: add ","\n')


def test_a_trailing_comma_is_named_as_such(tmp_path):
    data = write_project(tmp_path, GOOD)
    text = data.read_text()
    broken = text.replace('"added": "2025-06-01"\n    }', '"added": "2025-06-01",\n    }', 1)
    assert broken != text
    data.write_text(broken)
    line = next(n for n, x in enumerate(broken.splitlines(), 1) if x.endswith('"added": "2025-06-01",'))
    column = len(broken.splitlines()[line - 1])
    assert check(tmp_path).stdout == (f"data/papers.json:{line}:{column}: not valid JSON: a trailing comma after "
                                      'the last item of an object: remove this ","\n')


def test_a_missing_added_is_explained_with_todays_utc_date(tmp_path):
    doc = copy.deepcopy(GOOD)
    del doc["papers"][0]["added"]
    write_project(tmp_path, doc)
    out = check(tmp_path).stdout.splitlines()
    assert out[0].endswith('paper "alpha" has no "added": it is required')
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert out[-1] == (f'hint: "added" is the day the paper entered the list, written YYYY-MM-DD, in UTC: today is '
                       f"{today} (UTC)")


def test_the_list_may_require_tags_beyond_its_schema(tmp_path):
    data = write_project(tmp_path, GOOD)
    text = data.read_text()
    result = check(tmp_path, "--require", "tags")
    assert result.returncode == 1
    assert [x for x in result.stdout.splitlines() if "requires" in x] == [
        f'data/papers.json:{where(text, chr(34) + "gamma")}: paper "gamma" has no "tags": this list requires it of '
        "every paper",
        f'data/papers.json:{where(text, chr(34) + "delta")}: paper "delta" has no "tags": this list requires it of '
        "every paper"]


def test_warnings_fail_a_strict_check(tmp_path):
    doc = copy.deepcopy(GOOD)
    doc["venues"]["NC"] = {"name": "Medical Image Analysis", "kind": "journal"}
    write_project(tmp_path, doc)
    assert check(tmp_path).returncode == 0
    assert check(tmp_path, "--strict").returncode == 1


def test_canonical_files_stay_byte_for_byte(tmp_path):
    data = write_project(tmp_path, GOOD)
    before = data.read_bytes(), data.with_name("sources.json").read_bytes()
    assert papers(tmp_path, "format", "data/papers.json", "data/sources.json").stderr == ""
    assert (data.read_bytes(), data.with_name("sources.json").read_bytes()) == before
    assert dumps(json.loads(before[0])) == before[0].decode()
