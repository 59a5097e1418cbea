"""The relation graph of a store without every record in memory: its skeleton on disk, its records on demand.

:func:`Graph.build <behind.graph.graph.Graph.build>` holds every loaded record; at a million records
that is gigabytes and a minute at every start. What the graph needs of most records is only that they
exist: the edges come from the few records that state relations, the node groups from the index's
links. So the skeleton (edges, unresolved relations, groups of linked records, the lists present) is
built once per index (list versions, matching settings and code: :func:`graph_key`) and kept as JSON
beside the store (``graph/<key>/``, written and checked by :func:`~behind.matching.index_files.cached_arrays`,
rebuilt when missing or corrupt); a process loads it in milliseconds, and reads a record from the
store (:class:`~behind.store.keyed.KeyedEntities`) only when an explanation names it. The graph it
answers is the one :meth:`~behind.graph.graph.Graph.build` makes over the same records.

Building the skeleton reads the records that state relations through SQLite's JSON functions, then
streams every record once (for names that relations give as targets, and the keys of linked records),
so memory stays bounded by the relations, not the records.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from behind.errors import StoreError
from behind.graph.graph import Graph, group_roots
from behind.matching.index_files import IndexFileError, cached_arrays, index_key
from behind.matching.match import Index
from behind.matching.stored import index_folder_key
from behind.model.entity import Entity
from behind.model.matching import MatchingConfig
from behind.model.results import Edge
from behind.store.keyed import KeyedEntities
from behind.store.readonly import open_read_only
from behind.store.rows import EntityRows
from behind.store.versions import Version
from behind.text import normalize_name

#: the version of the skeleton's layout
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = ("graph/graph.py", "graph/stored.py", "model/results.py", "model/entity.py")


@lru_cache(maxsize=1)
def _code() -> str:
    h = hashlib.sha256()
    for part in _CODE:
        h.update(part.encode())
        h.update((_PACKAGE / part).read_bytes())
    return h.hexdigest()


def graph_key(versions: Sequence[Version], config: MatchingConfig) -> str:
    """The folder name of the skeleton over ``versions``: the index's key, this layout and this code."""
    index = index_folder_key([(v.source, v.id, v.sha256) for v in versions], config)
    return index_key({"graph": FORMAT, "index": index, "code": _code()})


class _Groups(dict[str, str]):
    """Record -> the record naming its node group; a record not linked names its own."""

    def __missing__(self, key: str) -> str:
        return key


class _Members(dict[str, list[str]]):
    """Group -> its records; a record not linked is alone in its group."""

    def __missing__(self, key: str) -> list[str]:
        return [key]


def _linked_records(store_path: Path, versions: dict[str, int]) -> list[tuple[int, Entity]]:
    """(store row id, record) of every record of ``versions`` that states a relation."""
    marks = ",".join("?" * len(versions))
    sql = (f"SELECT rowid, data FROM records WHERE version_id IN ({marks})"
           " AND json_array_length(data, '$.links') > 0")
    with closing(open_read_only(store_path)) as db:
        try:
            rows = db.execute(sql, tuple(versions.values())).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{store_path}: cannot read records: {exc}", path=str(store_path)) from exc
    return [(int(r), Entity.from_dict(json.loads(d))) for r, d in rows]


def skeleton(index: Index, entities: EntityRows, versions: dict[str, int]) -> dict[str, Any]:
    """The graph of ``index``'s records, as JSON data, built reading each record at most twice."""
    rowids = np.asarray(entities.rowids, dtype=np.int64)
    order = np.argsort(rowids, kind="stable")
    stating = []
    for rowid, e in _linked_records(entities.path, versions):
        at = int(np.searchsorted(rowids, rowid, sorter=order))
        if at < len(order) and int(rowids[order[at]]) == rowid:
            stating.append((int(order[at]), e))
    stating.sort(key=lambda pe: pe[0])  # record order, as Graph.build adds them
    wanted_names = {normalize_name(link.target) for _, e in stating for link in e.links if not link.target_id}
    wanted_keys = {f"{e.source}:{link.target_id}" for _, e in stating for link in e.links if link.target_id}
    roots = group_roots(index.links)
    by_name: dict[str, list[str]] = defaultdict(list)
    present: set[str] = set()
    keys: dict[int, str] = {}
    sources: set[str] = set()
    for i, e in enumerate(entities):  # one pass over every record, in index order
        sources.add(e.source)
        if i in roots:
            keys[i] = e.key
        if e.key in wanted_keys:
            present.add(e.key)
        if wanted_names:
            for n in e.all_names():
                name = normalize_name(n)
                if name in wanted_names:
                    by_name[name].append(e.key)
    present.update(k for found in by_name.values() for k in found)
    graph = Graph({})
    graph.add_edges((e for _, e in stating), by_name, present.__contains__)
    members: dict[str, list[str]] = defaultdict(list)
    for i in sorted(roots):
        members[keys[roots[i]]].append(keys[i])
    return {"records": len(entities), "sources": sorted(sources),
            "group_of": {keys[i]: keys[r] for i, r in sorted(roots.items())}, "members": members,
            "up": {k: [x.model_dump(mode="json") for x in v] for k, v in graph.up.items()},
            "info": {k: [x.model_dump(mode="json") for x in v] for k, v in graph.info.items()},
            "unresolved": graph.unresolved}


def _edges(data: dict[str, list[dict[str, Any]]]) -> defaultdict[str, list[Edge]]:
    out: defaultdict[str, list[Edge]] = defaultdict(list)
    out.update({k: [Edge.model_validate(x) for x in v] for k, v in data.items()})
    return out


def stored_graph(index: Index, versions: Sequence[Version], config: MatchingConfig,
                 build: Callable[[], dict[str, Any]] | None = None) -> Graph:
    """The graph of ``index`` (mapped from the store ``index.entities`` reads), from its skeleton beside
    the store, built there first when missing or corrupt; records are read when asked for."""
    entities = index.entities
    if not isinstance(entities, EntityRows):  # an index built in memory holds its records already
        return Graph.build(entities, index.links)
    ids = {v.source: v.id for v in versions}
    root = entities.path.parent / "graph"
    key = graph_key(versions, config)
    make = build or (lambda: skeleton(index, entities, ids))
    _, meta, _ = cached_arrays(root, key, lambda: ({}, make()))
    try:
        graph = Graph(KeyedEntities(entities.path, ids), _edges(meta["up"]), _edges(meta["info"]),
                      _Groups(meta["group_of"]), _Members(meta["members"]), list(meta["unresolved"]))
        graph.cache["sources"] = set(meta["sources"])
    except (KeyError, TypeError, ValueError) as exc:
        raise IndexFileError(f"{root / key}: not a relation graph: {exc}") from exc
    return graph


__all__ = ["FORMAT", "graph_key", "skeleton", "stored_graph"]
