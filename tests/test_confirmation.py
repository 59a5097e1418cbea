"""Curated listings checked against the loaded official lists (graph/confirmation.py), in ``behind explain``
and the age of each version in ``behind lists``."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from behind.cli.app import app
from behind.graph import Graph, confirm
from behind.graph.confirmation import compare
from behind.model import Listing
from behind.sources.curated import read_curated
from behind.sources.fcc_covered import read_fcc_covered
from behind.sources.registry import data_path


def _listing(date: str | None, end: str | None = None, source: str = "curated") -> Listing:
    return Listing(list="us_fcc_covered", date=date, end=end, record=f"{source}:x")


@pytest.mark.parametrize("curated,official,differences", [
    (_listing("2021-03-12"), [_listing("2021-03-12", source="us_fcc_covered")], []),
    (_listing("2021-03"), [_listing("2021-03-12", source="us_fcc_covered")], []),  # a partial date agrees
    (_listing(None), [_listing("2021-03-12", source="us_fcc_covered")], []),
    (_listing("2021-03-12"), [_listing("2022-03-25", source="us_fcc_covered")],
     ["listed since 2021-03-12 in the curated file, since 2022-03-25 on the official list"]),
    (_listing("2019-10-09"), [_listing("2019-10-09", "2024-05-01", source="us_fcc_covered")],
     ["removed on 2024-05-01 on the official list; the curated listing has no end date"]),
    (_listing("2019-10-09", "2023-01-01"), [_listing("2019-10-09", source="us_fcc_covered")],
     ["ended 2023-01-01 in the curated file, still listed on the official list"]),
])
def test_what_differs_between_a_curated_and_an_official_listing(curated, official, differences):
    assert compare(curated, official) == differences


def _graph_with_fcc_page(tmp_path, hikvision_date: str) -> tuple[Graph, list[str]]:
    page = data_path("fcc/coveredlist.html").read_text(encoding="utf-8")
    row = "Hangzhou Hikvision Digital Technology Company, to the extent"
    start = page.index(row)
    cell = page.index("March 12, 2021", start)
    path = tmp_path / "coveredlist.html"
    path.write_text(page[:cell] + hikvision_date + page[cell + len("March 12, 2021"):], encoding="utf-8")
    entities = read_curated(data_path("curated/ecosystem.yaml")).entities + read_fcc_covered(path).entities
    graph = Graph.build(entities)
    return graph, graph.group("curated:hikvision")


def test_official_list_confirms_the_curated_fcc_listing(tmp_path):
    graph, group = _graph_with_fcc_page(tmp_path, "March 12, 2021")
    assert any(k.startswith("us_fcc_covered:") for k in group)  # the FCC record is the same entity
    (fcc,) = [c for c in confirm(graph, group, {"us_fcc_covered": "version 3, snapshot of 2026-07-28"})
              if c.by == "us_fcc_covered"]
    assert fcc.status == "confirmed" and fcc.version == "version 3, snapshot of 2026-07-28"
    assert [o.date for o in fcc.official] == ["2021-03-12"] and fcc.differences == []


def test_official_list_with_another_date_contradicts_the_curated_listing(tmp_path):
    graph, group = _graph_with_fcc_page(tmp_path, "March 25, 2022")
    (fcc,) = [c for c in confirm(graph, group) if c.by == "us_fcc_covered"]
    assert fcc.status == "contradicted"
    assert fcc.differences == ["listed since 2021-03-12 in the curated file, since 2022-03-25 on the official list"]


def test_curated_listing_of_a_list_not_loaded_is_not_checked():
    entities = read_curated(data_path("curated/ecosystem.yaml")).entities
    graph = Graph.build(entities)
    assert confirm(graph, graph.group("curated:hikvision")) == []


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("data"))
    for name in ("us_fcc_covered", "us_dhs_uflpa", "us_dod_1260h", "curated"):
        result = CliRunner().invoke(app, ["update", name, "--bundled", "--data-dir", path], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return path


def test_explain_json_shows_the_confirmation_with_the_list_version(data_dir):
    out = CliRunner().invoke(app, ["explain", "Xinjiang Daqo New Energy Co., Ltd.", "--as-of", "2025-02-01",
                                   "--json", "--data-dir", data_dir], catch_exceptions=False)
    x = json.loads(out.output)
    (uflpa,) = [c for c in x["confirmations"] if c["by"] == "us_dhs_uflpa"]
    assert uflpa["status"] == "confirmed" and uflpa["listing"]["date"] == "2024-11-25"
    assert re.fullmatch(r"version \d+, snapshot of 2025-01-15", uflpa["version"])


def test_explain_text_says_confirmed_by_the_list_and_version(data_dir):
    out = CliRunner().invoke(app, ["explain", "Hangzhou Hikvision Digital Technology Co., Ltd.", "--data-dir",
                                   data_dir], env={"COLUMNS": "200"}, catch_exceptions=False).output
    assert re.search(r"curated us_fcc_covered since 2021-03-12: confirmed by us_fcc_covered version \d+, "
                     r"snapshot of 2026-07-28", out)


def test_lists_shows_when_each_version_was_loaded_and_its_snapshot_date(data_dir):
    out = CliRunner().invoke(app, ["lists", "--json", "--data-dir", data_dir], catch_exceptions=False).output
    ages = {v["source"]: v["age"] for v in json.loads(out)}
    assert ages == {"us_fcc_covered": "loaded today, snapshot of 2026-07-28",
                    "us_dhs_uflpa": "loaded today, snapshot of 2025-01-15",
                    "us_dod_1260h": "loaded today, snapshot of 2026-06-08",
                    "curated": "loaded today, snapshot of 2026-11-22"}



def test_lists_check_curated_counts_each_official_list(data_dir):
    out = CliRunner().invoke(app, ["lists", "--check-curated", "--json", "--data-dir", data_dir],
                             catch_exceptions=False).output
    rows = {v["source"]: v for v in json.loads(out)}
    assert "curated_check" not in rows["curated"]  # the curated file is what is checked
    fcc = rows["us_fcc_covered"]["curated_check"]
    assert (fcc["confirmed"], fcc["contradicted"], fcc["not found"]) == (5, 0, 0)  # Hikvision, Dahua and the
    # three state operators' US carriers (China Mobile USA, China Telecom Americas, China Unicom Americas)
    uflpa = rows["us_dhs_uflpa"]["curated_check"]
    assert uflpa["confirmed"] == 32 and uflpa["contradicted"] == 0  # Esquel x3, Xinjiang Daqo, the 27 and Western Gold Karamay Hatu
    # companies given their Chinese names (Camel, COFCO Sugar, Chenguang, Century Sunshine, Baotou Meike, ...)
    assert uflpa["not found"] == 3  # XPCC, Changji Esquel, Xinjiang East Hope: not in the bundled excerpt
    # every curated 1260H listing agrees with the DoD editions (a 2026 spelling of a 2025 entry, a unit the
    # 2025 edition dropped: both once contradicted them)
    dod = rows["us_dod_1260h"]["curated_check"]
    assert dod["contradicted"] == 0 and dod["not found"] == 0 and dod["confirmed"] >= 50
    text = CliRunner().invoke(app, ["lists", "--check-curated", "--data-dir", data_dir], env={"COLUMNS": "200"},
                              catch_exceptions=False).output
    assert re.search(r"us_fcc_covered \(version \d+, snapshot of 2026-07-28\): 5 confirmed, 0 contradicted, "
                     r"0 not found", text)
