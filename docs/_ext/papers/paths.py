"""Where the data and schema files are, from the ``papers_*`` config values."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config


def resolve_paths(app: Sphinx, config: Config) -> None:
    """Make `papers_file` and `papers_schema` absolute, relative to conf.py's folder.

    Done once at ``config-inited`` so directives and roles, which see only
    the config, read the same files whatever the working directory.
    """
    data = Path(app.confdir, config.papers_file).resolve()
    config.papers_file = str(data)
    schema = config.papers_schema or data.with_name("papers.schema.json")
    config.papers_schema = str(Path(app.confdir, schema).resolve())


def data_file(config: Config) -> Path:
    return Path(config.papers_file)


def schema_file(config: Config) -> Path:
    return Path(config.papers_schema)
