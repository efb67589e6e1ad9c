"""A site built from hostile data: markup in every text field, a 2,000-character title, RTL and emoji."""

from pathlib import Path

HERE = Path(__file__).resolve().parent  # used as srcdir in place

extensions = ["myst_parser", "papers"]
papers_file = str(HERE.parents[1] / "data" / "hostile.json")
papers_schema = str(HERE.parents[2] / "data" / "papers.schema.json")

project = "Hostile data"
html_theme = "furo"
html_copy_source = False
# its 2,000-character titles test the layout: the data check warns about them, rightly
suppress_warnings = ["papers.data"]
papers_pages = "papers"
papers_browse = "browse"
