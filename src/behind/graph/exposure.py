"""What exposes an entity to a listing, as of a date, under which regime.

Given an entity, :func:`explain` walks the relation graph upwards (to parents,
owners, brand owners, manufacturers, predecessors), bounded in depth and safe
against cycles, and reports:

- its own listings (direct hits);
- exposures: each a path of dated, sourced edges ending at a listing, and the
  regime that makes the path count (NDAA 889 / FCC "subsidiary or affiliate",
  NDAA FY2024 section 805 "subject to the control" of a 1260H company, brand or
  relabel, rename), or an ownership aggregate (OFAC 50 percent rule,
  BIS Affiliates Rule) with the owners' shares added up;
- ownership upward: owners and parents, listed or not, shown as context even
  where no rule extends their listing to this entity (a 1260H owner by shares only);
- history: relations and listings not in force on the date, and why.

Every report states, for each regime, whether it was applied on that date.
"""

from __future__ import annotations

from datetime import date

from behind.config import DEFAULT_MAX_DEPTH
from behind.graph.confirmation import confirm
from behind.graph.graph import OWNERSHIP, Graph
from behind.graph.regimes import Regime, load_regimes
from behind.model.explanation import EntityExplanation, HistoryItem, OwnershipStep
from behind.model.listing import Listing
from behind.model.results import Edge, Exposure, Owner

#: an ownership aggregate regime that does not state its threshold counts from this share (percent)
DEFAULT_AGGREGATE_THRESHOLD = 50.0


def _listings(graph: Graph, group: list[str]) -> list[Listing]:
    return [x for key in group for x in graph.listings(key)]


def explain(graph: Graph, key: str, as_of: date, *, regimes: dict[str, Regime] | None = None,
            max_depth: int = DEFAULT_MAX_DEPTH) -> EntityExplanation:
    """Listings, exposures, owners and history of the entity ``key`` on ``as_of``.

    ``regimes`` defaults to every regime of ``regimes.yaml``; an empty mapping means none."""
    regimes = load_regimes() if regimes is None else regimes
    status = {rid: r.status(as_of) for rid, r in regimes.items()}
    group = graph.group(key)
    own = _listings(graph, group)
    history = [HistoryItem(kind="listing", listing=x, why="not in force on this date")
               for x in own if not x.in_force(as_of)]
    exposures: list[Exposure] = []
    upward: list[OwnershipStep] = []
    # walk up, breadth first, keeping the path; a group is visited once (cycles, diamonds)
    seen = {graph.group_of[key]}
    frontier: list[tuple[list[str], list[Edge]]] = [(group, [])]
    for _depth in range(max_depth):
        nxt: list[tuple[list[str], list[Edge]]] = []
        for members, path in frontier:
            for edge in graph.edges_up(members):
                if not edge.in_force(as_of):
                    history.append(HistoryItem(kind="relation", edge=edge, path=path, why=edge.why_not(as_of)))
                    continue
                root = graph.group_of[edge.object]
                on_path = {graph.group_of[key]} | {graph.group_of[e.object] for e in path}
                if root in on_path:
                    continue  # a cycle back to where this path started
                parent = graph.group(edge.object)
                new_path = [*path, edge]
                parent_listings = [x for x in _listings(graph, parent) if x.in_force(as_of)]
                if edge.relation in OWNERSHIP:
                    upward.append(OwnershipStep(path=new_path, owner=edge.object,
                                                owner_name=graph.entities[edge.object].name, share=edge.share,
                                                listings=parent_listings))
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
    listings = [x for x in own if x.in_force(as_of)]
    exposed = any(x.applied for x in exposures)
    return EntityExplanation(
        entity=key, records=list(group), as_of=as_of,
        status="listed" if listings else "exposed" if exposed else "no exposure found",
        listings=listings, exposures=exposures, ownership_upward=upward, history=history,
        regimes=[r.describe(as_of) for r in regimes.values()], confirmations=confirm(graph, list(group)))


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
        if regime.unmeasured and any(e.share is None for e in path):
            why = f"{why}; {regime.unmeasured}"
        out.append(Exposure(regime=rid, regime_name=regime.name, applied=applied, why=why, path=path,
                            listing=listing))
    return out


def _threshold(regime: Regime) -> float:
    return DEFAULT_AGGREGATE_THRESHOLD if regime.threshold is None else float(regime.threshold)


def _aggregate(graph: Graph, regime: Regime, status: tuple[bool, str], group: list[str],
               as_of: date) -> list[Exposure]:
    """Blocked (or restricted) by ownership: shares of listed owners added up, through owned entities."""
    threshold = _threshold(regime)
    blocked, derived, owners = _blocked(graph, regime, as_of)
    root = graph.group_of[group[0]]
    if _listed(graph, regime, as_of, root):
        return []  # listed in its own right: a direct hit, not an exposure
    out: list[Exposure] = []
    applied, why = status
    if root in derived:
        total, counted = derived[root]
        out.append(Exposure(regime=regime.id, regime_name=regime.name, applied=applied, why=why, path=counted,
                            aggregate_share=total,
                            owners=[_owner(graph, e, graph.group_of[e.object] in derived, threshold)
                                    for e in counted]))
    unknown = [e for e in owners.get(root, []) if e.share is None and graph.group_of[e.object] in blocked]
    if unknown:
        out.append(Exposure(regime=regime.id, regime_name=regime.name, applied=False,
                            why=f"owned, share unknown: not counted as {threshold:g} percent or more"
                            + ("" if applied else f" (and the rule is {why})"), path=unknown,
                            owners=[_owner(graph, e, graph.group_of[e.object] in derived, threshold)
                                    for e in unknown]))
    partial = [e for e in owners.get(root, []) if e.share is not None and graph.group_of[e.object] in blocked]
    if partial and root not in derived:
        total = sum(e.share for e in partial if e.share is not None)
        out.append(Exposure(regime=regime.id, regime_name=regime.name, applied=False,
                            why=f"listed owners hold {total:g} percent in the aggregate, below {threshold:g}",
                            path=partial, aggregate_share=total,
                            owners=[_owner(graph, e, False, threshold) for e in partial]))
    return out


Blocked = tuple[set[str], dict[str, tuple[float, list[Edge]]], dict[str, list[Edge]]]


def _listed(graph: Graph, regime: Regime, as_of: date, root: str) -> bool:
    """Does a record of the group ``root`` carry a listing ``regime`` covers, in force on ``as_of``?"""
    key = ("listed", regime.id, as_of, root)
    found: bool | None = graph.cache.get(key)
    if found is None:
        found = graph.cache[key] = any(regime.covers(x.list) and x.in_force(as_of)
                                       for k in graph.members[root] for x in graph.listings(k))
    return found


def _blocked(graph: Graph, regime: Regime, as_of: date) -> Blocked:
    """The groups blocked by ownership or listed (of those that own or are owned: no other group's
    status can change an ownership aggregate), those blocked by ownership with their counted owner
    edges, and the owner edges of every group, for one regime on one day. Computed once per graph
    and day, reading only the records that ownership relations name."""
    key = ("blocked", regime.id, as_of)
    cached: Blocked | None = graph.cache.get(key)
    if cached is not None:
        return cached
    threshold = _threshold(regime)
    owners: dict[str, list[Edge]] = {}
    for k, edges in graph.up.items():
        for e in edges:
            if e.relation in OWNERSHIP and e.in_force(as_of):
                owners.setdefault(graph.group_of[k], []).append(e)
    related = set(owners) | {graph.group_of[e.object] for edges in owners.values() for e in edges}
    blocked = {root for root in sorted(related) if _listed(graph, regime, as_of, root)}
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
    result = (blocked, derived, owners)
    graph.cache[key] = result
    return result


def _owner(graph: Graph, edge: Edge, derived: bool, threshold: float) -> Owner:
    return Owner(owner=edge.object, name=graph.entities[edge.object].name, share=edge.share,
                 blocked_because=f"owned {threshold:g} percent or more by blocked persons" if derived else "listed")


__all__ = ["explain"]
