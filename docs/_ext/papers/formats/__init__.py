"""Text out: the list as BibTeX, CSL JSON, CSV, RIS, Atom, charts and README tables. Never imports Sphinx."""
