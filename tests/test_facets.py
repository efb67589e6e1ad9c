"""The field's own facets: checked where they are written, asked in the filter, carried by the exports."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from papers.data.facets import MODALITIES, PRIVACY
from papers.data.loading import PapersDataError, load_schema, parse_catalog

from conftest import DATA, SCHEMA

DOC = json.loads(DATA.read_text(encoding="utf-8"))
PAPERS = DOC["papers"]
SCHEMA_DOC = json.loads(SCHEMA.read_text(encoding="utf-8"))


def problems(doc: dict) -> list[str]:
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    with pytest.raises(PapersDataError) as caught:
        parse_catalog(Path("data/papers.json"), text.encode(), load_schema(SCHEMA))
    return caught.value.lines


def line_of(doc: dict, needle: str, nth: int = 1) -> int:
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    at = text.index('"papers"')
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text[:at].count("\n") + 1


def with_study(**changes) -> dict:
    doc = copy.deepcopy(DOC)
    doc["papers"][0]["study"].update(changes)
    return doc


FIRST = PAPERS[0]["id"]


@pytest.mark.parametrize(("changes", "at", "message"), [
    ({"deployment": "hybrid"}, '"hybrid"', '"study" "deployment" must be one of "simulated", "real", "both", null'),
    ({"sites": 0}, '"sites": 0', '"study" "sites" must be 1 or more; got 0'),
    ({"sites": "20"}, '"sites": "20"', '"study" "sites" must be null or an integer, got "20"'),
    ({"privacy": ["dp"]}, '"dp"', '"study" "privacy" item 1 must be one of "differential-privacy"'),
    ({"privacy": ["differential-privacy", "differential-privacy"]}, ('"differential-privacy"', 2),
     '"study" "privacy" item 2 repeats "differential-privacy": list it once'),
    ({"framework": "nvflar"}, '"nvflar"', '"study" "framework" "nvflar" is not a key of "frameworks"; '
                                          'did you mean "nvflare"?'),
    ({"datasets": ["brats-2019"]}, '"brats-2019"', '"study" "datasets" item 1 "brats-2019" is not a key of '
                                                   '"datasets"; did you mean'),
    ({"setting": "real"}, '"setting"', '"study" "setting" is an unknown field'),
])
def test_a_bad_facet_is_named_with_its_line(changes, at, message):
    """`at`: the text the message points to (and which occurrence after "papers")."""
    needle, nth = at if isinstance(at, tuple) else (at, 1)
    doc = with_study(**changes)
    found = problems(doc)
    assert len(found) == 1, found
    where, what = found[0].split(": ", 1)
    assert where.startswith(f"data/papers.json:{line_of(doc, needle, nth)}:"), (where, needle)
    assert what.startswith(f'paper "{FIRST}": {message}'), what


def test_a_dataset_needs_its_modality_and_a_known_access():
    doc = copy.deepcopy(DOC)
    key = next(iter(doc["datasets"]))
    doc["datasets"][key] = {"name": "Something", "modality": "photos", "access": "open"}
    found = problems(doc)
    assert any(f'dataset "{key}": "modality" must be one of "mri"' in line for line in found), found
    assert any(f'dataset "{key}": "access" must be one of "public", "credentialed", "private", null' in line
               for line in found), found


def test_the_schema_lists_the_vocabularies_the_code_names():
    defs = SCHEMA_DOC["$defs"]
    assert defs["study"]["properties"]["privacy"]["items"]["enum"] == list(PRIVACY)
    assert defs["dataset"]["properties"]["modality"]["enum"] == list(MODALITIES)


def test_every_paper_of_the_list_has_all_five_facets_and_only_declared_values():
    for paper in PAPERS:
        study = paper["study"]
        assert list(study) == ["deployment", "sites", "privacy", "framework", "datasets"], paper["id"]
        assert study["framework"] is None or study["framework"] in DOC["frameworks"], paper["id"]
        assert set(study["datasets"] or ()) <= set(DOC["datasets"]), paper["id"]


# --- the filter asks them ---------------------------------------------------------------------------

def expected(test) -> set[str]:
    return {p["id"] for p in PAPERS if test(p["study"], p)}


QUERIES = {
    "deployment:real": lambda s, p: s["deployment"] in ("real", "both"),
    "deployment:simulated": lambda s, p: s["deployment"] in ("simulated", "both"),
    "sites:>=10": lambda s, p: (s["sites"] or 0) >= 10,
    "sites:3-5": lambda s, p: s["sites"] is not None and 3 <= s["sites"] <= 5,
    "sites:<3": lambda s, p: s["sites"] is not None and s["sites"] < 3,
    "privacy:dp": lambda s, p: "differential-privacy" in (s["privacy"] or []),
    "framework:nvflare": lambda s, p: s["framework"] == "nvflare",
    "dataset:brats": lambda s, p: any(d.startswith("brats") for d in s["datasets"] or []),
    "deployment:real year:2021": lambda s, p: s["deployment"] in ("real", "both") and p["year"] == 2021,
    "sites:>=10 deployment:simulated": lambda s, p: (s["sites"] or 0) >= 10 and s["deployment"] == "simulated",
}


@pytest.mark.browser
@pytest.mark.parametrize("query", QUERIES)
def test_the_filter_answers_the_fields_questions(page, docs_site, query):
    wanted = expected(QUERIES[query])
    assert wanted or query == "sites:<3", "a query no paper answers proves nothing"
    page.goto(docs_site.url(f"papers.html?q={quote(query)}"))
    page.locator("output.papers-count").first.wait_for()
    shown = page.locator("table.papers-table tbody tr:not([hidden])").evaluate_all(
        "rows => rows.filter(r => !r.closest('[hidden]')).map(r => r.querySelector('dt').id.replace('paper-', ''))")
    assert set(shown) == wanted
    assert page.locator("output.papers-count").first.text_content() == f"{len(wanted)} of {len(PAPERS)} papers"


# --- the exports carry them ------------------------------------------------------------------------

def test_the_csv_has_the_summary_and_the_five_facets(built_docs):
    rows = list(csv.DictReader(io.StringIO((built_docs / "_papers" / "papers.csv").read_text(encoding="utf-8"))))
    by_id = {p["id"]: p for p in PAPERS}
    assert [r["id"] for r in rows] == [p["id"] for p in PAPERS]
    for row in rows:
        paper = by_id[row["id"]]
        study = paper["study"]
        assert row["summary"] == paper.get("summary", "")
        assert row["deployment"] == (study["deployment"] or "")
        assert row["sites"] == (str(study["sites"]) if study["sites"] else "")
        assert row["privacy"] == "; ".join(study["privacy"] or [])
        assert row["framework"] == (DOC["frameworks"][study["framework"]]["name"] if study["framework"] else "")
        assert row["datasets"] == "; ".join(DOC["datasets"][d]["name"] for d in study["datasets"] or [])


def test_the_csl_json_says_the_study_in_its_note(built_docs):
    items = {i["id"]: i for i in json.loads((built_docs / "_papers" / "papers.csl.json").read_text(encoding="utf-8"))}
    real = next(p for p in PAPERS if p["study"]["deployment"] == "real" and p["study"]["sites"])
    assert f"Study: real deployment, {real['study']['sites']} sites" in items[real["id"]]["note"]
    silent = next(p for p in PAPERS if not any(p["study"].values()))
    assert "Study:" not in items[silent["id"]].get("note", "")


# --- a list whose schema asks less ------------------------------------------------------------------

def test_a_list_without_authors_or_days_builds_when_its_schema_allows_it(build, tmp_path):
    """Another list's schema may make authors and added optional: rows, Cite and exports cope."""
    schema = copy.deepcopy(SCHEMA_DOC)
    schema["$defs"]["paper"]["required"] = ["id", "title", "year", "url"]
    (tmp_path / "papers.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    doc = {"venues": {"TMI": {"name": "IEEE Transactions on Medical Imaging", "kind": "journal"}}, "tags": {},
           "papers": [{"id": "anon", "title": "A Paper Without Authors", "year": 2024, "venue": "TMI",
                       "url": "https://example.org/anon"}]}
    data = tmp_path / "papers.json"
    data.write_text(json.dumps(doc), encoding="utf-8")
    app = build({"index.md": "# Papers\n\n```{papers}\n```\n"}, data=data,
                confoverrides={"papers_schema": str(tmp_path / "papers.schema.json"), "papers_pages": "papers"})
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "A Paper Without Authors" in html
    bib = (Path(app.outdir) / "_papers" / "papers.bib").read_text(encoding="utf-8")
    assert "@article{anon," in bib and "author" not in bib
    assert (Path(app.outdir) / "papers" / "anon.html").is_file()
