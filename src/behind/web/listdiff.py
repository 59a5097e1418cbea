"""What changed in a list between two stored versions: records added, removed and changed (with
the fields that changed). Read from the store's file read-only; the store itself is untouched."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from behind.errors import NotFoundError
from behind.store.readonly import open_read_only
from behind.store.sqlite import Store
from behind.store.versions import Version

MAX_SHOWN = 500


class RecordChange(BaseModel):
    id: str = Field(description="the list's own id of the record")
    name: str
    fields: list[str] = Field(default_factory=list, description="for a changed record: the fields that changed")


class ListDiff(BaseModel):
    """The difference between two versions of a list (each part at most 500 records; the counts are whole)."""

    source: str
    from_version: int
    to_version: int
    added: list[RecordChange]
    removed: list[RecordChange]
    changed: list[RecordChange]
    counts: dict[str, int] = Field(description="added, removed, changed, unchanged")


def _records(db: sqlite3.Connection, version_id: int) -> dict[str, tuple[str, dict[str, Any]]]:
    rows = db.execute("SELECT source_id, name, data FROM records WHERE version_id = ?", (version_id,))
    return {sid: (name, json.loads(data)) for sid, name, data in rows}


def versions_of(store_path: Path, source: str, keep_versions: int = 5) -> list[Version]:
    with Store(store_path, keep_versions=keep_versions) as store:
        found = store.versions(source)
    if not found:
        raise NotFoundError(f"no list {source!r} in the store", what="list", name=source[:100])
    return found


def list_diff(store_path: Path, source: str, from_id: int | None = None, to_id: int | None = None) -> ListDiff:
    """The records ``to`` adds, removes and changes against ``from`` (default: the active version
    against the one stored before it)."""
    versions = versions_of(store_path, source)
    ids = [v.id for v in versions]  # newest first
    if to_id is None:
        to_id = next((v.id for v in versions if v.active), ids[0])
    if from_id is None:
        older = [i for i in ids if i < to_id]
        if not older:
            raise NotFoundError(f"{source}: version {to_id} is the oldest stored; nothing to compare it with",
                                what="version", name=str(to_id))
        from_id = older[0]
    for vid in (from_id, to_id):
        if vid not in ids:
            raise NotFoundError(f"{source}: no version {vid}; stored: {ids}", what="version", name=str(vid))
    db = open_read_only(store_path)
    try:
        before, after = _records(db, from_id), _records(db, to_id)
    finally:
        db.close()
    added = [RecordChange(id=k, name=after[k][0]) for k in sorted(after.keys() - before.keys())]
    removed = [RecordChange(id=k, name=before[k][0]) for k in sorted(before.keys() - after.keys())]
    changed = []
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key][1], after[key][1]
        if old != new:
            fields = sorted(f for f in old.keys() | new.keys() if old.get(f) != new.get(f))
            changed.append(RecordChange(id=key, name=after[key][0], fields=fields))
    counts = {"added": len(added), "removed": len(removed), "changed": len(changed),
              "unchanged": len(before.keys() & after.keys()) - len(changed)}
    return ListDiff(source=source, from_version=from_id, to_version=to_id, added=added[:MAX_SHOWN],
                    removed=removed[:MAX_SHOWN], changed=changed[:MAX_SHOWN], counts=counts)


__all__ = ["ListDiff", "RecordChange", "list_diff", "versions_of"]
