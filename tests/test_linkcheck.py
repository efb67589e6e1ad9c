"""Link checking, offline: Sphinx's linkcheck with the site's settings against a local server."""

from __future__ import annotations

import http.server
import json
import runpy
import threading
import time

import pytest

from conftest import ROOT, SCHEMA

SETTINGS = {k: v for k, v in runpy.run_path(str(ROOT / "docs" / "conf.py")).items() if k.startswith("linkcheck_")}


class Handler(http.server.BaseHTTPRequestHandler):
    throttled: set[str] = set()

    def log_message(self, *args) -> None:
        pass

    def answer(self, body: bool) -> None:
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
        elif self.path == "/throttled" and self.command not in self.throttled:
            # the first answer to each method says "too many requests, try again in a second"
            self.throttled.add(self.command)
            self.send_response(429)
            self.send_header("Retry-After", "1")
        elif self.path == "/throttled":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def test_linkcheck_reports_each_kind_of_link(server, make_app, tmp_path):
    data = tmp_path / "papers.json"
    data.write_text(json.dumps({
        "venues": {}, "tags": {},
        "papers": [
            {"id": "fine", "title": "Fine", "authors": ["A Tester"],
             "added": "2026-01-01", "year": 2024, "url": f"{server}/ok",
             "code": f"{server}/moved"},
            {"id": "gone", "title": "Gone", "authors": ["A Tester"],
             "added": "2026-01-01", "year": 2024, "url": f"{server}/missing"},
            {"id": "busy", "title": "Busy", "authors": ["A Tester"],
             "added": "2026-01-01", "year": 2023, "url": f"{server}/throttled"},
            {"id": "late", "title": "Late", "authors": ["A Tester"],
             "added": "2026-01-01", "year": 2023, "url": f"{server}/slow"},
        ],
    }))
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["myst_parser", "papers"]\n')
    (src / "index.md").write_text("# Papers\n\n```{papers}\n```\n")
    app = make_app("linkcheck", srcdir=src, confoverrides={
        **SETTINGS, "linkcheck_timeout": 1, "linkcheck_retries": 1,
        "papers_file": str(data), "papers_schema": str(SCHEMA),
    })
    app.build()
    report = {entry["uri"].removeprefix(server): entry
              for entry in map(json.loads, (app.outdir / "output.json").read_text().splitlines())}
    assert {uri: entry["status"] for uri, entry in report.items()} == {
        "/ok": "working", "/moved": "redirected", "/missing": "broken",
        "/throttled": "working", "/slow": "timeout",
    }
    assert report["/moved"]["code"] == 301 and report["/moved"]["info"] == f"{server}/ok"
    assert "404" in report["/missing"]["info"]
    assert app.statuscode == 1  # a broken link fails `nox -s linkcheck`
