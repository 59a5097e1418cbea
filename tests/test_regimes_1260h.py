"""NDAA FY2024 section 805: a curated subsidiary of a 1260H company is exposed, with its path,
from 30 June 2026 (the date DoD may no longer contract with "any entity subject to the control"
of a listed company), and not before; NS-CMIC and NDAA 889 stay as they were."""

from __future__ import annotations

from datetime import date

import pytest

from behind import resources
from behind.config import Settings
from behind.graph.exposure import explain
from behind.graph.graph import Graph
from behind.graph.regimes import load_regimes
from behind.store.sqlite import Store

BEFORE, AFTER = date(2026, 6, 29), date(2026, 12, 1)
UNMEASURED = "control not measured: the curated relation says subsidiary"


@pytest.fixture(scope="module")
def graph(loaded_dir):
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        return Graph.build(store.entities())


def sec805(x, applied=True):
    return [e for e in x.exposures if e.regime == "ndaa24_805" and e.applied is applied]


# entity, 1260H parent at the end of the path, whether the curated relation carries a share
CASES = [
    ("curated:hualu", "curated:cetc", False),            # 中国华录, CETC's holding subsidiary since 2023-11
    ("curated:putian", "curated:cetc", True),            # 中国普天, wholly owned by CETC since 2021-06
    ("curated:cetc_hik", "curated:cetc", True),          # 中电海康, 100 percent CETC
    ("curated:inspur_international", "curated:inspur", False),  # 浪潮国际 (0596.HK)
    ("curated:inspur_overseas", "curated:inspur", True),        # 浪潮海外投资, 100 percent Inspur Group
]


@pytest.mark.parametrize("key,parent,has_share", CASES)
def test_subsidiary_of_a_1260h_company_exposed_from_30_june_2026(graph, key, parent, has_share):
    after = explain(graph, key, AFTER)
    hits = sec805(after)
    assert after.status == "exposed" and hits
    assert all(e.listing is not None and e.listing.list == "us_dod_1260h" for e in hits)
    assert hits[0].path[-1].object == parent and {e.relation for e in hits[0].path} == {"subsidiary_of"}
    assert hits[0].path[0].sources and hits[0].path[0].sources[0].url
    assert (UNMEASURED in hits[0].why) is (not has_share)
    before = explain(graph, key, BEFORE)
    assert before.status == "no exposure found" and not sec805(before)
    assert "not yet in effect on 2026-06-29 (effective 2026-06-30)" in sec805(before, applied=False)[0].why


def test_unrelated_company_not_exposed(graph):
    # Lorex: sold by Dahua in 2022, no listed parent since
    x = explain(graph, "curated:lorex", AFTER)
    assert x.status == "no exposure found" and not [e for e in x.exposures if e.applied]


def test_a_parent_is_not_tainted_by_its_subsidiary(graph):
    x = explain(graph, "curated:inspur_overseas", AFTER)
    assert {e.path[-1].object for e in sec805(x)} == {"curated:inspur"}
    assert not sec805(explain(graph, "curated:inspur", AFTER))  # listed itself: a direct hit


def test_ndaa_889_cases_unchanged(graph):
    # Hikvision Canada: covered under NDAA 889 / FCC before and after section 805 took effect
    for day in (BEFORE, AFTER):
        x = explain(graph, "curated:hikvision_canada", day)
        lists = {e.listing.list for e in x.exposures if e.applied and e.regime == "ndaa_889" and e.listing}
        assert lists == {"us_ndaa_889", "us_fcc_covered"}


def test_regime_states_its_source_and_that_it_binds_dod_contracting_only():
    r = load_regimes()["ndaa24_805"]
    assert r.lists == ("us_dod_1260h",) and r.effective == "2026-06-30"
    assert r.url.startswith("https://www.congress.gov/") and "sec. 805" in r.source
    summary = " ".join(resources.load("regimes")["ndaa24_805"]["summary"].split())
    assert "any entity subject to the control of an entity described in subparagraph (A)" in summary
    assert "Department of Defense contracting only" in summary
    # NS-CMIC listings are not carried to subsidiaries by any regime
    assert not [x for x in load_regimes().values()
                if x.kind == "affiliates" and x.covers("us_ofac_ns_cmic") and x.lists != "*"]


def test_switched_off_regime_is_not_applied(graph):
    regimes = load_regimes({"ndaa24_805": {"enabled": False}})
    x = explain(graph, "curated:hualu", AFTER, regimes=regimes)
    assert x.status == "no exposure found"
    assert "switched off in the configuration" in sec805(x, applied=False)[0].why
