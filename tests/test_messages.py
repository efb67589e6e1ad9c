"""Each message shows the reader the faulty spot, names what is there and says what to write."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from papers.data.canonical import dumps
from papers.data.loading import PapersDataError, load_schema, parse_catalog
from papers.data.messages import excerpt, spacing_fault

from conftest import BASIC, ROOT, SCHEMA

GOOD = json.loads(BASIC.read_text(encoding="utf-8"))
LONG = ("FedBN: Federated Learning on Non-IID Features via Local Batch Normalization "
        "for Multi-Site Medical Imaging Across Hospitals")


def load(doc: dict):
    """The catalog of `doc`, or raises PapersDataError."""
    data = json.dumps(doc, indent=1, ensure_ascii=False).encode()
    return parse_catalog(Path("data/papers.json"), data, load_schema(SCHEMA), latest_year=2027)


def messages(doc: dict) -> list[str]:
    with pytest.raises(PapersDataError) as caught:
        load(doc)
    return [report.what for report in caught.value.reports]


def with_title(title: str) -> dict:
    doc = copy.deepcopy(GOOD)
    doc["papers"][0]["title"] = title
    return doc


# --- showing the faulty spot -------------------------------------------------------

def test_a_long_title_is_shown_around_its_fault_with_a_marker():
    title = LONG.replace("via Local", "via  Local")
    (message,) = messages(with_title(title))
    column = title.index("  ") + 1
    assert message == (f'paper "alpha": "title" has 2 spaces in a row at column {column}: '
                       '"\u2026arning on Non-IID Features via[\u2423\u2423]Local Batch Normalization for \u2026"')


def test_the_fault_is_shown_even_at_the_end_of_a_long_value():
    (message,) = messages(with_title(LONG + " "))
    assert message.endswith('must not end with a space: "\u2026dical Imaging Across Hospitals[\u2423]"')


@pytest.mark.parametrize(("title", "expected"), [
    ("Tab\t9", 'must not contain TAB (column 4): "Tab[\u2409]9"'),
    ("Line\n break", 'must not contain a line break (LF) (column 5): "Line[\u240a] break"'),
    ("Bell\u0007", 'must not contain U+0007 (column 5): "Bell[\u2407]"'),
    ("No\u00a0break", 'has a no-break space (U+00A0) at column 3 where a plain space belongs: "No[\u00a0]break"'),
    (" Lead", 'must not start with a space: "[\u2423]Lead"'),
    ("", "must not be empty"),
])
def test_control_characters_and_odd_spaces_are_named(title, expected):
    assert messages(with_title(title)) == [f'paper "alpha": "title" {expected}']


@pytest.mark.parametrize(("typed", "shown"), [
    ("$\\texttt{FedX}$: Federated X", 'TAB (column 2): "$[\u2409]exttt{FedX}$: Federated X"; '
                                      'JSON reads "\\t" as TAB: write "\\\\t" for a literal backslash-t'),
    ("Learning \\beta-VAE Priors", 'BACKSPACE (column 10): "Learning [\u2408]eta-VAE Priors"; '
                                   'JSON reads "\\b" as BACKSPACE: write "\\\\b" for a literal backslash-b'),
    ("A \\frac{1}{2} Bound", 'FORM FEED (column 3): "A [\u240c]rac{1}{2} Bound"; '
                              'JSON reads "\\f" as FORM FEED: write "\\\\f" for a literal backslash-f'),
    ("\\nabla-Free Training", 'a line break (LF) (column 1): "[\u240a]abla-Free Training"; '
                              'JSON reads "\\n" as a line break (LF): write "\\\\n" for a literal backslash-n'),
    ("The \\rho Estimator", 'a carriage return (CR) (column 5): "The [\u240d]ho Estimator"; JSON reads '
                            '"\\r" as a carriage return (CR): write "\\\\r" for a literal backslash-r'),
])
def test_a_latex_command_that_json_read_as_an_escape_gets_a_hint(typed, shown):
    """The contributor wrote "\\texttt" in the JSON file; JSON read "\\t" as a TAB."""
    text = json.dumps(GOOD, indent=1).replace('"Alpha: Federated Segmentation of MRI"', f'"{typed}"')
    with pytest.raises(PapersDataError) as caught:
        parse_catalog(Path("data/papers.json"), text.encode(), load_schema(SCHEMA), latest_year=2027)
    (report,) = caught.value.reports
    assert report.what == f'paper "alpha": "title" must not contain {shown}'


def test_a_real_control_character_before_a_letter_gets_the_hint_but_not_before_a_space():
    assert "backslash" not in spacing_fault("Tab\t here")
    assert "backslash-t" in spacing_fault("Tab\there")


def test_an_excerpt_stays_on_one_line_and_printable():
    shown = excerpt("a\u0000b\ud800c" * 20, 1, 2)
    assert "\n" not in shown and "\\ud800" in shown
    shown.encode("utf-8")


# --- venues as real lists write them -------------------------------------------------

@pytest.mark.parametrize("key", [
    "DEEM@SIGMOD", "MobiCom (Poster)", "ISPA/BDCloud/SocialCom/SustainCom", "FL-ICML: Workshop",
    "IEEE Trans. Neural Netw. Learn. Syst.", "IEEE/ACM Trans. Comput. Biol. Bioinform.",
    "Proc. AAAI Conf. Artif. Intell.", "A" * 80,
])
def test_venue_keys_take_what_real_abbreviations_use(key):
    doc = copy.deepcopy(GOOD)
    doc["venues"][key] = {"name": f"The venue {len(doc['venues'])}", "kind": "workshop"}
    doc["papers"][0]["venue"] = key
    assert load(doc).by_id["alpha"].venue == key


@pytest.mark.parametrize(("key", "shown"), [
    ("-leading", '"-leading"'), ("trailing/", '"trailing/"'), ('quote"d', '"quote\\"d"'),
    ("A" * 81, '"' + "A" * 56 + '..."'),
])
def test_venue_keys_refuse_what_no_abbreviation_needs(key, shown):
    doc = copy.deepcopy(GOOD)
    doc["venues"][key] = {"name": "Some venue", "kind": "workshop"}
    (message,) = messages(doc)
    assert message.startswith(f"venue {shown} key must be a venue key of letters, digits, spaces and "
                              ". & + ' - @ / ( ) :, at most 80 characters")


def test_a_control_character_in_a_venue_key_is_named():
    doc = copy.deepcopy(GOOD)
    doc["venues"]["MICCAI\t2023"] = {"name": "Some venue", "kind": "conference"}
    assert messages(doc) == ['venue "MICCAI\\t2023" key must not contain TAB (column 7): "MICCAI[\u2409]2023"']


def warnings_of(doc: dict) -> list[str]:
    return [report.what for report in load(doc).warnings]


@pytest.mark.parametrize(("name", "other"), [
    ("Nature Communications", "Nature Communications"),
    ("Nature communications", "NATURE COMMUNICATIONS"),  # case
    ("The Lancet Digital Health", "Lancet: Digital Health"),  # "The", punctuation
    ("Journées Francophones", "Journees francophones"),  # accents
])
def test_one_venue_declared_twice_under_two_keys_is_a_warning(name, other):
    doc = copy.deepcopy(GOOD)
    doc["venues"]["Nat. Commun."] = {"name": name, "kind": "journal"}
    doc["venues"]["NC"] = {"name": other, "kind": "journal"}
    line = json.dumps(doc, indent=1).splitlines().index('  "Nat. Commun.": {') + 1
    assert warnings_of(doc) == [
        'venue "NC": "name" is the name of venue "Nat. Commun." too; declare a venue once and use its key '
        f'(see venue "Nat. Commun.", line {line})']


def test_a_key_that_is_another_venues_full_name_is_a_warning():
    doc = copy.deepcopy(GOOD)
    doc["venues"]["Nat. Commun."] = {"name": "Nature Communications", "kind": "journal"}
    doc["venues"]["Nature Communications"] = {"name": "Nature Comms.", "kind": "journal"}
    (warning,) = warnings_of(doc)
    assert warning.startswith('venue "Nature Communications" is the full name of venue "Nat. Commun."')


def test_distinct_venues_give_no_warning():
    assert warnings_of(copy.deepcopy(GOOD)) == []
    assert load(json.loads((ROOT / "data" / "papers.json").read_text())).warnings == ()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "papers", *args], capture_output=True, text=True,
                          cwd=cwd)


def test_check_prints_warnings_and_passes(tmp_path):
    doc = copy.deepcopy(GOOD)
    doc["venues"]["NC"] = {"name": "Medical Image Analysis", "kind": "journal"}
    (tmp_path / "papers.json").write_text(dumps(doc))
    result = cli("check", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path)
    assert result.returncode == 0
    assert cli("check", "--strict", "papers.json", "--schema", str(SCHEMA), cwd=tmp_path).returncode == 1
    assert 'warning: venue "NC": "name" is the name of venue "MedIA" too' in result.stdout


def test_a_build_warns_about_a_venue_declared_twice(tmp_path):
    doc = copy.deepcopy(GOOD)
    doc["venues"]["NC"] = {"name": "Medical Image Analysis", "kind": "journal"}
    data = tmp_path / "papers.json"
    data.write_text(json.dumps(doc, indent=1))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f"extensions = ['papers']\npapers_file = {str(data)!r}\n"
                                 f"papers_schema = {str(SCHEMA)!r}\n")
    (src / "index.rst").write_text("Papers\n======\n\n.. papers::\n")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--no-color", "-b", "html", str(src),
                             str(tmp_path / "out")], capture_output=True, text=True)
    assert result.returncode == 1  # -W: fix it before publishing
    assert 'papers.json:' in result.stderr and 'is the name of venue "MedIA" too' in result.stderr


# --- the command line finds a schema ---------------------------------------------------

def test_check_uses_the_schema_the_file_names(tmp_path):
    (tmp_path / "schemas").mkdir()
    strict = json.loads(SCHEMA.read_text())
    strict["$defs"]["paper"]["required"].append("code")
    (tmp_path / "schemas" / "strict.json").write_text(json.dumps(strict))
    (tmp_path / "papers.schema.json").write_text(SCHEMA.read_text())  # beside it, but not the one it names
    (tmp_path / "mine.json").write_text(json.dumps({**GOOD, "$schema": "schemas/strict.json"}, indent=1))
    result = cli("check", "mine.json", cwd=tmp_path)
    assert result.returncode == 1
    assert 'paper "beta" has no "code": it is required' in result.stdout


def test_check_prefers_the_schema_beside_the_file(tmp_path):
    strict = json.loads(SCHEMA.read_text())
    strict["$defs"]["paper"]["required"].append("code")
    (tmp_path / "papers.schema.json").write_text(json.dumps(strict))
    (tmp_path / "mine.json").write_text(json.dumps(GOOD, indent=1))
    result = cli("check", "mine.json", cwd=tmp_path)
    assert result.returncode == 1
    assert 'paper "beta" has no "code": it is required' in result.stdout


def test_without_any_schema_check_says_how_to_name_one(tmp_path):
    (tmp_path / "mine.json").write_text(json.dumps({k: v for k, v in GOOD.items() if k != "$schema"}))
    result = subprocess.run([sys.executable, "-m", "papers", "check", "mine.json"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("mine.json: no schema to check it against: looked for papers.schema.json; ")
    assert result.stdout.rstrip().endswith("name one with --schema (or papers_schema in conf.py)")


# --- the day a paper was added, and venue aliases ---------------------------------------

@pytest.mark.parametrize(("added", "message"), [
    ("2026-02-30", '"added" is not a date of the calendar; got "2026-02-30"'),
    ("2999-01-01", '"added" must be a day that has begun somewhere on Earth: '),
    ("27/11/2026", '"added" must be a date written YYYY-MM-DD, e.g. "2026-11-27"; got "27/11/2026"'),
])
def test_the_day_a_paper_was_added_is_a_real_day_not_in_the_future(added, message):
    doc = copy.deepcopy(GOOD)
    doc["papers"][0]["added"] = added
    (found,) = messages(doc)
    assert found.startswith(f'paper "alpha": {message}')


def test_an_alias_leads_to_one_venue():
    doc = copy.deepcopy(GOOD)
    doc["venues"]["TMI"]["aliases"] = ["IEEE Trans. Med. Imaging", "0278-0062"]
    doc["venues"]["MedIA"]["aliases"] = ["Medical image analysis", "0278-0062", "IEEE Transactions on Medical Imaging"]
    lines = json.dumps(doc, indent=1).splitlines()
    tmi, media = lines.index('  "TMI": {') + 1, lines.index('  "MedIA": {') + 1
    # in file order: MedIA comes first, so the ISSN is TMI's second claim; the name is TMI's own
    assert messages(doc) == [
        'venue "MedIA": "aliases" item 3 "IEEE Transactions on Medical Imaging" names venue "TMI" already: an alias '
        f'must lead to one venue (see venue "TMI", line {tmi})',
        'venue "TMI": "aliases" item 2 "0278-0062" names venue "MedIA" already: an alias must lead to one venue '
        f'(see venue "MedIA", line {media})',
    ]
    doc["venues"]["MedIA"]["aliases"] = ["Medical image analysis"]  # its own name, in another case: fine
    assert load(doc).venues["TMI"].aliases == ("IEEE Trans. Med. Imaging", "0278-0062")
