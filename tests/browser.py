"""Browser-test plugin: one Chromium per session, built sites served over http, pages that fail on JS errors."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EDGE_ROOT = Path(__file__).resolve().parent / "roots" / "test-browser"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# --no-sandbox: we may run as root; the rest stop Chromium calling out (no network here),
# and /dev/shm is too small in some containers
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
HOW_TO_GET_ONE = "On Debian: apt-get install chromium; elsewhere: playwright install chromium"

#: which browser ran, for the end-of-session summary
_browser_used: list[str] = []
_call_failed = pytest.StashKey[bool]()


def in_ci() -> bool:
    """CI sets CI to "true", "1", "yes" or the like; only an empty or negative value means a local run."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


def skip_or_fail(message: str) -> None:
    """Without a tool, a local run skips with a hint; CI must not pass by skipping."""
    if in_ci():
        pytest.fail(f"{message} (CI is set: browser tests may not be skipped)", pytrace=False)
    pytest.skip(message)


def system_chromiums() -> list[str]:
    """Debian's /usr/bin/chromium first, then whatever chromium is on PATH."""
    found = []
    for path in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and os.access(path, os.X_OK) and path not in found:
            found.append(path)
    return found


def pytest_report_header(config) -> str:
    paths = system_chromiums()
    first = f"system Chromium {paths[0]}" if paths else "Playwright's bundled Chromium (no system Chromium found)"
    return f"browser tests: will try {first}"


def pytest_terminal_summary(terminalreporter) -> None:
    if _browser_used:
        terminalreporter.write_line(f"browser tests ran in {_browser_used[0]}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_call_failed] = report.failed
    return report


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A Chromium driven by Playwright, shared by every browser test of the session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        skip_or_fail("the browser tests need the playwright package (pip install playwright)")
    with sync_playwright() as playwright:
        browser, tried = None, []
        for path in system_chromiums():
            try:
                browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
                _browser_used[:] = [f"system Chromium {browser.version} ({path})"]
                break
            except Error as err:
                tried.append(f"{path}: {str(err).splitlines()[0]}")
        if browser is None:
            try:
                browser = playwright.chromium.launch()
                _browser_used[:] = [f"Playwright's bundled Chromium {browser.version}"]
            except Error as err:
                tried.append(f"Playwright's bundled Chromium: {str(err).splitlines()[0]}")
        if browser is None:
            skip_or_fail(f"no usable Chromium for the browser tests ({'; '.join(tried)}). {HOW_TO_GET_ONE}")
        yield browser
        browser.close()


def chromium_path(browser) -> str | None:
    """The executable of the Chromium the session runs, to launch another with other flags."""
    for path in system_chromiums():
        if path in _browser_used[0]:
            return path
    return None


# --- built sites over http ---------------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass  # one line per request would bury pytest's output


@dataclass
class Site:
    """A built HTML site and the address it is served at."""

    html: Path
    base: str

    def url(self, path: str = "index.html") -> str:
        return self.base + path


def build_html(srcdir: Path, outdir: Path) -> Path:
    """Build with sphinx-build in a subprocess, as a user would; any warning fails."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "html",
         "-d", str(outdir / "doctrees"), str(srcdir), str(outdir / "html")],
        capture_output=True, text=True, cwd=ROOT, env=env,
    )
    if result.returncode != 0:
        pytest.fail(f"sphinx-build {srcdir} failed ({result.returncode}):\n{result.stderr}", pytrace=False)
    return outdir / "html"


class UnderPrefix(QuietHandler):
    """Serves a site under /en/latest/ as Read the Docs does, with its 404.html for a missing page."""

    PREFIX = "/en/latest"

    def translate_path(self, path: str) -> str:
        return super().translate_path(path.removeprefix(self.PREFIX))

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code != 404 or not missing.is_file():
            return super().send_error(code, message, explain)
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a request it no longer needs (a page left mid-load) is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, prefix: bool = False) -> tuple[str, ThreadingHTTPServer]:
    """Serve `directory` on localhost; with `prefix`, under /en/latest/ as Read the Docs serves it."""
    handler = UnderPrefix if prefix else QuietHandler
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, name=f"http {directory}", daemon=True).start()
    path = UnderPrefix.PREFIX + "/" if prefix else "/"
    return f"http://127.0.0.1:{server.server_port}{path}", server


@pytest.fixture(scope="session")
def served(chromium) -> Iterator[Any]:
    """serve(directory) -> base URL; every server stops at the end of the session.

    Asks for the browser first, so a machine without one skips before building anything.
    """
    servers: list[ThreadingHTTPServer] = []

    def start(directory: Path, prefix: bool = False) -> str:
        base, server = serve(directory, prefix)
        servers.append(server)
        return base

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def docs_site(served, built_docs) -> Site:
    """The real site, docs/, as the session built it once (conftest.docs_build), served as Read the Docs
    serves it: under /en/latest/, its 404 page for what is missing."""
    return Site(built_docs, served(built_docs, prefix=True))


@pytest.fixture(scope="session")
def edge_site(served, tmp_path_factory) -> Site:
    """tests/roots/test-browser: sort and filter edge cases from tests/data/browser.json."""
    html = build_html(EDGE_ROOT, tmp_path_factory.mktemp("edge-site"))
    return Site(html, served(html))


# --- pages -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $ARTIFACTS_DIR, else test-artifacts/ (git-ignored)."""
    folder = Path(os.environ.get("ARTIFACTS_DIR") or ROOT / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("FAILED-*.png"):  # a previous run's failures, fixed or not
        old.unlink()
    return folder


def _is_missing_favicon(message) -> bool:
    # http.server has no /favicon.ico; a site that ships none makes Chromium ask for it
    return "404" in message.text and "favicon" in (message.location or {}).get("url", "")


@dataclass
class Pages:
    """Opens pages in fresh contexts and records every JavaScript error they report."""

    browser: Any
    errors: list[str] = field(default_factory=list)
    opened: list[Any] = field(default_factory=list)

    def open(self, **context_options) -> Any:
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("pageerror", lambda err: self.errors.append(f"{page.url}: uncaught {err}"))
        page.on("console", lambda message: self._console(page, message))
        self.opened.append((context, page))
        return page

    def _console(self, page, message) -> None:
        if message.type == "error" and not _is_missing_favicon(message):
            self.errors.append(f"{page.url}: console error: {message.text}")


@pytest.fixture
def pages(chromium, artifacts, request) -> Iterator[Pages]:
    """pages.open(**context_options); the test fails if any page had a JavaScript error."""
    pages = Pages(chromium)
    yield pages
    failed = request.node.stash.get(_call_failed, False)
    for number, (context, page) in enumerate(pages.opened):
        if failed and not page.is_closed():  # what the page looked like when the test failed
            name = f"FAILED-{request.node.name}-{number}.png".replace("/", "_")
            page.screenshot(path=artifacts / name, full_page=True)
        context.close()
    if pages.errors:
        pytest.fail("JavaScript errors:\n" + "\n".join(pages.errors), pytrace=False)


@pytest.fixture
def page(pages) -> Any:
    """A page in a fresh light-mode context; any JavaScript error on it fails the test."""
    return pages.open()


# --- in-page helpers ---------------------------------------------------------------------------

_RESOLVE_COLOUR = """name => {
  const probe = document.createElement("div");
  probe.style.backgroundColor = `var(${name})`;
  document.body.append(probe);
  const colour = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return colour;
}"""


def css_colour(page, variable: str) -> str:
    """A CSS custom property of the page, resolved to the rgb() form computed styles use."""
    colour = page.evaluate(_RESOLVE_COLOUR, variable)
    assert colour not in ("", "rgba(0, 0, 0, 0)"), f"{variable} is not defined on this page"
    return colour


def is_dark(page) -> bool:
    """Whether the page's own background is dark (luminance below one half)."""
    r, g, b = page.evaluate("""() => getComputedStyle(document.body).backgroundColor
        .match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)""")
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        skip_or_fail(f"axe-core is missing ({AXE.relative_to(ROOT)}): run `npm ci` at the repository root")
    return AXE


def axe_violations(page, script: Path, impacts=("serious", "critical")) -> list[str]:
    """axe-core's violations of these impacts, one line each: id, impact, help and targets."""
    page.add_script_tag(path=str(script))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"] if v["impact"] in impacts
    ]
