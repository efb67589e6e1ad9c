"""``nox -s lighthouse``: Lighthouse's four scores for each kind of page, on a phone and a desktop.

The site is built as Read the Docs builds its HTML and served as Read the Docs serves it:
under ``/en/latest/``, compressed (gzip, when the browser asks for it), with a cache lifetime
on static files. Lighthouse (the version benchmarks/lighthouse/package.json pins) then loads
the home page, the papers page, a paper's page, a browse page and a search, with its default
mobile settings (a mid-range phone, simulated slow 4G) and its desktop preset, each several times:
the table holds each score's median, and the audits that cost a point are printed. The Nu Html
Checker (vnu.jar, the W3C's validator, run with Java) then reads every HTML page of the build and
the errors it finds are counted. The table is written into benchmarks/results.md between its
``lighthouse`` markers.

``python benchmarks/lighthouse.py [--site HTML] [--runs N] [--no-write]``: ``--site`` scores a
site already built (for example an older commit's, to compare), and needs ``lighthouse`` on
PATH or in benchmarks/_work/lighthouse (``nox -s lighthouse`` installs it there).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work" / "lighthouse"
RESULTS = HERE / "results.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"
PREFIX = "/en/latest/"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: One page of each kind: (what it is, its address under the site).
PAGES = (("home", "index.html"), ("papers", "papers.html"), ("a paper's page", "papers/fedbn.html"),
         ("a browse page", "browse/tags/segmentation.html"), ("search", "search.html?q=FedBN"))
#: What Read the Docs compresses (its CDN compresses text types).
COMPRESSED = {".html", ".css", ".js", ".svg", ".xml", ".json", ".txt", ".map"}


class ReadTheDocsLike(http.server.SimpleHTTPRequestHandler):
    """The built site under /en/latest/, gzip-compressed when asked, static files cacheable."""

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "does-not-exist")
        return super().translate_path("/" + path[len(PREFIX):])

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            page = Path(self.directory) / "404.html"  # Read the Docs answers with the project's 404 page
            return self._send(page.read_bytes(), "text/html", 404) if page.is_file() else super().send_head()
        return self._send(path.read_bytes(), self.guess_type(str(path)), 200, path)

    def _send(self, body: bytes, kind: str, status: int, path: Path | None = None):
        import io

        compress = "gzip" in self.headers.get("Accept-Encoding", "") and (
            path is None or path.suffix in COMPRESSED)
        if compress:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        static = path is not None and "_static" in path.parts
        self.send_header("Cache-Control", "public, max-age=31536000" if static else "public, max-age=1200")
        self.end_headers()
        return io.BytesIO(body)


def serve(html: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(ReadTheDocsLike, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}{PREFIX}", server


def build(out: Path) -> Path:
    """The HTML as Read the Docs builds it (see tests/rtd_build.py), its canonical address set."""
    html = out / "html"
    shutil.rmtree(out, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    env.update(READTHEDOCS="True", READTHEDOCS_CANONICAL_URL="https://fl-healthcare-papers.readthedocs.io/en/latest/")
    subprocess.run([sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-q", "-b", "html",
                    "-d", str(out / "doctrees"), "-D", "language=en", ".", str(html)],
                   cwd=ROOT / "docs", env=env, check=True)
    return html


def lighthouse_command() -> list[str]:
    local = WORK / "node_modules" / ".bin" / "lighthouse"
    found = str(local) if local.exists() else shutil.which("lighthouse")
    if not found:
        sys.exit("lighthouse is not installed: run `nox -s lighthouse`, which installs it into benchmarks/_work")
    return [found]


def chromium() -> str:
    found = os.environ.get("CHROME_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("no Chromium: set CHROME_PATH, or on Debian: apt-get install chromium")
    return found


def run_lighthouse(url: str, desktop: bool, report: Path) -> dict:
    command = [*lighthouse_command(), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
               "--disable-background-networking --disable-component-update --no-first-run"]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium()})
    return json.loads(report.read_text(encoding="utf-8"))


def lost_points(result: dict) -> list[str]:
    """The audits that kept a category below 100: id, score and what Lighthouse measured."""
    out = []
    for key in CATEGORIES:
        for ref in result["categories"][key]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                out.append(f"{key}: {ref['id']} {audit['score']:.2f} {audit.get('displayValue', '')}".rstrip())
    return out


def measure(site: Path, runs: int) -> tuple[dict, dict]:
    base, server = serve(site)
    scores: dict = {}
    lost: dict = {}
    reports = WORK / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    try:
        for name, page in PAGES:
            for device in ("mobile", "desktop"):
                runs_of = []
                for run in range(runs):
                    slug = page.replace("/", "_").replace("?", "_")
                    result = run_lighthouse(base + page, device == "desktop", reports / f"{slug}-{device}-{run}.json")
                    runs_of.append({k: round(100 * (result["categories"][k]["score"] or 0)) for k in CATEGORIES})
                    lost.setdefault((name, device), set()).update(lost_points(result))
                scores[(name, device)] = {k: statistics.median(r[k] for r in runs_of) for k in CATEGORIES}
                print(f"{name:>16} {device:>7}: " + "  ".join(f"{k} {v:g}" for k, v in scores[(name, device)].items()),
                      flush=True)
    finally:
        server.shutdown()
    return scores, lost


def nu_check(site: Path) -> tuple[int, list[str], str]:
    """The Nu Html Checker's errors over every HTML page of `site`: (pages, first messages, its version)."""
    jar = WORK / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or not java:
        sys.exit("the Nu Html Checker needs Java (Debian: default-jre-headless) and vnu.jar (`nox -s lighthouse`)")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    done = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message', '')}"
              for m in messages if m.get("type") == "error"]
    version = subprocess.run([java, "-jar", str(jar), "--version"], capture_output=True, text=True).stdout.strip()
    return len(pages), errors, version


def table(scores: dict, lost: dict, runs: int, version: str) -> str:
    lines = [
        f"Measured {datetime.date.today().isoformat()} with Lighthouse {version} and {chromium_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; served under {PREFIX}, gzip-compressed; median of "
        f"{runs} runs; command: `nox -s lighthouse`.",
        "",
        "| page | device | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|---|",
    ]
    for (name, device), values in scores.items():
        lines.append(f"| {name} | {device} | " + " | ".join(f"{values[k]:g}" for k in CATEGORIES) + " |")
    notes = [f"- {name}, {device}: {note}" for (name, device), found in lost.items() for note in sorted(found)]
    if notes:
        lines += ["", "What cost points, in any run (audit, its score, what Lighthouse measured):", "", *notes]
    return "\n".join(lines)


def chromium_version() -> str:
    return subprocess.run([chromium(), "--version"], capture_output=True, text=True).stdout.strip()


def write_results(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8")
    if START not in current:
        current = current.rstrip("\n") + (
            "\n\n# Lighthouse: every kind of page, on a phone and a desktop\n\n"
            "`nox -s lighthouse` (benchmarks/lighthouse.py) builds the site as Read the Docs builds it, serves it\n"
            "as Read the Docs does (under /en/latest/, compressed) and runs Lighthouse's four categories on the\n"
            "home page, the papers page, a paper's page, a browse page and a search, with its mobile settings\n"
            "and its desktop preset. The section between the markers below is rewritten by every run.\n\n"
            f"{START}\n{END}\n")
    before, _, rest = current.partition(START)
    _, _, after = rest.partition(END)
    RESULTS.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built HTML folder to score (default: build docs/)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results.md")
    args = parser.parse_args()
    site = args.site.resolve() if args.site else build(WORK / "site")
    version = subprocess.run([*lighthouse_command(), "--version"], capture_output=True, text=True).stdout.strip()
    pages, errors, nu_version = nu_check(site)
    scores, lost = measure(site, args.runs)
    text = table(scores, lost, args.runs, version)
    text += (f"\n\nThe Nu Html Checker {nu_version} (`--errors-only`) on all {pages} HTML pages of the same build: "
             f"{len(errors)} errors." + "".join(f"\n- {e}" for e in errors[:20]))
    print(text)
    if not args.no_write:
        write_results(text)


if __name__ == "__main__":
    main()
