"""Build the site in every format Read the Docs offers, the way Read the Docs builds it.

Facts from Read the Docs' builder (readthedocs/readthedocs.org at commit 79371961:
``readthedocs/doc_builder/director.py``, ``build_docs`` and ``_get_environment_variables``;
``readthedocs/doc_builder/backends/sphinx.py``, ``BaseSphinx.build``, ``LocalMediaBuilder``,
``EpubBuilder`` and ``PdfBuilder``):

- Formats build in this order: html, htmlzip, pdf, epub; each is skipped unless
  ``.readthedocs.yaml`` lists it under ``formats`` (html always builds).
- Each runs ``python -m sphinx -T [-W --keep-going] -b <builder> -d _build/doctrees -D language=<lang>
  . $READTHEDOCS_OUTPUT/<format>`` in the folder of ``conf.py``; all share one doctrees folder.
  ``-W --keep-going`` comes from ``sphinx.fail_on_warning``, for every format but the PDF.
- htmlzip is the ``singlehtml`` builder; its output folder is renamed ``<slug>-<version>`` and
  zipped, so the archive opens to that folder.
- pdf is the ``latex`` builder, then, in its output folder, ``latexmk -r latexmkrc -pdf -f -dvi- -ps-
  -jobname=<slug> -interaction=nonstopmode`` (``extractbb`` first for PNG, GIF and JPEG images).
- The build's environment names the project, version, language, output folder, canonical URL and
  repository (``READTHEDOCS_*``).

``python tests/rtd_build.py OUT [FORMAT ...]`` builds into OUT (``nox -s formats``); tests
import `build`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Read the Docs' order, and each format's builder.
BUILDERS = {"html": "html", "htmlzip": "singlehtml", "pdf": "latex", "epub": "epub"}
SLUG = "fl-healthcare-papers"
VERSION = "latest"
CANONICAL = f"https://{SLUG}.readthedocs.io/en/{VERSION}/"


@dataclass
class Built:
    """One format's build: its output folder, its file (PDF, EPUB, zip), and what sphinx-build printed."""

    folder: Path
    file: Path | None
    stdout: str
    stderr: str
    #: the PDF's: the LaTeX log, and what latexmk printed
    log: str = ""
    latexmk: str = ""


def environment(output: Path, canonical: str = CANONICAL) -> dict[str, str]:
    """The variables Read the Docs sets for a build (the clone URL is an example's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    env.update({
        "READTHEDOCS": "True", "READTHEDOCS_PROJECT": SLUG, "READTHEDOCS_VERSION": VERSION,
        "READTHEDOCS_VERSION_TYPE": "branch", "READTHEDOCS_VERSION_NAME": VERSION, "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_CANONICAL_URL": canonical,
        "READTHEDOCS_GIT_CLONE_URL": "https://github.com/example/fl-healthcare-papers.git",
    })
    return env


def sphinx_build(fmt: str, output: Path, *, docs: Path = DOCS, doctrees: Path | None = None,
                 canonical: str = CANONICAL, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """One format's ``sphinx-build`` as Read the Docs runs it; `doctrees` shared between formats."""
    strict = () if fmt == "pdf" else ("-W", "--keep-going")  # sphinx.fail_on_warning: true
    command = [sys.executable, "-m", "sphinx", "-T", *strict, "-b", BUILDERS[fmt],
               "-d", str(doctrees or output / "doctrees"), "-D", "language=en", *extra, ".", str(output / fmt)]
    return subprocess.run(command, cwd=docs, env=environment(output, canonical), capture_output=True, text=True)


def build(fmt: str, output: Path, **options) -> Built:
    """Build `fmt` into ``output/<fmt>`` and make its file as Read the Docs does; raises if it fails."""
    result = sphinx_build(fmt, output, **options)
    if result.returncode:
        raise RuntimeError(f"sphinx-build -b {BUILDERS[fmt]} failed ({result.returncode}):\n{result.stderr}")
    folder = output / fmt
    if fmt == "html":
        return Built(folder, None, result.stdout, result.stderr)
    if fmt == "htmlzip":
        return Built(folder, zip_folder(folder, output / f"{SLUG}.zip"), result.stdout, result.stderr)
    if fmt == "epub":
        return Built(folder, next(folder.glob("*.epub")), result.stdout, result.stderr)
    for image in [p for ext in ("png", "gif", "jpg", "jpeg") for p in folder.glob(f"*.{ext}")]:
        subprocess.run(["extractbb", image.name], cwd=folder, check=True)
    latexmk = subprocess.run(
        ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", f"-jobname={SLUG}", "-interaction=nonstopmode"],
        cwd=folder, capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL)
    pdf = folder / f"{SLUG}.pdf"
    log = (folder / f"{SLUG}.log").read_text(encoding="latin-1") if (folder / f"{SLUG}.log").exists() else ""
    if not pdf.exists():  # Read the Docs, too, fails only when there is no PDF
        raise RuntimeError(f"latexmk made no PDF:\n{latexmk.stdout[-4000:]}")
    return Built(folder, pdf, result.stdout, result.stderr, log, latexmk.stdout + latexmk.stderr)


def zip_folder(folder: Path, target: Path) -> Path:
    """The offline HTML as Read the Docs zips it: the files under one folder, ``<slug>-<version>/``."""
    top = f"{SLUG}-{VERSION}"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return target


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: python tests/rtd_build.py OUT [html|htmlzip|pdf|epub ...]", file=sys.stderr)
        return 2
    output = Path(argv[0]).resolve()
    formats = argv[1:] or list(BUILDERS)
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    for fmt in BUILDERS:  # Read the Docs' order, whatever the order asked
        if fmt in formats:
            built = build(fmt, output, doctrees=output / "doctrees")
            print(f"{fmt}: {built.file or built.folder}")
            sys.stderr.write(built.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
