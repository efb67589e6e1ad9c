"""The registries that own the papers' identifiers (Crossref, arXiv), asked by ``add`` and ``audit``."""
