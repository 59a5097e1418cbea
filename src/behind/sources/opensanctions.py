"""``opensanctions:DATASET``: any OpenSanctions dataset, by name, as a list of its own.

``behind update opensanctions:us_dhs_uflpa`` fetches the dataset's FollowTheMoney export
(``https://data.opensanctions.org/datasets/latest/<dataset>/entities.ftm.json``) through the
same download path as the official lists (conditional requests, retries, size limits) and reads
it with :func:`behind.sources.ftm.read_ftm`, like ``behind import``. The list is stored under its
full name (``opensanctions:us_dhs_uflpa``), so it never replaces a list read from its publisher.

OpenSanctions publishes its data under CC BY-NC 4.0: free for non-commercial use, commercial use
needs a licence from OpenSanctions. Behind bundles none of its files; the user's own licence
terms apply. Every version loaded this way records that notice in its warnings.

A dataset name is ``[a-z0-9_]+`` (at most 64 characters), so it cannot reach another path.
"""

from __future__ import annotations

import re
from pathlib import Path

from behind.errors import UsageError
from behind.sources.base import ParsedList
from behind.sources.ftm import read_ftm
from behind.sources.spec import SourceSpec, single_file

PREFIX = "opensanctions:"
BASE_URL = "https://data.opensanctions.org/datasets/latest"
FTM_FILE = "entities.ftm.json"
LICENCE = ("OpenSanctions data is licensed CC BY-NC 4.0 (https://creativecommons.org/licenses/by-nc/4.0/): "
           "non-commercial use with attribution; commercial use needs a licence from OpenSanctions. "
           "Your own licence terms apply.")
_DATASET = re.compile(r"[a-z0-9_]{1,64}")


def is_dataset(name: str) -> bool:
    """Whether ``name`` asks for an OpenSanctions dataset (``opensanctions:...``)."""
    return name.startswith(PREFIX)


def dataset_name(name: str) -> str:
    """The dataset of ``opensanctions:DATASET``; :class:`UsageError` if it is not ``[a-z0-9_]+``."""
    dataset = name.removeprefix(PREFIX)
    if not _DATASET.fullmatch(dataset):
        raise UsageError(f"invalid OpenSanctions dataset name {dataset!r}: use lower-case letters, digits and "
                         "underscores, e.g. opensanctions:us_dhs_uflpa")
    return dataset


def _read(files: dict[str, Path], name: str) -> ParsedList:
    parsed = read_ftm(single_file(files), name)
    parsed.warnings.insert(0, f"licence: {LICENCE}")
    return parsed


def dataset_source(name: str, *, base_url: str = BASE_URL) -> SourceSpec:
    """The list ``opensanctions:DATASET``: the dataset's FtM export under ``base_url``."""
    dataset = dataset_name(name)
    return SourceSpec(
        name=f"{PREFIX}{dataset}", title=f"OpenSanctions dataset {dataset}", publisher="OpenSanctions",
        urls={FTM_FILE: f"{base_url.rstrip('/')}/{dataset}/{FTM_FILE}"}, bundled={FTM_FILE: ""},
        required=(FTM_FILE,), bundled_vintage="", read=_read,
        home_url=f"https://www.opensanctions.org/datasets/{dataset}/", format="FollowTheMoney JSON lines",
        terms=LICENCE)


__all__ = ["BASE_URL", "FTM_FILE", "LICENCE", "PREFIX", "dataset_name", "dataset_source", "is_dataset"]
