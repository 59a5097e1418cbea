"""Affiliate evidence in a screening row: the party's name carries a listed organisation's
distinctive name (see :mod:`behind.matching.affiliate`), so it may be its subsidiary or affiliate.

Such a row alerts while the organisation is listed or exposed. The evidence says which words both
names share and what the other words are, and which regimes make an affiliate count: NDAA section
889 and the FCC Covered List cover "any subsidiary or affiliate" of Huawei, ZTE, Hytera, Hikvision
and Dahua; the BIS Affiliates Rule extends the Entity List and MEU List to entities owned 50
percent or more by listed parties, while it is in effect. A name is not a sourced relation: the
evidence level is ``name affiliate``, below ``sourced relation``.
"""

from __future__ import annotations

from datetime import date

from behind.graph.regimes import Regime
from behind.model.explanation import EntityExplanation
from behind.model.results import Evidence, Hit

LEVEL = "name affiliate"
#: regime kinds under which an affiliate of a listed party counts
AFFILIATE_KINDS = ("affiliates", "ownership_aggregate")


def affiliate_regimes(lists: set[str], regimes: dict[str, Regime], day: date) -> list[str]:
    """Why an affiliate of a party on ``lists`` counts on ``day``: each regime covering one of the lists,
    applied or with the reason it is not."""
    out = []
    for regime in regimes.values():
        if regime.kind in AFFILIATE_KINDS and regime.lists != "*" and lists & set(regime.lists):
            applied, why = regime.status(day)
            out.append(regime.name if applied else f"{regime.name} (not applied: {why})")
    return out


def affiliate_finding(hit: Hit, st: EntityExplanation, regimes: dict[str, Regime],
                      day: date) -> tuple[Evidence, str] | None:
    """The evidence and the row's reason for an affiliate hit whose organisation is listed or exposed."""
    found = hit.explanation.affiliate
    if found is None or st.status not in ("listed", "exposed"):
        return None
    lists = {x.list for x in st.listings}
    detail = f"{found.describe()} of {hit.name}"
    regime_url = next((r.url for r in regimes.values() if r.kind == "affiliates" and lists & set(r.lists)), None)
    evidence = Evidence(kind="name_affiliate", level=LEVEL, detail=detail, entity=hit.key,
                        source=regime_url or hit.source_url)
    why = affiliate_regimes(lists, regimes, day)
    reason = (f"possible subsidiary or affiliate of {hit.name} ({hit.key}), which is {st.status}"
              + (f": {', '.join(sorted(lists))}" if lists else "")
              + (f"; an affiliate counts under {'; '.join(why)}" if why else ""))
    return evidence, reason


__all__ = ["AFFILIATE_KINDS", "LEVEL", "affiliate_finding", "affiliate_regimes"]
