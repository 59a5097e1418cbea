"""Settings: typed, with defaults, read from an optional TOML file.

The file is ``config.toml`` in the data folder, or the one given with
``--config``. Every key is optional::

    [update]
    max_shrink = 0.2        # refuse a new version with more than 20% fewer records
    max_age_days = 7        # `behind lists` warns about lists older than this
    keep_versions = 5       # versions kept per list, for `behind restore`

    [fetch]
    timeout_s = 60
    retries = 3
    max_bytes = 209715200

    [urls.us_ofac_sdn]      # override a publisher URL (a mirror, a proxy)
    "sdn.csv" = "https://example.org/SDN.CSV"

    [regimes.bis_affiliates]  # switch an exposure regime off (reports say so)
    enabled = false

    [graph]
    max_depth = 4           # longest ownership or brand chain followed

Environment variables are read only by the CLI: ``BEHIND_DATA_DIR``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from behind.errors import InputError
from behind.ingest.fetch import FetchSettings


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    max_shrink: float = 0.2
    max_age_days: int = 7
    keep_versions: int = 5
    fetch: FetchSettings = field(default_factory=FetchSettings)
    urls: dict[str, dict[str, str]] = field(default_factory=dict)
    regimes: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_depth: int = 4

    @property
    def store_path(self) -> Path:
        return self.data_dir / "behind.db"


def default_data_dir() -> Path:
    return Path.home() / ".behind"


def load_settings(data_dir: Path, config: Path | None = None) -> Settings:
    """Settings for ``data_dir``, from ``config`` or ``data_dir/config.toml`` when present."""
    path = config or data_dir / "config.toml"
    if not path.exists():
        if config is not None:
            raise InputError("configuration file not found", file=str(config))
        return Settings(data_dir=data_dir)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"invalid TOML: {exc}", file=str(path)) from exc
    update = _section(doc, "update", path)
    fetch = _section(doc, "fetch", path)
    graph = _section(doc, "graph", path)
    known_fetch = {f.name for f in fields(FetchSettings)}
    unknown = (sorted(set(fetch) - known_fetch) + sorted(set(update) - {"max_shrink", "max_age_days", "keep_versions"})
               + sorted(set(graph) - {"max_depth"}))
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(unknown)}", file=str(path))
    try:
        return Settings(
            data_dir=data_dir,
            max_shrink=float(update.get("max_shrink", 0.2)),
            max_age_days=int(update.get("max_age_days", 7)),
            keep_versions=int(update.get("keep_versions", 5)),
            fetch=FetchSettings(**fetch),
            urls={k: dict(v) for k, v in _section(doc, "urls", path).items()},
            regimes={k: dict(v) for k, v in _section(doc, "regimes", path).items()},
            max_depth=int(graph.get("max_depth", 4)),
        )
    except (TypeError, ValueError) as exc:
        raise InputError(f"invalid setting: {exc}", file=str(path)) from exc


def _section(doc: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise InputError(f"[{name}] must be a table", file=str(path), field=name)
    return value


__all__ = ["Settings", "default_data_dir", "load_settings"]
