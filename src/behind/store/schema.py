"""The store's SQLite schema, and the migration of an older store file to it.

Tables:

- ``meta``: ``schema_version``.
- ``versions``: one row per loaded version of a list: source, origin (URL or
  path of each file), fetched-at, the publisher's date, sha256 of each file and
  of the set, record counts by schema, the number of relations its records state and
  of listings they carry (both compared by the shrink guard), warnings.
- ``records``: the entities of each version, as JSON, keyed by the list's own id.
  An entity's relations (``links``) are part of it.
- ``active``: which version of each source is in use.

Schema 1 also kept every relation in a ``relations`` table that nothing read (the
graph is built from the entities' links). Opening a schema 1 store migrates it in
one transaction: the relation count of each version is computed from that table,
stored on the version, and the table is dropped. Every version and record is kept.

Schema 2 did not store the number of listings of a version. Opening a schema 2 store counts
them from each version's records, in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from behind.errors import StoreError
from behind.model.entity import Entity
from behind.store.versions import Counts

SCHEMA_VERSION = 3

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
    warnings TEXT NOT NULL,
    relation_count INTEGER NOT NULL DEFAULT 0,
    listing_count INTEGER NOT NULL DEFAULT 0
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
CREATE TABLE IF NOT EXISTS active (
    source TEXT PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES versions (id),
    activated_at TEXT NOT NULL
);
"""

#: the columns of ``versions``, in the order :func:`behind.store.sqlite.Store` reads them
VERSION_COLUMNS = ("id", "source", "origin", "fetched_at", "loaded_at", "published", "sha256", "files",
                   "record_count", "counts", "warnings", "relation_count", "listing_count")


def _table_exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _schema_version(db: sqlite3.Connection) -> int | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row is not None and str(row[0]).isdigit() else None


def _migrate(db: sqlite3.Connection, found: int, step: Callable[[sqlite3.Connection], None]) -> None:
    """Run ``step`` from schema ``found`` to the next in one transaction, unless another process
    opening the same store did it first."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if _schema_version(db) == found:
            step(db)
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(found + 1),))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _relations_table_dropped(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE versions ADD COLUMN relation_count INTEGER NOT NULL DEFAULT 0")
    if _table_exists(db, "relations"):
        db.execute("UPDATE versions SET relation_count ="
                   " (SELECT count(*) FROM relations r WHERE r.version_id = versions.id)")
        db.execute("DROP TABLE relations")


def _listings_counted(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE versions ADD COLUMN listing_count INTEGER NOT NULL DEFAULT 0")
    for (vid,) in db.execute("SELECT id FROM versions").fetchall():
        rows = db.execute("SELECT data FROM records WHERE version_id = ?", (vid,))
        counts = Counts.of(Entity.from_dict(json.loads(data)) for (data,) in rows)
        db.execute("UPDATE versions SET listing_count = ? WHERE id = ?", (counts.listings, vid))


_MIGRATIONS = {1: _relations_table_dropped, 2: _listings_counted}


def prepare(db: sqlite3.Connection, path: Path) -> None:
    """Create the schema in a new store, migrate an older one, refuse one newer than this code."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = _schema_version(db)
    if row is not None and found is None:
        raise StoreError(f"{path}: unreadable store schema version {row[0]!r}; delete the file and run "
                         "`behind update` to load the lists again", path=str(path))
    if found is not None and found > SCHEMA_VERSION or found == 0:
        newer = "a newer Behind wrote it: upgrade Behind, or " if found > SCHEMA_VERSION else ""
        raise StoreError(f"{path}: store schema {found} is not schema {SCHEMA_VERSION}, which this Behind reads; "
                         f"{newer}delete the file and run `behind update` to load the lists again", path=str(path))
    while found is not None and found < SCHEMA_VERSION:
        _migrate(db, found, _MIGRATIONS[found])
        found += 1
    db.executescript(_DDL)
    if row is None:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


__all__ = ["SCHEMA_VERSION", "VERSION_COLUMNS", "prepare"]
