"""Run a screening over a whole file: streaming, resumable, on the local or the Spark engine.

Rows stream from the input (:mod:`behind.screening.inputs`) through a
:class:`~behind.screening.screener.Screener` into a checkpoint next to the output
(``<output>.partial/rows.jsonl``, one result per line, flushed as it goes). A killed run
started again with the same input, kind and date continues after the last complete
line. :func:`screen_to_checkpoint` stops there and returns the run's
:class:`~behind.model.results.RunMeta` and its checkpoint; the reports package writes
the reports from it and removes the checkpoint. Memory stays bounded: rows are never
all held at once. A supplier tree (``--kind suppliers``) is built before screening and its
findings carried up to the top afterwards (:mod:`behind.screening.suppliers`). Progress goes
to a callback, so the CLI's progress bar and a web page's job status are the same numbers.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from behind import __version__
from behind.config import Settings
from behind.errors import InputError, UsageError
from behind.model.results import RunMeta
from behind.screening.checkpoint import Checkpoint, list_versions
from behind.screening.engines.local import screen_local
from behind.screening.engines.spark import screen_with_spark
from behind.screening.factory import active_lists, build_screener
from behind.screening.inputs.tables import Table, open_table
from behind.screening.request import ENGINES, ScreenProgress, ScreenRequest
from behind.screening.suppliers import Tree, build_tree, carry_up

ProgressCallback = Callable[[ScreenProgress], None]
#: rows between two progress reports (and checkpoint flushes)
PROGRESS_EVERY = 256


@dataclass
class ScreenRun:
    """A finished screening: what it was, and its rows in the checkpoint."""

    meta: RunMeta
    checkpoint: Checkpoint


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def screen_to_checkpoint(settings: Settings, req: ScreenRequest,
                         on_progress: ProgressCallback | None = None) -> ScreenRun:
    """Screen every row of ``req.input`` into its checkpoint. Raises :class:`InputError` on bad input
    before anything is written, and when the checkpoint holds an unfinished run of another input,
    kind, date, list versions or matching settings (``req.restart`` drops it instead).

    The caller holds the output's lock (:class:`~behind.screening.outputs.OutputLock`);
    :func:`behind.reports.run_screen` takes it."""
    if req.engine not in ENGINES:
        raise UsageError(f"unknown engine {req.engine!r}; expected one of {', '.join(ENGINES)}", option="--engine")
    table: Table = open_table(req.input, req.kind, mapping=req.mapping, encoding=req.encoding, sheet=req.sheet)
    checkpoint = Checkpoint(req.output)
    if not req.restart and checkpoint.header_path.exists():
        # a damaged header, or lists changed since the unfinished run, is refused now, before the index is built
        checkpoint.check_lists(checkpoint.header(), {"lists": list_versions(active_lists(settings))})
    screener, lists = build_screener(settings, req.as_of)
    header: dict[str, Any] = {"input": str(req.input), "input_sha256": file_sha256(req.input), "kind": req.kind,
                              "as_of": screener.as_of.isoformat(), "columns": table.columns, "engine": req.engine,
                              "started_at": _now(), "lists": list_versions(lists),
                              "matching": screener.index.config.model_dump(mode="json")}
    # reads the whole file once: a bad row anywhere (or, in a supplier tree, an orphan row or a cycle)
    # stops the run here, before writing
    tree: Tree | None = build_tree(table.rows(), str(req.input)) if req.kind == "suppliers" else None
    total = len(tree) if tree is not None else table.count()
    done = checkpoint.open(header, req.restart)
    header = checkpoint.header()
    rows = table.rows(skip=done)
    report = on_progress or (lambda _p: None)
    report(ScreenProgress(done, total, 0.0))
    started = time.perf_counter()
    if req.engine == "spark":
        lines: Iterator[str] = screen_with_spark(settings, req, rows, screener.as_of, screener.fixed_date)
    else:
        lines = screen_local(screener, req.kind, rows, req.workers)
    n = 0
    with checkpoint.rows_path.open("a", encoding="utf-8") as out:
        try:
            for line in lines:
                out.write(line + "\n")
                n += 1
                if n % PROGRESS_EVERY == 0:
                    out.flush()
                    report(ScreenProgress(done + n, total, n / max(time.perf_counter() - started, 1e-9)))
        except InputError:
            # a bad row further down the file: nothing of this run is kept (a fixed file
            # is a new input, and starts over)
            out.close()
            checkpoint.remove()
            raise
        out.flush()
        os.fsync(out.fileno())
    report(ScreenProgress(done + n, total, n / max(time.perf_counter() - started, 1e-9)))
    if tree is not None:
        carry_up(tree, checkpoint)  # each node's path to the top, and the findings below it
    count, alerts = checkpoint.tally()
    meta = RunMeta(input=req.input.name, kind=req.kind, as_of=header["as_of"], engine=req.engine,
                   started_at=header["started_at"], finished_at=_now(), rows=count, alerts=alerts,
                   threshold=screener.index.config.threshold, matching=screener.index.config, lists=lists,
                   regimes=[r.describe(screener.as_of) for r in screener.regimes.values()],
                   columns=table.columns, behind_version=__version__)
    return ScreenRun(meta, checkpoint)


__all__ = ["ProgressCallback", "ScreenRun", "file_sha256", "screen_to_checkpoint"]
