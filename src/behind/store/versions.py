"""What the store says about a list version: its files, counts, age, and what a load did; the shrink guard."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from behind.errors import SourceError
from behind.ingest.fetch import FileInfo
from behind.model.entity import Entity
from behind.sources.registry import listings_of


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
    #: listings the version's records carry, by their list's rule (:func:`behind.sources.listings_of`)
    listing_count: int = 0

    def age_days(self, now: datetime | None = None) -> float:
        now = now or datetime.now(timezone.utc)
        return (now - datetime.fromisoformat(self.fetched_at)).total_seconds() / 86400


@dataclass(frozen=True)
class LoadResult:
    """What :meth:`Store.load` did: the active version, whether it is new, and the one before."""

    version: Version
    changed: bool
    previous: Version | None


@dataclass(frozen=True)
class Counts:
    """What a version holds, as the shrink guard compares it: records, relations, listings."""

    records: int
    relations: int
    listings: int

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> Counts:
        records = relations = listings = 0
        for e in entities:
            records, relations, listings = records + 1, relations + len(e.links), listings + len(listings_of(e))
        return cls(records, relations, listings)


def check_shrink(new: Counts, previous: Version, max_shrink: float, source: str) -> None:
    """Refuse (:class:`SourceError`) a new version that has more than ``max_shrink`` fewer records,
    relations or listings than ``previous``, the active version: publishers' feeds do drop a
    program for a day, and a file cut short keeps its records but loses its relations and listings."""
    lost = []
    for what, now, before in (("records", new.records, previous.record_count),
                              ("relations", new.relations, previous.relation_count),
                              ("listings", new.listings, previous.listing_count)):
        shrink = 1 - now / before if before else 0.0
        if shrink > max_shrink:
            lost.append(f"{now} {what}, {shrink:.0%} fewer than the active version {previous.id} ({before})")
    if lost:
        raise SourceError(
            f"the new version has {'; '.join(lost)}; the limit is {max_shrink:.0%}. Publishers' feeds sometimes "
            "drop a program for a day: check the file, then use --force to load it anyway", source=source)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def set_sha256(files: list[FileInfo]) -> str:
    """One digest for a set of files: sha256 over their sorted names and digests."""
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f"{f.name}\0{f.sha256}\n".encode())
    return h.hexdigest()


__all__ = ["Counts", "FileInfo", "LoadResult", "Version", "check_shrink", "now_iso", "set_sha256"]
