"""Read-only connections to the store file; one per process for the lazy record readers.

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


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the store file ``path`` (any path: it is passed as a file URI), usable
    from any thread of this process; :class:`StoreError` when it cannot be opened."""
    try:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open store: {exc}", path=str(path)) from exc


class ProcessConnection:
    """``get()``: this process's read-only connection to ``path``, and whether it was just opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = -1

    def get(self) -> tuple[sqlite3.Connection, bool]:
        if self._db is not None and self._pid == os.getpid():
            return self._db, False
        self._db = open_read_only(self.path)
        self._pid = os.getpid()
        return self._db, True


__all__ = ["ProcessConnection", "open_read_only"]
