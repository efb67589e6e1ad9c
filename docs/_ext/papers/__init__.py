"""A curated paper list for Sphinx: data file in, sortable year tables out.

The wings, one folder each: ``data`` (the list read, checked and written; no
Sphinx, no network), ``formats`` (text out: BibTeX, CSL, CSV, RIS, Atom,
charts, the README's list), ``sphinx_ext`` (the extension: directive, domain,
pages, downloads), ``registry`` (Crossref and arXiv, for ``add`` and ``audit``)
and ``commands`` (``python -m papers``). Sphinx is imported inside `setup`
only, so the commands run without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "2.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    from .sphinx_ext import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        # pickled doctrees and domain data hold our classes: they moved into sphinx_ext
        "env_version": 7,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
