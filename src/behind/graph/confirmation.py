"""Curated listings checked against the official lists: confirmed, contradicted, or not found.

The curated file names listings on official lists (``us_bis_entity_list``, ``us_dhs_uflpa``,
``us_fcc_covered``...) with their dates and sources, so that Behind can screen before those
lists are loaded. Once an official list that publishes the same list key is loaded, the
curated listing should not stand on its own word:

- **confirmed**: a record of the official list in the same node group (the same real entity,
  :mod:`behind.matching.linking`) carries that list key, with a compatible date (the same
  day, or one date a prefix of the other: ``2019-10`` and ``2019-10-09``) and no removal the
  curated listing lacks;
- **contradicted**: it carries the key, but the dates differ, the official list ended the
  listing while the curated one has no end, or the curated one ended what the official list
  still has in force; each difference is said in words;
- **not found**: the official list is loaded but no record of it matched the entity (an
  excerpt snapshot, a name the linking did not join, or a listing the curated file got wrong).

Curated listings of keys no loaded list publishes (``us_ndaa_889``, a 1260H list not loaded)
are not checked.
"""

from __future__ import annotations

from behind.graph.graph import Graph
from behind.model.explanation import Confirmation
from behind.model.listing import Listing
from behind.sources import SOURCES

CURATED = "curated"


def _published_keys(graph: Graph) -> dict[str, list[str]]:
    """list key -> the loaded official lists that publish it (computed once per graph)."""
    found: dict[str, list[str]] | None = graph.cache.get("published_keys")
    if found is None:
        loaded = graph.sources() - {CURATED}
        found = {}
        for name in sorted(loaded):
            spec = SOURCES.get(name)
            for key in spec.lists if spec is not None else ():
                found.setdefault(key, []).append(name)
        graph.cache["published_keys"] = found
    return found


def _same_date(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def compare(curated: Listing, official: list[Listing]) -> list[str]:
    """What differs between a curated listing and the official listings of the same key (empty: none)."""
    diffs: list[str] = []
    dated = [o.date for o in official if o.date]
    if curated.date and dated and not any(_same_date(curated.date, d) for d in dated):
        diffs.append(f"listed since {curated.date} in the curated file, since {', '.join(sorted(set(dated)))} "
                     "on the official list")
    in_force = [o for o in official if not o.end]
    if curated.end is None and not in_force:
        ends = sorted({o.end for o in official if o.end})
        diffs.append(f"removed on {', '.join(ends)} on the official list; the curated listing has no end date")
    if curated.end is not None and in_force:
        diffs.append(f"ended {curated.end} in the curated file, still listed on the official list")
    return diffs


def confirm(graph: Graph, records: list[str], versions: dict[str, str] | None = None) -> list[Confirmation]:
    """Each curated listing of ``records`` (one node group) checked against the loaded official lists;
    ``versions`` labels each list's loaded version (``{"us_fcc_covered": "version 7, snapshot of ..."}``)."""
    published = _published_keys(graph)
    out: list[Confirmation] = []
    for key in records:
        if graph.entities[key].source != CURATED:
            continue
        for listing in graph.listings(key):
            for source in published.get(listing.list, ()):
                official = [x for k in records if graph.entities[k].source == source
                            for x in graph.listings(k) if x.list == listing.list]
                label = (versions or {}).get(source)
                if not official:
                    out.append(Confirmation(listing=listing, status="not found", by=source, version=label,
                                            differences=[f"no record of {source} matched this entity"]))
                    continue
                diffs = compare(listing, official)
                out.append(Confirmation(listing=listing, status="contradicted" if diffs else "confirmed", by=source,
                                        version=label, official=official, differences=diffs))
    return out


def confirm_all(graph: Graph, versions: dict[str, str] | None = None) -> list[Confirmation]:
    """Every curated listing of the graph checked against the loaded official lists, group by group."""
    out: list[Confirmation] = []
    done: set[str] = set()
    for key, entity in graph.entities.items():
        root = graph.group_of[key]
        if entity.source != CURATED or root in done:
            continue
        done.add(root)
        out.extend(confirm(graph, graph.group(key), versions))
    return out


__all__ = ["compare", "confirm", "confirm_all"]
