"""Reader for the UK Sanctions List (Foreign, Commonwealth & Development Office), XML format.

Since 28 January 2026 the UK Sanctions List is the one UK list (OFSI's Consolidated List of
Asset Freeze Targets was closed then). The FCDO serves it as XML, CSV, ODS and PDF; this reads
the XML: ``<Designations>`` with a ``<DateGenerated>`` (``dd/mm/yyyy``) and one
``<Designation>`` per designated person, entity or ship, holding ``LastUpdated``,
``DateDesignated``, ``UniqueID`` (``RUS0251``), ``OFSIGroupID``, ``UNReferenceNumber``,
``Names/Name`` (``Name1`` .. ``Name6``, ``NameType`` ``Primary Name``, ``Primary Name
Variation`` or ``Alias``, ``AliasStrength``), ``NonLatinNames/NonLatinName``
(``NameNonLatinScript``, ``NonLatinScriptLanguage``), ``Titles/Title``, ``RegimeName``,
``IndividualEntityShip``, ``DesignationSource``, ``SanctionsImposed`` (``|``-separated),
``OtherInformation``, ``UKStatementofReasons``, ``Addresses/Address`` (``AddressLine1`` ..
``AddressLine6``, ``AddressPostalCode``, ``AddressCountry``), ``PhoneNumbers``,
``EmailAddresses``, ``Websites``, ``IndividualDetails/Individual`` (``DOBs/DOB`` as
``dd/mm/yyyy`` with unknown parts written ``dd`` or ``mm``, ``Nationalities``, ``Positions``,
``Genders``, ``BirthDetails/Location`` with ``TownOfBirth`` and ``CountryOfBirth``,
``PassportDetails/Passport/PassportNumber``,
``NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber``),
``EntityDetails/Entity`` (``TypeOfEntities``, ``BusinessRegistrationNumbers``,
``ParentCompanies``, ``Subsidiaries``) and ``ShipDetails/Ship`` (``IMONumbers``,
``CurrentOwnerOperators``, ``CurrentBelievedFlagOfShips``, ``TypeOfShipDetails``).

Mapping: ``source_id`` = UniqueID; Individual -> Person, Entity -> Organization, Ship ->
Vessel. The name is the first ``Primary Name`` (its parts joined); variations and aliases are
``aka`` (``weak`` for a low-quality alias), non-Latin names ``original`` with their language.
OFSIGroupID and UNReferenceNumber become noted ``other`` identifiers; passports, national
identifiers, business registration and IMO numbers their schemes. Parent companies become
``subsidiary_of`` links and subsidiaries ``owns`` links, by name. Programs: RegimeName;
``listed_on``: DateDesignated. Each record is listed under ``gb_fcdo`` for its regime since
its designation date, citing its unique ID, regime and the measures imposed.

Security: see :mod:`behind.sources.xmldoc` (no DTD, no entities, no network).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity, Identifier, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.spec import SourceSpec, single_file
from behind.sources.xmldoc import by_name, children, parse_xml, text_of, texts_under

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]

LIST_KEY = "gb_fcdo"
LIST_PAGE = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
_SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_DATE = re.compile(r"^(dd|\d{1,2})/(mm|\d{1,2})/(\d{4})$")
_NAME_PARTS = tuple(f"Name{i}" for i in range(1, 7))
_EXTRA_LISTS = {"positions": "Position", "phones": "PhoneNumber", "emails": "EmailAddress", "websites": "Website",
                "entity_types": "TypeOfEntity", "ship_types": "TypeOfShip", "flags": "CurrentBelievedFlagOfShip",
                "owner_operators": "CurrentOwnerOperator"}


def uk_date(text: str) -> str:
    """``dd/mm/yyyy`` as ISO (``25/02/2022`` -> ``2022-02-25``); unknown parts left off
    (``dd/mm/1945`` -> ``1945``, ``dd/03/1958`` -> ``1958-03``); other text as given."""
    m = _DATE.match(text.strip())
    if not m:
        return text.strip()
    day, month, year = m.groups()
    if month == "mm":
        return year
    return f"{year}-{int(month):02d}" if day == "dd" else f"{year}-{int(month):02d}-{int(day):02d}"


Index = dict[str, list["etree._Element"]]


def _names(idx: Index) -> tuple[str, list[Alias]]:
    primary = ""
    aliases: list[Alias] = []
    for node in idx.get("Name", ()):
        if not len(node):  # a <Name> leaf is a name part of some other element, not a name
            continue
        name = " ".join(p for p in (text_of(node, t) for t in _NAME_PARTS) if p)
        kind = text_of(node, "NameType").lower()
        if not name:
            continue
        if not primary and kind == "primary name":
            primary = name
            continue
        weak = text_of(node, "AliasStrength").lower().startswith("low")
        alias = Alias(name, "weak" if weak else "aka")
        if all(a.name != name for a in aliases):
            aliases.append(alias)
    for node in idx.get("NonLatinName", ()):
        if name := text_of(node, "NameNonLatinScript"):
            aliases.append(Alias(name, "original", text_of(node, "NonLatinScriptLanguage") or None))
    if not primary and aliases:
        primary = aliases.pop(0).name
    return primary, [a for a in aliases if a.name != primary]


def _identifiers(idx: Index) -> list[Identifier]:
    out: list[Identifier] = []
    for tag, scheme, note in (("OFSIGroupID", "other", "OFSI group ID"), ("UNReferenceNumber", "other",
                              "UN reference number"), ("PassportNumber", "passport", None),
                              ("NationalIdentifierNumber", "national_id", None),
                              ("BusinessRegistrationNumber", "registration", None), ("IMONumber", "imo", None)):
        for value in texts_under(idx, tag):
            if (ident := Identifier(scheme, value, note=note)) not in out:
                out.append(ident)
    return out


def _addresses(idx: Index) -> list[Address]:
    out: list[Address] = []
    for node in idx.get("Address", ()):
        lines = [text_of(node, f"AddressLine{i}") for i in range(1, 7)]
        postal, country = text_of(node, "AddressPostalCode"), text_of(node, "AddressCountry")
        full = ", ".join(dict.fromkeys(p for p in [*lines, postal, country] if p))
        city = lines[5] or lines[4] or None
        if full and (address := Address(full, city, postal or None, country or None)) not in out:
            out.append(address)
    return out


def _birth_places(idx: Index) -> list[str]:
    out: list[str] = []
    for node in idx.get("Location", ()):
        place = ", ".join(p for p in (text_of(node, "TownOfBirth"), text_of(node, "CountryOfBirth")) if p)
        if place and place not in out:
            out.append(place)
    return out


def _links(idx: Index) -> list[Link]:
    parents = [Link("subsidiary_of", name) for name in texts_under(idx, "ParentCompany")]
    return parents + [Link("owns", name) for name in texts_under(idx, "Subsidiary")]


def _entity(rec: etree._Element, source: str, path: Path) -> Entity:
    where = {"file": str(path), "row": rec.sourceline}
    source_id = text_of(rec, "UniqueID")
    if not source_id:
        raise InputError("Designation without UniqueID", field="UniqueID", **where)
    idx = by_name(rec)
    name, aliases = _names(idx)
    if not name:
        raise InputError(f"Designation {source_id} has no name", field="Names", **where)
    kind = text_of(rec, "IndividualEntityShip")
    schema = _SCHEMAS.get(kind.lower())
    if schema is None:
        raise InputError(f"Designation {source_id}: unknown IndividualEntityShip {kind!r}",
                         field="IndividualEntityShip", **where)
    addresses = _addresses(idx)
    nationalities = texts_under(idx, "Nationality")
    countries = list(dict.fromkeys(c for c in [*(a.country or "" for a in addresses), *nationalities] if c))
    regime = text_of(rec, "RegimeName")
    extra: dict[str, Any] = {key: texts_under(idx, tag) for key, tag in _EXTRA_LISTS.items()}
    extra.update({"unique_id": source_id, "ofsi_group_id": text_of(rec, "OFSIGroupID"),
                  "designation_source": text_of(rec, "DesignationSource"),
                  "sanctions_imposed": [s.strip() for s in text_of(rec, "SanctionsImposed").split("|") if s.strip()],
                  "statement_of_reasons": text_of(rec, "UKStatementofReasons"),
                  "last_updated": uk_date(text_of(rec, "LastUpdated")), "type": kind})
    gender = next(iter(texts_under(idx, "Gender")), "").lower()
    return Entity(
        source=source, source_id=source_id, schema=schema, name=name, aliases=aliases,
        identifiers=_identifiers(idx), addresses=addresses, countries=countries, nationalities=nationalities,
        birth_dates=[uk_date(d) for d in texts_under(idx, "DOB")], birth_places=_birth_places(idx),
        gender=gender if gender in ("male", "female") else None, title="; ".join(texts_under(idx, "Title")) or None,
        programs=[regime] if regime else [], listed_on=uk_date(text_of(rec, "DateDesignated")) or None,
        remarks=text_of(rec, "OtherInformation") or None, links=_links(idx), source_url=LIST_PAGE,
        extra={k: v for k, v in extra.items() if v})


def read_gb_fcdo(path: Path, source: str = "gb_fcdo") -> ParsedList:
    """Read the UK Sanctions List XML at ``path`` into a :class:`ParsedList`."""
    path = Path(path)
    root = parse_xml(path, "Designations")
    entities = [_entity(rec, source, path) for rec in children(root, "Designation")]
    return ParsedList(source=source, entities=entities, published=uk_date(text_of(root, "DateGenerated")) or None)


def uk_listings(entity: Entity) -> list[Listing]:
    """One ``gb_fcdo`` listing per regime since the designation date, citing the unique ID,
    the regime and the measures imposed."""
    measures = ", ".join(str(m) for m in entity.extra.get("sanctions_imposed") or [])
    out = []
    for regime in entity.programs or [LIST_KEY]:
        cite = f"UK Sanctions List {entity.source_id}: {regime}" + (f" ({measures})" if measures else "")
        out.append(Listing(list=LIST_KEY, program=regime, date=entity.listed_on, end=None, citation=cite,
                           source_url=entity.source_url, record=entity.key))
    return out


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_gb_fcdo(single_file(files), name)


SPEC = SourceSpec(
    name="gb_fcdo", title="UK Sanctions List", publisher="UK Foreign, Commonwealth & Development Office (FCDO)",
    urls={"UK-Sanctions-List.xml": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"},
    bundled={"UK-Sanctions-List.xml": "gb_fcdo/UK-Sanctions-List-excerpt.xml"}, required=("UK-Sanctions-List.xml",),
    bundled_vintage="2026-09-01", read=_read, listings=uk_listings, priority=6, lists=(LIST_KEY,),
    home_url=LIST_PAGE, format="XML",
    terms="Crown copyright; published under the Open Government Licence v3.0 (free reuse with attribution).")

__all__ = ["LIST_KEY", "SPEC", "read_gb_fcdo", "uk_date", "uk_listings"]
