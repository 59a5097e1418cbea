"""The match index after the lists change: ``update``, ``import`` and ``restore`` build the index of
the new active versions right away (its files beside the store, see
:mod:`behind.matching.index_files`, and the relation graph's skeleton, :mod:`behind.graph.stored`),
so the next ``search``, ``screen`` or server start only maps it."""

from __future__ import annotations

import time

from behind.cli.console import err
from behind.config import Settings
from behind.graph.stored import stored_graph
from behind.matching.match import Index
from behind.model.matching import matching_config
from behind.store import Store


def prepare_index(settings: Settings, store: Store) -> None:
    """Build (or check) the index of the store's active lists, saying how long it took on stderr."""
    if not store.active_versions():
        return
    start = time.perf_counter()
    config = matching_config(settings.matching)
    index = Index.from_store(store, config)
    stored_graph(index, store.active_versions(), config)  # and the relation graph's skeleton beside it
    err.print(f"match index of {len(index):,} records ready in {time.perf_counter() - start:.1f} s")


__all__ = ["prepare_index"]
