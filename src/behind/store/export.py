"""``behind export``: the active lists as FollowTheMoney JSON lines, for FtM tools."""

from __future__ import annotations

from pathlib import Path

from behind.errors import StoreError
from behind.sources.ftm import write_ftm
from behind.store.sqlite import Store


def export_ftm(store: Store, output: Path, sources: list[str] | None = None) -> int:
    """Write the active version of ``sources`` (default: every loaded list) to ``output``;
    return the number of FtM entities written. The file appears complete or not at all."""
    versions = store.require_loaded(sources)
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            n = write_ftm((e for v in versions for e in store.entities(v.source)), fh)
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {output}: {exc.strerror or exc}", path=str(output)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


__all__ = ["export_ftm"]
