"""A real HTTP server on localhost that answers as Crossref and arXiv did, from tests/recordings/.

``/works/<doi>`` and ``/query?id_list=<id>`` are the registries' own routes, so
``PAPERS_CROSSREF_API`` and ``PAPERS_ARXIV_API`` point at it unchanged. The
bodies are recordings of the real services (tests/recordings/PROVENANCE.md);
what a test asks of the server beyond them is behaviour, not data: a 429 with
``Retry-After`` first, a status, an answer slower than the client waits, a body
cut in half.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

RECORDINGS = Path(__file__).parent / "recordings"

#: DOI (lowercase) -> the recorded answer of ``/works/<doi>``.
CROSSREF = {
    "10.1038/s43586-021-00024-3": "crossref_journal-article_accents_10.1038_s43586-021-00024-3.json",
    "10.1021/acs.orglett.7b03845": "crossref_journal-article_acs_suffix_10.1021_acs.orglett.7b03845.json",
    "10.1038/d41586-020-02761-z": "crossref_journal-article_nature_10.1038_d41586-020-02761-z.json",
    "10.1109/iccv.2007.4408927": "crossref_proceedings-article_ieee_10.1109_iccv.2007.4408927.json",
    "10.1007/978-3-662-46370-3_13": "crossref_book-chapter_10.1007_978-3-662-46370-3_13.json",
    "10.1039/9781788019972": "crossref_book_rsc_10.1039_9781788019972.json",
    # a work record without the response's envelope (see PROVENANCE.md): served inside it
    "10.5506/aphyspolb.56.3-a7": "crossref_work-record_has-preprint_10.5506_aphyspolb.56.3-a7.json",
    "10.7554/elife.01567": "crossref_journal-article_jats-abstract-cc-by_10.7554_elife.01567.json",
}
CROSSREF_404 = "crossref_404_not_found.txt"
#: arXiv id -> the recorded answer of ``/query?id_list=<id>``.
ARXIV = {
    "1605.08386": "arxiv_1605.08386_preprint_only.xml",
    "1111.2011": "arxiv_1111.2011v2_doi_journalref.xml",
    "1707.08567": "arxiv_1707.08567_nonascii_mojibake.xml",
    "astro-ph/0601001": "arxiv_astro-ph_0601001_journalref.xml",
}
ARXIV_NONE = "arxiv_empty_feed_no_results.xml"


def crossref_body(name: str) -> bytes:
    """A recorded Crossref answer; a bare work record goes in the envelope every answer has."""
    body = (RECORDINGS / name).read_bytes()
    if b'"message-type"' in body[:200]:
        return body
    envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": json.loads(body)}
    return json.dumps(envelope, ensure_ascii=False).encode()


class RecordedRegistry:
    """What the server answers, and what it was asked."""

    def __init__(self) -> None:
        self.url = ""
        #: (path and query, User-Agent, monotonic time) of every request.
        self.requests: list[tuple[str, str, float]] = []
        #: key (a DOI or arXiv id) -> behaviours for its next requests, first first.
        self.plans: dict[str, list[str]] = defaultdict(list)
        self.always: str | None = None
        self.slow_seconds = 2.0
        self.lock = threading.Lock()

    def plan(self, key: str, *behaviours: str) -> None:
        """`key`'s next answers: "429" (Retry-After: 1), "503", "slow", "truncated", "trickle" (a byte
        every half second), "huge" (zeros until the client hangs up), "deep" (nested past any limit),
        then as recorded."""
        self.plans[key.lower()].extend(behaviours)

    def asked(self, fragment: str = "") -> list[str]:
        return [path for path, _, _ in self.requests if fragment in path]

    def next_behaviour(self, key: str) -> str | None:
        with self.lock:
            queue = self.plans.get(key.lower())
            return queue.pop(0) if queue else self.always


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        registry = self.server.registry
        with registry.lock:
            registry.requests.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
        parts = urlsplit(self.path)
        if parts.path.startswith("/works/"):
            key = unquote(parts.path[len("/works/"):])
            name = CROSSREF.get(key.lower())
            status, body, kind = (200, crossref_body(name), "application/json") if name else (
                404, (RECORDINGS / CROSSREF_404).read_bytes(), "text/plain")
        elif parts.path == "/query":
            key = parse_qs(parts.query).get("id_list", [""])[0]
            status, kind = 200, "application/atom+xml; charset=UTF-8"
            body = (RECORDINGS / ARXIV.get(key, ARXIV_NONE)).read_bytes()
        else:
            self.send_error(404)
            return
        behaviour = registry.next_behaviour(key)
        if behaviour in ("429", "503"):
            self.send_response(int(behaviour))
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if behaviour == "slow":
            time.sleep(registry.slow_seconds)
        if behaviour in ("trickle", "huge"):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.end_headers()
            # bounded either way: the trickle for a minute, the flood to 64 MiB
            piece, pause, count = (b" ", 0.5, 120) if behaviour == "trickle" else (b"0" * 2**20, 0, 64)
            try:
                for _ in range(count):
                    self.wfile.write(piece)
                    self.wfile.flush()
                    time.sleep(pause)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if behaviour == "deep":
            body = b"[" * 100_000 + b"]" * 100_000
        if behaviour == "truncated":
            body = body[: len(body) // 2]
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            pass

    def log_message(self, format: str, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    registry: RecordedRegistry

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and left is what some tests are about


@pytest.fixture
def registry():
    """The recorded registries on 127.0.0.1, for one test."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.registry = RecordedRegistry()
    server.registry.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.registry
    server.shutdown()
    server.server_close()


# --- running the command as a maintainer does ------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "data" / "papers.schema.json"


def write_project(folder: Path, doc: dict, sources: dict | None = None) -> Path:
    """A project folder with data/papers.json (canonical), its schema and data/sources.json."""
    import shutil

    from papers.data.canonical import dumps
    from papers.data.provenance import needing_source
    from papers.data.sources import dumps_sources

    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(SCHEMA, data / "papers.schema.json")
    (data / "papers.json").write_text(dumps(doc), encoding="utf-8")
    if sources is None:  # every fact sourced, as `check` wants (the source: the test that wrote it)
        sources = {"papers": {p["id"]: {"facts": [{"fields": needing_source(p), "source": "https://example.org/test"}],
                                        "notes": ""} for p in doc["papers"]}}
    (data / "sources.json").write_text(dumps_sources(sources), encoding="utf-8")
    return data / "papers.json"


def run_papers(registry: RecordedRegistry, cwd: Path, *args: str, **env: str):
    """``python -m papers ARGS`` in `cwd`, its registries the recorded ones, its cache in `cwd`."""
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("PAPERS_")}
    settings = {
        "PAPERS_CROSSREF_API": registry.url, "PAPERS_ARXIV_API": registry.url,
        "PAPERS_CACHE": str(cwd / "cache"), "PAPERS_CONTACT": "maintainer@example.org",
        "PAPERS_HTTP_BACKOFF": "0.01", "PAPERS_HTTP_RATE": "100", "PAPERS_HTTP_TIMEOUT": "5",
    }
    return subprocess.run([sys.executable, "-m", "papers", *args], cwd=cwd, capture_output=True, text=True,
                          env={**clean, **settings, **env}, timeout=120)
