extensions = ["myst_parser", "papers"]
