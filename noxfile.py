"""Build, test and maintain the paper list: `nox -s docs`, `nox -s tests`, `nox -l` for the rest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
OUT = DOCS / "_build"
DATA = "data/papers.json"
SOURCES = "data/sources.json"
#: What `nox -s check` asks beyond the schema, as CI's data tests do (tests/test_seed.py)
CHECK = ("--strict", "--require", "tags", "--readme", "README.md")

nox.options.sessions = ["docs", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True
# the standard library's venv, said outright: otherwise nox looks for uv first and prints
# "uv binary not found" on every session, which a newcomer reads as trouble
nox.options.default_venv_backend = "venv"
nox.needs_version = ">=2024.3.2"


def install(session: nox.Session, *names: str) -> None:
    """Install from requirements/, the one place versions are pinned, and the extension itself
    (docs/_ext/papers, as an editable package: an edit needs no reinstall)."""
    session.install(*(arg for name in names for arg in ("-r", f"requirements/{name}.txt")))
    session.install("--no-deps", "-e", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML site into docs/_build/html (arguments after -- go to sphinx-build)."""
    install(session, "docs")
    html = OUT / "html"
    session.run(
        "python", "-m", "sphinx", "-W", "--keep-going", "-b", "html",
        "-d", str(OUT / "doctrees"), str(DOCS), str(html), *session.posargs,
    )
    session.log(f"The site is in {html}/index.html")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, browser tests included (arguments go to pytest)."""
    install(session, "tests")
    if shutil.which("npm") and not (ROOT / "node_modules/axe-core/axe.min.js").exists():
        session.run("npm", "ci", "--no-audit", "--no-fund", external=True)
    # on every core, a module's tests on one worker (its fixtures build once); -n 0 runs them in this process
    session.run("python", "-m", "pytest", "-n", "auto", "--dist", "loadscope", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff, the wings' import contracts, the types of the data core and formats, and the data file."""
    install(session, "lint", "check")
    session.run("ruff", "check", ".")
    session.run("lint-imports")
    session.run("mypy")
    session.run("python", "-m", "papers", "check", DATA)
    session.run("python", "-m", "papers", "format", "--check", DATA)
    session.run("python", "-m", "papers", "readme", "--check")


def data_args(session: nox.Session, *default: str) -> list[str]:
    """The arguments given after --, with the `default` files when they name no file."""
    args = list(session.posargs)
    return args if any(not a.startswith("-") for a in args) else [*args, *(default or (DATA,))]


@nox.session
def check(session: nox.Session) -> None:
    """Check the list as CI does: schema and rules, where each fact was read, canonical form, README list."""
    install(session, "check")
    session.run("python", "-m", "papers", "check", *CHECK, *data_args(session))


@nox.session(name="format")
def format_data(session: nox.Session) -> None:
    """Rewrite data/papers.json and data/sources.json in canonical form, and README.md's list (-- --check: only say)."""
    install(session, "check")
    session.run("python", "-m", "papers", "format", *data_args(session, DATA, SOURCES))
    check = ["--check"] if "--check" in session.posargs else []
    session.run("python", "-m", "papers", "readme", *check)


@nox.session
def readme(session: nox.Session) -> None:
    """Write README.md's list of papers from data/papers.json (-- --check: only say whether it is current)."""
    install(session, "check")
    session.run("python", "-m", "papers", "readme", *session.posargs)


@nox.session
def source(session: nox.Session) -> None:
    """Record where a paper's facts were read (-- fedbn title authors https://... [--place ...] [--note ...])."""
    install(session, "check")
    session.run("python", "-m", "papers", "source", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Preview with live reload at http://127.0.0.1:8000; edits to the data rebuild too."""
    install(session, "serve")
    session.run(
        "sphinx-autobuild", str(DOCS), str(OUT / "serve"),
        "--watch", str(ROOT / "data"), "--port", "8000",
        "--ignore", str(DOCS / "browse"),  # the build writes those pages itself
        *session.posargs,
    )


@nox.session
def images(session: nox.Session) -> None:
    """Draw the README screenshot and the link-preview card with Chromium (docs/_art)."""
    install(session, "tests")
    html = OUT / "images"
    session.run("python", "-m", "sphinx", "-q", "-b", "html", "-d", str(OUT / "doctrees"), str(DOCS), str(html))
    session.run("python", "docs/_art/make_images.py", str(html))


@nox.session
def linkcheck(session: nox.Session) -> None:
    """Check every link of the site and the data (needs the network; CI does not run it)."""
    install(session, "docs")
    session.run(
        "python", "-m", "sphinx", "-b", "linkcheck", "-d", str(OUT / "doctrees"),
        str(DOCS), str(OUT / "linkcheck"), *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Measure builds of 1,000 and 10,000 papers against hand-written baselines."""
    install(session, "tests")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def formats(session: nox.Session) -> None:
    """Build every format Read the Docs offers, as it builds them, into docs/_build/rtd (-- pdf epub: only those).

    The PDF needs latexmk and TeX Live, the checks epubcheck: see .ci/run for the Debian packages.
    """
    install(session, "docs")
    session.run("python", "tests/rtd_build.py", str(OUT / "rtd"), *session.posargs)


@nox.session
def lighthouse(session: nox.Session) -> None:
    """Score each kind of page with Lighthouse, phone and desktop, into benchmarks/results.md (needs npm, Chromium)."""
    install(session, "docs")
    work = ROOT / "benchmarks" / "_work" / "lighthouse"
    work.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "benchmarks" / "lighthouse" / name, work / name)
    # `npm install`, not `npm ci`: a dependency of Lighthouse asks for "latest" of two packages,
    # which a lock file cannot hold still; the lock pins everything else
    session.run("npm", "install", "--no-audit", "--no-fund", "--prefix", str(work), external=True)
    session.run("python", "benchmarks/lighthouse.py", *session.posargs)


@nox.session
def add(session: nox.Session) -> None:
    """Add papers from their DOI or arXiv id (-- 10.1109/TMI.2023.3239391 --tag mri); see CONTRIBUTING.md."""
    install(session, "check", "maintain")
    session.run("python", "-m", "papers", "add", *session.posargs)


@nox.session
def audit(session: nox.Session) -> None:
    """Compare every paper with a DOI or arXiv id with Crossref and arXiv (-- --fix title to take theirs)."""
    install(session, "check", "maintain")
    session.run("python", "-m", "papers", "audit", *session.posargs)


if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off"):
    nox.options.error_on_missing_interpreters = True
