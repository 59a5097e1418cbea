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
    backoff_s = 1.0
    max_bytes = 209715200
    user_agent = "behind/0.1 (+restricted-party screening)"

    [urls.us_ofac_sdn]      # override a publisher URL (a mirror, a proxy)
    "sdn.csv" = "https://example.org/SDN.CSV"

    [regimes.bis_affiliates]  # switch an exposure regime off (reports say so)
    enabled = false

    [graph]
    max_depth = 4           # longest ownership or brand chain followed

    [matching]              # matching settings (threshold, weights...); carried as
    threshold = 0.85        # given here and checked by the matching configuration

A file that is not valid TOML, a table that is not a table, an unknown key in
``[update]``, ``[fetch]`` or ``[graph]``, or a value of the wrong type raises
:class:`~behind.errors.ConfigError` naming the file (and the key).

Environment variables are read only by the CLI: ``BEHIND_DATA_DIR``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from behind.errors import ConfigError

#: the longest ownership, brand or relabel chain followed (``[graph] max_depth``)
DEFAULT_MAX_DEPTH = 4
DEFAULT_MAX_SHRINK = 0.2
DEFAULT_MAX_AGE_DAYS = 7
DEFAULT_KEEP_VERSIONS = 5


@dataclass(frozen=True)
class FetchSettings:
    """How patiently and how much to download."""

    timeout_s: float = 60.0
    retries: int = 3  # extra attempts after the first (connection errors, timeouts, 429, 5xx)
    backoff_s: float = 1.0  # sleep backoff_s * 2**attempt between attempts
    max_bytes: int = 200 * 1024 * 1024  # per file, decoded
    user_agent: str = "behind/0.1 (+restricted-party screening)"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    max_shrink: float = DEFAULT_MAX_SHRINK
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    keep_versions: int = DEFAULT_KEEP_VERSIONS
    fetch: FetchSettings = field(default_factory=FetchSettings)
    urls: dict[str, dict[str, str]] = field(default_factory=dict)
    regimes: dict[str, dict[str, Any]] = field(default_factory=dict)
    max_depth: int = DEFAULT_MAX_DEPTH
    #: the raw ``[matching]`` table; the matching configuration validates it
    matching: dict[str, Any] = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        return self.data_dir / "behind.db"


def default_data_dir() -> Path:
    return Path.home() / ".behind"


_UPDATE_KEYS = ("max_shrink", "max_age_days", "keep_versions")
_GRAPH_KEYS = ("max_depth",)


def load_settings(data_dir: Path, config: Path | None = None) -> Settings:
    """Settings for ``data_dir``, from ``config`` or ``data_dir/config.toml`` when present."""
    path = config or data_dir / "config.toml"
    file = str(path)
    if not path.exists():
        if config is not None:
            raise ConfigError("configuration file not found", file=file)
        return Settings(data_dir=data_dir)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", file=file) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", file=file) from exc
    update = _section(doc, "update", file)
    fetch = _section(doc, "fetch", file)
    graph = _section(doc, "graph", file)
    known_fetch = [f.name for f in fields(FetchSettings)]
    unknown = ([f"fetch.{k}" for k in sorted(set(fetch) - set(known_fetch))]
               + [f"update.{k}" for k in sorted(set(update) - set(_UPDATE_KEYS))]
               + [f"graph.{k}" for k in sorted(set(graph) - set(_GRAPH_KEYS))])
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", file=file, field=unknown[0])
    return Settings(
        data_dir=data_dir,
        max_shrink=_number(update, "max_shrink", DEFAULT_MAX_SHRINK, float, "update", file),
        max_age_days=_number(update, "max_age_days", DEFAULT_MAX_AGE_DAYS, int, "update", file),
        keep_versions=_number(update, "keep_versions", DEFAULT_KEEP_VERSIONS, int, "update", file, minimum=1),
        fetch=_fetch_settings(fetch, file),
        urls=_tables(doc, "urls", file),
        regimes=_tables(doc, "regimes", file),
        max_depth=_number(graph, "max_depth", DEFAULT_MAX_DEPTH, int, "graph", file, minimum=1),
        matching=dict(_section(doc, "matching", file)),
    )


def _section(doc: dict[str, Any], name: str, file: str) -> dict[str, Any]:
    value = doc.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table", file=file, field=name)
    return value


def _tables(doc: dict[str, Any], name: str, file: str) -> dict[str, dict[str, Any]]:
    """``[name.KEY]`` tables: each value must itself be a table."""
    out: dict[str, dict[str, Any]] = {}
    for key, value in _section(doc, name, file).items():
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}.{key}] must be a table", file=file, field=f"{name}.{key}")
        out[key] = dict(value)
    return out


_N = TypeVar("_N", int, float)


def _number(table: dict[str, Any], key: str, default: _N, kind: type[_N], section: str, file: str,
            minimum: float = 0) -> _N:
    value = table.get(key, default)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        ok = ok and isinstance(value, int)
    if not ok or value < minimum:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{section}.{key} must be {what} of {minimum:g} or more, got {value!r}", file=file,
                          field=f"{section}.{key}")
    return kind(value)


def _fetch_settings(table: dict[str, Any], file: str) -> FetchSettings:
    defaults = FetchSettings()
    user_agent = table.get("user_agent", defaults.user_agent)
    if not isinstance(user_agent, str) or not user_agent.strip():
        raise ConfigError(f"fetch.user_agent must be text, got {user_agent!r}", file=file,
                          field="fetch.user_agent")
    return FetchSettings(
        timeout_s=_number(table, "timeout_s", defaults.timeout_s, float, "fetch", file),
        retries=_number(table, "retries", defaults.retries, int, "fetch", file),
        backoff_s=_number(table, "backoff_s", defaults.backoff_s, float, "fetch", file),
        max_bytes=_number(table, "max_bytes", defaults.max_bytes, int, "fetch", file),
        user_agent=user_agent,
    )


__all__ = ["DEFAULT_MAX_DEPTH", "FetchSettings", "Settings", "default_data_dir", "load_settings"]
