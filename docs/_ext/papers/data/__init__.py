"""The data core: the list read, checked and written. Never imports Sphinx, docutils or the network."""
