"""The relation graph over every loaded list: who owns, brands, relabels or renamed whom.

Edges come from the relations the lists carry (curated ``subsidiary_of``,
``owned_by``, ``brand_of``, ``oem_relabel_of``, ``successor_of``...; OFAC
``Linked To:``; FtM ``Ownership``, ``Directorship``, ``UnknownLink``) and always
point from the subject to its parent, owner, brand owner or manufacturer, so
exposure flows *up* an edge: a subsidiary is exposed to its listed parent, never
a parent to its listed subsidiary. Records of the same real entity on several
lists (see :mod:`behind.matching.linking`) form one node group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from behind.sources import listings_of
from behind.matching.linking import link_entities
from behind.model.entity import Entity, Link
from behind.model.listing import Listing
from behind.model.results import Edge, SourceRef
from behind.text import normalize_name

#: relations along which a parent's listings can reach the subject
PARENTWARD = ("subsidiary_of", "owned_by", "brand_of", "oem_relabel_of", "successor_of")
OWNERSHIP = ("subsidiary_of", "owned_by")


@dataclass
class Graph:
    #: every record by key: a dict, or records read on demand (:mod:`behind.graph.stored`)
    entities: Mapping[str, Entity]
    up: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    info: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    group_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unresolved: list[str] = field(default_factory=list)
    #: results computed once per graph (listings per record, blocked sets per regime and day)
    cache: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Iterable[Entity],
              links: Mapping[int, list[tuple[int, str]]] | None = None) -> Graph:
        """Build the graph. ``links`` are :func:`~behind.matching.linking.link_entities` of the same
        entities in the same order, when the caller has them already (the match index does)."""
        ents = list(entities)
        graph = cls({e.key: e for e in ents})
        roots = group_roots(link_entities(ents) if links is None else links)
        for i, e in enumerate(ents):
            root = ents[roots.get(i, i)].key
            graph.group_of[e.key] = root
            graph.members[root].append(e.key)
        by_name: dict[str, list[str]] = defaultdict(list)
        for e in ents:
            for n in e.all_names():
                by_name[normalize_name(n)].append(e.key)
        graph.add_edges(ents, by_name, graph.entities.__contains__)
        return graph

    def add_edges(self, ents: Iterable[Entity], by_name: Mapping[str, list[str]],
                  exists: Callable[[str], bool]) -> None:
        """The relations of ``ents`` (in record order) as edges; ``by_name``: the keys of the records with
        each normalised name (at least the names relations give as targets)."""
        edges: list[Edge] = []
        for e in ents:
            for link in e.links:
                target = f"{e.source}:{link.target_id}" if link.target_id else _by_name(by_name, e, link.target)
                if target is None or not exists(target):
                    self.unresolved.append(f"{e.key} {link.relation} {link.target!r}: not in the loaded lists")
                    continue
                if link.relation == "owns":  # FtM Ownership: the asset is owned by the owner
                    edges.append(_edge(target, "owned_by", e.key, link))
                else:
                    edges.append(_edge(e.key, link.relation, target, link))
        for edge in _inherit_dates(edges):
            (self.up if edge.relation in PARENTWARD else self.info)[edge.subject].append(edge)

    def listings(self, key: str) -> list[Listing]:
        found = self.cache.get(("listings", key))
        if found is None:
            found = self.cache[("listings", key)] = listings_of(self.entities[key])
        return found

    def group(self, key: str) -> list[str]:
        return self.members[self.group_of[key]]

    def edges_up(self, group: list[str]) -> list[Edge]:
        return [edge for key in group for edge in self.up.get(key, ())]

    def names(self) -> Mapping[str, str]:
        """Record key -> its name, each read when asked for."""
        return _Names(self.entities)

    def sources(self) -> set[str]:
        """The lists the graph's records come from."""
        found: set[str] | None = self.cache.get("sources")
        if found is None:
            found = self.cache["sources"] = {e.source for e in self.entities.values()}
        return found


class _Names(Mapping[str, str]):
    def __init__(self, entities: Mapping[str, Entity]) -> None:
        self.entities = entities

    def __getitem__(self, key: str) -> str:
        return self.entities[key].name

    def __iter__(self) -> Iterator[str]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)


def group_roots(links: Mapping[int, list[tuple[int, str]]]) -> dict[int, int]:
    """Record -> the record that names its node group, for every linked record (a record that is not
    linked is its own group). Unions are made in the order of ``links``, so the same links always
    give the same names."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent.get(i, i) != i:
            parent[i] = parent.get(parent[i], parent[i])
            i = parent[i]
        return i
    for i, linked in links.items():
        for j, _ in linked:
            parent[find(i)] = find(j)
    return {i: find(i) for i in sorted(set(parent) | set(parent.values()))}


def _edge(subject: str, relation: str, obj: str, link: Link) -> Edge:
    sources = [SourceRef(**s) if isinstance(s, dict) else SourceRef(url=str(s)) for s in link.sources]
    return Edge(subject=subject, relation=relation, object=obj, share=link.share, start=link.start, end=link.end,
                sources=sources)


def _by_name(by_name: Mapping[str, list[str]], origin: Entity, name: str) -> str | None:
    """Resolve a relation given by name (OFAC ``Linked To:``): the one record with that exact name,
    on the same list if there is one there, else on any list."""
    keys = sorted(set(by_name.get(normalize_name(name), ())))
    same = [k for k in keys if k.startswith(origin.source + ":")]
    for pool in (same, keys):
        if len(pool) == 1:
            return pool[0]
        if pool:
            return None  # several records carry that name: do not guess
    return None


def _inherit_dates(edges: list[Edge]) -> list[Edge]:
    """An undated relation between two parties takes the dates of their dated ownership relation.

    Lorex was Dahua's subsidiary from 2018-02 to 2022-11-24 and, undated, a relabeller of Dahua
    products: the relabel is only evidenced while the ownership held.
    """
    dated: dict[tuple[str, str], Edge] = {}
    for e in edges:
        if e.relation in OWNERSHIP and (e.start or e.end):
            dated.setdefault((e.subject, e.object), e)
    out = []
    for e in edges:
        source = dated.get((e.subject, e.object))
        if source is not None and source is not e and not (e.start or e.end):
            e = e.model_copy(update={"start": source.start, "end": source.end, "dates_from": source.relation})
        out.append(e)
    return out


__all__ = ["Edge", "Graph", "OWNERSHIP", "PARENTWARD", "group_roots"]
