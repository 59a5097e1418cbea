"""The embedded store: one SQLite file holding every loaded list version.

Tables:

- ``versions``: one row per loaded version of a list: source, origin (URL or
  path of each file), fetched-at, the publisher's date, sha256 of each file and
  of the set, record counts by schema, warnings.
- ``records``: the entities of each version, as JSON, keyed by the list's own id.
- ``relations``: the relations each version states (subsidiary of, owned by with share,
  brand of, OEM relabel of, ``Linked To:``...), from the record that states them, with
  dates and sources; ``target_id`` is empty where the list names the other party only.
- ``active``: which version of each source is in use.

Loading is atomic: a version's rows and the switch of ``active`` happen in one
transaction, so a reader sees the old version or the complete new one, never a
half. Older versions stay (up to ``keep_versions`` per source) and can be
restored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from behind.errors import SourceError, StoreError
from behind.model.entity import Entity
from behind.sources.base import ParsedList

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    published TEXT,
    sha256 TEXT NOT NULL,
    files TEXT NOT NULL,
    record_count INTEGER NOT NULL,
    counts TEXT NOT NULL,
    warnings TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_source ON versions (source, id);
CREATE TABLE IF NOT EXISTS records (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    schema TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS records_key ON records (version_id, source_id);
CREATE TABLE IF NOT EXISTS relations (
    version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    relation TEXT NOT NULL,
    target_id TEXT,
    target TEXT NOT NULL,
    share REAL,
    start TEXT,
    "end" TEXT,
    sources TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_version ON relations (version_id, source_id);
CREATE TABLE IF NOT EXISTS active (
    source TEXT PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions (id),
    activated_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class FileInfo:
    """One file of a list version: where it came from and what it was."""

    name: str
    origin: str
    sha256: str
    size: int
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Version:
    id: int
    source: str
    origin: str
    fetched_at: str
    loaded_at: str
    published: str | None
    sha256: str
    files: tuple[FileInfo, ...]
    record_count: int
    counts: dict[str, int]
    warnings: tuple[str, ...]
    active: bool

    def age_days(self, now: datetime | None = None) -> float:
        now = now or datetime.now(timezone.utc)
        return (now - datetime.fromisoformat(self.fetched_at)).total_seconds() / 86400


@dataclass(frozen=True)
class LoadResult:
    version: Version
    changed: bool
    previous: Version | None


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def set_sha256(files: list[FileInfo]) -> str:
    """One digest for a set of files: sha256 over their sorted names and digests."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f"{f.name}\0{f.sha256}\n".encode())
    return h.hexdigest()


class Store:
    """An embedded SQLite store in ``path`` (created on first use)."""

    def __init__(self, path: Path, *, keep_versions: int = 5) -> None:
        self.path = path
        self.keep_versions = keep_versions
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(_DDL)
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f"{path}: store schema {row[0]} is not the supported {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from exc

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
            counts=json.loads(row[9]), warnings=tuple(json.loads(row[10])), active=row[0] in active_ids)

    def _active_ids(self) -> set[int]:
        return {r[0] for r in self._db.execute("SELECT version_id FROM active")}

    def versions(self, source: str | None = None) -> list[Version]:
        """All stored versions, newest first (of one source, or of all)."""
        sql = "SELECT * FROM versions" + (" WHERE source = ?" if source else "") + " ORDER BY id DESC"
        active = self._active_ids()
        return [self._version(r, active) for r in self._db.execute(sql, (source,) if source else ())]

    def active_versions(self) -> list[Version]:
        active = self._active_ids()
        rows = self._db.execute(
            "SELECT v.* FROM versions v JOIN active a ON a.version_id = v.id ORDER BY v.source")
        return [self._version(r, active) for r in rows]

    def active_version(self, source: str) -> Version | None:
        row = self._db.execute(
            "SELECT v.* FROM versions v JOIN active a ON a.version_id = v.id WHERE a.source = ?",
            (source,)).fetchone()
        return self._version(row, {row[0]}) if row else None

    # ------------------------------------------------------------------ loading
    def load(self, parsed: ParsedList, files: list[FileInfo], *, fetched_at: str | None = None,
             max_shrink: float = 0.2, force: bool = False) -> LoadResult:
        """Store ``parsed`` as a new version of its source and make it active, atomically.

        A set identical (same sha256) to the active version is not stored again.
        A version with more than ``max_shrink`` fewer records than the active one
        is refused unless ``force``: publishers' feeds do drop programs for a day.
        """
        source = parsed.source
        if not parsed.entities:
            raise SourceError("the new version has no records; refusing to load it", source=source)
        digest = set_sha256(files)
        previous = self.active_version(source)
        if previous is not None and previous.sha256 == digest and not force:
            return LoadResult(previous, changed=False, previous=previous)
        if previous is not None and not force and previous.record_count:
            shrink = 1 - len(parsed.entities) / previous.record_count
            if shrink > max_shrink:
                raise SourceError(
                    f"the new version has {len(parsed.entities)} records, {shrink:.0%} fewer than the "
                    f"active version {previous.id} ({previous.record_count}); the limit is {max_shrink:.0%}. "
                    "Publishers' feeds sometimes drop a program for a day: check the file, then use "
                    "--force to load it anyway", source=source)
        counts = Counter(e.schema for e in parsed.entities)
        ids = Counter(e.source_id for e in parsed.entities)
        dupes = [i for i, n in ids.items() if n > 1]
        if dupes:
            raise SourceError(f"duplicate record ids in the new version: {dupes[:5]}", source=source)
        stamp = now_iso()
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            cur = db.execute(
                "INSERT INTO versions (source, origin, fetched_at, loaded_at, published, sha256, files,"
                " record_count, counts, warnings) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (source, " ".join(f.origin for f in files), fetched_at or stamp, stamp, parsed.published,
                 digest, json.dumps([f.__dict__ for f in files]), len(parsed.entities),
                 json.dumps(dict(counts)), json.dumps(parsed.warnings)))
            vid = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO records (version_id, source_id, schema, name, data) VALUES (?,?,?,?,?)",
                ((vid, e.source_id, e.schema, e.name, json.dumps(e.to_dict(), ensure_ascii=False, separators=(",", ":")))
                 for e in parsed.entities))
            db.executemany(
                'INSERT INTO relations (version_id, source_id, relation, target_id, target, share, start, "end",'
                " sources) VALUES (?,?,?,?,?,?,?,?,?)",
                ((vid, e.source_id, lk.relation, lk.target_id, lk.target, lk.share, lk.start, lk.end,
                  json.dumps(list(lk.sources), ensure_ascii=False)) for e in parsed.entities for lk in e.links))
            db.execute("INSERT OR REPLACE INTO active (source, version_id, activated_at) VALUES (?,?,?)",
                       (source, vid, stamp))
            self._prune(source)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        version = self.active_version(source)
        assert version is not None
        return LoadResult(version, changed=True, previous=previous)

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
            raise StoreError(f"no versions of {source!r} in the store")
        if version_id is None:
            current = next((v for v in versions if v.active), None)
            older = [v for v in versions if current is None or v.id < current.id]
            if not older:
                raise StoreError(f"{source}: there is no version older than the active one to restore")
            target = older[0]
        else:
            match = [v for v in versions if v.id == version_id]
            if not match:
                raise StoreError(f"{source}: no version {version_id}; stored: {[v.id for v in versions]}")
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

    def relations(self, source: str) -> Iterator[dict[str, Any]]:
        """The relations stated by the active version of a list."""
        rows = self._db.execute(
            'SELECT r.source_id, r.relation, r.target_id, r.target, r.share, r.start, r."end", r.sources'
            " FROM relations r JOIN active a ON a.version_id = r.version_id WHERE a.source = ?"
            " ORDER BY r.rowid", (source,))
        for sid, rel, tid, target, share, start, end, sources in rows:
            yield {"source_id": sid, "relation": rel, "target_id": tid, "target": target, "share": share,
                   "start": start, "end": end, "sources": json.loads(sources)}

    def relation_counts(self) -> dict[int, int]:
        """Relations stated by each stored version."""
        return dict(self._db.execute("SELECT version_id, count(*) FROM relations GROUP BY version_id").fetchall())

    def entity(self, source: str, source_id: str) -> Entity | None:
        row = self._db.execute(
            "SELECT r.data FROM records r JOIN active a ON a.version_id = r.version_id"
            " WHERE a.source = ? AND r.source_id = ?", (source, source_id)).fetchone()
        return Entity.from_dict(json.loads(row[0])) if row else None


__all__ = ["FileInfo", "LoadResult", "Store", "Version", "set_sha256"]
