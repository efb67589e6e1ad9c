"""Run as ``python -m papers`` (with docs/_ext on the path) or ``python docs/_ext/papers``."""

import sys

if not __package__:  # run as a folder: make the package importable
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "papers"

from papers.commands.cli import main

sys.exit(main())
