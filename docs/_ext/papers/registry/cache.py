"""Registry answers kept on disk for a day, so a rerun asks the network nothing (Crossref asks for it).

Only answers that were read whole and understood are kept: the caller stores an
answer after parsing it (`keep`), and drops a kept one that no longer parses
(`forget`). The cache is one SQLite file (the stdlib's ``sqlite3``); a cache that
cannot be used is never a reason to fail: a corrupt file is set aside and a new
one started, a misplaced or unwritable one means no cache this run, and the
command says so once.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

#: How long answers are kept: a rerun within a day asks the network nothing.
CACHE_LIFE = timedelta(days=1)
FILE_NAME = "registries.sqlite"


class AnswerCache:
    """``url -> (status, body)`` for a day; `say` hears, once, why the cache is not used."""

    def __init__(self, folder: Path | None, say: Callable[[str], None]) -> None:
        self.say = say
        self.connection: sqlite3.Connection | None = None
        if folder is not None:
            self.connection = self._open(Path(folder))

    def _open(self, folder: Path) -> sqlite3.Connection | None:
        path = folder / FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            self.say(f"the cache folder {folder} (PAPERS_CACHE) cannot be used ({err.strerror}): answers are not "
                     "cached this run; set PAPERS_CACHE to a writable folder, or off")
            return None
        for attempt in range(2):
            try:
                connection = sqlite3.connect(path, timeout=10)
                connection.execute("CREATE TABLE IF NOT EXISTS answers (url TEXT PRIMARY KEY, status INTEGER, "
                                   "body BLOB, stored REAL)")
                connection.commit()
                return connection
            except sqlite3.DatabaseError as err:
                if attempt or not path.is_file():
                    self.say(f"the cache {path} cannot be used ({err}): answers are not cached this run")
                    return None
                aside = path.with_name(FILE_NAME + ".unreadable")
                self.say(f"the cache {path} was unreadable ({err}): set aside as {aside.name}, a new one started")
                with contextlib.suppress(OSError):
                    path.replace(aside)
        return None

    def _run(self, sql: str, arguments: tuple) -> list[tuple]:
        if self.connection is None:
            return []
        try:
            rows = self.connection.execute(sql, arguments).fetchall()
            self.connection.commit()
            return rows
        except sqlite3.DatabaseError as err:  # locked too long, or broken under us: carry on without it
            self.say(f"the cache stopped working ({err}): answers are not cached for the rest of this run")
            self.close()
            return []

    def get(self, url: str) -> tuple[int, bytes] | None:
        rows = self._run("SELECT status, body, stored FROM answers WHERE url = ?", (url,))
        if rows and time.time() - rows[0][2] < CACHE_LIFE.total_seconds():
            return rows[0][0], bytes(rows[0][1])
        return None

    def keep(self, url: str, status: int, body: bytes) -> None:
        self._run("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (url, status, body, time.time()))

    def forget(self, url: str) -> None:
        self._run("DELETE FROM answers WHERE url = ?", (url,))

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
