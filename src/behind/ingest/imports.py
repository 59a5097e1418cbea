"""``behind import``: load a FollowTheMoney JSON lines export as a list of its own.

An OpenSanctions dataset export (its UFLPA, CSL or SDN datasets, say) is one file,
``entities.ftm.json``. It goes through the same fetch, length limits and checks as ``behind
update``, but as a stream: :func:`behind.sources.ftm_stream.stream_ftm` reads it in two passes and
the store's ``load_stream`` writes the records as they come, in one transaction, so a
million-entity export loads in bounded memory. ``progress(bytes read, bytes to read)`` follows it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from behind.config import FetchSettings
from behind.errors import InputError, SourceError, UsageError
from behind.ingest.fetch import FileInfo, Validators, fetch_many, file_info
from behind.ingest.limits import limit_stream
from behind.ingest.update import R, R_co, StoredVersion, UpdateOutcome, origins_for
from behind.model.entity import Entity
from behind.sources.base import ParsedList, Progress, StreamedList
from behind.sources.ftm import read_ftm
from behind.sources.ftm_stream import stream_ftm
from behind.sources.registry import SourceSpec

FTM_FILE = "entities.ftm.json"


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_ftm(next(iter(files.values())), name)


def ftm_source(name: str) -> SourceSpec:
    """A list named ``name`` read from one FtM JSON lines file."""
    if not name.strip():
        raise UsageError("--source needs a name for the list, e.g. --source us_dhs_uflpa", option="--source")
    return SourceSpec(name=name, title=f"FollowTheMoney import: {name}", publisher="FtM export",
                      urls={}, bundled={FTM_FILE: ""}, required=(FTM_FILE,), bundled_vintage="", read=_read)


class StreamStore(Protocol[R_co]):
    """The store as a streamed import sees it (``behind.store.Store`` is one)."""

    def active_version(self, source: str) -> StoredVersion | None: ...

    def load_stream(self, streamed: StreamedList, files: list[FileInfo], *, fetched_at: str | None = None,
                    max_shrink: float = 0.2, force: bool = False) -> R_co: ...


def _source_error(exc: Exception, origin: str, source: str) -> SourceError:
    if isinstance(exc, InputError):
        return SourceError(f"{exc.reason} ({origin}" + (f", line {exc.row}" if exc.row else "")
                           + (f", field {exc.field!r}" if exc.field else "") + ")", source=source)
    return SourceError(f"cannot parse ({origin}): {type(exc).__name__}: {exc}", source=source)


_READ_ERRORS = (InputError, ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError)


def _guarded(entities: Iterator[Entity], origin: str, source: str) -> Iterator[Entity]:
    """``entities``, with a reader's error turned into a SourceError naming the list and file."""
    try:
        yield from entities
    except _READ_ERRORS as exc:
        raise _source_error(exc, origin, source) from exc


def import_ftm(store: StreamStore[R], location: str, source: str, *, settings: FetchSettings | None = None,
               max_shrink: float = 0.2, force: bool = False, progress: Progress | None = None) -> UpdateOutcome[R]:
    """Load the FtM file at ``location`` (a path or an http(s) URL) as a new version of ``source``,
    streamed: ``progress(bytes read, bytes to read)`` is called as the file is read (twice)."""
    spec = ftm_source(source)
    origins = {FTM_FILE: location} if "://" in location else origins_for(spec, from_path=Path(location))
    settings = settings or FetchSettings()
    active = store.active_version(source)
    validators: dict[str, Validators] = {}
    if active is not None and not force:
        for f in active.files:
            if origins.get(f.name) == f.origin and (f.etag or f.last_modified):
                validators[f.name] = Validators(etag=f.etag, last_modified=f.last_modified)
    with tempfile.TemporaryDirectory(prefix=f"behind-{source}-") as tmp:
        staging = Path(tmp)
        fetched = fetch_many(origins, staging, source=source, validators=validators, settings=settings)
        if all(f.not_modified for f in fetched.values()):
            return UpdateOutcome(source, "not_modified", None)
        path, origin = fetched[FTM_FILE].path, origins[FTM_FILE]
        assert path is not None
        try:
            streamed = stream_ftm(path, source, staging, progress=progress)
        except _READ_ERRORS as exc:
            raise _source_error(exc, origin, source) from exc
        streamed.entities = _guarded(streamed.entities, origin, source)
        files = [file_info(name, f) for name, f in sorted(fetched.items())]
        result = store.load_stream(limit_stream(streamed), files, max_shrink=max_shrink, force=force)
    return UpdateOutcome(source, "loaded" if result.changed else "unchanged", result, tuple(streamed.warnings))


__all__ = ["FTM_FILE", "StreamStore", "ftm_source", "import_ftm"]
