"""Getting lists in: fetch their files safely, parse them, hand them to the store.

- :mod:`~behind.ingest.fetch`: download or copy a list's files into a staging folder.
- :mod:`~behind.ingest.limits`: the length limits every parsed list is cut to before it is loaded.
- :mod:`~behind.ingest.update`: ``behind update``: fetch, parse and load a list.
- :mod:`~behind.ingest.imports`: ``behind import``: a FollowTheMoney export as a list.

The store sits above this package: an update reaches it through :class:`ListStore`.
"""

from behind.ingest.fetch import FetchedFile, FileInfo, Validators, fetch_file, fetch_many, file_info
from behind.ingest.imports import FTM_FILE, ftm_source, import_ftm
from behind.ingest.limits import limit_values
from behind.ingest.update import (
    ListStore,
    Loaded,
    StoredVersion,
    UpdateOutcome,
    bundled_origins,
    lists_to_update,
    load_bundled,
    origins_for,
    update_source,
)

__all__ = [
    "FTM_FILE",
    "FetchedFile",
    "FileInfo",
    "ListStore",
    "Loaded",
    "StoredVersion",
    "UpdateOutcome",
    "Validators",
    "bundled_origins",
    "fetch_file",
    "fetch_many",
    "file_info",
    "ftm_source",
    "import_ftm",
    "limit_values",
    "lists_to_update",
    "load_bundled",
    "origins_for",
    "update_source",
]
