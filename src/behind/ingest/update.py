"""Bring a list up to date: fetch its files, parse them, load them as a new version.

Every step works on a private staging folder. Only a complete, parsed set, its
values cut to the length limits of :mod:`behind.ingest.limits`, is handed to the
store's ``load``, which makes it active in one transaction; any
failure on the way leaves the active version untouched and raises a
:class:`~behind.errors.SourceError` saying which list, which file and why.

The store sits above this package, so it is reached through :class:`ListStore`,
the two methods an update needs (``behind.store.Store`` has them).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from behind.config import FetchSettings
from behind.errors import InputError, NotFoundError, SourceError, UsageError
from behind.ingest.fetch import FileInfo, Validators, fetch_many, file_info
from behind.ingest.limits import limit_values
from behind.sources.base import ParsedList
from behind.sources.opensanctions import dataset_source, is_dataset
from behind.sources.registry import SOURCES, SourceSpec, data_path


class StoredVersion(Protocol):
    """What an update reads of the active version: its files, for conditional requests."""

    @property
    def files(self) -> tuple[FileInfo, ...]: ...


class Loaded(Protocol):
    """What a store's ``load`` answers: whether a new version was stored."""

    @property
    def changed(self) -> bool: ...


R = TypeVar("R", bound=Loaded)
R_co = TypeVar("R_co", bound=Loaded, covariant=True)


class ListStore(Protocol[R_co]):
    """The store as an update sees it."""

    def active_version(self, source: str) -> StoredVersion | None: ...

    def load(self, parsed: ParsedList, files: list[FileInfo], *, fetched_at: str | None = None,
             max_shrink: float = 0.2, force: bool = False) -> R_co: ...


@dataclass(frozen=True)
class UpdateOutcome(Generic[R]):
    source: str
    status: Literal["loaded", "unchanged", "not_modified"]
    result: R | None
    warnings: tuple[str, ...] = ()


def lists_to_update(names: list[str] | None, *, bundled: bool = False) -> list[SourceSpec]:
    """The lists ``behind update`` works on: those named, else every list with a publisher URL
    (every list with ``bundled``); ``opensanctions:DATASET`` names an OpenSanctions dataset
    (:mod:`behind.sources.opensanctions`). An unknown name raises :class:`NotFoundError`."""
    if not names:
        return [s for s in SOURCES.values() if bundled or s.urls]
    unknown = [n for n in names if n not in SOURCES and not is_dataset(n)]
    if unknown:
        raise NotFoundError(f"unknown list {unknown[0]!r}; known lists: {', '.join(SOURCES)}",
                            what="list", name=unknown[0])
    return [SOURCES.get(n) or dataset_source(n) for n in dict.fromkeys(names)]


def origins_for(spec: SourceSpec, *, urls: dict[str, str] | None = None,
                from_path: Path | None = None) -> dict[str, str]:
    """Where each file of a list comes from: configured URLs, a local folder or file, or the publisher."""
    if from_path is not None:
        if from_path.is_dir():
            present = {p.name.lower(): p for p in from_path.iterdir() if p.is_file()}
            found = {name: str(present[name.lower()]) for name in spec.bundled if name.lower() in present}
            if not found and len(spec.bundled) == 1:
                raise SourceError(f"{next(iter(spec.bundled))} not found in {from_path}", source=spec.name)
            missing = [n for n in spec.required if n not in found]
            if missing:
                raise SourceError(f"required file(s) {', '.join(missing)} not found in {from_path}",
                                  source=spec.name)
            return found
        if len(spec.bundled) != 1:
            raise SourceError(f"{spec.name} is a set of files ({', '.join(spec.bundled)}): give a folder",
                              source=spec.name)
        return {next(iter(spec.bundled)): str(from_path)}
    chosen = dict(urls or spec.urls)
    if not chosen:
        raise SourceError("this list has no publisher URL; load it from a file with --from", source=spec.name)
    return chosen


def bundled_origins(spec: SourceSpec) -> dict[str, str]:
    return {name: str(data_path(rel)) for name, rel in spec.bundled.items()}


def update_source(store: ListStore[R], spec: SourceSpec, origins: dict[str, str], *,
                  settings: FetchSettings | None = None, max_shrink: float = 0.2, force: bool = False,
                  fetched_at: str | None = None, published: str | None = None) -> UpdateOutcome[R]:
    """Fetch ``origins`` (file name -> URL or path), parse and load them as a new version of ``spec``."""
    settings = settings or FetchSettings()
    active = store.active_version(spec.name)
    validators: dict[str, Validators] = {}
    if active is not None and not force:
        for f in active.files:
            if origins.get(f.name) == f.origin and (f.etag or f.last_modified):
                validators[f.name] = Validators(etag=f.etag, last_modified=f.last_modified)
    with tempfile.TemporaryDirectory(prefix=f"behind-{spec.name}-") as tmp:
        staging = Path(tmp)
        fetched = fetch_many(origins, staging, source=spec.name, validators=validators, settings=settings)
        if fetched and all(f.not_modified for f in fetched.values()):
            return UpdateOutcome(spec.name, "not_modified", None)
        stale = {n: origins[n] for n, f in fetched.items() if f.not_modified}
        if stale:  # part of a set changed: the reader needs every file, so fetch the rest again
            fetched.update(fetch_many(stale, staging / "full", source=spec.name, validators={},
                                      settings=settings))
        paths = {name: f.path for name, f in fetched.items() if f.path is not None}
        parsed = _parse(spec, paths, origins)
        if published and not parsed.published:
            parsed.published = published
        files = [file_info(name, f) for name, f in sorted(fetched.items())]
        result = store.load(parsed, files, fetched_at=fetched_at, max_shrink=max_shrink, force=force)
    return UpdateOutcome(spec.name, "loaded" if result.changed else "unchanged", result, tuple(parsed.warnings))


def _parse(spec: SourceSpec, paths: dict[str, Path], origins: dict[str, str]) -> ParsedList:
    """Run the list's reader, then cut what is over the length limits (:mod:`behind.ingest.limits`);
    what goes wrong becomes a SourceError naming the list and file."""
    try:
        parsed = spec.read(paths, spec.name)
    except InputError as exc:
        origin = next((o for n, o in origins.items() if str(paths.get(n)) == exc.file), exc.file)
        raise SourceError(f"{exc.reason} ({origin}"
                          + (f", line {exc.row}" if exc.row else "")
                          + (f", field {exc.field!r}" if exc.field else "") + ")",
                          source=spec.name) from exc
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError) as exc:
        # a reader tripped over a malformed file
        where = ", ".join(origins[n] for n in paths if n in origins)
        raise SourceError(f"cannot parse ({where}): {type(exc).__name__}: {exc}", source=spec.name) from exc
    return limit_values(parsed)


def load_bundled(store: ListStore[R], spec: SourceSpec, *, force: bool = False) -> UpdateOutcome[R]:
    """Load the copy of a list that ships with Behind. Its fetched-at is the snapshot's date."""
    try:
        vintage = datetime.fromisoformat(spec.bundled_vintage).replace(tzinfo=timezone.utc)
    except ValueError:
        raise UsageError(f"{spec.name} has no bundled copy; use `behind update {spec.name}`") from None
    return update_source(store, spec, bundled_origins(spec), force=force,
                         fetched_at=vintage.isoformat(timespec="seconds"), published=spec.bundled_vintage)


__all__ = ["ListStore", "Loaded", "StoredVersion", "UpdateOutcome", "bundled_origins", "lists_to_update",
           "load_bundled", "origins_for", "update_source"]
