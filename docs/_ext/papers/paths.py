"""Where the data and schema files are, from the ``papers_*`` config values."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .loading import PapersDataError, schema_for


def resolve_paths(app: Sphinx, config: Config) -> None:
    """Make `papers_file` and `papers_schema` absolute, relative to conf.py's folder.

    Done once at ``config-inited`` so directives and roles, which see only
    the config, read the same files whatever the working directory.
    """
    data = Path(app.confdir, config.papers_file).resolve()
    config.papers_file = str(data)
    if config.papers_schema:
        config.papers_schema = str(Path(app.confdir, config.papers_schema).resolve())
    else:  # beside the data file, else this project's; a missing one is reported by the preflight
        try:
            config.papers_schema = str(schema_for(data))
        except PapersDataError:
            config.papers_schema = str(data.with_name("papers.schema.json"))


def data_file(config: Config) -> Path:
    return Path(config.papers_file)


def schema_file(config: Config) -> Path:
    return Path(config.papers_schema)
