"""Reader for the EU consolidated list of persons, groups and entities subject to EU financial
sanctions (the Financial Sanctions Files, FSF), XML format 1.1.

Format (the European Commission's export, namespace ``http://eu.europa.ec/fpi/fsd/export``):
``<export generationDate="..." globalFileId="...">`` holding one ``<sanctionEntity>`` per
listed person or entity, with attributes ``logicalId``, ``euReferenceNumber`` (``EU.27.28``),
``unitedNationId``, ``designationDate``, ``designationDetails`` and children, each repeated as
the list needs:

- ``remark`` (text);
- ``regulation`` (``regulationType``, ``organisationType``, ``publicationDate``,
  ``entryIntoForceDate``, ``numberTitle`` like ``2022/332 (OJ L53)``, ``programme`` like
  ``UKR``), with a ``publicationUrl`` child (the Official Journal text on EUR-Lex);
- ``subjectType`` (``code`` ``person`` or ``enterprise``);
- ``nameAlias`` (``wholeName``, ``firstName``, ``middleName``, ``lastName``, ``function``,
  ``gender``, ``title``, ``nameLanguage``, ``strong``);
- ``citizenship``, ``birthdate`` (``birthdate``, ``year``, ``city``, ``place``),
  ``address`` (``street``, ``poBox``, ``zipCode``, ``city``, ``region``, ``place``, with
  ``contactInfo`` children ``key``/``value``), ``identification``
  (``identificationTypeCode``, ``identificationTypeDescription``, ``number``, ``latinNumber``,
  ``issuedBy``), each with ``countryIso2Code`` and ``countryDescription``.

Mapping: ``source_id`` = logicalId; ``person`` -> Person, else Organization. The name is the
first strong ``wholeName`` in English or no stated language (else the first strong one in a Latin
script, else the first name given); the other names are
aliases: ``weak`` where ``strong="false"``, ``original`` where written in a non-Latin script,
else ``aka``, each with its ``nameLanguage``. euReferenceNumber and unitedNationId become
``other`` identifiers (noted), documents map by their type code (passport, national_id,
registration, tax_id, swift_bic, imo, else read from the description). Countries: address
countries then citizenships, as the publisher names them (``CHINA``); ``UNKNOWN`` dropped.
Programs: each regulation's programme. ``listed_on``: the earliest regulation publication
date (else ``designationDate``). Each record is listed under ``eu_fsf`` once per programme,
dated by that programme's first regulation, citing its number and Official Journal URL.

Security: see :mod:`behind.sources.xmldoc` (no DTD, no entities, no network).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity, Identifier
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.spec import SourceSpec, single_file
from behind.sources.xmldoc import children, clean, local, parse_xml, text_of
from behind.text import document_scheme

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]

LIST_KEY = "eu_fsf"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
_SCHEMES = {"passport": "passport", "id": "national_id", "regnumber": "registration", "fiscalcode": "tax_id",
            "swiftbic": "swift_bic", "imo": "imo"}
_GENDERS = {"M": "male", "F": "female"}
_NO_COUNTRY = {"", "UNKNOWN", "00"}
_CONTACTS = {"PHONE": "phones", "FAX": "phones", "EMAIL": "emails", "WEB": "websites"}


def _attr(el: etree._Element, name: str) -> str:
    return clean(el.get(name))


def _latin(text: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in text)


def _country(el: etree._Element) -> str:
    name = _attr(el, "countryDescription")
    return "" if name.upper() in _NO_COUNTRY else name


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


Kids = dict[str, list["etree._Element"]]


def _kids(rec: etree._Element) -> Kids:
    """The record's child elements by local name (one pass answers every lookup)."""
    out: Kids = {}
    for child in rec:
        if name := local(child.tag):
            out.setdefault(name, []).append(child)
    return out


def _regulations(kids: Kids) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for reg in kids.get("regulation", ()):
        item = {"programme": _attr(reg, "programme"), "number_title": _attr(reg, "numberTitle"),
                "publication_date": _attr(reg, "publicationDate")[:10],
                "entry_into_force": _attr(reg, "entryIntoForceDate")[:10],
                "url": text_of(reg, "publicationUrl") or _attr(reg, "publicationUrl")}
        item = {k: v for k, v in item.items() if v}
        if item and item not in out:
            out.append(item)
    return out


def _names(kids: Kids) -> tuple[str, list[Alias], dict[str, Any]]:
    """(primary name, aliases, name facts: gender, titles, functions)."""
    given: list[tuple[str, bool, str]] = []  # (name, strong, language)
    facts: dict[str, Any] = {"titles": [], "functions": [], "gender": None}
    for node in kids.get("nameAlias", ()):
        parts = (_attr(node, "firstName"), _attr(node, "middleName"), _attr(node, "lastName"))
        name = _attr(node, "wholeName") or " ".join(p for p in parts if p)
        if name:
            given.append((name, _attr(node, "strong").lower() != "false", _attr(node, "nameLanguage").lower()))
        _add(facts["titles"], _attr(node, "title"))
        _add(facts["functions"], _attr(node, "function"))
        facts["gender"] = facts["gender"] or _GENDERS.get(_attr(node, "gender").upper())
    if not given:
        return "", [], facts
    ranked = [n for n, strong, lang in given if strong and _latin(n) and lang in ("", "en")]
    primary = next(iter(ranked), next((n for n, strong, _ in given if strong and _latin(n)), given[0][0]))
    aliases: list[Alias] = []
    for name, strong, lang in given:
        kind = "weak" if not strong else "aka" if _latin(name) else "original"
        alias = Alias(name, kind, lang or None)
        if name != primary and all(a.name != name for a in aliases):
            aliases.append(alias)
    return primary, aliases, facts


def _identifiers(rec: etree._Element, kids: Kids) -> list[Identifier]:
    out: list[Identifier] = []
    if ref := _attr(rec, "euReferenceNumber"):
        out.append(Identifier("other", ref, note="EU reference number"))
    if un_ref := _attr(rec, "unitedNationId"):
        out.append(Identifier("other", un_ref, note="UN reference number"))
    for node in kids.get("identification", ()):
        code, label = _attr(node, "identificationTypeCode").lower(), _attr(node, "identificationTypeDescription")
        scheme = _SCHEMES.get(code) or document_scheme(label or code)
        notes = [label, f"issued by {_attr(node, 'issuedBy')}" if _attr(node, "issuedBy") else "",
                 *(clean(r.text) for r in children(node, "remark"))]
        note = "; ".join(n for n in notes if n) or None
        for number in dict.fromkeys(v for v in (_attr(node, "number"), _attr(node, "latinNumber")) if v):
            ident = Identifier(scheme, number, _country(node) or None, note)
            if ident not in out:
                out.append(ident)
    return out


def _addresses(kids: Kids, contacts: dict[str, list[str]]) -> list[Address]:
    out: list[Address] = []
    for node in kids.get("address", ()):
        city, postal, country = _attr(node, "city"), _attr(node, "zipCode"), _country(node)
        parts = [_attr(node, "street"), _attr(node, "poBox"), city, _attr(node, "region"), _attr(node, "place"),
                 postal, country]
        full = ", ".join(dict.fromkeys(p for p in parts if p and p != "-"))
        if full and (address := Address(full, city or None, postal or None, country or None)) not in out:
            out.append(address)
        for info in children(node, "contactInfo"):
            key = _CONTACTS.get(_attr(info, "key").upper())
            if key and (value := _attr(info, "value")):
                _add(contacts.setdefault(key, []), value)
    return out


def _births(kids: Kids) -> tuple[list[str], list[str]]:
    dates: list[str] = []
    places: list[str] = []
    for node in kids.get("birthdate", ()):
        _add(dates, _attr(node, "birthdate")[:10] or _attr(node, "year"))
        parts = (_attr(node, "city"), _attr(node, "place"), _attr(node, "region"), _country(node))
        _add(places, ", ".join(dict.fromkeys(p for p in parts if p)))
    return dates, places


def _entity(rec: etree._Element, source: str, path: Path) -> Entity:
    where = {"file": str(path), "row": rec.sourceline}
    source_id = _attr(rec, "logicalId")
    if not source_id:
        raise InputError("sanctionEntity without logicalId", field="logicalId", **where)
    kids = _kids(rec)
    name, aliases, facts = _names(kids)
    if not name:
        raise InputError(f"sanctionEntity {source_id} has no name", field="nameAlias", **where)
    subject = kids.get("subjectType", [])
    code = _attr(subject[0], "code").lower() if subject else ""
    person = code == "person"
    regulations = _regulations(kids)
    contacts: dict[str, list[str]] = {}
    addresses = _addresses(kids, contacts)
    nationalities: list[str] = []
    for node in kids.get("citizenship", ()):
        _add(nationalities, _country(node))
    countries: list[str] = []
    for country in [a.country or "" for a in addresses] + nationalities:
        _add(countries, country)
    births, places = _births(kids) if person else ([], [])
    dates = [r["publication_date"] for r in regulations if r.get("publication_date")]
    extra: dict[str, Any] = {k: v for k, v in {
        "eu_reference_number": _attr(rec, "euReferenceNumber"), "un_reference": _attr(rec, "unitedNationId"),
        "designation_date": _attr(rec, "designationDate")[:10],
        "designation_details": _attr(rec, "designationDetails"), "subject_type": code,
        "regulations": regulations, "functions": facts["functions"], **contacts}.items() if v}
    return Entity(
        source=source, source_id=source_id, schema="Person" if person else "Organization", name=name,
        aliases=aliases, identifiers=_identifiers(rec, kids), addresses=addresses, countries=countries,
        nationalities=nationalities, birth_dates=births, birth_places=places,
        gender=facts["gender"] if person else None, title="; ".join(facts["titles"]) or None,
        programs=list(dict.fromkeys(r["programme"] for r in regulations if r.get("programme"))),
        listed_on=min(dates, default=None) or _attr(rec, "designationDate")[:10] or None,
        remarks="\n".join(t for t in (clean(r.text) for r in kids.get("remark", ())) if t) or None,
        source_url=next((r["url"] for r in regulations if r.get("url")), None), extra=extra)


def read_eu_fsf(path: Path, source: str = "eu_fsf") -> ParsedList:
    """Read the EU FSF XML (format 1.1) at ``path`` into a :class:`ParsedList`."""
    path = Path(path)
    root = parse_xml(path, "export")
    entities = [_entity(rec, source, path) for rec in children(root, "sanctionEntity")]
    generated = _attr(root, "generationDate")[:10]
    return ParsedList(source=source, entities=entities, published=generated or None)


def eu_listings(entity: Entity) -> list[Listing]:
    """One ``eu_fsf`` listing per programme: since the programme's first regulation (its publication
    date, else the record's designation date), citing that regulation and its Official Journal URL."""
    regulations = [r for r in entity.extra.get("regulations") or [] if isinstance(r, dict)]
    out: list[Listing] = []
    for programme in entity.programs or [LIST_KEY]:
        own = sorted((r for r in regulations if r.get("programme", LIST_KEY) == programme),
                     key=lambda r: str(r.get("publication_date") or "9999"))
        first = own[0] if own else {}
        cites = list(dict.fromkeys(str(r["number_title"]) for r in own if r.get("number_title")))
        out.append(Listing(list=LIST_KEY, program=programme,
                           date=first.get("publication_date") or entity.extra.get("designation_date")
                           or entity.listed_on,
                           end=None, citation="; ".join(f"Regulation {c}" for c in cites) or None,
                           source_url=first.get("url") or entity.source_url, record=entity.key))
    return out


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_eu_fsf(single_file(files), name)


SPEC = SourceSpec(
    name="eu_fsf", title="EU consolidated list of persons, groups and entities subject to EU financial sanctions",
    publisher="European Commission (DG FISMA), for the Council of the European Union",
    urls={"eu_fsf.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                        "?token=dG9rZW4tMjAxNw"},
    bundled={"eu_fsf.xml": "eu_fsf/eu_fsf_excerpt.xml"}, required=("eu_fsf.xml",),
    bundled_vintage="2026-09-01", read=_read, listings=eu_listings, priority=5, lists=(LIST_KEY,),
    home_url="https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-to-eu-financial-sanctions",
    format="XML (FSF 1.1)",
    terms="© European Union; reuse authorised under Commission Decision 2011/833/EU (free reuse with "
          "acknowledgement of the source). Only the Official Journal text is authentic.")

__all__ = ["LIST_KEY", "NAMESPACE", "SPEC", "eu_listings", "read_eu_fsf"]
