"""Bring a list up to date: fetch its files, parse them, load them as a new version.

Every step works on a private staging folder. Only a complete, parsed set is
handed to :meth:`Store.load`, which makes it active in one transaction; any
failure on the way leaves the active version untouched and raises an error
saying which list, which file and why.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from behind.errors import InputError, SourceError
from behind.ingest.fetch import FetchedFile, FetchSettings, Validators, fetch_many
from behind.sources.registry import SourceSpec, data_path
from behind.store.sqlite import FileInfo, LoadResult, Store


@dataclass(frozen=True)
class UpdateOutcome:
    source: str
    status: str  # "loaded" | "unchanged" | "not_modified"
    result: LoadResult | None
    warnings: tuple[str, ...] = ()


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


def update_source(store: Store, spec: SourceSpec, origins: dict[str, str], *,
                  settings: FetchSettings | None = None, max_shrink: float = 0.2, force: bool = False,
                  fetched_at: str | None = None, published: str | None = None) -> UpdateOutcome:
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
        try:
            parsed = spec.read(paths, spec.name)
        except InputError as exc:
            origin = next((o for n, o in origins.items() if str(paths.get(n)) == exc.file), exc.file)
            raise SourceError(f"{exc.reason} ({origin}"
                              + (f", line {exc.row}" if exc.row else "")
                              + (f", field {exc.field!r}" if exc.field else "") + ")",
                              source=spec.name) from exc
        if published and not parsed.published:
            parsed.published = published
        files = [_info(name, f) for name, f in sorted(fetched.items())]
        result = store.load(parsed, files, fetched_at=fetched_at, max_shrink=max_shrink, force=force)
    return UpdateOutcome(spec.name, "loaded" if result.changed else "unchanged", result, tuple(parsed.warnings))


def load_bundled(store: Store, spec: SourceSpec, *, force: bool = False) -> UpdateOutcome:
    """Load the copy of a list that ships with Behind. Its fetched-at is the snapshot's date."""
    vintage = datetime.fromisoformat(spec.bundled_vintage).replace(tzinfo=timezone.utc)
    return update_source(store, spec, bundled_origins(spec), force=force,
                         fetched_at=vintage.isoformat(timespec="seconds"), published=spec.bundled_vintage)


def _info(name: str, f: FetchedFile) -> FileInfo:
    return FileInfo(name=name, origin=f.origin, sha256=f.sha256, size=f.size, etag=f.etag,
                    last_modified=f.last_modified)


__all__ = ["UpdateOutcome", "bundled_origins", "load_bundled", "origins_for", "update_source"]
