"""The local engine: rows screened in this process, or in forked worker processes sharing the index."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator

from behind.screening.inputs.tables import InputRow
from behind.screening.screener import Screener

_WORKER: tuple[Screener, str] | None = None


def _screen_one(row: InputRow) -> str:
    assert _WORKER is not None
    screener, kind = _WORKER
    return screener.screen(kind, row).model_dump_json()


def screen_local(screener: Screener, kind: str, rows: Iterable[InputRow], workers: int) -> Iterator[str]:
    """Result lines (JSON) in input order."""
    global _WORKER
    _WORKER = (screener, kind)
    if workers <= 1:
        for row in rows:
            yield _screen_one(row)
        return
    # fork after the index is built: workers share it copy-on-write
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_screen_one, rows, chunksize=64)


__all__ = ["screen_local"]
