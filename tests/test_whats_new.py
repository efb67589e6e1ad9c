""""new" means new on the day a reader looks; "What's new" and the feed follow the day each paper was added.

One site is built on a fixed day (SOURCE_DATE_EPOCH) from a list whose papers were added on
different days; Chromium then reads it on several days (Playwright's clock), with and without
JavaScript. Expected answers come from the documented rule (a paper is new when added after
the list's first day and fewer than ``papers_new_days`` UTC days before the reading day), in Python.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from browser import Site
from conftest import BASIC, SCHEMA

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with how to install it
    expect = None

#: The day each paper of tests/data/basic.json was added, here: the first is the list's first day.
ADDED = {"alpha": "2025-01-10", "beta": "2025-03-01", "gamma": "2025-05-20", "delta": "2025-05-20",
         "epsilon": "2025-06-10"}
BUILT = datetime.date(2025, 6, 15)
NEW_DAYS = 60
ATOM = "{http://www.w3.org/2005/Atom}"


def new_on(day: datetime.date) -> set[str]:
    """The documented rule, in Python."""
    first = min(ADDED.values())
    return {pid for pid, added in ADDED.items()
            if added > first and (day - datetime.date.fromisoformat(added)).days < NEW_DAYS}


def newest_first(papers: list[dict]) -> list[str]:
    """Newest ``added`` first; papers added on one day in the list's own order."""
    order = sorted(enumerate(papers), key=lambda item: (item[1]["added"], -item[0]), reverse=True)
    return [paper["id"] for _, paper in order]


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The site built on BUILT: its HTML folder, and the papers as the data file lists them."""
    folder = tmp_path_factory.mktemp("whats-new")
    doc = json.loads(BASIC.read_text(encoding="utf-8"))
    for paper in doc["papers"]:
        paper["added"] = ADDED[paper["id"]]
    data = folder / "papers.json"
    data.write_text(json.dumps(doc), encoding="utf-8")
    src = folder / "src"
    src.mkdir()
    (src / "conf.py").write_text(f'extensions = ["myst_parser", "papers"]\npapers_file = {str(data)!r}\n'
                                 f"papers_schema = {str(SCHEMA)!r}\npapers_new_days = {NEW_DAYS}\n")
    (src / "index.md").write_text("# Home\n\n## What's new\n\n```{papers}\n:newest: 5\n:no-index:\n:no-filter:\n```\n\n"
                                  "```{toctree}\nlist\n```\n", encoding="utf-8")
    (src / "list.md").write_text("# Papers\n\n```{papers}\n```\n", encoding="utf-8")
    noon = datetime.datetime(BUILT.year, BUILT.month, BUILT.day, 12, tzinfo=datetime.UTC)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(folder / "html")],
        capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(int(noon.timestamp()))})
    assert result.returncode == 0, result.stderr
    return folder / "html", doc["papers"]


@pytest.fixture(scope="module")
def dated_site(served, dated) -> Site:
    html, _ = dated
    return Site(html, served(html))


def test_the_data_makes_the_days_tell(dated):
    """Guards the tests below: on the days they read, different papers are new."""
    days = [BUILT, datetime.date(2025, 7, 18), datetime.date(2025, 7, 19), datetime.date(2025, 8, 8),
            datetime.date(2025, 8, 9)]
    assert [sorted(new_on(day)) for day in days] == [
        ["delta", "epsilon", "gamma"], ["delta", "epsilon", "gamma"], ["epsilon"], ["epsilon"], []]
    assert "alpha" not in new_on(datetime.date(2025, 1, 11))  # the list's first papers are no news


def test_whats_new_and_the_feed_follow_the_day_each_paper_was_added(dated):
    html, papers = dated
    expected = newest_first(papers)
    assert expected == ["epsilon", "gamma", "delta", "beta", "alpha"]  # a tie (gamma, delta) in list order
    from bs4 import BeautifulSoup

    home = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = home.select("table.papers-table tbody tr")
    assert [row["id"].removeprefix("paper-") for row in rows] == expected
    feed = ET.fromstring((html / "feed.xml").read_bytes())
    titles = {p["title"]: p["id"] for p in papers}
    assert [titles[e.find(f"{ATOM}title").text] for e in feed.findall(f"{ATOM}entry")] == expected
    assert [e.find(f"{ATOM}published").text[:10] for e in feed.findall(f"{ATOM}entry")] == [
        ADDED[pid] for pid in expected]


def marked(page) -> set[str]:
    """The papers of the list page whose row says "new"."""
    return set(page.locator("table.papers-table tbody tr").evaluate_all(
        "rows => rows.filter(r => r.querySelector('.pnew')).map(r => r.querySelector('dt').id.slice(6))"))


@pytest.mark.browser
@pytest.mark.parametrize("reading, zone", [
    ("2025-06-15T12:00:00Z", "UTC"),  # the day it was built
    ("2025-08-08T23:30:00Z", "Asia/Tokyo"),  # 9 August there; on UTC's 8 August one paper is new still
    ("2025-07-18T20:00:00Z", "Pacific/Kiritimati"),  # already 19 July there: the day is UTC's, 18 July
    ("2025-07-19T01:00:00Z", "America/New_York"),  # still 18 July there: UTC's 19 July counts
    ("2025-08-15T12:00:00Z", "Europe/Berlin"),  # nothing is new any more
])
def test_rows_say_new_on_the_day_they_are_read(pages, dated_site, reading, zone):
    page = pages.open(timezone_id=zone)
    page.clock.set_fixed_time(reading)
    page.goto(dated_site.url("list.html"))
    day = datetime.date.fromisoformat(reading[:10])
    expect(page.locator(".pnew")).to_have_count(len(new_on(day)))
    assert marked(page) == new_on(day)
    assert page.locator(".pnew").all_text_contents() == ["new"] * len(new_on(day))


@pytest.mark.browser
def test_without_javascript_the_build_day_decides(pages, dated_site):
    page = pages.open(java_script_enabled=False)
    page.goto(dated_site.url("list.html"))
    assert marked(page) == new_on(BUILT) != set()
