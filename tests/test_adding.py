"""`python -m papers add`, run as a maintainer runs it, against recorded Crossref and arXiv answers."""

from __future__ import annotations

import copy
import datetime
import json
import socket
import time

import pytest

from conftest import BASIC, ROOT
from registry_server import run_papers, write_project

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))
TODAY = datetime.date.today().isoformat()
VENUES = {
    "Nat. Rev. Methods Primers": {"name": "Nature Reviews Methods Primers", "kind": "journal",
                                  "aliases": ["2662-8449"]},
    "Org. Lett.": {"name": "Organic Letters", "kind": "journal"},
    "Acta Phys. Pol. B": {"name": "Acta Physica Polonica B", "kind": "journal"},
}
ICCV = {"ICCV": {"name": "IEEE International Conference on Computer Vision", "kind": "conference",
                 # no year in the alias: "2007 IEEE 11th International Conference ..." still matches
                 "aliases": ["IEEE International Conference on Computer Vision"]}}
NRMP = "10.1038/s43586-021-00024-3"


def project(tmp_path, venues: dict | None = None, papers: list | None = None):
    doc = copy.deepcopy(GOOD)
    doc["venues"].update(VENUES if venues is None else venues)
    doc["papers"] += papers or []
    return write_project(tmp_path, doc)


def added(result) -> None:
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def refused(result, line: str, data_before: str, data) -> None:
    """Exit 1, the message, no traceback, the file untouched."""
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert line in result.stderr.splitlines(), result.stderr
    assert data.read_text(encoding="utf-8") == data_before


def paper(data, paper_id: str) -> dict:
    return next(p for p in json.loads(data.read_text(encoding="utf-8"))["papers"] if p["id"] == paper_id)


def sources_of(data, paper_id: str) -> dict:
    return json.loads(data.with_name("sources.json").read_text(encoding="utf-8"))["papers"][paper_id]


# --- what it fills --------------------------------------------------------------------

def test_a_journal_article_from_its_doi(registry, tmp_path):
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "add", NRMP, "--tag", "mri", "--code", "https://github.com/example/nmr")
    added(result)
    new = paper(data, "kupce-2021")
    assert new == {
        "id": "kupce-2021",
        "title": "Parallel nuclear magnetic resonance spectroscopy",
        "authors": ["Ēriks Kupče", "Lucio Frydman", "Andrew G. Webb", "Jonathan R. J. Yong", "Tim D. W. Claridge"],
        "year": 2021,
        "venue": "Nat. Rev. Methods Primers",  # by its ISSN, an alias
        "url": f"https://doi.org/{NRMP}",
        "doi": NRMP,
        "code": "https://github.com/example/nmr",
        "tags": ["mri"],
        "added": TODAY,
    }
    # the diff is one paper: the file was canonical, and is canonical with the paper in it
    text = data.read_text(encoding="utf-8")
    lines = json.dumps(new, indent=2, ensure_ascii=False).replace("\n", "\n    ")
    assert text.replace(",\n    " + lines, "", 1) == before
    assert run_papers(registry, tmp_path, "format", "--check", "data/papers.json").returncode == 0
    # at the end of its year: 2021 had delta and epsilon
    ids = [p["id"] for p in json.loads(text)["papers"]]
    assert ids[ids.index("epsilon") + 1] == "kupce-2021"
    assert "(2021, #3 of its year)" in result.stdout
    assert "not filled: arxiv" in result.stdout
    facts = sources_of(data, "kupce-2021")["facts"]
    assert facts == [
        {"fields": ["title", "authors", "year", "venue", "url", "doi"], "source": f"{registry.url}/works/{NRMP}",
         "note": f"read {TODAY} by `python -m papers add {NRMP}`"},
        {"fields": ["code", "tags"], "source": "given by the maintainer on the command line"},
    ]
    assert '      "facts": [\n        {\n          "fields": ["title", "authors", "year", "venue", "url", "doi"],' \
        in data.with_name("sources.json").read_text(encoding="utf-8")
    (user_agent,) = {ua for _, ua, _ in registry.requests}
    assert "mailto:maintainer@example.org" in user_agent


def test_the_year_is_the_issues_not_the_early_online_one(registry, tmp_path):
    """Organic Letters: online 2017-12-20, in the issue of 2018-01-05."""
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "add", "https://doi.org/10.1021/acs.orglett.7b03845", "--dry-run")
    added(result)
    assert data.read_text(encoding="utf-8") == before
    assert "would be added paper \"smith-2018\" (2018, #1 of its year)" in result.stdout
    assert '"Amos B. Smith III"' in result.stdout
    assert '"title": "Twenty Years of Organic Letters, A Look Back...and Forward"' in result.stdout
    assert '"venue": "Org. Lett."' in result.stdout
    assert result.stdout.rstrip().endswith("--dry-run, nothing written")


def test_a_conference_paper_finds_its_venue_by_an_alias_without_the_year(registry, tmp_path):
    data = project(tmp_path, {**VENUES, **ICCV})
    added(run_papers(registry, tmp_path, "add", "10.1109/ICCV.2007.4408927", "--id", "random-walker-cuts"))
    new = paper(data, "random-walker-cuts")
    assert (new["venue"], new["year"], new["doi"], new["authors"]) == (
        "ICCV", 2007, "10.1109/ICCV.2007.4408927", ["Ali Kemal Sinop", "Leo Grady"])
    assert new["title"] == ("A Seeded Image Segmentation Framework Unifying Graph Cuts And Random Walker "
                            "Which Yields A New Algorithm")


def test_an_unknown_venue_stops_with_the_entry_to_declare(registry, tmp_path):
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "add", "10.1109/ICCV.2007.4408927")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert data.read_text(encoding="utf-8") == before
    assert result.stderr.startswith(
        '10.1109/ICCV.2007.4408927: Crossref\'s venue "2007 IEEE 11th International Conference on Computer Vision" '
        "is none of the venues of data/papers.json (their keys, names and aliases); nothing was written.")
    assert ('    "ICCV": {\n'
            '      "name": "IEEE International Conference on Computer Vision",\n'
            '      "kind": "conference",\n'
            '      "aliases": [\n'
            '        "2007 IEEE 11th International Conference on Computer Vision"\n'
            "      ]\n"
            "    }\n") in result.stderr
    assert "--venue KEY" in result.stderr
    # the maintainer's choice, recorded as theirs
    added(run_papers(registry, tmp_path, "add", "10.1109/ICCV.2007.4408927", "--venue", "ECCV"))
    assert paper(data, "sinop-2007")["venue"] == "ECCV"
    assert sources_of(data, "sinop-2007")["facts"][-1] == {
        "fields": ["venue"], "source": "given by the maintainer on the command line"}


def test_a_journal_venue_key_is_suggested_from_its_abbreviation(registry, tmp_path):
    project(tmp_path, venues={})
    result = run_papers(registry, tmp_path, "add", NRMP)
    assert result.returncode == 1
    assert '"Nat Rev Methods Primers": {' in result.stderr
    assert '"aliases": [\n        "Nature Reviews Methods Primers",\n        "2662-8449"\n' in result.stderr


def test_an_arxiv_only_preprint(registry, tmp_path):
    data = project(tmp_path)
    result = run_papers(registry, tmp_path, "add", "arXiv:1605.08386v1", "--tag", "privacy")
    added(result)
    new = paper(data, "stanley-2016")
    assert new == {"id": "stanley-2016", "title": "Heat-bath random walks with Markov bases",
                   "authors": ["Caprice Stanley", "Tobias Windisch"], "year": 2016,
                   "url": "https://arxiv.org/abs/1605.08386", "arxiv": "1605.08386", "tags": ["privacy"],
                   "abstract": new["abstract"], "added": TODAY}
    # arXiv's summary, CC0, its source and licence recorded
    assert new["abstract"].startswith("Graphs on lattice points are studied whose edges come from a finite set")
    assert sources_of(data, "stanley-2016")["facts"][1] == {
        "fields": ["abstract"], "source": f"{registry.url}/query?id_list=1605.08386",
        "note": "CC0 1.0, https://creativecommons.org/publicdomain/zero/1.0/ (arXiv's metadata); "
                f"read {TODAY} by `python -m papers add arXiv:1605.08386v1`"}
    assert "venue (a preprint); doi (no published version known)" in result.stdout
    assert sources_of(data, "stanley-2016")["facts"][0]["source"] == f"{registry.url}/query?id_list=1605.08386"
    assert sources_of(data, "stanley-2016")["facts"][0]["fields"] == ["title", "authors", "year", "url", "arxiv"]


def test_non_ascii_names_sent_mis_encoded_are_read_as_meant(registry, tmp_path):
    """arXiv's recorded answer for 1707.08567 spells one author "Dirk WÃ¼bben" (UTF-8 read as Latin-1)."""
    data = project(tmp_path)
    result = run_papers(registry, tmp_path, "add", "https://arxiv.org/abs/1707.08567")
    added(result)
    new = paper(data, "immink-2017")  # "Proceedings of Workshop AEW10:" is no method name
    assert len(new["authors"]) == 34 and new["authors"][-2] == "Dirk Wübben"
    assert "note: arXiv sent 'Dirk WÃ¼bben' mis-encoded; read as 'Dirk Wübben'" in result.stdout


def test_a_journal_reference_without_a_doi_stays_a_preprint(registry, tmp_path):
    data = project(tmp_path)
    result = run_papers(registry, tmp_path, "add", "astro-ph/0601001")
    added(result)
    assert paper(data, "gould-2006")["arxiv"] == "astro-ph/0601001"
    assert ("note: arXiv gives a journal reference (ActaAstron.56:1-50,2006) but no DOI: listed as the preprint; "
            "if it was published with a DOI, add that instead") in result.stdout


def test_an_arxiv_paper_since_published_is_looked_up_as_its_published_version(registry, tmp_path):
    """arXiv names the DOI of 1111.2011; no Crossref recording of that DOI exists, so Crossref says 404."""
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "add", "1111.2011")
    refused(result, "10.1103/PhysRevB.85.115117 (the published version of arXiv 1111.2011): "
                    "Crossref has no such DOI (404)", before, data)
    assert registry.asked() == ["/query?id_list=1111.2011", "/works/10.1103/PhysRevB.85.115117"]


def test_a_doi_whose_record_names_its_preprint_gets_the_arxiv_field(registry, tmp_path):
    data = project(tmp_path)
    added(run_papers(registry, tmp_path, "add", "10.5506/aphyspolb.56.3-a7"))
    new = paper(data, "weiss-2025")
    assert (new["arxiv"], new["venue"], new["year"], new["title"]) == (
        "2503.12208", "Acta Phys. Pol. B", 2025, "Gluonic Structure from Instantons")
    assert "arxiv" in sources_of(data, "weiss-2025")["facts"][0]["fields"]


def test_a_listed_preprint_is_offered_the_update_to_its_published_version(registry, tmp_path):
    preprint = {"id": "instantons", "title": "Gluonic structure from instantons (preprint)", "authors": ["C. Weiss"],
                "year": 2025, "url": "https://arxiv.org/abs/2503.12208", "arxiv": "2503.12208",
                "tags": ["privacy"], "added": "2026-01-02"}
    data = project(tmp_path, papers=[preprint])
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "add", "10.5506/aphyspolb.56.3-a7")
    refused(result, '10.5506/aphyspolb.56.3-a7: paper "instantons" lists its preprint (same arXiv id); rerun with '
                    "--update to list the published version, 10.5506/aphyspolb.56.3-a7, in its place (id, tags, "
                    "code and day added stay)", before, data)
    added(run_papers(registry, tmp_path, "add", "10.5506/aphyspolb.56.3-a7", "--update"))
    assert paper(data, "instantons") == {
        "id": "instantons", "title": "Gluonic Structure from Instantons", "authors": ["C. Weiss"], "year": 2025,
        "venue": "Acta Phys. Pol. B", "url": "https://doi.org/10.5506/aphyspolb.56.3-a7",
        "doi": "10.5506/aphyspolb.56.3-a7", "arxiv": "2503.12208", "tags": ["privacy"], "added": "2026-01-02"}
    assert sources_of(data, "instantons")["notes"] == f"Published version recorded on {TODAY}."


def test_a_paper_already_listed_is_refused_naming_it(registry, tmp_path):
    listed = {"id": "nmr", "title": "PARALLEL NUCLEAR MAGNETIC RESONANCE SPECTROSCOPY", "authors": ["E. Kupce"],
              "year": 2021, "url": "https://example.org/nmr", "added": "2026-01-02"}
    data = project(tmp_path, papers=[{**listed, "doi": NRMP.upper()}])
    before = data.read_text(encoding="utf-8")
    refused(run_papers(registry, tmp_path, "add", NRMP),
            f'{NRMP}: already listed as paper "nmr" (same DOI); Crossref was not asked', before, data)
    assert registry.requests == []  # the list was asked first
    data = project(tmp_path / "by-title", papers=[{**listed, "doi": "10.5555/nmr-reprinted"}])
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path / "by-title", "add", "1605.08386", NRMP)
    refused(result, f'{NRMP}: already listed as paper "nmr" (same title)', before, data)
    assert result.stderr.splitlines()[-1] == ("data/papers.json: nothing was written "
                                              "(a problem with one paper stops them all)")


def test_several_at_once_each_at_the_end_of_its_year(registry, tmp_path):
    data = project(tmp_path)
    added(run_papers(registry, tmp_path, "add", NRMP, "1605.08386", "10.1021/acs.orglett.7b03845"))
    ids = [p["id"] for p in json.loads(data.read_text(encoding="utf-8"))["papers"]]
    assert ids == ["alpha", "beta", "gamma", "delta", "epsilon", "kupce-2021", "smith-2018", "stanley-2016"]


def test_a_record_without_authors_cannot_be_added(registry, tmp_path):
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    refused(run_papers(registry, tmp_path, "add", "10.1039/9781788019972", "--venue", "MedIA"),
            "10.1039/9781788019972: cannot be added from Crossref: no authors (Crossref type 'book' says nothing "
            "of the venue's kind; Crossref lists editors only, no authors); add it by hand", before, data)


@pytest.mark.parametrize(("args", "message"), [
    (["abc"], "'abc' is neither a DOI (10.1109/TMI.2023.3239391, https://doi.org/...) nor an arXiv id "
              "(2102.07623, arXiv:2102.07623v2, https://arxiv.org/abs/...)"),
    ([NRMP, "--tag", "segmentaton"], '--tag "segmentaton" is not declared in "tags"; did you mean "segmentation"?'),
    ([NRMP, "--venue", "TMl"], '--venue "TMl" is not a key of "venues"; did you mean "TMI"? (declare it there first)'),
    ([NRMP, "--id", "alpha"], '--id "alpha" is the id of a listed paper already; ids must be unique'),
    ([NRMP, "1605.08386", "--code", "https://x.org"],
     "--id, --code and --venue describe one paper: give a single DOI or arXiv id with them"),
])
def test_bad_arguments_are_named_before_any_request(registry, tmp_path, args, message):
    data = project(tmp_path)
    refused(run_papers(registry, tmp_path, "add", *args), message, data.read_text(encoding="utf-8"), data)
    assert registry.requests == []


# --- the network ------------------------------------------------------------------------

def hint(api: str) -> str:
    """What a failed request says to try next."""
    return (f". Check the network connection and PAPERS_CROSSREF_API (now {api}), or add the paper by hand "
            '(CONTRIBUTING.md, "Add it in one edit")')


def test_an_unknown_doi_is_one_line(registry, tmp_path):
    data = project(tmp_path)
    result = run_papers(registry, tmp_path, "add", "10.1109/XYZ")
    refused(result, "10.1109/XYZ: Crossref has no such DOI (404)", data.read_text(encoding="utf-8"), data)
    assert result.stderr == "10.1109/XYZ: Crossref has no such DOI (404)\n"


def test_an_unknown_arxiv_id_is_one_line(registry, tmp_path):
    project(tmp_path)
    result = run_papers(registry, tmp_path, "add", "2401.99999")
    assert (result.returncode, result.stderr) == (1, "2401.99999: arXiv has no paper 2401.99999\n")


def test_too_many_requests_waits_as_told_then_succeeds(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "429")
    start = time.monotonic()
    added(run_papers(registry, tmp_path, "add", NRMP))
    assert time.monotonic() - start >= 1.0  # Retry-After: 1, though the back-off factor is 0.01 s
    assert registry.asked() == [f"/works/{NRMP}"] * 2
    (first, second) = [t for _, _, t in registry.requests]
    assert second - first >= 0.95
    assert paper(data, "kupce-2021")["year"] == 2021


def test_server_errors_are_retried_then_reported(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "503", "503", "503")
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_HTTP_TRIES="3")
    refused(result, f"{NRMP}: Crossref answered HTTP 503 (server error) after 3 tries" + hint(registry.url),
            data.read_text(encoding="utf-8"), data)
    assert len(registry.asked()) == 3


def test_a_registry_too_slow_to_answer_is_a_timeout(registry, tmp_path):
    data = project(tmp_path)
    registry.always, registry.slow_seconds = "slow", 1.5
    start = time.monotonic()
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_HTTP_TIMEOUT="0.3")
    refused(result, f"{NRMP}: no answer from Crossref after 3 tries (timeout: no whole answer within 0.3 s)"
            + hint(registry.url), data.read_text(encoding="utf-8"), data)
    assert time.monotonic() - start < 5
    assert len(registry.asked()) == 3


def test_no_network_is_one_line(registry, tmp_path):
    data = project(tmp_path)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_CROSSREF_API=f"http://127.0.0.1:{closed}")
    refused(result, f"{NRMP}: no answer from Crossref after 3 tries (connection refused)"
            + hint(f"http://127.0.0.1:{closed}"), data.read_text(encoding="utf-8"), data)


@pytest.mark.parametrize(("identifier", "message"), [
    (NRMP, f"{NRMP}: Crossref returned a malformed answer (not JSON: Unterminated string starting at, line 1 "),
    ("1605.08386", "1605.08386: arXiv returned a malformed answer (not XML: <unknown>:15:4: unclosed token)"),
])
def test_a_malformed_answer_is_one_line(registry, tmp_path, identifier, message):
    """The server sends the first half of the recorded body."""
    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    registry.plan(identifier, "truncated")
    result = run_papers(registry, tmp_path, "add", identifier)
    assert result.returncode == 1 and data.read_text(encoding="utf-8") == before
    (line,) = result.stderr.splitlines()
    assert line.startswith(message), line
    assert result.stdout == ""


def test_a_rerun_is_answered_from_the_cache(registry, tmp_path):
    project(tmp_path)
    for _ in range(2):
        added(run_papers(registry, tmp_path, "add", NRMP, "1605.08386", "--dry-run"))
    assert len(registry.requests) == 2  # the second run asked the network nothing
    assert (tmp_path / "cache" / "registries.sqlite").is_file()
    added(run_papers(registry, tmp_path, "add", NRMP, "--dry-run", PAPERS_CACHE="off"))
    assert len(registry.requests) == 3


def test_requests_are_spaced_to_the_rate(registry, tmp_path):
    project(tmp_path)
    added(run_papers(registry, tmp_path, "add", NRMP, "1605.08386", "10.1021/acs.orglett.7b03845", "--dry-run",
                     PAPERS_HTTP_RATE="4"))
    times = [t for _, _, t in registry.requests]
    assert len(times) == 3 and all(b - a >= 0.2 for a, b in zip(times, times[1:], strict=False))


def test_a_bad_setting_is_named(registry, tmp_path):
    project(tmp_path)
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_HTTP_TIMEOUT="soon")
    assert (result.returncode, result.stderr) == (1, "PAPERS_HTTP_TIMEOUT must be a number of seconds, e.g. 10; "
                                                     "got 'soon'\n")


def test_check_and_format_import_no_network_library(tmp_path):
    """The Sphinx build and the pre-commit hooks need nothing add and audit need."""
    import subprocess
    import sys

    data = project(tmp_path)
    code = ("import sys; from papers.commands.cli import main; "
            "main(['check', sys.argv[1]]); main(['format', sys.argv[1]]);"
            "print(sorted(m for m in ('requests', 'requests_cache', 'feedparser', 'urllib3') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True,
                            env={"PATH": ""})
    assert result.stdout.splitlines()[-1] == "[]", result.stderr


# --- a registry that misbehaves -------------------------------------------------------------

def test_a_trickling_registry_cannot_hold_add(registry, tmp_path):
    """A byte every half second keeps every read alive; the deadline is for the whole request."""
    data = project(tmp_path)
    registry.always = "trickle"
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_HTTP_TIMEOUT="1", PAPERS_HTTP_TRIES="2")
    refused(result, f"{NRMP}: no answer from Crossref after 2 tries (timeout: no whole answer within 1 s)"
            + hint(registry.url), data.read_text(encoding="utf-8"), data)
    assert len(registry.asked()) == 2


def test_a_huge_answer_is_not_read_whole(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "huge")
    result = run_papers(registry, tmp_path, "add", NRMP)
    refused(result, f"{NRMP}: Crossref's answer is larger than 16 MB: not read (a record is a few kilobytes)",
            data.read_text(encoding="utf-8"), data)


def test_an_answer_nested_past_any_record_is_malformed(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "deep")
    refused(run_papers(registry, tmp_path, "add", NRMP),
            f"{NRMP}: Crossref returned a malformed answer (nested more than 64 levels deep)",
            data.read_text(encoding="utf-8"), data)


def test_a_malformed_answer_is_never_cached(registry, tmp_path):
    project(tmp_path)
    registry.plan(NRMP, "truncated")
    assert run_papers(registry, tmp_path, "add", NRMP, "--dry-run").returncode == 1
    added(run_papers(registry, tmp_path, "add", NRMP, "--dry-run"))  # asked again: the broken answer was not kept
    added(run_papers(registry, tmp_path, "add", NRMP, "--dry-run"))  # the good one was
    assert registry.asked() == [f"/works/{NRMP}"] * 2


@pytest.mark.parametrize(("doi", "path"), [
    ("10.1000/a#b", "/works/10.1000/a%23b"),
    ("10.1000/a?b=c", "/works/10.1000/a%3Fb=c"),
    ("10.1000/../../etc/passwd", "/works/10.1000%2F..%2F..%2Fetc%2Fpasswd"),
])
def test_a_doi_cannot_change_the_path_it_is_asked_at(registry, tmp_path, doi, path):
    project(tmp_path)
    result = run_papers(registry, tmp_path, "add", doi)
    assert result.stderr == f"{doi}: Crossref has no such DOI (404)\n"
    assert registry.asked() == [path]


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_a_timeout_that_is_no_number_of_seconds_is_named(registry, tmp_path, value):
    project(tmp_path)
    result = run_papers(registry, tmp_path, "add", NRMP, PAPERS_HTTP_TIMEOUT=value)
    assert (result.returncode, result.stderr) == (1, "PAPERS_HTTP_TIMEOUT must be a number of seconds, e.g. 10; "
                                                     f"got {value!r}\n")


def test_a_corrupt_cache_is_set_aside_and_a_misplaced_one_skipped(registry, tmp_path):
    project(tmp_path)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "registries.sqlite").write_bytes(b"this is not a database" * 100)
    result = run_papers(registry, tmp_path, "add", NRMP, "--dry-run")
    added(result)
    assert (f"note: the cache {tmp_path}/cache/registries.sqlite was unreadable (file is not a database): set "
            "aside as registries.sqlite.unreadable, a new one started") in result.stderr
    (tmp_path / "a-file").write_text("")
    result = run_papers(registry, tmp_path, "add", NRMP, "--dry-run", PAPERS_CACHE=str(tmp_path / "a-file"))
    added(result)
    assert "(PAPERS_CACHE) cannot be used (File exists): answers are not cached this run" in result.stderr


def test_ctrl_c_stops_cleanly(registry, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    data = project(tmp_path)
    before = data.read_text(encoding="utf-8")
    registry.always, registry.slow_seconds = "slow", 30
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    run = subprocess.Popen([sys.executable, "-m", "papers", "add", NRMP], cwd=tmp_path, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env={**clean, "PAPERS_CROSSREF_API": registry.url, "PAPERS_CACHE": "off",
                                "PAPERS_HTTP_TIMEOUT": "60"})
    for _ in range(2000):
        if registry.requests:
            break
        time.sleep(0.005)
    run.send_signal(signal.SIGINT)
    out, err = run.communicate(timeout=30)
    assert (run.returncode, err) == (130, "python -m papers add: interrupted (Ctrl-C); no file was left "
                                          "half-written\n")
    assert data.read_text(encoding="utf-8") == before


def test_the_readme_example_doi_is_refused_offline_at_once(registry, tmp_path):
    """The README's example is a listed paper: add says so without asking anyone."""
    import shutil

    (tmp_path / "data").mkdir()
    for name in ("papers.json", "papers.schema.json", "sources.json"):
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    result = run_papers(registry, tmp_path, "add", "10.1109/TMI.2023.3239391", "--tag", "segmentation",
                        PAPERS_CROSSREF_API="http://127.0.0.1:9")
    assert result.returncode == 1 and registry.requests == []
    assert result.stderr.startswith("10.1109/TMI.2023.3239391: already listed as paper ")
    assert result.stderr.endswith(" (same DOI); Crossref was not asked\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--id", ""], '--id "": empty; give a value, or leave the option out'),
    (["--tag", ""], '--tag "": empty; give a value, or leave the option out'),
])
def test_empty_options_are_errors(registry, tmp_path, args, message):
    data = project(tmp_path)
    refused(run_papers(registry, tmp_path, "add", NRMP, *args), message, data.read_text(encoding="utf-8"), data)
    assert registry.requests == []


def test_a_schema_that_requires_tags_refuses_add_without_one_before_asking(registry, tmp_path):
    tagged = [{**p, "tags": p.get("tags") or ["mri"]} for p in GOOD["papers"]]
    data = write_project(tmp_path, {**copy.deepcopy(GOOD), "papers": tagged})
    schema = json.loads(data.with_name("papers.schema.json").read_text())
    schema["$defs"]["paper"]["required"].append("tags")
    data.with_name("papers.schema.json").write_text(json.dumps(schema))
    refused(run_papers(registry, tmp_path, "add", NRMP),
            'data/papers.schema.json requires "tags" of every paper: give --tag TAG (see "tags" in the data file)',
            data.read_text(encoding="utf-8"), data)
    assert registry.requests == []


# --- abstracts ---------------------------------------------------------------------------------

ELIFE = "10.7554/elife.01567"


def test_a_crossref_abstract_under_an_open_licence_is_filled_as_plain_paragraphs(registry, tmp_path):
    data = project(tmp_path, {**VENUES, "eLife": {"name": "eLife", "kind": "journal"}})
    added(run_papers(registry, tmp_path, "add", ELIFE, "--tag", "mri"))
    new = paper(data, "sankar-2014")
    assert new["abstract"].startswith("Among various advantages, their small size makes model organisms preferred")
    assert new["abstract"].endswith("for example equidistant phloem pole formation.")
    assert "<" not in new["abstract"]
    assert sources_of(data, "sankar-2014")["facts"][1] == {
        "fields": ["abstract"], "source": f"{registry.url}/works/{ELIFE}",
        "note": f"CC BY 3.0, http://creativecommons.org/licenses/by/3.0/; read {TODAY} by "
                f"`python -m papers add {ELIFE}`"}


def test_paragraphs_and_formulas_of_a_jats_abstract(registry, tmp_path):
    """Acta Physica Polonica B's deposit (CC BY 4.0): an inline formula, markup escaped twice, two sections."""
    data = project(tmp_path)
    added(run_papers(registry, tmp_path, "add", "10.5506/aphyspolb.56.3-a7"))
    abstract = paper(data, "weiss-2025")["abstract"]
    first, second = abstract.split("\n\n")
    assert "momenta below 1/ρ̅≈0.6 GeV" in first and "(i) twist-2 parton distributions" in first
    assert second == "Published by the Jagiellonian University 2025 authors"


def test_no_abstract_is_taken_without_an_open_licence_or_when_told_not_to(registry, tmp_path):
    data = project(tmp_path)
    result = run_papers(registry, tmp_path, "add", NRMP)
    added(result)
    assert "abstract" not in paper(data, "kupce-2021")
    result = run_papers(registry, tmp_path, "add", "1605.08386", "--no-abstract")
    assert "abstract" not in paper(data, "stanley-2016")
    assert "abstract (--no-abstract)" in result.stdout
    assert "study (not yet examined; see CONTRIBUTING.md)" in result.stdout
