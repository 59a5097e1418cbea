"""The records of given list versions read on demand, by key (``source:source_id``).

:class:`KeyedEntities` is a read-only mapping over the records of fixed versions (one per source):
``entities[key]`` reads that record from the SQLite file when first asked for (through the
``records_key`` index) and keeps it in a small cache; iterating lists the keys in the order of
:meth:`behind.store.sqlite.Store.entity_rows`. Like :class:`~behind.store.rows.EntityRows`, each
process opens its own read-only connection, so forked workers can hold the same mapping. What the
relation graph holds instead of every record in memory (:mod:`behind.graph.stored`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

from behind.errors import StoreError
from behind.model.entity import Entity
from behind.store.readonly import ProcessConnection

#: records kept decoded per process
CACHE_SIZE = 8192


class KeyedEntities(Mapping[str, Entity]):
    """The records of ``versions`` (source -> version id) in the store ``path``, read when asked for."""

    def __init__(self, path: Path, versions: Mapping[str, int]) -> None:
        self.path = path
        self.versions = dict(sorted(versions.items()))
        self._conn = ProcessConnection(path)
        self._cache: OrderedDict[str, Entity | None] = OrderedDict()
        self._len: int | None = None
        self._lock = threading.Lock()  # a server's threads share the mapping

    def _connection(self) -> sqlite3.Connection:
        db, opened = self._conn.get()
        if opened:
            self._cache.clear()  # what a parent process read stays with it
        return db

    def _query(self, sql: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        try:
            return self._connection().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read records: {exc}", path=str(self.path)) from exc

    def _find(self, key: str) -> Entity | None:
        with self._lock:
            return self._find_locked(key)

    def _find_locked(self, key: str) -> Entity | None:
        self._connection()  # a forked process starts with an empty cache
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        source, sep, source_id = key.partition(":")
        vid = self.versions.get(source) if sep else None
        found: Entity | None = None
        if vid is not None:
            rows = self._query("SELECT data FROM records WHERE version_id = ? AND source_id = ?", (vid, source_id))
            found = Entity.from_dict(json.loads(str(rows[0][0]))) if rows else None
        self._cache[key] = found
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return found

    def __getitem__(self, key: str) -> Entity:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __iter__(self) -> Iterator[str]:
        db = self._connection()
        for source, vid in self.versions.items():
            try:
                rows = db.execute("SELECT source_id FROM records WHERE version_id = ? ORDER BY source_id", (vid,))
                for (source_id,) in rows:
                    yield f"{source}:{source_id}"
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read records: {exc}", path=str(self.path)) from exc

    def __len__(self) -> int:
        if self._len is None:
            marks = ",".join("?" * len(self.versions))
            rows = self._query(f"SELECT count(*) FROM records WHERE version_id IN ({marks})",
                               tuple(self.versions.values())) if self.versions else [(0,)]
            self._len = int(rows[0][0])  # type: ignore[call-overload]
        return self._len


__all__ = ["KeyedEntities"]
