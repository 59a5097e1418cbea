"""``behind import``: load a FollowTheMoney JSON lines export as a list of its own.

An OpenSanctions dataset export (its UFLPA, CSL or SDN datasets, say) is one file,
``entities.ftm.json``, read by :func:`behind.sources.ftm.read_ftm`. It goes through
the same fetch, parse and load steps (and the same checks) as ``behind update``.
"""

from __future__ import annotations

from pathlib import Path

from behind.config import FetchSettings
from behind.errors import UsageError
from behind.ingest.update import ListStore, R, UpdateOutcome, origins_for, update_source
from behind.sources.base import ParsedList
from behind.sources.ftm import read_ftm
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


def import_ftm(store: ListStore[R], location: str, source: str, *, settings: FetchSettings | None = None,
               max_shrink: float = 0.2, force: bool = False) -> UpdateOutcome[R]:
    """Load the FtM file at ``location`` (a path or an http(s) URL) as a new version of ``source``."""
    spec = ftm_source(source)
    origins = {FTM_FILE: location} if "://" in location else origins_for(spec, from_path=Path(location))
    return update_source(store, spec, origins, settings=settings, force=force, max_shrink=max_shrink)


__all__ = ["FTM_FILE", "ftm_source", "import_ftm"]
