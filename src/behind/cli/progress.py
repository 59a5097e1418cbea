"""Progress bars on standard error: a screening run (rows done, rate, time left) and an import
(bytes read of the file's two passes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TaskID, TextColumn,
                           TimeRemainingColumn, TransferSpeedColumn)

from behind.screening import ProgressCallback, ScreenProgress


@contextmanager
def progress_bar(console: Console, label: str) -> Iterator[ProgressCallback]:
    """A callback for a screening run that draws its progress while the ``with`` block runs."""
    progress = Progress(TextColumn("[bold]screening[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]} rows/s"), TimeRemainingColumn(),
                        console=console, transient=False)
    task: TaskID | None = None

    def update(p: ScreenProgress) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task(escape(label), total=p.total, completed=p.done, rate="-")
        else:
            progress.update(task, completed=p.done, rate=f"{p.rows_per_s:,.0f}")

    with progress:
        yield update


@contextmanager
def import_bar(console: Console, label: str) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(bytes read, bytes to read)`` for ``behind import`` that draws its progress
    while the ``with`` block runs (the FtM file is read twice: checked, then loaded)."""
    progress = Progress(TextColumn("[bold]importing[/] {task.description}"), BarColumn(), DownloadColumn(),
                        TransferSpeedColumn(), TimeRemainingColumn(), console=console, transient=False)
    task: TaskID | None = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task(escape(label), total=total, completed=done)
        else:
            progress.update(task, completed=done, total=total)

    with progress:
        yield update


__all__ = ["import_bar", "progress_bar"]
