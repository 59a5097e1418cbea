"""A loaded record as FollowTheMoney-style properties: what the yente API and the entity page show."""

from __future__ import annotations

from behind.model.entity import Entity

#: Behind's identifier schemes -> FollowTheMoney property names
ID_PROPERTIES = {
    "uscc": "uscCode", "isin": "isinCode", "lei": "leiCode", "duns": "dunsCode", "ticker": "ticker",
    "imo": "imoNumber", "passport": "passportNumber", "tax_id": "taxNumber", "registration": "registrationNumber",
    "swift_bic": "swiftBic", "mmsi": "mmsiNumber", "national_id": "idNumber",
}
#: the reverse, for reading a yente query's properties
QUERY_IDENTIFIERS = {prop: scheme for scheme, prop in ID_PROPERTIES.items()}
QUERY_IDENTIFIERS.update({"vatCode": "tax_id", "innCode": "tax_id", "ogrnCode": "registration"})


def entity_properties(entity: Entity) -> dict[str, list[str]]:
    """FtM property name -> values, each list in the record's own order, empty ones left out."""
    props: dict[str, list[str]] = {"name": [entity.name]}

    def add(prop: str, value: str | None) -> None:
        if value and value not in props.setdefault(prop, []):
            props[prop].append(value)

    for alias in entity.aliases:
        add({"fka": "previousName", "weak": "weakAlias"}.get(alias.kind, "alias"), alias.name)
    for ident in entity.identifiers:
        add(ID_PROPERTIES.get(ident.scheme, "idNumber"), ident.value)
    for country in entity.countries:
        add("country", country)
    for country in entity.nationalities:
        add("nationality", country)
    for day in entity.birth_dates:
        add("birthDate", day)
    for place in entity.birth_places:
        add("birthPlace", place)
    for address in entity.addresses:
        add("address", address.full)
    for program in entity.programs:
        add("program", program)
    add("title", entity.title)
    add("notes", entity.remarks)
    add("sourceUrl", entity.source_url)
    add("createdAt", entity.listed_on)
    return {k: v for k, v in props.items() if v}


__all__ = ["ID_PROPERTIES", "QUERY_IDENTIFIERS", "entity_properties"]
