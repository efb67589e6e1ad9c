"""A small site for the browser tests: sort and filter edge cases from tests/data/browser.json."""

from pathlib import Path

HERE = Path(__file__).resolve().parent  # tests/roots/test-browser, used as srcdir in place

extensions = ["myst_parser", "papers"]
papers_file = str(HERE.parents[1] / "data" / "browser.json")
papers_schema = str(HERE.parents[2] / "data" / "papers.schema.json")

project = "Browser test papers"
# furo, as on the real site: the stripes and highlights come from its colour variables
html_theme = "furo"
html_copy_source = False
