"""Bring GLEIF records up to date: fetch LEI records and their parents' through GLEIF's API.

``behind update gleif --lei LEI ...`` names the records; without ``--lei``, the LEIs the loaded
records carry (a listed company's LEI from OFAC's remarks or the curated file) are enriched.
Each record is fetched first, to learn from its ``relationships`` which parents GLEIF reports;
then the records and those parents are fetched and loaded as one version of the list ``gleif``,
through :func:`~behind.ingest.update.update_source` (conditional, retried, size-limited, all or
nothing).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

from behind.config import FetchSettings
from behind.errors import SourceError
from behind.ingest.fetch import fetch_many
from behind.ingest.update import ListStore, R, UpdateOutcome, update_source
from behind.sources.gleif import API, NAME, SPEC, check_lei, parent_urls, record_urls


def gleif_origins(leis: Iterable[str], *, settings: FetchSettings | None = None, api: str = API) -> dict[str, str]:
    """File name -> URL of each record and of each parent GLEIF reports for it."""
    settings = settings or FetchSettings()
    origins: dict[str, str] = {}
    for lei in dict.fromkeys(check_lei(x) for x in leis):
        origins.update(record_urls(lei, api))
    if not origins:
        raise SourceError("no LEI to fetch: give --lei, or load a list whose records carry LEIs", source=NAME)
    with tempfile.TemporaryDirectory(prefix="behind-gleif-") as tmp:
        fetched = fetch_many(dict(origins), Path(tmp), source=NAME, settings=settings)
        for name, f in fetched.items():
            if f.path is None:
                continue
            try:
                doc = json.loads(f.path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
                raise SourceError(f"not a GLEIF JSON document: {exc}", source=NAME, origin=origins[name]) from None
            if isinstance(doc, dict):
                origins.update(parent_urls(doc, api))
    return origins


def update_gleif(store: ListStore[R], leis: Iterable[str], *, settings: FetchSettings | None = None,
                 api: str = API, max_shrink: float = 0.2, force: bool = False) -> UpdateOutcome[R]:
    """Fetch the LEI records (and their reported parents) and load them as a new version of ``gleif``."""
    origins = gleif_origins(leis, settings=settings, api=api)
    return update_source(store, SPEC, origins, settings=settings, max_shrink=max_shrink, force=force)


__all__ = ["gleif_origins", "update_gleif"]
