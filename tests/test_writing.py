"""Nothing lost: every command that writes a file of the list, as real processes on real files.

Concurrent `add` runs, SIGKILL at random moments, a file-size limit (``ulimit -f``),
`audit --fix` racing a hand edit, symlinks, read-only files and folders, CRLF and
BOM files, fields only the schema knows, and the journal of a half-written pair.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import time

import pytest

from papers.data import writing
from papers.data.canonical import dumps
from papers.data.sources import dumps_sources

from conftest import BASIC, SCHEMA
from registry_server import run_papers, write_project

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))
NRMP, ACS = "10.1038/s43586-021-00024-3", "10.1021/acs.orglett.7b03845"
VENUES = {
    "Nat. Rev. Methods Primers": {"name": "Nature Reviews Methods Primers", "kind": "journal",
                                  "aliases": ["2662-8449"]},
    "Org. Lett.": {"name": "Organic Letters", "kind": "journal"},
    "Acta Phys. Pol. B": {"name": "Acta Physica Polonica B", "kind": "journal"},
}
#: Identifiers the recorded registries answer for, each a paper `add` can list.
ADDABLE = [NRMP, ACS, "1605.08386", "1707.08567", "astro-ph/0601001", "10.5506/aphyspolb.56.3-a7"]


def project(tmp_path, papers: list | None = None):
    doc = copy.deepcopy(GOOD)
    doc["venues"].update(VENUES)
    doc["papers"] += papers or []
    return write_project(tmp_path, doc)


def papers_of(data) -> dict:
    return {p["id"]: p for p in json.loads(data.read_text(encoding="utf-8"))["papers"]}


def consistent(registry, folder, data) -> None:
    """The list and its sources agree, and check says so."""
    result = run_papers(registry, folder, "check", "data/papers.json")
    assert result.returncode == 0, result.stdout + result.stderr
    sources = json.loads(data.with_name("sources.json").read_text(encoding="utf-8"))["papers"]
    assert set(sources) == set(papers_of(data))


def start_papers(registry, cwd, *args: str, **env: str) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    settings = {"PAPERS_CROSSREF_API": registry.url, "PAPERS_ARXIV_API": registry.url,
                "PAPERS_CACHE": str(cwd / "cache"), "PAPERS_HTTP_BACKOFF": "0.01", "PAPERS_HTTP_RATE": "100",
                "PAPERS_HTTP_TIMEOUT": "20"}
    return subprocess.Popen([sys.executable, "-m", "papers", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**clean, **settings, **env})


def wait_for_request(registry, count: int = 1) -> None:
    """Until the server has been asked `count` times: the command is then waiting on the network."""
    for _ in range(2000):
        if len(registry.requests) >= count:
            return
        time.sleep(0.005)
    raise AssertionError("the command never asked the registry")


# --- concurrent runs --------------------------------------------------------------------------

@pytest.mark.parametrize("round_", range(3))
def test_concurrent_adds_lose_nothing(registry, tmp_path, round_):
    """Every run that says it added a paper finds it in the file; two runs of one DOI: one succeeds."""
    data = project(tmp_path)
    registry.always, registry.slow_seconds = "slow", 0.3  # all of them wait on the network, then race to write
    chosen = random.Random(round_).sample(ADDABLE, 4) + [NRMP]
    runs = [start_papers(registry, tmp_path, "add", identifier, PAPERS_CACHE="off") for identifier in chosen]
    results = [(identifier, run.wait(timeout=120), *run.communicate()) for identifier, run in zip(chosen, runs,
                                                                                               strict=True)]
    for _, _, out, err in results:
        assert "Traceback" not in out + err
    succeeded = [(identifier, out) for identifier, code, out, _ in results if code == 0]
    listed = papers_of(data)
    for identifier, out in succeeded:
        added_id = out.split('paper "', 1)[1].split('"', 1)[0]
        assert added_id in listed, (identifier, out)
    nmr = [code for identifier, code, _, _ in results if identifier == NRMP]
    assert sorted(nmr) == [0, 1]  # one added it; the other, under the lock, found it listed
    assert len(listed) == len(GOOD["papers"]) + len(set(chosen))
    consistent(registry, tmp_path, data)
    assert not list(data.parent.glob(".*.tmp"))


# --- killed at any moment ---------------------------------------------------------------------

def test_sigkill_at_random_moments_leaves_a_whole_file(registry, tmp_path):
    """format, readme and add killed at moments spread over their run: each file is old or new, never
    half; a pair left half-written is finished by the next command."""
    big = copy.deepcopy(GOOD)
    big["papers"] = [{**GOOD["papers"][0], "id": f"p{i}", "title": f"Paper number {i}",
                      "url": f"https://example.org/{i}"} for i in range(1500)]
    for moment in [0.02 * k for k in range(12)]:
        folder = tmp_path / f"format-{moment:.2f}"
        data = write_project(folder, big)
        messy = json.dumps(json.loads(data.read_text()), indent=4)  # valid, not canonical
        data.write_text(messy)
        run = start_papers(registry, folder, "format", "data/papers.json")
        time.sleep(moment)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert data.read_text() in (messy, dumps(json.loads(messy))), moment

    from papers.formats.readme import END, START

    readme_text = f"# A list\n\n{'Intro line' * 5000}\n{START}\n{END}\nEnd\n"
    finished = tmp_path / "readme-finished"
    write_project(finished, GOOD)
    (finished / "README.md").write_text(readme_text)
    assert run_papers(registry, finished, "readme").returncode == 0
    whole = (finished / "README.md").read_text()
    for moment in [0.03 * k for k in range(8)]:
        folder = tmp_path / f"readme-{moment:.2f}"
        write_project(folder, GOOD)
        readme = folder / "README.md"
        readme.write_text(readme_text)
        run = start_papers(registry, folder, "readme")
        time.sleep(moment)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert readme.read_text() in (readme_text, whole), moment

    for moment in [0.05 * k for k in range(10)]:
        folder = tmp_path / f"add-{moment:.2f}"
        data = project(folder)
        run = start_papers(registry, folder, "add", NRMP, "1605.08386")
        time.sleep(moment)
        run.send_signal(signal.SIGKILL)
        run.wait()
        # whatever the moment, the next writing command leaves the pair whole
        tidy = run_papers(registry, folder, "format", "data/papers.json")
        assert tidy.returncode == 0 and "Traceback" not in tidy.stderr, tidy.stderr
        consistent(registry, folder, data)


def test_a_pair_half_written_is_finished_by_the_next_command_and_check_says_so(registry, tmp_path):
    """The state a kill between the two replacements leaves: papers.json new, sources.json's new text
    still in its temporary file, the journal beside them."""
    data = project(tmp_path)
    sources = data.with_name("sources.json")
    old_data, old_sources = data.read_bytes(), sources.read_bytes()
    doc = json.loads(old_data)
    doc["papers"][0]["title"] = "Alpha, retitled"
    new_data = dumps(doc).encode()
    src = json.loads(old_sources)
    src["papers"]["alpha"]["facts"].append({"fields": ["title"], "source": "https://example.org/retitled"})
    new_sources = dumps_sources(src).encode()
    temp = sources.with_name(".sources.json.killed.tmp")
    temp.write_bytes(new_sources)
    journal = {"command": "python -m papers audit --fix title", "files": [
        {"path": str(data), "old": writing.digest(old_data), "new": writing.digest(new_data),
         "temp": str(data.with_name(".papers.json.gone.tmp"))},
        {"path": str(sources), "old": writing.digest(old_sources), "new": writing.digest(new_sources),
         "temp": str(temp)}]}
    data.write_bytes(new_data)
    writing.journal_path(data.parent).write_text(json.dumps(journal))

    told = run_papers(registry, tmp_path, "check", "data/papers.json")
    assert told.returncode == 1
    assert ("data/.papers.journal: `python -m papers audit --fix title` was interrupted while it wrote "
            "data/papers.json, data/sources.json; the next command that writes them (e.g. `nox -s format`) "
            "finishes the change") in told.stdout
    tidy = run_papers(registry, tmp_path, "format", "data/papers.json")
    assert tidy.returncode == 0
    assert ("note: data/papers.json and data/sources.json: finished the change `python -m papers audit --fix title` "
            "had begun when it was interrupted") in tidy.stderr
    assert (data.read_bytes(), sources.read_bytes()) == (new_data, new_sources)
    assert not writing.journal_path(data.parent).exists() and not temp.exists()
    consistent(registry, tmp_path, data)


def test_a_pair_interrupted_before_either_file_changed_is_dropped(registry, tmp_path):
    data = project(tmp_path)
    sources = data.with_name("sources.json")
    before = data.read_bytes(), sources.read_bytes()
    journal = {"command": "python -m papers add 10.1/x", "files": [
        {"path": str(path), "old": writing.digest(path.read_bytes()), "new": "0" * 64,
         "temp": str(path.with_name(f".{path.name}.lost.tmp"))} for path in (data, sources)]}
    writing.journal_path(data.parent).write_text(json.dumps(journal))
    tidy = run_papers(registry, tmp_path, "format", "data/papers.json")
    assert "`python -m papers add 10.1/x` was interrupted before it changed them; they are as they were" in tidy.stderr
    assert (data.read_bytes(), sources.read_bytes()) == before


# --- a full disk, a file-size limit -----------------------------------------------------------

def limited(kilobytes: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))
    return limit


@pytest.mark.parametrize("command", ["format", "readme", "add"])
def test_a_file_size_limit_is_a_message_and_nothing_half_written(registry, tmp_path, command):
    data = project(tmp_path)
    doc = json.loads(data.read_text())
    from papers.formats.readme import END, START

    readme = tmp_path / "README.md"
    readme.write_text(f"# List\n\n{'An introduction. ' * 100}\n{START}\nold\n{END}\nThe end.\n")
    if command == "format":
        data.write_text(json.dumps(doc, indent=8))  # canonical form is smaller, but still above the limit
    files = {p: p.read_bytes() for p in (data, data.with_name("sources.json"), readme)}
    args = {"format": ["format", "data/papers.json"], "readme": ["readme"], "add": ["add", NRMP]}[command]
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    env = {**clean, "PAPERS_CROSSREF_API": registry.url, "PAPERS_CACHE": "off", "PAPERS_HTTP_RATE": "100"}
    result = subprocess.run([sys.executable, "-m", "papers", *args], cwd=tmp_path, capture_output=True, text=True,
                            env=env, preexec_fn=limited(1), timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if "cannot write" in x]
    assert line.endswith("cannot write it (File too large); nothing was written"), line
    assert {p: p.read_bytes() for p in files} == files
    assert not [p for p in tmp_path.rglob(".*.tmp")]


# --- races with a hand -------------------------------------------------------------------------

PLANTED = {"id": "organic-letters", "title": "Twenty Years of Organic Letters", "authors": ["Amos B. Smith III"],
           "year": 2018, "venue": "Org. Lett.", "url": f"https://doi.org/{ACS}", "doi": ACS, "tags": ["mri"],
           "added": "2026-01-02"}


def hand_edit(data, paper_id: str, **fields) -> None:
    doc = json.loads(data.read_text())
    next(p for p in doc["papers"] if p["id"] == paper_id).update(fields)
    data.write_text(dumps(doc))


def test_audit_fix_keeps_a_hand_edit_made_while_it_ran(registry, tmp_path):
    data = project(tmp_path, [PLANTED])
    registry.plan(ACS, "slow")
    registry.slow_seconds = 1.0
    run = start_papers(registry, tmp_path, "audit", "--fix", "title")
    wait_for_request(registry)
    hand_edit(data, "beta", title="Beta, as a contributor retitled it while audit ran")
    out, err = run.communicate(timeout=120)
    assert "Traceback" not in err
    assert "note: data/papers.json changed while audit ran; the fixes were applied to it as it is now" in err
    papers = papers_of(data)
    assert papers["beta"]["title"] == "Beta, as a contributor retitled it while audit ran"
    assert papers["organic-letters"]["title"] == "Twenty Years of Organic Letters, A Look Back...and Forward"


def test_audit_fix_stops_when_the_hand_edited_the_field_it_fixes(registry, tmp_path):
    data = project(tmp_path, [PLANTED])
    registry.plan(ACS, "slow")
    registry.slow_seconds = 1.0
    run = start_papers(registry, tmp_path, "audit", "--fix", "title")
    wait_for_request(registry)
    hand_edit(data, "organic-letters", title="Twenty Years of Organic Letters (edited by hand)")
    edited = data.read_bytes()
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1 and "Traceback" not in err
    assert ('data/papers.json: changed while audit ran: paper "organic-letters": "title" was edited; nothing was '
            "written: run audit again to fix what still disagrees") in err.splitlines()
    assert data.read_bytes() == edited


def test_add_keeps_a_hand_edit_made_during_its_network_wait(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "slow")
    registry.slow_seconds = 1.0
    run = start_papers(registry, tmp_path, "add", NRMP, PAPERS_CACHE="off")
    wait_for_request(registry)
    hand_edit(data, "gamma", title="Gamma, edited by hand")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert "changed while add waited for the registries; the papers were placed in the files as they are now" in out
    papers = papers_of(data)
    assert papers["gamma"]["title"] == "Gamma, edited by hand" and "kupce-2021" in papers


def test_a_file_deleted_during_the_network_wait_is_a_message(registry, tmp_path):
    data = project(tmp_path)
    registry.plan(NRMP, "slow")
    registry.slow_seconds = 1.0
    run = start_papers(registry, tmp_path, "add", NRMP, PAPERS_CACHE="off")
    wait_for_request(registry)
    data.unlink()
    out, err = run.communicate(timeout=120)
    assert (run.returncode, err) == (1, "data/papers.json: the file is gone (deleted while add waited for the "
                                        "registries); nothing was written\n")
    assert not data.exists()


# --- the file system ---------------------------------------------------------------------------

def test_a_symlinked_file_is_written_through_its_link_and_keeps_its_mode(registry, tmp_path):
    real = tmp_path / "elsewhere"
    data = project(real)
    os.chmod(data, 0o640)
    (tmp_path / "data").mkdir()
    link = tmp_path / "data" / "papers.json"
    link.symlink_to(data)
    for name in ("papers.schema.json", "sources.json"):
        (tmp_path / "data" / name).symlink_to(data.with_name(name))
    data.write_text(json.dumps(json.loads(data.read_text()), indent=3))
    result = run_papers(registry, tmp_path, "format", "data/papers.json")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.read_text() == dumps(json.loads(link.read_text()))
    assert stat.S_IMODE(data.stat().st_mode) == 0o640


def test_a_read_only_file_is_refused_not_replaced(registry, tmp_path):
    data = project(tmp_path)
    data.write_text(json.dumps(json.loads(data.read_text()), indent=3))
    before = data.read_bytes()
    os.chmod(data, 0o444)
    result = run_papers(registry, tmp_path, "format", "data/papers.json")
    assert (result.returncode, result.stderr) == (1, "data/papers.json: the file is read-only (mode 0444); nothing "
                                                     "was written (make it writable to change it: chmod u+w "
                                                     "data/papers.json)\n")
    assert data.read_bytes() == before and stat.S_IMODE(data.stat().st_mode) == 0o444


def test_a_read_only_folder_is_a_message(registry, tmp_path):
    data = project(tmp_path)
    data.write_text(json.dumps(json.loads(data.read_text()), indent=3))
    before = data.read_bytes()
    os.chmod(data.parent, 0o555)
    try:
        result = run_papers(registry, tmp_path, "format", "data/papers.json")
    finally:
        os.chmod(data.parent, 0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == "data/papers.json: its folder data is read-only; nothing was written\n"
    assert data.read_bytes() == before


def test_a_crlf_and_bom_file_keeps_them_through_add_and_format_normalises_once(registry, tmp_path):
    data = project(tmp_path)
    lf = data.read_bytes()
    data.write_bytes(b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"))
    check = run_papers(registry, tmp_path, "format", "--check", "data/papers.json")
    assert (check.returncode, check.stderr) == (1, "data/papers.json: not in canonical form (CRLF line endings made "
                                                   "LF and byte order mark removed): run `nox -s format` (it "
                                                   "rewrites it, changing nothing else)\n")
    assert run_papers(registry, tmp_path, "add", NRMP).returncode == 0
    after = data.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf{\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    doc = json.loads(after.decode("utf-8-sig"))
    doc["papers"] = [p for p in doc["papers"] if p["id"] != "kupce-2021"]
    assert b"\xef\xbb\xbf" + dumps(doc).encode().replace(b"\n", b"\r\n") == b"\xef\xbb\xbf" + lf.replace(
        b"\n", b"\r\n")  # the paper is the whole change

    tidy = run_papers(registry, tmp_path, "format", "data/papers.json")
    assert tidy.stderr == ("data/papers.json: rewritten in canonical form (CRLF line endings made LF and byte "
                           "order mark removed)\n")
    assert data.read_bytes() == after[3:].replace(b"\r\n", b"\n")


def test_fields_only_the_schema_knows_survive_every_rewrite(registry, tmp_path):
    schema = json.loads(SCHEMA.read_text())
    schema["$defs"]["paper"]["properties"]["pages"] = {"type": "string"}
    doc = copy.deepcopy(GOOD)
    doc["venues"].update(VENUES)
    doc["papers"].append({**PLANTED, "pages": "1-20"})
    data = write_project(tmp_path, doc)
    (data.with_name("papers.schema.json")).write_text(json.dumps(schema))
    data.write_text(json.dumps(json.loads(data.read_text()), indent=3))
    assert run_papers(registry, tmp_path, "format", "data/papers.json").returncode == 0
    assert run_papers(registry, tmp_path, "add", NRMP).returncode == 0
    run_papers(registry, tmp_path, "audit", "--fix", "title")
    paper = papers_of(data)["organic-letters"]
    assert paper["pages"] == "1-20" and paper["title"].endswith("A Look Back...and Forward")


def test_added_is_the_utc_day_wherever_add_runs(registry, tmp_path):
    """Added at UTC+14, checked at UTC-12: the day is UTC's, and the check accepts it."""
    data = project(tmp_path)
    assert run_papers(registry, tmp_path, "add", NRMP, TZ="Etc/GMT-14").returncode == 0
    assert papers_of(data)["kupce-2021"]["added"] == datetime.datetime.now(datetime.UTC).date().isoformat()
    assert run_papers(registry, tmp_path, "check", "data/papers.json", TZ="Etc/GMT+12").returncode == 0
