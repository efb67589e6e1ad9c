"""`python -m papers audit` on a data file with planted disagreements, against recorded answers."""

from __future__ import annotations

import copy
import datetime
import json

from conftest import BASIC
from registry_server import run_papers, write_project

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))
NRMP, ACS, NATURE = "10.1038/s43586-021-00024-3", "10.1021/acs.orglett.7b03845", "10.1038/d41586-020-02761-z"
VENUES = {
    "Nat. Rev. Methods Primers": {"name": "Nature Reviews Methods Primers", "kind": "journal",
                                  "aliases": ["2662-8449"]},
    "Org. Lett.": {"name": "Organic Letters", "kind": "journal"},
    "Nature": {"name": "Nature", "kind": "journal", "aliases": ["0028-0836"]},
    "ICCV": {"name": "IEEE International Conference on Computer Vision", "kind": "conference"},
}
AGREEING = [
    {"id": "one-name", "title": "Attention science: some people have only one name",
     "authors": ["Sheherazade", "Ardiantiono"], "year": 2020, "venue": "Nature", "url": f"https://doi.org/{NATURE}",
     "doi": NATURE, "added": "2026-01-02"},
    {"id": "heat-bath", "title": "Heat-bath random walks with Markov bases", "authors": ["Caprice Stanley",
     "Tobias Windisch"], "year": 2016, "url": "https://arxiv.org/abs/1605.08386", "arxiv": "1605.08386",
     "added": "2026-01-02"},
]
PLANTED = [
    # the title differs in case only: no disagreement; two authors swapped
    {"id": "nmr", "title": "PARALLEL NUCLEAR MAGNETIC RESONANCE SPECTROSCOPY",
     "authors": ["Ēriks Kupče", "Andrew G. Webb", "Lucio Frydman", "Jonathan R. J. Yong", "Tim D. W. Claridge"],
     "year": 2021, "venue": "Nat. Rev. Methods Primers", "url": f"https://doi.org/{NRMP}", "doi": NRMP,
     "added": "2026-01-02"},
    # a changed title, an extra author, the early-online year, another venue
    {"id": "organic-letters", "title": "Twenty Years of Organic Letters", "authors": ["Amos B. Smith III",
     "Extra Person"], "year": 2017, "venue": "TMI", "url": f"https://doi.org/{ACS}", "doi": ACS,
     "added": "2026-01-02"},
    # an author missing
    {"id": "random-walker", "title": "A Seeded Image Segmentation Framework Unifying Graph Cuts And Random Walker "
     "Which Yields A New Algorithm", "authors": ["Ali Kemal Sinop"], "year": 2007, "venue": "ICCV",
     "url": "https://doi.org/10.1109/ICCV.2007.4408927", "doi": "10.1109/ICCV.2007.4408927", "added": "2026-01-02"},
    # listed as a preprint, published since
    {"id": "bethe", "title": "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity "
     "Limit", "authors": ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], "year": 2011,
     "url": "https://arxiv.org/abs/1111.2011", "arxiv": "1111.2011", "added": "2026-01-02"},
    # a DOI Crossref no longer knows
    {"id": "gone", "title": "A paper whose DOI is gone", "authors": ["Ann Author"], "year": 2020,
     "url": "https://example.org/gone", "doi": "10.5555/gone", "added": "2026-01-02"},
]
REPORT = [
    'paper "nmr": "authors": same names in another order; Crossref\'s order: "Ēriks Kupče", "Lucio Frydman", '
    '"Andrew G. Webb", "Jonathan R. J. Yong", "Tim D. W. Claridge"',
    'paper "gone": "doi": "10.5555/gone" no longer resolves: Crossref has no such DOI (404)',
    'paper "organic-letters": "title": the list has "Twenty Years of Organic Letters", Crossref has '
    '"Twenty Years of Organic Letters, A Look Back...and Forward"',
    'paper "organic-letters": "authors": the list has "Extra Person", whom Crossref does not list',
    'paper "organic-letters": "year": the list has 2017, Crossref has 2018',
    'paper "organic-letters": "venue": the list has "TMI", Crossref has "Organic Letters" (venue "Org. Lett.")',
    'paper "bethe": "doi": arXiv 1111.2011 has been published as 10.1103/PhysRevB.85.115117 (arXiv\'s DOI field); '
    "the list shows the preprint (`python -m papers add --update 1111.2011` lists the published version)",
    'paper "random-walker": "authors": Crossref lists "Leo Grady", whom the list lacks',
]


def project(tmp_path, papers):
    doc = copy.deepcopy(GOOD)
    doc["venues"].update(VENUES)
    doc["papers"] += copy.deepcopy(papers)
    return write_project(tmp_path, doc)


def reported(result) -> list[str]:
    """The report's lines without their ``file:line:col: `` (checked separately)."""
    return [line.split(": ", 1)[1] for line in result.stdout.splitlines()]


def test_every_planted_disagreement_is_reported_and_nothing_changes(registry, tmp_path):
    data = project(tmp_path, AGREEING + PLANTED)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "audit")
    assert (result.returncode, "Traceback" in result.stderr) == (1, False)
    assert reported(result) == REPORT
    assert result.stderr == ("data/papers.json: 7 papers checked against Crossref and arXiv: "
                             "8 disagreements in 5 papers\n")
    assert data.read_text(encoding="utf-8") == before
    # each line points at the field in the file
    text = before.splitlines()
    where = result.stdout.splitlines()[3].split(": ", 1)[0]  # organic-letters' authors
    line = int(where.split(":")[1])
    assert where.startswith("data/papers.json:") and text[line - 1].strip() == '"authors": ['
    assert '"organic-letters"' in "\n".join(text[line - 4:line])


def test_fix_title_rewrites_only_titles(registry, tmp_path):
    data = project(tmp_path, AGREEING + PLANTED)
    before = json.loads(data.read_text(encoding="utf-8"))
    result = run_papers(registry, tmp_path, "audit", "--fix", "title")
    assert result.returncode == 1  # the other disagreements are left
    assert reported(result)[2].endswith(" [fixed]")
    assert sum("[fixed]" in line for line in result.stdout.splitlines()) == 1
    assert result.stderr.rstrip().endswith("; fixed 1 (title), 7 left")
    after = json.loads(data.read_text(encoding="utf-8"))
    fixed = next(i for i, p in enumerate(after["papers"]) if p["id"] == "organic-letters")
    assert after["papers"][fixed]["title"] == "Twenty Years of Organic Letters, A Look Back...and Forward"
    after["papers"][fixed]["title"] = "Twenty Years of Organic Letters"
    assert after == before
    for command in (["check", "data/papers.json"], ["format", "--check", "data/papers.json"]):
        assert run_papers(registry, tmp_path, *command).returncode == 0
    facts = json.loads(data.with_name("sources.json").read_text(encoding="utf-8"))["papers"]["organic-letters"]["facts"]
    assert facts[-1] == {"fields": ["title"], "source": f"{registry.url}/works/{ACS}",
                         "note": f"read {datetime.date.today().isoformat()} by `python -m papers audit --fix title`"}


def test_fix_several_fields_takes_the_registries_values(registry, tmp_path):
    data = project(tmp_path, PLANTED)
    result = run_papers(registry, tmp_path, "audit", "--fix", "authors,year", "--fix", "venue", "--fix", "doi")
    assert result.returncode == 1  # the title is not fixed, and a DOI that no longer resolves cannot be
    papers = {p["id"]: p for p in json.loads(data.read_text(encoding="utf-8"))["papers"]}
    assert papers["nmr"]["authors"][1:3] == ["Lucio Frydman", "Andrew G. Webb"]
    assert (papers["organic-letters"]["authors"], papers["organic-letters"]["year"],
            papers["organic-letters"]["venue"]) == (["Amos B. Smith III"], 2018, "Org. Lett.")
    assert papers["random-walker"]["authors"] == ["Ali Kemal Sinop", "Leo Grady"]
    assert papers["bethe"]["doi"] == "10.1103/PhysRevB.85.115117"
    assert run_papers(registry, tmp_path, "check", "data/papers.json").returncode == 0


def test_an_unknown_field_to_fix_is_a_clear_error(registry, tmp_path):
    data = project(tmp_path, PLANTED)
    before = data.read_text(encoding="utf-8")
    result = run_papers(registry, tmp_path, "audit", "--fix", "titel")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ('--fix "titel": not a field audit can fix; choose from "title", "authors", "year", '
                             '"venue", "doi", "abstract"; did you mean "title"?\n')
    assert registry.requests == [] and data.read_text(encoding="utf-8") == before


def test_a_list_that_agrees_exits_0(registry, tmp_path):
    project(tmp_path, AGREEING)
    result = run_papers(registry, tmp_path, "audit")
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == "data/papers.json: 2 papers checked against Crossref and arXiv: they agree\n"


def test_a_paper_the_registry_cannot_answer_for_is_named_and_fails_the_audit(registry, tmp_path):
    project(tmp_path, AGREEING)
    registry.plan(NATURE, "503")
    result = run_papers(registry, tmp_path, "audit", PAPERS_HTTP_TRIES="1")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.endswith(f'paper "one-name": not checked: {NATURE}: Crossref answered HTTP 503 (server error) '
                         "after 1 try")
    assert result.stderr.endswith("they agree; 1 could not be checked\n")


def test_an_endlessly_throttled_registry_stops_the_audit_and_says_what_was_not_checked(registry, tmp_path):
    """Constant 429s: once the run's retry budget is spent, the registry is not asked again."""
    project(tmp_path, AGREEING + PLANTED)
    registry.always = "429"
    result = run_papers(registry, tmp_path, "audit", PAPERS_HTTP_BUDGET="1.5", PAPERS_HTTP_TRIES="3")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(registry.requests) <= 4  # Retry-After: 1 fits the budget once; the next wait does not
    lines = result.stdout.splitlines()
    assert any(line.startswith("data/papers.json: not checked: ") and "retry budget (1.5 s, PAPERS_HTTP_BUDGET) is "
               "spent: Crossref is not asked again this run; try later" in line for line in lines), result.stdout
    assert "not checked (retry budget spent)" in result.stderr


def test_abstract_drift_is_reported_and_fixed(registry, tmp_path):
    """A list that carries arXiv's abstract: an edited one is drift, and --fix abstract takes arXiv's again."""
    paper = {**AGREEING[1], "abstract": "Graphs on lattice points are studied, edited by a hand."}
    data = project(tmp_path, [paper])
    result = run_papers(registry, tmp_path, "audit")
    (line,) = result.stdout.splitlines()
    assert line.endswith('paper "heat-bath": "abstract": differs from arXiv\'s from character 37: the list has '
                         '", edited by a hand.", arXiv has " whose edges come from a finite set of a"')
    assert run_papers(registry, tmp_path, "audit", "--fix", "abstract").returncode == 0
    fixed = json.loads(data.read_text(encoding="utf-8"))["papers"][-1]["abstract"]
    assert fixed.startswith("Graphs on lattice points are studied whose edges come from a finite set")
    facts = json.loads(data.with_name("sources.json").read_text(encoding="utf-8"))["papers"]["heat-bath"]["facts"]
    assert facts[-1]["fields"] == ["abstract"] and facts[-1]["note"].startswith("CC0 1.0, ")
    assert run_papers(registry, tmp_path, "check", "data/papers.json").returncode == 0


def test_an_empty_fix_is_an_error(registry, tmp_path):
    project(tmp_path, AGREEING)
    result = run_papers(registry, tmp_path, "audit", "--fix", "")
    assert (result.returncode, result.stderr) == (1, '--fix "": names no field; choose from "title", "authors", '
                                                     '"year", "venue", "doi", "abstract"\n')
    assert registry.requests == []
