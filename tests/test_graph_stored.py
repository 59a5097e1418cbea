"""The relation graph from its skeleton beside the store: the graph Graph.build makes, without every record in memory."""

from __future__ import annotations

from datetime import date

import pytest

from behind.config import Settings
from behind.graph.exposure import explain
from behind.graph.graph import Graph
from behind.graph.regimes import load_regimes
from behind.graph.stored import graph_key, stored_graph
from behind.matching.match import Index
from behind.model.matching import MatchingConfig
from behind.store import Store
from behind.store.rows import EntityRows


@pytest.fixture(scope="module")
def graphs(loaded_dir):
    config = MatchingConfig()
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        versions = store.active_versions()
        index = Index.from_store(store, config)
        stored = stored_graph(index, versions, config)
    return Graph.build(index.entities, index.links), stored, index, versions


def _edges(edges):
    return {k: [e.model_dump() for e in v] for k, v in edges.items() if v}


def test_the_stored_graph_is_the_built_one(graphs):
    built, stored, _, _ = graphs
    assert _edges(built.up) == _edges(stored.up) and _edges(built.info) == _edges(stored.info)
    assert built.unresolved == stored.unresolved and stored.unresolved
    keys = list(built.entities)
    assert list(stored.entities) == keys and len(stored.entities) == len(keys)
    assert all(built.group(k) == stored.group(k) and built.group_of[k] == stored.group_of[k] for k in keys)
    assert any(len(built.group(k)) > 1 for k in keys)  # records linked across lists
    assert built.sources() == stored.sources()
    assert "no-such-list:1" not in stored.entities
    with pytest.raises(KeyError):
        stored.entities["curated:no-such-record"]


def test_explanations_are_the_same(graphs):
    built, stored, _, _ = graphs
    regimes = load_regimes()
    related = sorted({k for edges in built.up.values() for e in edges for k in (e.subject, e.object)})
    assert len(related) > 50
    for day in (date(2019, 1, 1), date(2025, 6, 1)):
        for key in related:
            assert explain(built, key, day, regimes=regimes) == explain(stored, key, day, regimes=regimes), key


def test_a_later_start_reads_the_skeleton_not_every_record(graphs, loaded_dir, monkeypatch):
    _, stored, index, versions = graphs

    def every_record(self):
        raise AssertionError("read every record")
    monkeypatch.setattr(EntityRows, "__iter__", every_record)
    again = stored_graph(index, versions, MatchingConfig())
    assert _edges(again.up) == _edges(stored.up) and again.unresolved == stored.unresolved


def test_a_corrupt_skeleton_is_built_again(graphs, loaded_dir):
    _, stored, index, versions = graphs
    meta = loaded_dir / "graph" / graph_key(versions, MatchingConfig()) / "index.json"
    assert meta.exists()
    meta.write_text('{"format": 1, "key": "x', encoding="utf-8")
    again = stored_graph(index, versions, MatchingConfig())
    assert _edges(again.up) == _edges(stored.up)
    assert meta.read_text(encoding="utf-8").startswith("{")
