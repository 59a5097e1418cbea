"""The store's SQLite schema, and the migration of an older store file to it.

Tables:

- ``meta``: ``schema_version``.
- ``versions``: one row per loaded version of a list: source, origin (URL or
  path of each file), fetched-at, the publisher's date, sha256 of each file and
  of the set, record counts by schema, the number of relations its records state,
  warnings.
- ``records``: the entities of each version, as JSON, keyed by the list's own id.
  An entity's relations (``links``) are part of it.
- ``active``: which version of each source is in use.

Schema 1 also kept every relation in a ``relations`` table that nothing read (the
graph is built from the entities' links). Opening a schema 1 store migrates it in
one transaction: the relation count of each version is computed from that table,
stored on the version, and the table is dropped. Every version and record is kept.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from behind.errors import StoreError

SCHEMA_VERSION = 2

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
    relation_count INTEGER NOT NULL DEFAULT 0
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
                   "record_count", "counts", "warnings", "relation_count")


def _table_exists(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("ALTER TABLE versions ADD COLUMN relation_count INTEGER NOT NULL DEFAULT 0")
        if _table_exists(db, "relations"):
            db.execute("UPDATE versions SET relation_count ="
                       " (SELECT count(*) FROM relations r WHERE r.version_id = versions.id)")
            db.execute("DROP TABLE relations")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def prepare(db: sqlite3.Connection, path: Path) -> None:
    """Create the schema in a new store, migrate an older one, refuse one newer than this code."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = int(row[0]) if row is not None and str(row[0]).isdigit() else None
    if row is not None and found is None:
        raise StoreError(f"{path}: unreadable store schema version {row[0]!r}; delete the file and run "
                         "`behind update` to load the lists again", path=str(path))
    if found == 1:
        _migrate_1_to_2(db)
    elif found is not None and found != SCHEMA_VERSION:
        newer = "a newer Behind wrote it: upgrade Behind, or " if found > SCHEMA_VERSION else ""
        raise StoreError(f"{path}: store schema {found} is not schema {SCHEMA_VERSION}, which this Behind reads; "
                         f"{newer}delete the file and run `behind update` to load the lists again", path=str(path))
    db.executescript(_DDL)
    if row is None:
        db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


__all__ = ["SCHEMA_VERSION", "VERSION_COLUMNS", "prepare"]
