"""What the store says about a list version: its files, counts, age, and what a load did."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from behind.ingest.fetch import FileInfo


@dataclass(frozen=True)
class Version:
    """One stored version of a list."""

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
    #: relations the version's records state (ownership, brand, relabel, ``Linked To:``...)
    relation_count: int = 0

    def age_days(self, now: datetime | None = None) -> float:
        now = now or datetime.now(timezone.utc)
        return (now - datetime.fromisoformat(self.fetched_at)).total_seconds() / 86400


@dataclass(frozen=True)
class LoadResult:
    """What :meth:`Store.load` did: the active version, whether it is new, and the one before."""

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


__all__ = ["FileInfo", "LoadResult", "Version", "now_iso", "set_sha256"]
