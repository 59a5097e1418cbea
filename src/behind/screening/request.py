"""What a screening run is asked to do: one input file, one kind, a date, an engine, where reports go."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

ENGINES = ("local", "spark")


@dataclass(frozen=True)
class ScreenRequest:
    input: Path
    kind: str
    #: the main report; its unfinished run is kept beside it in ``<output>.partial/``
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


@dataclass(frozen=True)
class ScreenProgress:
    """How far a run is: what the CLI's progress bar and the web app's job page show."""

    done: int
    total: int
    rows_per_s: float


__all__ = ["ENGINES", "ScreenProgress", "ScreenRequest"]
