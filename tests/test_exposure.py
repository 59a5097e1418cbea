"""Exposure through ownership, brand and relabel links, as of a date, under named regimes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import Settings
from behind.graph.exposure import explain
from behind.graph.regimes import load_regimes
from behind.graph.graph import Graph
from behind.model.entity import Entity, Link
from behind.sources.ftm import read_ftm
from behind.sources.ofac.reader import read_ofac
from behind.sources.registry import data_path
from behind.store.sqlite import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def graph(loaded_dir):
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        return Graph.build(store.entities())


def applied(x, regime=None, lst=None):
    return [e for e in x.exposures if e.applied and (regime is None or e.regime == regime)
            and (lst is None or (e.listing and e.listing.list == lst))]


def test_lorex_exposed_to_dahua_in_2021(graph):
    x = explain(graph, "curated:lorex", date(2021, 6, 1))
    ndaa = applied(x, "ndaa_889", "us_ndaa_889")
    assert ndaa and ndaa[0].path[0].relation == "subsidiary_of" and ndaa[0].path[0].object == "curated:dahua"
    assert ndaa[0].path[0].sources[0].url.startswith("https://")
    assert applied(x, "brand_relabel")  # Dahua OEM products relabelled as Lorex
    assert x.status == "exposed" and x.listings == []


def test_lorex_not_exposed_in_2024_and_says_why(graph):
    x = explain(graph, "curated:lorex", date(2024, 6, 1))
    assert applied(x) == [] and x.status == "no exposure found"
    why = {h.edge.relation: h.why for h in x.history if h.edge is not None}
    assert why["subsidiary_of"] == "the subsidiary_of relation ended on 2022-11-24"
    assert "oem_relabel_of" in why  # the relabel history stays visible, as history
    assert [u.owner for u in x.ownership_upward] == ["curated:skywatch"]


def test_ezviz_covered_through_hikvision(graph):
    x = explain(graph, "curated:ezviz", date(2026, 11, 25))
    assert {e.listing.list for e in applied(x, "ndaa_889")} == {"us_ndaa_889", "us_fcc_covered"}
    assert {e.path[0].relation for e in applied(x, "brand_relabel")} == {"brand_of"}


def test_hikvision_owner_is_shown_upward_not_exposed_downward(graph):
    hik = explain(graph, "curated:hikvision", date(2026, 11, 25))
    owners = {u.owner: u for u in hik.ownership_upward}
    # its shareholders (CETC, CETC's holding company and its 52nd Research Institute) and CETC above them
    assert hik.listings and {"curated:cetc", "curated:cetc_hik", "curated:cetc_52"} <= set(owners)
    assert "us_dod_1260h" in {x.list for x in owners["curated:cetc"].listings}
    cetc = explain(graph, "curated:cetc", date(2026, 11, 25))
    assert cetc.exposures == [] and cetc.ownership_upward == []  # a parent is not tainted by its subsidiary


def test_dahua_usa_before_and_after_its_sale(graph):
    before = explain(graph, "curated:dahua_usa", date(2023, 6, 1))
    after = explain(graph, "curated:dahua_usa", date(2024, 6, 1))
    assert applied(before, "ndaa_889") and not applied(after)
    assert any("ended on 2024-01" in h.why for h in after.history)


@pytest.fixture
def ftm_graph():
    return Graph.build(read_ftm(FIXTURES / "ftm_sample.ftm.json", "ftm_fixture").entities)


def test_ofac_50_percent_rule_aggregates_blocked_owners(ftm_graph):
    x = explain(ftm_graph, "ftm_fixture:NK-9hPz2cVn4rYsQ1", date(2024, 1, 1))  # Vostok Cargo Terminal
    ofac = applied(x, "ofac_50")
    assert len(ofac) == 1 and ofac[0].aggregate_share == 55.0
    assert sorted(o.share for o in ofac[0].owners if o.share is not None) == [25.0, 30.0]
    # before the second owner was designated (2023-02-24) only 25% was held by a blocked person
    early = explain(ftm_graph, "ftm_fixture:NK-9hPz2cVn4rYsQ1", date(2022, 6, 1))
    assert not applied(early, "ofac_50")
    below = [e for e in early.exposures if e.regime == "ofac_50"]
    assert below and "25 percent in the aggregate, below 50" in below[0].why


def test_unknown_share_is_never_read_as_fifty_percent():
    owner = Entity("t", "a", "Company", "BLOCKED HOLDING", programs=["SDGT"])
    child = Entity("t", "b", "Company", "CHILD LTD", links=[Link("owned_by", "BLOCKED HOLDING", "a")])
    owner.extra["sanctions"] = [{"authority": "Office of Foreign Assets Control", "program": "SDGT"}]
    x = explain(Graph.build([owner, child]), "t:b", date(2024, 1, 1))
    ofac = [e for e in x.exposures if e.regime == "ofac_50"]
    assert len(ofac) == 1 and not ofac[0].applied and ofac[0].why.startswith("owned, share unknown")


def test_indirect_ownership_through_a_blocked_subsidiary():
    sdn = Entity("t", "a", "Company", "A", extra={"sanctions": [{"authority": "OFAC", "program": "SDGT"}]})
    mid = Entity("t", "b", "Company", "B", links=[Link("owned_by", "A", "a", share=60)])
    low = Entity("t", "c", "Company", "C", links=[Link("owned_by", "B", "b", share=50)])
    x = explain(Graph.build([sdn, mid, low]), "t:c", date(2024, 1, 1))
    ofac = applied(x, "ofac_50")
    assert ofac and ofac[0].owners[0].blocked_because.startswith("owned 50 percent")


def test_cycles_and_depth_are_bounded():
    listed = Entity("curated", "z", "Company", "LISTED CO", programs=["us_ndaa_889"],
                    extra={"listings": [{"list": "us_ndaa_889", "date": "2018-08-13"}]})
    chain = [Entity("curated", str(i), "Company", f"C{i}", links=[Link("subsidiary_of", f"C{i + 1}", str(i + 1))])
             for i in range(5)]
    chain.append(Entity("curated", "5", "Company", "C5", links=[Link("subsidiary_of", "C0", "0"),  # a cycle
                                                                Link("subsidiary_of", "LISTED CO", "z")]))
    g = Graph.build([*chain, listed])
    deep = explain(g, "curated:0", date(2024, 1, 1), max_depth=10)
    shallow = explain(g, "curated:0", date(2024, 1, 1), max_depth=3)
    reach = [e for e in deep.exposures if e.listing and e.listing.record == "curated:z"]
    assert reach and len(reach[0].path) == 6  # six subsidiary_of steps, the cycle back to C0 not taken
    assert not any(e.listing and e.listing.record == "curated:z" for e in shallow.exposures)


@pytest.mark.parametrize("day,applies,why", [
    (date(2025, 9, 1), False, "not yet in effect"),
    (date(2025, 10, 1), True, "in effect"),
    (date(2026, 1, 15), False, "suspended from 2025-11-10 to 2026-11-09"),
    (date(2026, 11, 25), True, "in effect"),
])
def test_bis_affiliates_rule_dates(day, applies, why):
    status = load_regimes()["bis_affiliates"].status(day)
    assert status[0] is applies and status[1].startswith(why)


def test_regime_switched_off_by_configuration():
    assert load_regimes({"bis_affiliates": {"enabled": False}})["bis_affiliates"].status(date(2026, 11, 25)) == (
        False, "switched off in the configuration")


def test_load_reports_relations_with_missing_ends():
    warnings = read_ofac(data_path("ofac/sdn"), "us_ofac_sdn").warnings
    assert any("Linked To 'ROSTEC'" in w for w in warnings)


def test_explain_cli_json_and_svg(loaded_dir, tmp_path):
    runner = CliRunner()
    base = ["--data-dir", str(loaded_dir)]
    svg = tmp_path / "lorex.svg"
    out = runner.invoke(app, ["explain", "Lorex Technology Inc.", "--as-of", "2021-06-01", "--json",
                              "--svg", str(svg), *base], catch_exceptions=False)
    data = json.loads(out.output)
    path = next(e for e in data["exposures"] if e["applied"])["path"]
    assert path[0]["object"] == "curated:dahua" and path[0]["sources"]
    assert {r["id"]: r["applied"] for r in data["regimes"]}["bis_affiliates"] is False
    root = etree.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg") and "Zhejiang Dahua" in svg.read_text(encoding="utf-8")
    later = json.loads(runner.invoke(app, ["explain", "Lorex Technology Inc.", "--as-of", "2024-06-01", "--json",
                                           *base]).output)
    assert later["status"] == "no exposure found" and not [e for e in later["exposures"] if e["applied"]]
    text = runner.invoke(app, ["explain", "Lorex Technology Inc.", "--as-of", "2024-06-01", *base],
                         env={"COLUMNS": "250"}).output
    assert "not in force: the subsidiary_of relation ended on 2022-11-24" in text
    bad = runner.invoke(app, ["explain", "Lorex", "--as-of", "June 2021", *base])
    assert bad.exit_code == 2 and "--as-of must be a date" in bad.output


def test_aggregate_messages_state_the_regimes_own_threshold():
    """A regime that counts from 25 percent says 25, not 50."""
    from dataclasses import replace as dc_replace

    owner = Entity("t", "a", "Company", "BLOCKED HOLDING", extra={"sanctions": [{"authority": "OFAC",
                                                                                 "program": "SDGT"}]})
    child = Entity("t", "b", "Company", "CHILD LTD", links=[Link("owned_by", "BLOCKED HOLDING", "a", share=20)])
    regimes = {"ofac_50": dc_replace(load_regimes()["ofac_50"], threshold=25.0)}
    x = explain(Graph.build([owner, child]), "t:b", date(2024, 1, 1), regimes=regimes)
    assert [e.why for e in x.exposures] == ["listed owners hold 20 percent in the aggregate, below 25"]
    child30 = Entity("t", "b", "Company", "CHILD LTD", links=[Link("owned_by", "BLOCKED HOLDING", "a", share=30)])
    grand = Entity("t", "c", "Company", "GRANDCHILD LTD", links=[Link("owned_by", "CHILD LTD", "b", share=30)])
    y = explain(Graph.build([owner, child30, grand]), "t:c", date(2024, 1, 1), regimes=regimes)
    assert y.exposures[0].applied and y.exposures[0].owners[0].blocked_because == (
        "owned 25 percent or more by blocked persons")


def test_no_regimes_means_none_applied(graph):
    x = explain(graph, "curated:lorex", date(2021, 6, 1), regimes={})
    assert x.exposures == [] and x.regimes == [] and x.status == "no exposure found"
