"""Properties over arbitrary input: clean result or clean messages, never an exception."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
from html import escape
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.data.loading import PapersDataError, load_schema, parse_catalog
from papers.data.schema import compile_schema

from conftest import SCHEMA

SCHEMA_DOC = json.loads(SCHEMA.read_text(encoding="utf-8"))


#: Python's re counts U+001C..U+001F and U+0085 (NEL) as blanks (\\s); JSON Schema's regular
#: expressions (ECMA-262), and jsonschema-rs, do not: the reference sees another non-blank control
#: instead. ECMA-262 counts U+FEFF as a blank, Python does not: the reference sees a vertical tab.
_NOT_BLANK = {**dict.fromkeys([*range(0x1C, 0x20), 0x85], 0x01), 0xFEFF: 0x0B}


def ecma_pattern(validator, pattern, instance, schema):
    """``pattern`` as JSON Schema means it. Also, "$" ends the text: in Python's re it also
    matches before a final newline, so the reference would take "fedbn\\n" for a slug."""
    if validator.is_type(instance, "string") and not re.search(
            re.sub(r"\$$", r"\\Z", pattern), instance.translate(_NOT_BLANK)):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


ORACLE = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": ecma_pattern})(SCHEMA_DOC)
SCHEMA_CHECK = compile_schema(SCHEMA_DOC)
LOCATION = re.compile(r"^data/papers\.json(:\d+(:\d+)?)?$")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# values near the edge of what each field accepts, mixed with arbitrary JSON
links = st.sampled_from(["https://arxiv.org/abs/2102.07623", "http://x.org/a", "https://a.b/c?d=1#e",
                         "javascript:alert(1)", "https://x.org/a b", "", "ftp://x.org", "https://",
                         "https://x.org:99999/", 'https://x.org/"><script>']) | st.text(max_size=30)
years = st.integers(1980, 2040) | st.sampled_from([2021.0, 2021.5, True, "2021", None])
slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True) | st.text(max_size=10) | st.sampled_from(
    ["alpha\n", "\udfff"])
titles = st.text(min_size=0, max_size=40) | st.sampled_from(
    ["A title", " Lead", "Two  spaces", "Tab\there", "Lone \ud800 surrogate", "Trailing newline\n"])
venue_keys = st.sampled_from(["TMI", "MICCAI", "npj Digit. Med.", "bad key!", ""]) | st.text(max_size=6)
tag_keys = st.sampled_from(["segmentation", "weak supervision", "Bad Tag", "x"]) | st.text(max_size=6)


def maybe(strategy):
    """A field that may be absent (None), valid-ish, or any JSON at all."""
    return st.none() | strategy | json_values


def entry(fields: dict) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({}, optional={k: v for k, v in fields.items()}).map(
        lambda d: {k: v for k, v in d.items() if v is not None})


venue = entry({"name": maybe(titles), "kind": maybe(st.sampled_from(["conference", "journal", "jornal"]))})
tag = entry({"group": maybe(st.sampled_from(["task", "modality", "problem", "other"])),
             "description": maybe(titles)})
paper = entry({"id": maybe(slugs), "title": maybe(titles), "year": maybe(years), "venue": maybe(venue_keys),
               "url": maybe(links), "code": maybe(links),
               "tags": maybe(st.lists(tag_keys, max_size=3)), "vanue": st.none() | json_values})
documents = st.fixed_dictionaries({}, optional={
    "$schema": maybe(st.just("./papers.schema.json")),
    "venues": maybe(st.dictionaries(venue_keys, venue | json_values, max_size=3)),
    "tags": maybe(st.dictionaries(tag_keys, tag | json_values, max_size=3)),
    "papers": maybe(st.lists(paper | json_values, max_size=4)),
    "extra": st.none() | json_values,
}).map(lambda d: {k: v for k, v in d.items() if v is not None}) | json_values


def reference_paths(doc) -> set[tuple]:
    """The fields the reference validator faults, pointed to as our messages point to them.

    jsonschema reports an unknown field, a bad key and a repeated item at the object or
    list that holds it; our messages point at the field, key or item itself.
    """
    paths = set()
    for error in ORACLE.iter_errors(doc):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = error.schema.get("properties", {})
            paths |= {(*path, name) for name in error.instance if name not in allowed}
        elif "propertyNames" in error.schema_path:  # jsonschema reports the key's own fault
            paths.add((*path, error.instance))
        elif error.validator == "uniqueItems":
            seen = []
            repeat = next(i for i, item in enumerate(error.instance) if item in seen or seen.append(item))
            paths.add((*path, repeat))
        else:
            paths.add(path)
    return paths


@settings(max_examples=600, deadline=None)
@given(documents)
def test_the_schema_check_faults_the_fields_jsonschema_faults(doc):
    """jsonschema-rs, as our messages use it, agrees with the reference implementation field by field."""
    try:
        ours = SCHEMA_CHECK.problems(doc)
    except UnicodeEncodeError:  # a lone surrogate: the loader hands the schema a cleaned copy
        return
    assert {p.path for p in ours} == reference_paths(doc), ours


def text_of(doc) -> bytes:
    return json.dumps(doc, indent=1).encode()  # a lone surrogate becomes a JSON escape


nested = st.integers(300, 3000).map(
    lambda depth: ('{"venues": {}, "tags": {}, "papers": [{"tags": ' + "[" * depth + "]" * depth + "}]}").encode())


# --- lists valid by construction: what a build must publish whole ---------------------------------

BUILD_VENUES = {"TMI": {"name": "IEEE Transactions on Medical Imaging", "kind": "journal"},
                "DeCaF": {"name": "MICCAI \"DeCaF\" <workshop> & more", "kind": "workshop"}}
BUILD_TAGS = {"task": {"group": "task", "description": "A task."}}
good_words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
good_titles = st.lists(good_words | st.sampled_from(["<b>", "&amp;", "{x}", "R&D", "“quoted”", "$x^2$"]),
                       min_size=1, max_size=6).map(" ".join)
good_paper = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), "title": good_titles,
     "authors": st.lists(good_titles, min_size=1, max_size=3), "year": st.integers(1990, 2027),
     "url": st.sampled_from(["https://arxiv.org/abs/2102.07623", "https://example.org/a?b=1&c=2",
                             "https://x.org/%22quoted%22"]),
     "added": st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2026, 1, 1)).map(str)},
    optional={"venue": st.sampled_from(list(BUILD_VENUES)), "code": st.just("https://github.com/x/y"),
              "tags": st.just(["task"]),
              "summary": good_titles})
valid_docs = st.lists(good_paper, max_size=5, unique_by=(lambda p: p["id"], lambda p: p["title"].casefold())).map(
    lambda papers: {"venues": BUILD_VENUES, "tags": BUILD_TAGS, "papers": [
        {**p, "url": f"https://example.org/{p['id']}"} for p in papers]})


@settings(max_examples=400, deadline=None)
@given(valid_docs.map(text_of) | documents.map(text_of) | nested | st.binary(max_size=60)
       | st.text(max_size=60).map(str.encode))
def test_any_file_loads_or_gives_located_messages(data):
    try:
        catalog = parse_catalog(Path("data/papers.json"), data, load_schema(SCHEMA), latest_year=2027)
    except PapersDataError as err:
        assert err.reports
        for where, what in err.reports:
            assert LOCATION.match(where), where
            assert what and "\n" not in what
            what.encode("utf-8")  # printable: no lone surrogate
    else:
        assert len(catalog.papers) == len(json.loads(data)["papers"])


# --- whole builds ------------------------------------------------------------------

build_paper = st.fixed_dictionaries(
    {"id": slugs, "title": titles, "authors": st.lists(titles, max_size=3), "year": st.integers(1989, 2029),
     "url": links, "added": st.sampled_from(["2025-01-01", "2025-13-01", "2999-01-01"])},
    optional={"venue": st.sampled_from(["TMI", "DeCaF", "Nope"]), "code": links,
              "tags": st.lists(st.sampled_from(["task", "bad"]), max_size=2, unique=True)})
build_docs = st.builds(lambda papers: {"venues": BUILD_VENUES,
                                       "tags": {"task": {"group": "task", "description": "A task."}},
                                       "papers": papers},
                       st.lists(build_paper, max_size=5))


def build_status(tmp_path_factory, doc) -> tuple[int, str, Path]:
    """Build a one-page site of `doc`: (exit status, what it printed, its output folder)."""
    from sphinx.cmd.build import build_main

    folder = tmp_path_factory.mktemp("build")
    data = folder / "papers.json"
    data.write_bytes(text_of(doc))
    src = folder / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['papers']\npapers_file = {str(data)!r}\npapers_schema = {str(SCHEMA)!r}\n")
    (src / "index.rst").write_text("Papers\n======\n\n.. papers::\n")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        try:
            status = build_main(["-q", "-N", "-T", "-b", "html", str(src), str(folder / "out")])
        except SystemExit as stop:
            status = stop.code
    return status, stderr.getvalue(), folder / "out"


def assert_published(page: str, doc: dict) -> None:
    for p in doc["papers"]:
        assert f'id="paper-{p["id"]}"' in page  # the row's anchor: its dt in an indexed list
        assert f">{escape(p['title'])}</a>" in page


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_docs)
def test_a_valid_list_is_published_whole(tmp_path_factory, doc):
    status, printed, out = build_status(tmp_path_factory, doc)
    assert (status, printed) == (0, "")
    assert_published((out / "index.html").read_text(encoding="utf-8"), doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(build_docs)
def test_a_build_publishes_every_paper_or_stops_cleanly(tmp_path_factory, doc):
    status, printed, out = build_status(tmp_path_factory, doc)
    assert "Traceback" not in printed
    if status == 0:
        assert printed == ""
        assert_published((out / "index.html").read_text(encoding="utf-8"), doc)
    else:
        assert status == 1
        assert "nothing was built" in printed
        assert not (out / "index.html").exists()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("aBcXyz09 .,:;!?()/'@+=*|<>[]-\"“”‘’é&%"), max_size=30))
def test_bibtex_title_fast_path_braces_exactly_what_the_word_by_word_path_does(title):
    from papers.formats.bibtex import _title_field_encoded, title_field

    assert title_field(title) == _title_field_encoded(title)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "B", " ", ",", ".", "et al", "others", "and ", "Jr", "\n", "\t",
                                           "\x85", "\x7f", "\ud800", "é"]), max_size=6).map("".join)
                | st.integers(), max_size=4))
def test_the_authors_fast_path_reports_what_checking_each_name_does(authors):
    from papers.data.rules import _Rules

    def rules():
        return _Rules({}, 2027, datetime.date(2026, 1, 1), set())

    fast, slow = rules(), rules()
    fast.check_authors(("papers", 0), {"authors": authors})
    slow.check_each_author(("papers", 0), authors)
    assert fast.found == slow.found
