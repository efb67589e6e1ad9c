"""The extension's settings (``papers_*``), where its files are, and the one way to the build's catalog.

Also the one warning type, ``papers``, with its subtypes: each can be silenced
with ``suppress_warnings = ["papers.<subtype>"]`` (a stop is never a warning).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from ..data.loading import PapersDataError, load_catalog, schema_for
from ..data.model import Catalog

WARNING_TYPE = "papers"
#: The subtypes of ``papers`` warnings, and what each is about (documented in docs/extension.md).
SUBTYPES = {
    "data": "a problem of the data file that does not stop the build (e.g. a venue declared twice)",
    "empty": "a papers directive whose options match no paper",
    "rtd": "a list too long for Read the Docs' search to index every paper",
    "duplicate": "a paper indexed by lists on two pages",
}
#: The folder of the output the downloads (BibTeX, CSL JSON, CSV, per-year BibTeX) are written to.
DOWNLOADS = "_papers"


def warn(logger, message: str, *args, subtype: str, location=None) -> None:
    """A ``papers.<subtype>`` warning through Sphinx's logger, with a location."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, *args, location=location, type=WARNING_TYPE, subtype=subtype)


def setup_config(app: Sphinx) -> None:
    app.add_config_value(
        "papers_file", "papers.json", "env", types=frozenset({str}),
        description="The data file, relative to conf.py's folder or absolute.",
    )
    app.add_config_value(
        "papers_schema", "", "env", types=frozenset({str}),
        description="Its JSON Schema; default: the file its \"$schema\" names, else papers.schema.json beside it.",
    )
    app.add_config_value(
        "papers_browse", "", "env", types=frozenset({str}),
        description="Output folder of the pages per tag, venue, dataset and framework, e.g. 'browse'; '' for none.",
    )
    app.add_config_value(
        "papers_pages", "", "env", types=frozenset({str}),
        description="Output folder of a page per paper, e.g. 'papers'; '' for none.",
    )
    app.add_config_value(
        "papers_new_days", 60, "env", types=frozenset({int}),
        description="Rows added fewer days ago than this, the day a reader looks, are marked new.",
    )
    app.add_config_value(
        "papers_feed_size", 30, "html", types=frozenset({int}),
        description="How many of the papers added last the Atom feed lists.",
    )
    app.add_config_value(
        "papers_references", ["vancouver", "apa", "ama"], "html", types=frozenset({list, tuple}),
        description="The styles of the formatted references on a paper's page (Vancouver, APA 7, AMA 11); "
                    "each costs milliseconds a paper the first time (citeproc-py), then is kept with the doctrees.",
    )
    app.add_config_value(
        "papers_repository", "", "html", types=frozenset({str}),
        description="The repository's web address (https://github.com/owner/name): a paper's page links "
                    "a pre-filled issue there to report a mistake; '' for no such link.",
    )
    app.connect("config-inited", resolve_paths)


def resolve_paths(app: Sphinx, config: Config) -> None:
    """Make `papers_file` and `papers_schema` absolute, relative to conf.py's folder.

    Done once at ``config-inited`` so directives and roles, which see only
    the config, read the same files whatever the working directory.
    """
    data = Path(app.confdir, config.papers_file).resolve()
    config.papers_file = str(data)
    if config.papers_schema:
        config.papers_schema = str(Path(app.confdir, config.papers_schema).resolve())
    else:  # the one the file names, else beside it; a missing one is reported by the preflight
        try:
            config.papers_schema = str(schema_for(data))
        except PapersDataError:
            config.papers_schema = str(data.with_name("papers.schema.json"))


def data_file(config: Config) -> Path:
    return Path(config.papers_file)


def schema_file(config: Config) -> Path:
    return Path(config.papers_schema)


def catalog_of(config: Config) -> Catalog:
    """The build's catalog: checked by the preflight before any page is read, cached after."""
    return load_catalog(data_file(config), schema_file(config))
