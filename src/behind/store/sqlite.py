"""The embedded store: one SQLite file holding every loaded list version.

Loading is atomic: a version's rows and the switch of ``active`` happen in one
transaction, so a reader sees the old version or the complete new one, never a
half. Older versions stay (up to ``keep_versions`` per source) and can be
restored. The tables are described in :mod:`behind.store.schema`.

Errors: :class:`~behind.errors.StoreError` (with ``path``) when the file cannot be
opened or written, :class:`~behind.errors.NotFoundError` for a list or version that
is not stored, :class:`~behind.errors.NotReadyError` when nothing is loaded, and
:class:`~behind.errors.SourceError` when a new version is refused (empty, shrunk,
duplicate ids).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from behind.errors import NotFoundError, NotReadyError, SourceError, StoreError
from behind.ingest.fetch import FileInfo
from behind.model.entity import Entity
from behind.sources.base import ParsedList, StreamedList
from behind.sources.registry import listings_of
from behind.store.schema import VERSION_COLUMNS, prepare
from behind.store.versions import Counts, LoadResult, Version, check_shrink, now_iso, set_sha256

#: records written per INSERT batch of :meth:`Store.load_stream`
BATCH = 1000
_SELECT = "SELECT " + ", ".join(f"v.{c}" for c in VERSION_COLUMNS) + " FROM versions v"


class Store:
    """An embedded SQLite store in ``path`` (created on first use, migrated from an older schema)."""

    def __init__(self, path: Path, *, keep_versions: int = 5) -> None:
        self.path = path
        self.keep_versions = keep_versions
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{path}: cannot open store: {exc}", path=str(path)) from exc
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            prepare(self._db, path)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{path}: cannot open store: {exc}", path=str(path)) from exc
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ versions
    def _version(self, row: tuple[Any, ...], active_ids: set[int]) -> Version:
        return Version(
            id=row[0], source=row[1], origin=row[2], fetched_at=row[3], loaded_at=row[4],
            published=row[5], sha256=row[6],
            files=tuple(FileInfo(**f) for f in json.loads(row[7])), record_count=row[8],
            counts=json.loads(row[9]), warnings=tuple(json.loads(row[10])), active=row[0] in active_ids,
            relation_count=row[11], listing_count=row[12])

    def _active_ids(self) -> set[int]:
        return {r[0] for r in self._db.execute("SELECT version_id FROM active")}

    def versions(self, source: str | None = None) -> list[Version]:
        """All stored versions, newest first (of one source, or of all)."""
        sql = _SELECT + (" WHERE v.source = ?" if source else "") + " ORDER BY v.id DESC"
        active = self._active_ids()
        return [self._version(r, active) for r in self._db.execute(sql, (source,) if source else ())]

    def active_versions(self) -> list[Version]:
        """The active version of every list, by list name (empty when nothing is loaded)."""
        active = self._active_ids()
        rows = self._db.execute(_SELECT + " JOIN active a ON a.version_id = v.id ORDER BY v.source")
        return [self._version(r, active) for r in rows]

    def active_version(self, source: str) -> Version | None:
        row = self._db.execute(_SELECT + " JOIN active a ON a.version_id = v.id WHERE a.source = ?",
                               (source,)).fetchone()
        return self._version(row, {row[0]}) if row else None

    def require_loaded(self, sources: list[str] | None = None) -> list[Version]:
        """The active versions (of ``sources``, else of every list); :class:`NotReadyError` when
        nothing is loaded, :class:`NotFoundError` for a named list that is not."""
        versions = self.active_versions()
        if not versions:
            raise NotReadyError(f"no lists loaded in {self.path}: run `behind update` or "
                                "`behind update --bundled` first", path=str(self.path))
        if sources is None:
            return versions
        by_name = {v.source: v for v in versions}
        missing = [s for s in sources if s not in by_name]
        if missing:
            raise NotFoundError(f"list {missing[0]!r} is not loaded; loaded lists: {', '.join(by_name)}",
                                what="list", name=missing[0])
        return [by_name[s] for s in dict.fromkeys(sources)]

    # ------------------------------------------------------------------ loading
    def load(self, parsed: ParsedList, files: list[FileInfo], *, fetched_at: str | None = None,
             max_shrink: float = 0.2, force: bool = False) -> LoadResult:
        """Store ``parsed`` as a new version of its source and make it active, atomically
        (:meth:`load_stream` of its records)."""
        streamed = StreamedList(parsed.source, iter(parsed.entities), parsed.published, parsed.warnings)
        return self.load_stream(streamed, files, fetched_at=fetched_at, max_shrink=max_shrink, force=force)

    def load_stream(self, streamed: StreamedList, files: list[FileInfo], *, fetched_at: str | None = None,
                    max_shrink: float = 0.2, force: bool = False) -> LoadResult:
        """Store the records of ``streamed``, as they come, as a new version of its source and make
        it active, atomically.

        A set identical (same sha256) to the active version is not stored again (its records are
        not read). A version with more than ``max_shrink`` fewer records, relations or listings
        than the active one is refused unless ``force``: publishers' feeds do drop programs for a
        day, and a file cut short loses its relations and listings. So are an empty version and
        one with duplicate record ids.

        The active version is read, the records written in batches of :data:`BATCH`, counted,
        compared and made active in one write transaction (``BEGIN IMMEDIATE``): an error on the
        way (a bad line in the stream, a refused version) rolls it all back, and of two loads of
        the same list at once the second waits for the first and is checked against the version
        the first made active.
        """
        source, digest, stamp, db = streamed.source, set_sha256(files), now_iso(), self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            previous = self.active_version(source)
            if previous is not None and previous.sha256 == digest and not force:
                db.execute("ROLLBACK")
                return LoadResult(previous, changed=False, previous=previous)
            cur = db.execute(
                "INSERT INTO versions (source, origin, fetched_at, loaded_at, sha256, files, record_count, counts,"
                " warnings) VALUES (?,?,?,?,?,?,0,'{}','[]')",
                (source, " ".join(f.origin for f in files), fetched_at or stamp, stamp, digest,
                 json.dumps([f.__dict__ for f in files])))
            vid = int(cur.lastrowid or 0)
            counts, schemas, dupes = self._write_records(vid, streamed.entities)
            if not counts.records:
                raise SourceError("the new version has no records; refusing to load it", source=source)
            if dupes:
                raise SourceError(f"duplicate record ids in the new version: {dupes[:5]}", source=source)
            if previous is not None and not force:
                check_shrink(counts, previous, max_shrink, source)
            db.execute("UPDATE versions SET published = ?, record_count = ?, counts = ?, warnings = ?,"
                       " relation_count = ?, listing_count = ? WHERE id = ?",
                       (streamed.published, counts.records, json.dumps(dict(schemas)), json.dumps(streamed.warnings),
                        counts.relations, counts.listings, vid))
            db.execute("INSERT OR REPLACE INTO active (source, version_id, activated_at) VALUES (?,?,?)",
                       (source, vid, stamp))
            self._prune(source)
            version = self.active_version(source)
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot store the new version of {source}: {exc}",
                                 path=str(self.path)) from exc
            raise
        assert version is not None
        return LoadResult(version, changed=True, previous=previous)

    def _write_records(self, vid: int, entities: Iterator[Entity]) -> tuple[Counts, Counter[str], list[str]]:
        """Insert ``entities`` as the records of version ``vid`` in batches; their counts, counts by
        schema, and the ids that came more than once."""
        db, sql = self._db, "INSERT INTO records (version_id, source_id, schema, name, data) VALUES (?,?,?,?,?)"
        records = relations = listings = 0
        schemas: Counter[str] = Counter()
        dupes: list[str] = []
        batch: list[tuple[int, str, str, str, str]] = []
        for e in itertools.chain(entities, [None]):
            if e is not None:
                records, relations, listings = records + 1, relations + len(e.links), listings + len(listings_of(e))
                schemas[e.schema] += 1
                batch.append((vid, e.source_id, e.schema, e.name,
                              json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":"))))
            if len(batch) < BATCH and e is not None:
                continue
            db.execute("SAVEPOINT batch")
            try:
                db.executemany(sql, batch)
            except sqlite3.IntegrityError:  # a duplicate id: insert one by one to name it
                db.execute("ROLLBACK TO batch")
                for row in batch:
                    try:
                        db.execute(sql, row)
                    except sqlite3.IntegrityError:
                        dupes.append(row[1])
            db.execute("RELEASE batch")
            batch = []
        return Counts(records, relations, listings), schemas, dupes
    def _prune(self, source: str) -> None:
        keep = [r[0] for r in self._db.execute(
            "SELECT id FROM versions WHERE source = ? ORDER BY id DESC LIMIT ?", (source, self.keep_versions))]
        self._db.execute(
            f"DELETE FROM versions WHERE source = ? AND id NOT IN ({','.join('?' * len(keep))})"
            " AND id NOT IN (SELECT version_id FROM active)", (source, *keep))

    def restore(self, source: str, version_id: int | None = None) -> Version:
        """Make an earlier version active again (by default the one before the active one)."""
        versions = self.versions(source)
        if not versions:
            stored = sorted({v.source for v in self.versions()})
            raise NotFoundError(f"no versions of {source!r} in the store"
                                + (f"; stored lists: {', '.join(stored)}" if stored else ""),
                                what="list", name=source)
        if version_id is None:
            current = next((v for v in versions if v.active), None)
            older = [v for v in versions if current is None or v.id < current.id]
            if not older:
                raise NotFoundError(f"{source}: there is no version older than the active one to restore",
                                    what="version", name=source)
            target = older[0]
        else:
            match = [v for v in versions if v.id == version_id]
            if not match:
                raise NotFoundError(f"{source}: no version {version_id}; stored: {[v.id for v in versions]}",
                                    what="version", name=str(version_id))
            target = match[0]
        self._db.execute("INSERT OR REPLACE INTO active (source, version_id, activated_at) VALUES (?,?,?)",
                         (source, target.id, now_iso()))
        restored = self.active_version(source)
        assert restored is not None
        return restored

    # ------------------------------------------------------------------ reading
    def entities(self, source: str | None = None) -> Iterator[Entity]:
        """The records of the active version of one source, or of every source."""
        sql = ("SELECT r.data FROM records r JOIN active a ON a.version_id = r.version_id"
               + (" WHERE a.source = ?" if source else "") + " ORDER BY a.source, r.source_id")
        for (data,) in self._db.execute(sql, (source,) if source else ()):
            yield Entity.from_dict(json.loads(data))

    def entity_rows(self) -> Iterator[tuple[int, Entity]]:
        """:meth:`entities` of every source, each with its ``records`` row id (for
        :class:`~behind.store.rows.EntityRows`)."""
        sql = ("SELECT r.rowid, r.data FROM records r JOIN active a ON a.version_id = r.version_id"
               " ORDER BY a.source, r.source_id")
        for rowid, data in self._db.execute(sql):
            yield int(rowid), Entity.from_dict(json.loads(data))

    def entity(self, source: str, source_id: str) -> Entity | None:
        row = self._db.execute(
            "SELECT r.data FROM records r JOIN active a ON a.version_id = r.version_id"
            " WHERE a.source = ? AND r.source_id = ?", (source, source_id)).fetchone()
        return Entity.from_dict(json.loads(row[0])) if row else None


# FileInfo, LoadResult and Version are re-exported for older imports; prefer ``behind.store``.
__all__ = ["FileInfo", "LoadResult", "Store", "Version"]
