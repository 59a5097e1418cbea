"""A read-only connection to the store file, one per process.

The lazy record readers (:class:`~behind.store.rows.EntityRows`,
:class:`~behind.store.keyed.KeyedEntities`) are made before worker processes fork and used
in each of them; a SQLite connection must not cross a fork, so each process opens its own,
and says so, for the reader to drop what it cached from the parent.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from behind.errors import StoreError


class ProcessConnection:
    """``get()``: this process's read-only connection to ``path``, and whether it was just opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = -1

    def get(self) -> tuple[sqlite3.Connection, bool]:
        if self._db is not None and self._pid == os.getpid():
            return self._db, False
        try:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                                       check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}", path=str(self.path)) from exc
        self._pid = os.getpid()
        return self._db, True


__all__ = ["ProcessConnection"]
