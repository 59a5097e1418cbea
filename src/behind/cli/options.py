"""What every command shares: the ``--data-dir`` and ``--config`` options, the settings and
store they open, and the one reading of ``--as-of`` dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from behind.config import Settings, default_data_dir, load_settings
from behind.errors import UsageError
from behind.store import Store

DataDir = Annotated[Optional[Path], typer.Option(
    "--data-dir", envvar="BEHIND_DATA_DIR", help="Folder of the embedded store [default: ~/.behind]")]
ConfigFile = Annotated[Optional[Path], typer.Option(
    "--config", help="TOML settings file [default: DATA_DIR/config.toml when present]")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]


def open_settings(data_dir: Path | None, config: Path | None = None) -> Settings:
    """The settings for ``--data-dir`` (default ``~/.behind``) and ``--config``."""
    return load_settings(data_dir or default_data_dir(), config)


def open_store(settings: Settings) -> Store:
    return Store(settings.store_path, keep_versions=settings.keep_versions)


def parse_as_of(value: str | None) -> date | None:
    """The date an ``--as-of YYYY-MM-DD`` option names (None when not given)."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of must be a date like 2021-06-01, got {value!r}") from None


__all__ = ["AsJson", "ConfigFile", "DataDir", "open_settings", "open_store", "parse_as_of"]
