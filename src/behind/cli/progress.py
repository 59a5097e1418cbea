"""The progress bar of a screening run, on standard error: rows done, rate and time left."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

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


__all__ = ["progress_bar"]
