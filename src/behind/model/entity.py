"""The one internal entity model every reader produces.

A listed record becomes an :class:`Entity`: its names, schema, identifiers,
addresses, countries, dates, programs, remarks and the list's own record id.
Relations found in a list (OFAC ``Linked To:``, curated ``subsidiary_of``, FtM
``Ownership``) are kept as :class:`Link` objects on the entity they start from;
the graph issue resolves their far ends.

Schemas follow FollowTheMoney names: ``Person``, ``Organization``, ``Company``,
``PublicBody``, ``LegalEntity``, ``Vessel``, ``Airplane``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMAS = ("Person", "Organization", "Company", "PublicBody", "LegalEntity", "Vessel", "Airplane")


@dataclass(frozen=True)
class Alias:
    """Another name of the entity. ``kind``: aka, fka (formerly), nka (now), weak, original."""

    name: str
    kind: str = "aka"
    lang: str | None = None


@dataclass(frozen=True)
class Identifier:
    """An identifier: ``scheme`` is one of Behind's schemes (``uscc``, ``isin``, ``lei``, ``ticker``,
    ``imo``, ``passport``, ``tax_id``, ``registration``... listed in :mod:`behind.text.identifiers`,
    where the readers map their publishers' labels onto them) or free text."""

    scheme: str
    value: str
    country: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Address:
    full: str
    city: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Link:
    """A relation named by the source: ``relation`` from this entity to ``target``.

    ``target`` is the name (or id, where ``target_id`` is set) as the source gives it.
    """

    relation: str
    target: str
    target_id: str | None = None
    share: float | None = None
    start: str | None = None
    end: str | None = None
    sources: tuple[dict[str, str], ...] = ()


@dataclass
class Entity:
    source: str
    source_id: str
    schema: str
    name: str
    aliases: list[Alias] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    gender: str | None = None
    title: str | None = None
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    remarks: str | None = None
    links: list[Link] = field(default_factory=list)
    source_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.source}:{self.source_id}"

    def all_names(self) -> list[str]:
        """The primary name followed by each distinct alias."""
        seen = {self.name}
        out = [self.name]
        for alias in self.aliases:
            if alias.name not in seen:
                seen.add(alias.name)
                out.append(alias.name)
        return out

    def identifier_values(self, scheme: str) -> list[str]:
        return [i.value for i in self.identifiers if i.scheme == scheme]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # drop empty values to keep stored JSON small and readable
        return {k: v for k, v in data.items() if v not in (None, [], {}, "")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        d = dict(data)
        d["aliases"] = [Alias(**a) for a in d.get("aliases", [])]
        d["identifiers"] = [Identifier(**i) for i in d.get("identifiers", [])]
        d["addresses"] = [Address(**a) for a in d.get("addresses", [])]
        d["links"] = [
            Link(**{**lk, "sources": tuple(lk.get("sources", ()))}) for lk in d.get("links", [])
        ]
        return cls(**d)


__all__ = ["SCHEMAS", "Alias", "Identifier", "Address", "Link", "Entity"]
