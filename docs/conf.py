"""Sphinx configuration for the Federated Learning for Healthcare paper list."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

project = "Federated Learning for Healthcare"
author = "the maintainers of the list"
copyright = "the maintainers of the list"
# the list is living: there are no numbered releases (ePub needs some version)
version = release = "latest"

extensions = [
    "myst_parser",
    "sphinx_design",
    "papers",
]

# the list's data lives at the repository root, beside its schema
papers_file = "../data/papers.json"
# named here, so -D papers_file=/elsewhere.json still finds the schema
papers_schema = "../data/papers.schema.json"

root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Federated Learning for Healthcare"
html_short_title = "FL for Healthcare"
html_static_path = ["_static"]
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# Read the Docs sets the canonical URL of the version being built
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# `nox -s linkcheck`: every link of the site and of the data file. Throttling
# is expected, not an error: arXiv and publishers answer 429 with Retry-After,
# and Sphinx waits (up to linkcheck_rate_limit_timeout) and asks again.
linkcheck_retries = 3
linkcheck_timeout = 30
linkcheck_workers = 4
linkcheck_rate_limit_timeout = 600.0
# GitHub draws its heading anchors with JavaScript: they are never in the HTML
linkcheck_anchors_ignore_for_url = [r"https://github\.com/"]
# Publishers that refuse automated requests outright (403 to any non-browser):
# a failure there says nothing about the link
linkcheck_ignore = [
    r"https://ieeexplore\.ieee\.org/",
    r"https://www\.sciencedirect\.com/",
    r"https://academic\.oup\.com/",
]


def examples_from_the_data(app, config) -> None:
    """The extension page shows the {paper} role on the newest paper of whatever list is built.

    Its examples must not name papers that another data file (-D papers_file=...)
    lacks. Runs after the papers extension has resolved papers_file.
    """
    from papers.loading import PapersDataError, load_catalog

    try:
        papers = load_catalog(config.papers_file, config.papers_schema).papers
    except PapersDataError:
        papers = ()  # the build stops with the data file's problems before reading any page
    if papers:
        first = papers[0].id
        examples = {"example_id": first, "example_role": f"{{paper}}`{first}`",
                    "example_titled": f"{{paper}}`this paper <{first}>`", "example_myst": f"[](#{first})"}
    else:
        names = ("example_id", "example_role", "example_titled", "example_myst")
        examples = dict.fromkeys(names, "(none: the list is empty)")
    config.myst_substitutions = {**config.myst_substitutions, **examples}


def setup(app):
    app.connect("config-inited", examples_from_the_data, priority=900)
