"""Run a screening over a whole file: streaming, resumable, on the local or the Spark engine.

Rows stream from the input (:mod:`behind.screening.inputs.tables`) through a :class:`~behind.screening.screener.Screener`
into a checkpoint next to the output (``<output>.partial/rows.jsonl``, one result per
line, flushed as it goes). A killed run started again with the same input, kind and
date continues after the last complete line and ends with the same report. Only when
every row is screened is the report written (atomically) and the checkpoint removed.
Memory stays bounded: rows are never all held at once, and reports stream from the
checkpoint.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from behind import __version__
from behind.config import Settings
from behind.errors import InputError
from behind.graph.exposure import load_regimes
from behind.graph.graph import Graph
from behind.screening.inputs.tables import InputRow, Table, open_table
from behind.matching.match import Index
from behind.model.results import RowResult, RunMeta
from behind.screening.screener import Screener
from behind.store.sqlite import Store

ENGINES = ("local", "spark")


@dataclass(frozen=True)
class ScreenRequest:
    input: Path
    kind: str
    output: Path
    fmt: str
    as_of: date | None = None
    mapping: dict[str, str] | None = None
    encoding: str | None = None
    sheet: str | None = None
    engine: str = "local"
    workers: int = 1
    restart: bool = False
    #: more reports of the same run: (path, format)
    also: tuple[tuple[Path, str], ...] = ()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_screener(settings: Settings, as_of: date | None) -> tuple[Screener, list[dict[str, Any]]]:
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        versions = store.active_versions()
        if not versions:
            raise InputError("no lists loaded: run `behind update` or `behind update --bundled` first")
        index = Index.from_store(store)
    lists = [{"source": v.source, "version": v.id, "records": v.record_count, "fetched_at": v.fetched_at,
              "published": v.published, "sha256": v.sha256} for v in versions]
    screener = Screener(index, Graph.build(index.entities, index.links), load_regimes(settings.regimes),
                        as_of or date.today(), fixed_date=as_of is not None, max_depth=settings.max_depth)
    return screener, lists


class Checkpoint:
    """``<output>.partial/``: a header naming what is being screened, and one result per line."""

    def __init__(self, output: Path) -> None:
        self.dir = output.with_name(output.name + ".partial")
        self.header_path = self.dir / "header.json"
        self.rows_path = self.dir / "rows.jsonl"

    def open(self, header: dict[str, Any], restart: bool) -> int:
        """Start or resume; return how many rows are already done."""
        if self.dir.exists() and restart:
            shutil.rmtree(self.dir)
        if self.header_path.exists():
            old = json.loads(self.header_path.read_text(encoding="utf-8"))
            same = {k: old.get(k) for k in ("input_sha256", "kind", "as_of", "columns")} == {
                k: header.get(k) for k in ("input_sha256", "kind", "as_of", "columns")}
            if not same:
                raise InputError(f"an unfinished run of another input, kind or date is in {self.dir}; "
                                 "finish it, delete that folder, or pass --restart", file=str(self.dir))
            return self._repair()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.header_path.write_text(json.dumps(header), encoding="utf-8")
        self.rows_path.write_bytes(b"")
        return 0

    def _repair(self) -> int:
        """Drop a last line cut by a kill; count the complete ones."""
        data = self.rows_path.read_bytes() if self.rows_path.exists() else b""
        end = data.rfind(b"\n") + 1
        if end != len(data):
            with self.rows_path.open("r+b") as fh:
                fh.truncate(end)
        return data[:end].count(b"\n")

    def header(self) -> dict[str, Any]:
        return dict(json.loads(self.header_path.read_text(encoding="utf-8")))

    def rows(self) -> Iterator[RowResult]:
        with self.rows_path.open(encoding="utf-8") as fh:
            for line in fh:
                yield RowResult.from_dict(json.loads(line))

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


_WORKER: tuple[Screener, str] | None = None


def _screen_one(row: InputRow) -> str:
    assert _WORKER is not None
    screener, kind = _WORKER
    return json.dumps(screener.screen(kind, row).to_dict(), ensure_ascii=False)


def _local(screener: Screener, kind: str, rows: Iterator[InputRow], workers: int) -> Iterator[str]:
    global _WORKER
    _WORKER = (screener, kind)
    if workers <= 1:
        for row in rows:
            yield _screen_one(row)
        return
    # fork after the index is built: workers share it copy-on-write
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_screen_one, rows, chunksize=64)


def run_screen(settings: Settings, req: ScreenRequest, console: Console | None = None) -> RunMeta:
    """Screen ``req.input`` and write ``req.output``. Raises :class:`InputError` before writing on bad input."""
    from behind.reports.writer import write_report

    if req.engine not in ENGINES:
        raise InputError(f"unknown engine {req.engine!r}; expected one of {', '.join(ENGINES)}")
    table: Table = open_table(req.input, req.kind, mapping=req.mapping, encoding=req.encoding, sheet=req.sheet)
    screener, lists = build_screener(settings, req.as_of)
    checkpoint = Checkpoint(req.output)
    header: dict[str, Any] = {"input": str(req.input), "input_sha256": file_sha256(req.input), "kind": req.kind,
              "as_of": screener.as_of.isoformat(), "columns": table.columns, "engine": req.engine,
              "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    total = table.count()  # reads the whole file once: a bad row anywhere stops the run here, before writing
    done = checkpoint.open(header, req.restart)
    header = checkpoint.header()
    progress = Progress(TextColumn("[bold]screening[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} rows/s"), TimeRemainingColumn(),
                        console=console, disable=console is None, transient=False)
    rows = table.rows(skip=done)
    with progress, checkpoint.rows_path.open("a", encoding="utf-8") as out:
        task = progress.add_task(req.input.name, total=total, completed=done, rate="-")
        started = datetime.now(timezone.utc)
        if req.engine == "spark":
            from behind.screening.engines.spark import screen_with_spark
            lines: Iterator[str] = screen_with_spark(settings, req, rows, screener.as_of, screener.fixed_date)
        else:
            lines = _local(screener, req.kind, rows, req.workers)
        n = 0
        try:
            for line in lines:
                out.write(line + "\n")
                n += 1
                if n % 256 == 0:
                    out.flush()
                    elapsed = (datetime.now(timezone.utc) - started).total_seconds()
                    progress.update(task, completed=done + n, rate=f"{n / max(elapsed, 1e-9):,.0f}")
        except InputError:
            # a bad row further down the file: nothing of this run is kept (a fixed file
            # is a new input, and starts over)
            out.close()
            checkpoint.remove()
            raise
        out.flush()
        os.fsync(out.fileno())
        elapsed = (datetime.now(timezone.utc) - started).total_seconds()
        progress.update(task, completed=done + n, rate=f"{n / max(elapsed, 1e-9):,.0f}")
    results = checkpoint.rows()
    count = alerts = 0
    for r in results:
        count += 1
        alerts += r.status == "alert"
    meta = RunMeta(input=req.input.name, kind=req.kind, as_of=header["as_of"], engine=req.engine,
                   started_at=header["started_at"], finished_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   rows=count, alerts=alerts, lists=lists,
                   regimes=[r.describe(screener.as_of) for r in screener.regimes.values()],
                   columns=table.columns, behind_version=__version__)
    write_report(meta, checkpoint.rows(), req.output, req.fmt)
    for path, fmt in req.also:
        write_report(meta, checkpoint.rows(), path, fmt)
    checkpoint.remove()
    return meta


__all__ = ["ENGINES", "Checkpoint", "ScreenRequest", "build_screener", "run_screen"]
