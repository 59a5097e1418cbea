"""Link records of the same real entity across lists.

Curated ``hikvision`` and OFAC consolidated 30946 are one company; SDN 11353
and UN ``QDi.268`` are one person. Two records of *different* lists are linked
when:

1. they share a strong identifier (ISIN, USCC, LEI, IMO number, SWIFT/BIC);
2. they share an equity ticker and a name word (tickers repeat across exchanges);
3. one of their names has the same words, their schemas agree, and a fact ties
   them: the curated record says it is on the other record's list, or both are
   people with the same year of birth.

Records of the same list are never linked to each other: a list that names two
records means two parties. The result maps an entity's position to its linked
positions with the reason, in both directions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from behind.model.entity import Entity
from behind.sources import source_of_list
from behind.text import name_tokens, normalize_identifier, normalize_ticker

STRONG = ("isin", "uscc", "lei", "imo", "swift_bic")


def _name_keys(entity: Entity) -> set[tuple[str, ...]]:
    return {tuple(sorted(name_tokens(n))) for n in entity.all_names()} - {()}


def _same_kind(a: Entity, b: Entity) -> bool:
    return (a.schema == "Person") == (b.schema == "Person")


def link_entities(entities: Sequence[Entity]) -> dict[int, list[tuple[int, str]]]:
    links: dict[int, dict[int, str]] = defaultdict(dict)

    def link(i: int, j: int, reason: str) -> None:
        if i != j and entities[i].source != entities[j].source and _same_kind(entities[i], entities[j]):
            links[i].setdefault(j, reason)
            links[j].setdefault(i, reason)

    by_id: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_ticker: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(entities):
        for ident in e.identifiers:
            if ident.scheme in STRONG:
                by_id[(ident.scheme, normalize_identifier(ident.value))].append(i)
            elif ident.scheme == "ticker":
                by_ticker[normalize_ticker(ident.value)].append(i)
    for (scheme, value), members in by_id.items():
        for j in members[1:]:
            link(members[0], j, f"same {scheme} {value}")
    for ticker, members in by_ticker.items():
        words = [set(w for key in _name_keys(entities[i]) for w in key) for i in members]
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                if words[a] & words[b]:
                    link(members[a], members[b], f"same ticker {ticker} and a shared name word")

    by_name: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, e in enumerate(entities):
        for key in sorted(_name_keys(e)):  # sorted: the first shared key names the link, in every process
            by_name[key].append(i)
    for key, members in by_name.items():
        if len(members) < 2 or len(members) > 20:
            continue
        for a in members:
            for b in members:
                if a >= b:
                    continue
                ea, eb = entities[a], entities[b]
                if _listed_on(ea, eb) or _listed_on(eb, ea):
                    link(a, b, f"same name {' '.join(key)!r}, and the curated record names the list")
                elif ea.schema == eb.schema == "Person" and _same_birth_year(ea, eb):
                    link(a, b, f"same name {' '.join(key)!r} and year of birth")
    return {i: sorted(v.items()) for i, v in links.items()}


def _listed_on(curated: Entity, other: Entity) -> bool:
    return curated.source == "curated" and any(source_of_list(p) == other.source for p in curated.programs)


def _same_birth_year(a: Entity, b: Entity) -> bool:
    return bool({d[:4] for d in a.birth_dates} & {d[:4] for d in b.birth_dates})


__all__ = ["STRONG", "link_entities"]
