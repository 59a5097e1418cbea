"""A list as it stood on a date, or every version of it: ``behind update NAME --as-of DATE``
and ``behind update NAME --history FROM..[TO]``.

Only lists whose publisher serves past versions can do this (``SourceSpec.supports_as_of``;
today the Entity List, from the eCFR versioner API). For them:

- with ``--as-of DATE`` the list's files are those the publisher serves for ``DATE``;
- with ``--history FROM..TO`` the publisher's amendment dates between ``FROM`` and ``TO``
  (or today) are looked up, and one file per date is fetched; the reader merges them into
  one version whose listings end where an entry disappeared;
- with neither, the newest date the publisher serves is looked up first (the eCFR does not
  accept ``current``).

The look-ups go through :func:`behind.ingest.fetch.fetch_many` like every download (size
limit, retries); what they fetch is checked, and a bad answer is a :class:`SourceError`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from behind.config import FetchSettings
from behind.errors import InputError, SourceError, UsageError
from behind.ingest.fetch import fetch_many
from behind.ingest.update import origins_for
from behind.sources import ecfr_entity_list
from behind.sources.ecfr_api import DatedApi, iso_date
from behind.sources.spec import SourceSpec

#: list name -> how its publisher serves it as of a date
DATED: dict[str, DatedApi] = {ecfr_entity_list.NAME: ecfr_entity_list.DATED}


def parse_range(text: str) -> tuple[str, str | None]:
    """``2019-01-01..2021-06-30`` -> both dates; ``2019-01-01..`` -> (from, None)."""
    since, sep, until = text.partition("..")
    if not sep:
        raise UsageError(f"--history takes FROM..[TO] (e.g. 2019-01-01..), not {text!r}")
    try:
        first, last = iso_date(since), iso_date(until) if until.strip() else None
    except InputError as exc:
        raise UsageError(f"--history {text!r}: {exc.reason}") from None
    if last is not None and last < first:
        raise UsageError(f"--history {text!r}: the end is before the start")
    return first, last


def _get(url: str, spec: SourceSpec, settings: FetchSettings) -> bytes:
    with tempfile.TemporaryDirectory(prefix=f"behind-{spec.name}-dates-") as tmp:
        fetched = fetch_many({"answer.json": url}, Path(tmp), source=spec.name, settings=settings)
        path = fetched["answer.json"].path
        assert path is not None  # no validators were sent, so the answer is never 304
        return path.read_bytes()


def dated_api(spec: SourceSpec) -> DatedApi:
    """How the publisher serves ``spec`` as of a date; :class:`UsageError` for a list it does not."""
    api = DATED.get(spec.name)
    if api is None or not spec.supports_as_of:
        dated = ", ".join(sorted(DATED))
        raise UsageError(f"{spec.name} cannot be loaded as of a past date (--as-of, --history); "
                         f"its publisher serves only the current list. Lists that can: {dated}")
    return api


def newest_date(spec: SourceSpec, settings: FetchSettings) -> str:
    """The newest date the publisher serves the list for."""
    api = dated_api(spec)
    try:
        return api.newest(_get(api.newest_url, spec, settings))
    except InputError as exc:
        raise SourceError(f"{exc.reason} ({api.newest_url})", source=spec.name) from exc


def amendment_dates(spec: SourceSpec, since: str, until: str | None, settings: FetchSettings) -> list[str]:
    """The dates the list changed between ``since`` and ``until`` (both included)."""
    api = dated_api(spec)
    url = api.versions_url(since, until)
    try:
        dates = api.versions(_get(url, spec, settings))
    except InputError as exc:
        raise SourceError(f"{exc.reason} ({url})", source=spec.name) from exc
    return [d for d in dates if d >= since and (until is None or d <= until)]


def resolve_origins(spec: SourceSpec, *, urls: dict[str, str] | None = None, from_path: Path | None = None,
                    as_of: str | None = None, history: str | None = None,
                    settings: FetchSettings | None = None) -> dict[str, str]:
    """Where each file of ``spec`` comes from for this ``behind update``: as of a date, one file
    per amendment date of a range, the newest dated version, or :func:`origins_for`'s answer."""
    settings = settings or FetchSettings()
    if as_of is not None and history is not None:
        raise UsageError("give --as-of or --history, not both")
    if (as_of is not None or history is not None) and (from_path is not None or urls):
        raise UsageError("--as-of and --history ask the publisher; they cannot be combined with --from "
                         "or with URLs set in the configuration")
    if history is not None:
        api = dated_api(spec)
        since, until = parse_range(history)
        dates = amendment_dates(spec, since, until, settings)
        if not dates:
            raise SourceError(f"the publisher lists no amendment between {since} and {until or 'today'}",
                              source=spec.name)
        return {name: url for day in dates for name, url in api.urls(day).items()}
    if as_of is not None:
        try:
            day = iso_date(as_of)
        except InputError as exc:
            raise UsageError(f"--as-of: {exc.reason}") from None
        return dated_api(spec).urls(day)
    if from_path is None and not urls and spec.name in DATED and spec.supports_as_of:
        return DATED[spec.name].urls(newest_date(spec, settings))
    return origins_for(spec, urls=urls, from_path=from_path)


__all__ = ["DATED", "dated_api", "amendment_dates", "newest_date", "parse_range", "resolve_origins"]
