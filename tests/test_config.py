"""Settings from config.toml: defaults, every table, and clear errors for a wrong file."""

from __future__ import annotations

from pathlib import Path

import pytest

from behind.config import DEFAULT_MAX_DEPTH, FetchSettings, Settings, load_settings
from behind.errors import ConfigError


def settings_from(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return load_settings(tmp_path)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert s == Settings(data_dir=tmp_path)
    assert s.max_depth == DEFAULT_MAX_DEPTH == 4 and s.fetch == FetchSettings() and s.matching == {}
    assert s.store_path == tmp_path / "behind.db"


def test_every_table(tmp_path: Path) -> None:
    s = settings_from(tmp_path, """
[update]
max_shrink = 0.5
max_age_days = 30
keep_versions = 2
[fetch]
timeout_s = 5
retries = 0
max_bytes = 1000
[urls.us_ofac_sdn]
"sdn.csv" = "https://example.org/SDN.CSV"
[regimes.bis_affiliates]
enabled = false
[graph]
max_depth = 6
[matching]
threshold = 0.9
weights = {name = 1.0}
""")
    assert (s.max_shrink, s.max_age_days, s.keep_versions, s.max_depth) == (0.5, 30, 2, 6)
    assert s.fetch == FetchSettings(timeout_s=5.0, retries=0, max_bytes=1000)
    assert isinstance(s.fetch.timeout_s, float)
    assert s.urls == {"us_ofac_sdn": {"sdn.csv": "https://example.org/SDN.CSV"}}
    assert s.regimes == {"bis_affiliates": {"enabled": False}}
    assert s.matching == {"threshold": 0.9, "weights": {"name": 1.0}}  # carried as given, checked by matching


@pytest.mark.parametrize("text, message, field", [
    ("[update\n", "invalid TOML", None),
    ("update = 3\n", r"\[update\] must be a table", "update"),
    ("matching = 'strict'\n", r"\[matching\] must be a table", "matching"),
    ("[fetch]\nretry = 3\n", "unknown setting.*fetch.retry", "fetch.retry"),
    ("[graph]\nmax_depth = 'deep'\n", "graph.max_depth must be a whole number of 1 or more, got 'deep'",
     "graph.max_depth"),
    ("[graph]\nmax_depth = 0\n", "graph.max_depth must be a whole number of 1 or more", "graph.max_depth"),
    ("[update]\nmax_shrink = true\n", "update.max_shrink must be a number", "update.max_shrink"),
    ("[fetch]\nretries = 1.5\n", "fetch.retries must be a whole number", "fetch.retries"),
    ("[fetch]\nuser_agent = 3\n", "fetch.user_agent must be text", "fetch.user_agent"),
    ("[urls]\nus_ofac_sdn = 'https://example.org'\n", r"\[urls.us_ofac_sdn\] must be a table", "urls.us_ofac_sdn"),
])
def test_a_wrong_file_is_a_config_error(tmp_path: Path, text: str, message: str, field: str | None) -> None:
    with pytest.raises(ConfigError, match=message) as exc:
        settings_from(tmp_path, text)
    assert exc.value.file == str(tmp_path / "config.toml") and exc.value.field == field


def test_a_missing_config_file_named_on_the_command_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_settings(tmp_path, tmp_path / "nope.toml")
