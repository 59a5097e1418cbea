"""Build a :class:`~behind.screening.screener.Screener` from the store: the one way every engine,
``behind explain`` and the server get the match index, the relation graph and the regimes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from behind.config import Settings
from behind.errors import NotReadyError
from behind.graph.stored import stored_graph
from behind.graph.regimes import load_regimes
from behind.matching.match import Index
from behind.model.matching import matching_config
from behind.model.results import ListInfo
from behind.screening.screener import Screener
from behind.store.sqlite import Store
from behind.store.versions import Version


def build_screener(settings: Settings, as_of: date | None) -> tuple[Screener, list[ListInfo]]:
    """A screener over the active list versions, and those versions as a report lists them.

    ``as_of`` fixes the screening date (rows' own dates are then ignored); ``None`` means
    each row's date, else today."""
    config = matching_config(settings.matching)
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        versions = store.active_versions()
        if not versions:
            raise NotReadyError("no lists loaded: run `behind update` or `behind update --bundled` first")
        index = Index.from_store(store, config)
        graph = stored_graph(index, versions, config)
    lists = _list_infos(versions)
    screener = Screener(index, graph, load_regimes(settings.regimes),
                        as_of or date.today(), fixed_date=as_of is not None, max_depth=settings.max_depth)
    return screener, lists


def active_lists(settings: Settings) -> list[ListInfo]:
    """The active list versions, as a report lists them, without building anything (a quick look)."""
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        return _list_infos(store.active_versions())


def _list_infos(versions: Sequence[Version]) -> list[ListInfo]:
    return [ListInfo(source=v.source, version=v.id, records=v.record_count, fetched_at=v.fetched_at,
                     published=v.published, sha256=v.sha256) for v in versions]


__all__ = ["active_lists", "build_screener"]
