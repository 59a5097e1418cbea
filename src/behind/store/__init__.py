"""The embedded store: every loaded version of every list, in one SQLite file.

- :mod:`~behind.store.sqlite`: :class:`Store`, atomic loads, versions, restore.
- :mod:`~behind.store.versions`: :class:`Version`, :class:`LoadResult`.
- :mod:`~behind.store.schema`: the tables and the migration of older store files.
- :mod:`~behind.store.export`: the active lists as FollowTheMoney JSON lines.
"""

from behind.ingest.fetch import FileInfo
from behind.store.export import export_ftm
from behind.store.schema import SCHEMA_VERSION
from behind.store.sqlite import Store
from behind.store.versions import LoadResult, Version, now_iso, set_sha256

__all__ = ["SCHEMA_VERSION", "FileInfo", "LoadResult", "Store", "Version", "export_ftm", "now_iso", "set_sha256"]
