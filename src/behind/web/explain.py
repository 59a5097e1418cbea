"""An entity explained as ``behind explain`` does it, and its path picture, for the API and the pages."""

from __future__ import annotations

from datetime import date

from behind.matching.match import Query
from behind.model.explanation import EntityExplanation
from behind.reports.svg import explanation_svg
from behind.web.service import Service


def explanation(service: Service, name: str, day: date) -> EntityExplanation | None:
    """The best match for ``name``, explained as of ``day`` (None: nothing matches)."""
    hits = service.screener.index.search(Query(name=name[:500]))
    if not hits:
        return None
    result = service.screener.status_of(hits[0].entity.key, day)
    return result.model_copy(update={"query": name, "match": hits[0].to_hit()})


def entity_explanation(service: Service, key: str, day: date) -> EntityExplanation:
    return service.screener.status_of(key, day)


def path_svg(service: Service, result: EntityExplanation) -> str:
    return explanation_svg(result, service.graph.names())


__all__ = ["entity_explanation", "explanation", "path_svg"]
