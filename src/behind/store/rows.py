"""The records of a store read on demand, by position: what a match index mapped from files holds
instead of every entity in memory.

:class:`EntityRows` is a read-only sequence over given ``records`` row ids (in the order of
:meth:`behind.store.sqlite.Store.entity_rows`). Item ``i`` is read from the SQLite file when first
asked for and kept in a small cache; iterating reads the rows in batches. Each process opens its
own read-only connection (a forked worker never shares its parent's), so workers and Spark
executors can hold the same sequence.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from behind.errors import StoreError
from behind.model.entity import Entity
from behind.store.readonly import ProcessConnection

#: entities kept decoded per process
CACHE_SIZE = 8192
#: rows read per query when iterating
BATCH = 2000


class EntityRows(Sequence[Entity]):
    """The entities of ``path``'s ``records`` rows ``rowids``, read when asked for."""

    def __init__(self, path: Path, rowids: Any) -> None:
        self.path = path
        self.rowids = rowids  # a sequence (or array) of int row ids
        self._conn = ProcessConnection(path)
        self._cache: OrderedDict[int, Entity] = OrderedDict()

    def _connection(self) -> sqlite3.Connection:
        db, opened = self._conn.get()
        if opened:
            self._cache.clear()  # what a parent process read stays with it
        return db

    def _read(self, ids: list[int]) -> dict[int, Entity]:
        marks = ",".join("?" * len(ids))
        try:
            rows = self._connection().execute(f"SELECT rowid, data FROM records WHERE rowid IN ({marks})", ids)
            found = {int(r): Entity.from_dict(json.loads(d)) for r, d in rows}
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read records: {exc}", path=str(self.path)) from exc
        missing = [i for i in ids if i not in found]
        if missing:
            raise StoreError(f"{self.path}: record rows {missing[:5]} are gone (the list version was pruned); "
                             "reload the index", path=str(self.path))
        return found

    def __len__(self) -> int:
        return len(self.rowids)

    @overload
    def __getitem__(self, i: int) -> Entity: ...

    @overload
    def __getitem__(self, i: slice) -> list[Entity]: ...

    def __getitem__(self, i: int | slice) -> Entity | list[Entity]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        self._connection()  # a forked process starts with an empty cache
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        rowid = int(self.rowids[i])
        entity = self._read([rowid])[rowid]
        self._cache[i] = entity
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return entity

    def __iter__(self) -> Iterator[Entity]:
        for start in range(0, len(self), BATCH):
            ids = [int(r) for r in self.rowids[start:start + BATCH]]
            found = self._read(ids)
            yield from (found[r] for r in ids)


__all__ = ["EntityRows"]
