"""``behind export``: the active lists as FollowTheMoney JSON lines, for FtM tools."""

from __future__ import annotations

from pathlib import Path

from behind.errors import StoreError
from behind.sources.files import atomic_file
from behind.sources.ftm import write_ftm
from behind.store.sqlite import Store


def export_ftm(store: Store, output: Path, sources: list[str] | None = None) -> int:
    """Write the active version of ``sources`` (default: every loaded list) to ``output``;
    return the number of FtM entities written. The file appears complete or not at all."""
    versions = store.require_loaded(sources)
    try:
        with atomic_file(output) as tmp, tmp.open("w", encoding="utf-8") as fh:
            n = write_ftm((e for v in versions for e in store.entities(v.source)), fh)
    except OSError as exc:
        raise StoreError(f"cannot write {output}: {exc.strerror or exc}", path=str(output)) from exc
    return n


__all__ = ["export_ftm"]
