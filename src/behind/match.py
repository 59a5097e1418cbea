"""Match a query (a name, optionally a schema and identifiers) against the loaded lists.

The index keeps every listed name in normalised form and every identifier in
an exact lookup table. A query is scored against the best candidate names
(rapidfuzz token-sort ratio over the name words, legal forms set aside);
an identifier that equals a listed one (ISIN, USCC, ticker, LEI, IMO,
passport...) is strong evidence on its own. Every hit says which query name met
which listed name, how strongly, or which identifier matched, and from which
list version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from behind.model import Entity
from behind.normalize import name_tokens, normalize_identifier, normalize_ticker
from behind.store import Store, Version

DEFAULT_THRESHOLD = 0.88
_PERSONISH = {"Person", "LegalEntity"}


@dataclass(frozen=True)
class ListVersion:
    source: str
    version_id: int
    sha256: str
    fetched_at: str
    published: str | None

    @classmethod
    def of(cls, v: Version) -> ListVersion:
        return cls(v.source, v.id, v.sha256, v.fetched_at, v.published)


@dataclass
class Hit:
    entity: Entity
    score: float
    query_name: str | None = None
    matched_name: str | None = None
    name_score: float | None = None
    identifier: dict[str, str] | None = None
    version: ListVersion | None = None

    def to_dict(self) -> dict[str, Any]:
        e = self.entity
        explanation: dict[str, Any] = {}
        if self.matched_name is not None:
            explanation["name"] = {"query": self.query_name, "listed": self.matched_name,
                                   "score": round(self.name_score or 0.0, 4)}
        if self.identifier:
            explanation["identifier"] = self.identifier
        return {
            "source": e.source, "source_id": e.source_id, "score": round(self.score, 4),
            "name": e.name, "schema": e.schema, "programs": e.programs, "listed_on": e.listed_on,
            "source_url": e.source_url, "explanation": explanation,
            "list_version": self.version.__dict__ if self.version else None,
        }


@dataclass
class Query:
    name: str = ""
    schema: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)


def _id_key(scheme: str, value: str) -> tuple[str, str]:
    return scheme, normalize_ticker(value) if scheme == "ticker" else normalize_identifier(value)


class Index:
    """An in-memory index over entities, built once per process from the store."""

    def __init__(self, entities: Iterable[Entity], versions: dict[str, ListVersion] | None = None) -> None:
        self.entities: list[Entity] = []
        self.versions = versions or {}
        self._keys: list[str] = []
        self._owners: list[int] = []
        self._names: list[str] = []
        self._ids: dict[tuple[str, str], list[int]] = {}
        for entity in entities:
            idx = len(self.entities)
            self.entities.append(entity)
            for name in entity.all_names():
                key = " ".join(sorted(name_tokens(name)))
                if key:
                    self._keys.append(key)
                    self._owners.append(idx)
                    self._names.append(name)
            for ident in entity.identifiers:
                k = _id_key(ident.scheme, ident.value)
                if k[1]:
                    self._ids.setdefault(k, []).append(idx)

    @classmethod
    def from_store(cls, store: Store) -> Index:
        versions = {v.source: ListVersion.of(v) for v in store.active_versions()}
        return cls(store.entities(), versions)

    def __len__(self) -> int:
        return len(self.entities)

    def search(self, query: Query, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10) -> list[Hit]:
        best: dict[int, Hit] = {}
        for scheme, value in query.identifiers.items():
            if not value:
                continue
            key = _id_key(scheme.lower(), value)
            for idx in self._ids.get(key, []):
                hit = best.setdefault(idx, Hit(self.entities[idx], 0.0))
                hit.identifier = {"scheme": key[0], "value": value}
                hit.score = 1.0
        if query.name.strip():
            qkey = " ".join(sorted(name_tokens(query.name)))
            if qkey:
                cutoff = threshold * 100
                for _, score, pos in process.extract(qkey, self._keys, scorer=fuzz.ratio, limit=50,
                                                     score_cutoff=cutoff):
                    idx = self._owners[pos]
                    entity = self.entities[idx]
                    if not _compatible(query.schema, entity.schema):
                        continue
                    s = score / 100
                    hit = best.setdefault(idx, Hit(entity, 0.0))
                    if hit.name_score is None or s > hit.name_score:
                        hit.name_score = s
                        hit.query_name = query.name
                        hit.matched_name = self._names[pos]
                    hit.score = max(hit.score, s)
        hits = sorted(best.values(), key=lambda h: (-h.score, h.entity.source, h.entity.source_id))
        for hit in hits:
            hit.version = self.versions.get(hit.entity.source)
        return [h for h in hits if h.score >= threshold][:limit]


def _compatible(query_schema: str | None, schema: str) -> bool:
    if not query_schema:
        return True
    if query_schema == "Person":
        return schema in _PERSONISH
    return schema != "Person"


__all__ = ["DEFAULT_THRESHOLD", "Hit", "Index", "ListVersion", "Query"]
