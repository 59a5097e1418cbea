"""The local engine: rows screened in this process, or in forked worker processes sharing the index.

Each distinct row (:func:`~behind.screening.screener.outcome_key`) is screened once per run, in
whichever process: this process reads the rows, keeps the outcomes (:class:`~behind.screening.memo.Outcomes`)
and writes every result line, in input order; workers get only the rows whose key has no outcome yet
(a few hundred per task) and send back each outcome as compact JSON. Workers are forked after the
index is mapped, so they share it and start at once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool

from behind.screening.inputs.tables import InputRow
from behind.screening.memo import Cut, Outcomes, line, template
from behind.screening.screener import Screener, outcome_key

#: distinct rows per task sent to a worker
TASK_ROWS = 128
#: tasks in flight per worker
TASKS_PER_WORKER = 4
#: rows read ahead of the first line not yet written
WINDOW = 50_000

_WORKER: tuple[Screener, str] | None = None


def _screen_rows(rows: list[InputRow]) -> list[str]:
    """The outcomes of ``rows`` (in a worker), as :func:`~behind.screening.memo.template` lines."""
    assert _WORKER is not None
    screener, kind = _WORKER
    return [template(screener.outcome(kind, row)) for row in rows]


def screen_local(screener: Screener, kind: str, rows: Iterable[InputRow], workers: int) -> Iterator[str]:
    """Result lines (JSON) in input order."""
    global _WORKER
    _WORKER = (screener, kind)
    memo = Outcomes()
    if workers <= 1:
        for row in rows:
            key = outcome_key(kind, row.fields)
            parts = memo.get(key)
            if parts is None:
                parts = memo.put(key, _screen_rows([row])[0])
            yield line(row.number, row.fields, parts)
        return
    # fork after the index is mapped and what rows load lazily is loaded: workers share it copy-on-write
    screener.warm()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from _Pipeline(pool, memo, kind, workers).lines(rows)


class _Entry:
    """A row read and not yet written: its line waits for its outcome."""

    __slots__ = ("number", "fields", "parts")

    def __init__(self, row: InputRow, parts: Cut | None) -> None:
        self.number, self.fields, self.parts = row.number, row.fields, parts


class _Pipeline:
    """Rows in, lines out in the same order; new keys screened by the pool meanwhile."""

    def __init__(self, pool: Pool, memo: Outcomes, kind: str, workers: int) -> None:
        self.pool, self.memo, self.kind = pool, memo, kind
        self.max_tasks = workers * TASKS_PER_WORKER
        self.window: deque[_Entry] = deque()
        self.waiting: dict[str, list[_Entry]] = {}  # key -> rows waiting for its outcome
        self.batch: list[InputRow] = []
        self.keys: list[str] = []
        self.tasks: deque[tuple[AsyncResult[list[str]], list[str]]] = deque()

    def _submit(self) -> None:
        if self.batch:
            self.tasks.append((self.pool.apply_async(_screen_rows, (self.batch,)), self.keys))
            self.batch, self.keys = [], []

    def _collect(self) -> None:
        """Take the oldest task's outcomes (waiting for them); a worker's error is raised here, in input order."""
        task, keys = self.tasks.popleft()
        for key, text in zip(keys, task.get()):
            parts = self.memo.put(key, text)
            for entry in self.waiting.pop(key):
                entry.parts = parts

    def _ready(self) -> Iterator[str]:
        window = self.window
        while window and window[0].parts is not None:
            entry = window.popleft()
            yield line(entry.number, entry.fields, entry.parts)  # type: ignore[arg-type]

    def lines(self, rows: Iterable[InputRow]) -> Iterator[str]:
        for row in rows:
            key = outcome_key(self.kind, row.fields)
            entry = _Entry(row, self.memo.get(key))
            if entry.parts is None:
                waiting = self.waiting.get(key)
                if waiting is None:
                    self.waiting[key] = [entry]
                    self.batch.append(row)
                    self.keys.append(key)
                    if len(self.batch) >= TASK_ROWS:
                        self._submit()
                else:
                    waiting.append(entry)
            self.window.append(entry)
            while self.tasks and self.tasks[0][0].ready():
                self._collect()
            yield from self._ready()
            while len(self.tasks) >= self.max_tasks or len(self.window) >= WINDOW:
                if not self.tasks:
                    self._submit()
                self._collect()
                yield from self._ready()
        self._submit()
        while self.tasks:
            self._collect()
            yield from self._ready()
        assert not self.window and not self.waiting


__all__ = ["screen_local"]
