"""Writing report files safely: synced before they are renamed into place (see
:func:`behind.sources.files.atomic_file`), and spooled so memory stays bounded."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from behind.model.results import RowResult
from behind.reports.cells import input_headers


def sync(fh: IO[str]) -> None:
    """Flush ``fh`` to the disk before it is renamed into place."""
    fh.flush()
    os.fsync(fh.fileno())


@contextmanager
def spooled(rows: Iterable[RowResult],
            columns: dict[str, str]) -> Iterator[tuple[Iterable[RowResult], list[str], dict[str, str]]]:
    """Spool rows to an anonymous temp file as JSON lines, learning the input fields on the way.

    Yields (an iterator over the rows read back, the fields in first-seen order, their column headers).
    """
    fields: dict[str, None] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for row in rows:
            for key in row.input:
                fields.setdefault(key, None)
            spool.write(row.model_dump_json() + "\n")
        spool.seek(0)
        names = list(fields)
        yield (RowResult.model_validate_json(line) for line in spool), names, input_headers(names, columns)


__all__ = ["spooled", "sync"]
