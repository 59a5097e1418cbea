"""What exposes an entity to a listing, as of a date, under which regime.

Given an entity, :func:`explain` walks the relation graph upwards (to parents,
owners, brand owners, manufacturers, predecessors), bounded in depth and safe
against cycles, and reports:

- its own listings (direct hits);
- exposures: each a path of dated, sourced edges ending at a listing, and the
  regime that makes the path count (NDAA 889 / FCC "subsidiary or affiliate",
  brand or relabel, rename), or an ownership aggregate (OFAC 50 percent rule,
  BIS Affiliates Rule) with the owners' shares added up;
- ownership upward: owners and parents, listed or not, shown as context even
  where no rule extends their listing to this entity (a 1260H parent);
- history: relations and listings not in force on the date, and why.

Every report states, for each regime, whether it was applied on that date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from behind import resources
from behind.model.dates import in_force
from behind.graph.graph import OWNERSHIP, Edge, Graph
from behind.graph.listings import Listing

DEFAULT_MAX_DEPTH = 4


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    kind: str
    lists: tuple[str, ...] | str
    relations: tuple[str, ...]
    threshold: float | None
    effective: str | None
    suspended: tuple[tuple[str, str], ...]
    source: str
    url: str
    enabled: bool = True

    def covers(self, list_key: str) -> bool:
        return self.lists == "*" or list_key in self.lists

    def status(self, as_of: date) -> tuple[bool, str]:
        """(applied, why) on ``as_of``."""
        if not self.enabled:
            return False, "switched off in the configuration"
        if self.effective and not in_force(self.effective, None, as_of):
            return False, f"not yet in effect on {as_of} (effective {self.effective})"
        for start, end in self.suspended:
            if in_force(start, None, as_of) and as_of <= date.fromisoformat(end):
                return False, f"suspended from {start} to {end}"
        return True, "in effect" + (f" since {self.effective}" if self.effective else "")

    def describe(self, as_of: date) -> dict[str, Any]:
        """The regime as reports state it: whether it was applied on ``as_of``, why, and its source."""
        applied, why = self.status(as_of)
        return {"id": self.id, "name": self.name, "applied": applied, "why": why, "source": self.source,
                "url": self.url}


def load_regimes(overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, Regime]:
    out = {}
    for rid, r in resources.load("regimes").items():
        conf = (overrides or {}).get(rid, {})
        out[rid] = Regime(
            id=rid, name=r["name"], kind=r["kind"],
            lists=r["lists"] if r["lists"] == "*" else tuple(r["lists"]),
            relations=tuple(r.get("relations", ())), threshold=r.get("threshold"),
            effective=r.get("effective"), suspended=tuple(tuple(s) for s in r.get("suspended", ())),
            source=r["source"], url=r["url"], enabled=bool(conf.get("enabled", True)))
    return out


@dataclass
class Exposure:
    regime: str
    regime_name: str
    applied: bool
    why: str
    path: list[Edge]
    listing: Listing | None
    share: float | None = None
    owners: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"regime": self.regime, "regime_name": self.regime_name, "applied": self.applied, "why": self.why,
                "path": [e.to_dict() for e in self.path],
                "listing": self.listing.__dict__ if self.listing else None,
                "aggregate_share": self.share, "owners": self.owners}


@dataclass
class Explanation:
    entity: str
    records: list[str]
    as_of: date
    listings: list[Listing]
    exposures: list[Exposure]
    ownership_upward: list[dict[str, Any]]
    history: list[dict[str, Any]]
    regimes: list[dict[str, Any]]

    @property
    def exposed(self) -> bool:
        return any(x.applied for x in self.exposures)

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "records": self.records, "as_of": self.as_of.isoformat(),
                "status": "listed" if self.listings else "exposed" if self.exposed else "no exposure found",
                "listings": [x.__dict__ for x in self.listings],
                "exposures": [x.to_dict() for x in self.exposures],
                "ownership_upward": self.ownership_upward, "history": self.history, "regimes": self.regimes}


def _listings(graph: Graph, group: list[str]) -> list[Listing]:
    return [x for key in group for x in graph.listings(key)]


def explain(graph: Graph, key: str, as_of: date, *, regimes: dict[str, Regime] | None = None,
            max_depth: int = DEFAULT_MAX_DEPTH) -> Explanation:
    regimes = regimes or load_regimes()
    status = {rid: r.status(as_of) for rid, r in regimes.items()}
    group = graph.group(key)
    own = _listings(graph, group)
    history: list[dict[str, Any]] = [{"kind": "listing", "listing": x.__dict__, "why": "not in force on this date"}
                                     for x in own if not x.in_force(as_of)]
    exposures: list[Exposure] = []
    upward: list[dict[str, Any]] = []
    # walk up, breadth first, keeping the path; a group is visited once (cycles, diamonds)
    seen = {graph.group_of[key]}
    frontier: list[tuple[list[str], list[Edge]]] = [(group, [])]
    for _depth in range(max_depth):
        nxt: list[tuple[list[str], list[Edge]]] = []
        for members, path in frontier:
            for edge in graph.edges_up(members):
                if not edge.in_force(as_of):
                    history.append({"kind": "relation", "edge": edge.to_dict(), "path": [e.to_dict() for e in path],
                                    "why": edge.why_not(as_of)})
                    continue
                root = graph.group_of[edge.object]
                on_path = {graph.group_of[key]} | {graph.group_of[e.object] for e in path}
                if root in on_path:
                    continue  # a cycle back to where this path started
                parent = graph.group(edge.object)
                new_path = [*path, edge]
                parent_listings = [x for x in _listings(graph, parent) if x.in_force(as_of)]
                if edge.relation in OWNERSHIP:
                    upward.append({"path": [e.to_dict() for e in new_path], "owner": edge.object,
                                   "owner_name": graph.entities[edge.object].name,
                                   "share": edge.share, "listings": [x.__dict__ for x in parent_listings]})
                for listing in parent_listings:
                    exposures.extend(_path_exposures(regimes, status, new_path, listing))
                if root not in seen:  # every relation to a parent is reported; the walk goes on once
                    seen.add(root)
                    nxt.append((parent, new_path))
        frontier = nxt
        if not frontier:
            break
    for rid, regime in regimes.items():
        if regime.kind == "ownership_aggregate":
            exposures.extend(_aggregate(graph, regime, status[rid], group, as_of))
    return Explanation(
        entity=key, records=list(group), as_of=as_of,
        listings=[x for x in own if x.in_force(as_of)], exposures=exposures, ownership_upward=upward,
        history=history,
        regimes=[r.describe(as_of) for r in regimes.values()])


def _path_exposures(regimes: dict[str, Regime], status: dict[str, tuple[bool, str]], path: list[Edge],
                    listing: Listing) -> list[Exposure]:
    out = []
    relations = {e.relation for e in path}
    for rid, regime in regimes.items():
        if regime.kind not in ("affiliates", "product", "successor") or not regime.covers(listing.list):
            continue
        if regime.kind == "product" and not (len(path) == 1 and path[0].relation in regime.relations):
            continue
        if not relations <= set(regime.relations):
            continue
        applied, why = status[rid]
        out.append(Exposure(rid, regime.name, applied, why, path, listing))
    return out


def _aggregate(graph: Graph, regime: Regime, status: tuple[bool, str], group: list[str],
               as_of: date) -> list[Exposure]:
    """Blocked (or restricted) by ownership: shares of listed owners added up, through owned entities."""
    threshold = regime.threshold or 50.0
    listed, blocked, derived, owners = _blocked(graph, regime, as_of)
    root = graph.group_of[group[0]]
    if root in listed:
        return []  # listed in its own right: a direct hit, not an exposure
    out: list[Exposure] = []
    applied, why = status
    if root in derived:
        total, counted = derived[root]
        out.append(Exposure(regime.id, regime.name, applied, why, counted, None, share=total,
                            owners=[_owner(graph, e, graph.group_of[e.object] in derived)
                                    for e in counted]))
    unknown = [e for e in owners.get(root, []) if e.share is None and graph.group_of[e.object] in blocked]
    if unknown:
        out.append(Exposure(regime.id, regime.name, False,
                            f"owned, share unknown: not counted as {threshold:g} percent or more"
                            + ("" if applied else f" (and the rule is {why})"), unknown, None,
                            owners=[_owner(graph, e, graph.group_of[e.object] in derived) for e in unknown]))
    partial = [e for e in owners.get(root, []) if e.share is not None and graph.group_of[e.object] in blocked]
    if partial and root not in derived:
        total = sum(e.share for e in partial if e.share is not None)
        out.append(Exposure(regime.id, regime.name, False,
                            f"listed owners hold {total:g} percent in the aggregate, below {threshold:g}",
                            partial, None, share=total, owners=[_owner(graph, e, False) for e in partial]))
    return out


def _blocked(graph: Graph, regime: Regime, as_of: date) -> tuple[
        set[str], set[str], dict[str, tuple[float, list[Edge]]], dict[str, list[Edge]]]:
    """Listed groups, groups blocked by ownership (with their counted owner edges), and the
    owner edges of every group, for one regime on one day. Computed once per graph and day."""
    key = ("blocked", regime.id, as_of)
    cached = graph.cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    threshold = regime.threshold or 50.0
    listed: set[str] = set()
    for k in graph.entities:
        root = graph.group_of[k]
        if root not in listed and any(regime.covers(x.list) and x.in_force(as_of) for x in graph.listings(k)):
            listed.add(root)
    owners: dict[str, list[Edge]] = {}
    for k, edges in graph.up.items():
        for e in edges:
            if e.relation in OWNERSHIP and e.in_force(as_of):
                owners.setdefault(graph.group_of[k], []).append(e)
    blocked = set(listed)
    derived: dict[str, tuple[float, list[Edge]]] = {}
    changed = True
    while changed:  # fixed point: an entity blocked by ownership blocks what it owns in turn
        changed = False
        for root, edges in owners.items():
            if root in blocked:
                continue
            counted = [e for e in edges if graph.group_of[e.object] in blocked and e.share is not None]
            total = sum(e.share for e in counted if e.share is not None)
            if total >= threshold:
                blocked.add(root)
                derived[root] = (total, counted)
                changed = True
    result = (listed, blocked, derived, owners)
    graph.cache[key] = result
    return result


def _owner(graph: Graph, edge: Edge, derived: bool) -> dict[str, Any]:
    return {"owner": edge.object, "name": graph.entities[edge.object].name, "share": edge.share,
            "blocked_because": "owned 50 percent or more by blocked persons" if derived else "listed"}


__all__ = ["Explanation", "Exposure", "Regime", "explain", "load_regimes"]
