"""Render the site's images with Chromium: the social card and the README's screenshot.

``nox -s images`` runs it after building the site. The social card is
docs/_art/social-card.html with the home page's figure; the screenshot is the
built papers page at 1280 px. Both are committed, so builds need no browser.
"""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ART = Path(__file__).resolve().parent
DOCS = ART.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(site: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        card = browser.new_page(viewport={"width": 1200, "height": 630})
        card.goto((ART / "social-card.html").as_uri())
        figure = (DOCS / "_static" / "fl-overview.svg").read_text(encoding="utf-8")
        card.evaluate("svg => { document.getElementById('figure').innerHTML = svg; }", figure)
        card.screenshot(path=DOCS / "_static" / "social-card.png")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"http://127.0.0.1:{server.server_port}/papers.html")
        page.wait_for_selector("thead .papers-sort")
        page.screenshot(path=DOCS / "screenshots" / "papers.png")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
