"""Hostile and broken list files, loaded as the probe of issue 9 loaded them: through the CLI.

- a curated file cut at half its bytes (on a line boundary) never becomes the active version;
- a 20 MB name in an imported list is cut to the name limit and reported, so later queries answer;
- a curated file that is not UTF-8 and an FtM line nested 100,000 deep are errors naming file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import Settings
from behind.ingest import update_source
from behind.ingest.limits import ID_LIMIT, MAX_NAMES, NAME_LIMIT, VALUE_LIMIT, limit_values
from behind.model.entity import Address, Alias, Entity, Identifier, Link
from behind.sources.base import ParsedList
from behind.sources.jsonlines import MAX_DEPTH
from behind.sources.registry import SOURCES, data_path
from behind.store import Store, Version

ECOSYSTEM = data_path("curated/ecosystem.yaml")
BIG = 20 * 1024 * 1024


def run(data_dir: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--data-dir", str(data_dir)], env={"COLUMNS": "200"},
                              catch_exceptions=False)


@pytest.fixture
def curated_dir(tmp_path: Path) -> Path:
    """A data folder with the bundled curated list loaded."""
    data_dir = tmp_path / "data"
    assert run(data_dir, "update", "curated", "--bundled").exit_code == 0
    return data_dir


def _active(data_dir: Path, source: str) -> Version:
    with Store(Settings(data_dir=data_dir).store_path) as store:
        version = store.active_version(source)
    assert version is not None
    return version


def test_curated_file_cut_in_half_never_becomes_active(curated_dir, tmp_path):
    data = ECOSYSTEM.read_bytes()
    half = data[: len(data) // 2]
    cut = tmp_path / "ecosystem.yaml"
    cut.write_bytes(half[: half.rfind(b"\n") + 1])
    before = _active(curated_dir, "curated")
    result = run(curated_dir, "update", "curated", "--from", str(cut))
    assert result.exit_code == 2
    assert "error: curated: section(s) 'relations', 'listings' missing: the file may be truncated" in result.output
    assert str(cut) in result.output and "active version unchanged" in result.output
    after = _active(curated_dir, "curated")
    assert after.id == before.id and (after.relation_count, after.listing_count) == (229, 295)
    lorex = json.loads(run(curated_dir, "explain", "Lorex Technology Inc.", "--as-of", "2021-06-01", "--json").output)
    assert lorex["status"] == "exposed"


def test_curated_file_that_lost_relations_and_listings_is_refused(curated_dir, tmp_path):
    doc = yaml.safe_load(ECOSYSTEM.read_text(encoding="utf-8"))
    doc["relations"], doc["listings"] = doc["relations"][:12], doc["listings"][:10]
    short = tmp_path / "ecosystem.yaml"
    short.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = run(curated_dir, "update", "curated", "--from", str(short))
    assert result.exit_code == 2
    assert "12 relations, 95% fewer than the active version" in result.output
    assert "10 listings, 97% fewer than the active version" in result.output
    assert _active(curated_dir, "curated").listing_count == 295
    forced = run(curated_dir, "update", "curated", "--from", str(short), "--force")
    assert forced.exit_code == 0 and _active(curated_dir, "curated").listing_count == 10


def test_a_20_mb_name_is_cut_to_the_limit_and_reported(tmp_path):
    data_dir = tmp_path / "data"
    huge = tmp_path / "entities.ftm.json"
    lines = [{"id": "big", "schema": "Company",
              "properties": {"name": ["Hikvision Digital " + "x" * BIG], "alias": ["y" * BIG], "notes": ["z" * BIG]}},
             {"id": "small", "schema": "Company", "properties": {"name": ["Hangzhou Hikvision Digital Technology"]}}]
    huge.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run(data_dir, "import", str(huge), "--source", "big")
    assert result.exit_code == 0, result.output
    out = result.output.replace("\n", "")
    assert "warning: record big (Hikvision Digital xxx" in out
    assert f"name of {BIG + 18:,} characters cut to {NAME_LIMIT}" in out
    assert f"aliases[0] of {BIG:,} characters cut to {NAME_LIMIT}" in out
    assert f"remarks of {BIG:,} characters cut to {VALUE_LIMIT:,}" in out
    with Store(Settings(data_dir=data_dir).store_path) as store:
        big = store.entity("big", "big")
        assert big is not None and len(big.name) == NAME_LIMIT and len(big.aliases[0].name) == NAME_LIMIT
        assert len(big.remarks or "") == VALUE_LIMIT
        assert any("over the length limits" in w for w in store.active_version("big").warnings)
    hits = json.loads(run(data_dir, "search", "Hikvision Digital Technology", "--json").output)
    assert "small" in [h["source_id"] for h in hits]


def test_curated_alias_over_the_limit_is_cut_on_update(tmp_path):
    doc = yaml.safe_load(ECOSYSTEM.read_text(encoding="utf-8"))
    doc["entities"][0]["aliases"].append("Hik" * 100_000)
    path = tmp_path / "ecosystem.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with Store(tmp_path / "behind.db") as store:
        out = update_source(store, SOURCES["curated"], {"ecosystem.yaml": str(path)})
        assert out.warnings == (f"record hikvision (Hangzhou Hikvision Digital Technology Co., Ltd.): over the "
                                f"length limits: aliases[5] of 300,000 characters cut to {NAME_LIMIT}",)
        names = store.entity("curated", "hikvision").all_names()  # type: ignore[union-attr]
        assert max(map(len, names)) == NAME_LIMIT


def test_bundled_lists_are_within_the_limits(loaded_dir):
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        assert not [w for v in store.active_versions() for w in v.warnings if "length limits" in w]


def test_non_utf8_curated_file_is_a_clear_error(curated_dir, tmp_path):
    bad = tmp_path / "ecosystem.yaml"
    bad.write_bytes(ECOSYSTEM.read_bytes().replace("Hikvision".encode(), "Hikvisi\xf3n".encode("latin-1"), 1))
    result = run(curated_dir, "update", "curated", "--from", str(bad))
    assert result.exit_code == 2 and "Traceback" not in result.output and "UnicodeDecodeError" not in result.output
    assert "error: curated: not UTF-8 text: byte 0xf3" in result.output and "save the file as UTF-8" in result.output
    line = ECOSYSTEM.read_bytes().split(b"Hikvision", 1)[0].count(b"\n") + 1
    assert f"{bad}, line {line})" in result.output.replace("\n", "")
    assert "active version unchanged" in result.output


def test_deeply_nested_ftm_line_is_a_clear_error(tmp_path):
    nested = tmp_path / "entities.ftm.json"
    nested.write_text('{"id": "a", "schema": "Company", "properties": {"name": ["A Ltd"]}}\n'
                      + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    result = run(tmp_path / "data", "import", str(nested), "--source", "nested")
    assert result.exit_code == 2
    out = result.output.replace("\n", "")
    assert f"error: nested: JSON nested too deeply on line 2 (more than {MAX_DEPTH} levels) ({nested}, line 2)" in out


# ---------------------------------------------------------------------------- limit_values


def test_limit_values_cuts_every_field_and_keeps_ids_distinct():
    long_id = "id-" + "9" * 1000
    ent = Entity("t", long_id, "Company", "N" * 600,
                 aliases=[Alias("A" * 501), *(Alias(f"alias {i}") for i in range(MAX_NAMES + 10))],
                 identifiers=[Identifier("lei", "1" * (VALUE_LIMIT + 1))], addresses=[Address("S" * 6000, city="c")],
                 remarks="R" * 9000, links=[Link("owned_by", "T" * 900, long_id + "x", sources=({"q": "Q" * 6000},))],
                 extra={"deep": [[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]], "note": "E" * 6000})
    other = Entity("t", long_id + "x", "Company", "Other")
    parsed = limit_values(ParsedList("t", [ent, other]))
    cut, kept = parsed.entities
    assert len(cut.source_id) == len(kept.source_id) == ID_LIMIT and cut.source_id != kept.source_id
    assert cut.links[0].target_id == kept.source_id  # the relation still reaches its far end
    assert len(cut.name) == NAME_LIMIT and len(cut.aliases[0].name) == NAME_LIMIT
    assert len(cut.all_names()) == MAX_NAMES
    assert len(cut.identifiers[0].value) == len(cut.addresses[0].full) == len(cut.remarks or "") == VALUE_LIMIT
    assert len(cut.links[0].target) == NAME_LIMIT and len(cut.links[0].sources[0]["q"]) == VALUE_LIMIT
    assert len(cut.extra["note"]) == VALUE_LIMIT and "x" not in json.dumps(cut.extra["deep"])
    assert len(parsed.warnings) == 2  # one per record cut
    assert parsed.warnings[0].startswith(f"record {cut.source_id} ({'N' * 80}): over the length limits: id of 1,003")
    assert "more" in parsed.warnings[0]


def test_limit_values_leaves_values_within_the_limits_alone():
    ent = Entity("t", "1", "Company", "ACME LTD", aliases=[Alias("ACME")], remarks="r", extra={"a": ["b", {"c": 1}]})
    parsed = limit_values(ParsedList("t", [ent], published="2024-01-01"))
    assert parsed.entities == [ent] and parsed.warnings == [] and parsed.published == "2024-01-01"
