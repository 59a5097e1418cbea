"""``behind sources``: every list of the registry, with its publisher, URL, format, terms and snapshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from behind.cli.app import app
from behind.sources import SOURCES

README = Path(__file__).resolve().parents[1] / "README.md"


def _sources_json() -> list[dict]:
    result = CliRunner().invoke(app, ["sources", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    return json.loads(result.output)


def test_json_lists_every_registered_list_in_registry_order():
    rows = _sources_json()
    assert [r["name"] for r in rows] == list(SOURCES)
    for row in rows:
        spec = SOURCES[row["name"]]
        assert row["title"] == spec.title and row["publisher"] == spec.publisher
        assert row["supports_as_of"] is spec.supports_as_of
        assert row["bundled_snapshot"] == (spec.bundled_vintage if spec.bundled else None)
        assert row["list_keys"] == list(spec.lists)


def test_every_official_list_says_where_in_what_format_and_on_what_terms():
    for row in _sources_json():
        assert row["format"] and row["terms"], row["name"]
        if row["name"] != "curated":  # the curated file has no publisher URL
            assert re.match(r"https://", row["url"]), row["name"]


def test_the_new_lists_with_their_snapshot_dates():
    rows = {r["name"]: r for r in _sources_json()}
    assert rows["us_dhs_uflpa"]["url"] == "https://www.dhs.gov/uflpa-entity-list"
    assert rows["us_dhs_uflpa"]["bundled_snapshot"] == "2025-01-15"
    assert rows["us_fcc_covered"]["url"] == "https://www.fcc.gov/supplychain/coveredlist"
    assert rows["us_fcc_covered"]["format"] == "HTML" and rows["us_fcc_covered"]["supports_as_of"] is False


def test_text_output_names_each_list_and_its_terms():
    out = CliRunner().invoke(app, ["sources"], env={"COLUMNS": "200"}, catch_exceptions=False).output
    for name, spec in SOURCES.items():
        assert name in out and spec.terms.split(":")[0] in out


def test_readme_documents_every_list():
    text = README.read_text(encoding="utf-8")
    missing = [name for name in SOURCES if f"`{name}`" not in text]
    assert not missing, f"README does not name: {missing}"
