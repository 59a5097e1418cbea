"""Reader for trade.gov's Consolidated Screening List (CSL), CSV or JSON.

CSV: header row, UTF-8; columns ``source, entity_number, type, programs, name, title,
addresses, federal_register_notice, start_date, end_date, standard_order,
license_requirement, license_policy, call_sign, vessel_type, gross_tonnage,
gross_registered_tonnage, vessel_flag, vessel_owner, remarks, source_list_url, alt_names,
citizenships, dates_of_birth, nationalities, places_of_birth, source_information_url, ids``.
Multi-valued cells are joined with ``;``. An address reads ``street, city, state, postal,
country`` (empty parts left out). An ``ids`` item reads ``[country, ]number, type``, e.g.
``CO, 811038291-3, NIT #`` or ``1027700049486, Registration ID``.
JSON (chosen by a ``.json`` suffix or content starting with ``{``/``[``): the API form
``{"results": [...]}`` or a bare list, with lists for the multi-valued fields, addresses as
``{address, city, state, postal_code, country}`` and ids as ``{type, number, country, ...}``.

Mapping: ``source_id`` = entity_number where present (Treasury rows), else the first 16 hex
chars of sha1 over ``source \\x1f name \\x1f addresses \\x1f start_date`` (name stripped,
addresses as their full strings joined by ``"; "``, so CSV and JSON give the same id); a
repeated id gets ``-2``, ``-3``. Schema: Individual -> Person, Entity -> Organization,
Vessel -> Vessel, Aircraft -> Airplane; no type -> Person where the row has person-only
facts (birth dates or places, citizenship, nationality), else LegalEntity (DPL, Entity
List and similar mix persons and firms without saying which). ``extra["list"]`` = the
source column; programs = the ``programs`` items, else the list's short name (``EL``).
ids become identifiers (tax_id, registration, swift_bic, imo, passport, ...), their labels
mapped by the one table of :data:`behind.text.IDENTIFIER_LABELS`; websites, e-mails and
sanctions notes ("Subject to Directive 3") go to ``extra``. Each record is listed on the
list its source column names (:func:`csl_listings`).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity, Identifier
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.files import fix_cp1252, read_table, read_text
from behind.sources.spec import SourceSpec, single_file
from behind.text import identifier_scheme

REQUIRED = ("source", "name")
_SCHEMAS = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
_CONTACT = {"website": "websites", "email address": "emails"}
_INFO = {"former vessel flag", "vessel flag", "vessel type", "vessel call sign"}
_EXTRA = ("federal_register_notice", "end_date", "license_requirement", "license_policy",
          "standard_order", "call_sign", "vessel_type", "gross_tonnage",
          "gross_registered_tonnage", "vessel_flag", "vessel_owner")
_CODE = re.compile(r"^[A-Z]{2}$")


def _text(value: Any) -> str:
    return "" if value is None else fix_cp1252(str(value)).strip()


def _items(value: Any) -> list[Any]:
    """A multi-valued field: a JSON list, or a CSV cell split on ';'; empty items dropped."""
    raw = [] if value is None else value if isinstance(value, list) else str(value).split(";")
    return [v for v in (v if isinstance(v, dict) else _text(v) for v in raw) if v]


def split_id(item: str) -> tuple[str, str, str]:
    """Split a CSV ``ids`` item into (type, number, country)."""
    parts = [p.strip() for p in item.split(",")]
    if len(parts) == 1:
        return "", parts[0], ""
    kind = parts[-1]
    if _is_info(kind) or len(parts) == 2:
        return kind, ", ".join(parts[:-1]), ""
    return kind, ", ".join(parts[1:-1]), parts[0]


def _is_info(kind: str) -> bool:
    return kind.endswith(("-", ":")) or kind.lower() in _INFO


def _address(item: Any) -> Address:
    if isinstance(item, dict):
        keys = ("address", "city", "state", "postal_code", "country")
        parts = [_text(item.get(k)) for k in keys]
        full = ", ".join(p for p in parts if p)
        return Address(full, parts[1] or None, parts[3] or None, parts[4] or None)
    full = item
    parts = [p.strip() for p in full.split(",")]
    country = parts[-1] if len(parts) > 1 and _CODE.match(parts[-1]) else None
    postal = parts[-2] if country and len(parts) > 2 and re.fullmatch(r"[\w -]*\d[\w -]*", parts[-2]) else None
    return Address(full, None, postal, country)


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


def _identifiers(raw: list[Any], extra: dict[str, Any]) -> list[Identifier]:
    out: list[Identifier] = []
    for item in raw:
        if isinstance(item, dict):
            kind, number, country = (_text(item.get(k)) for k in ("type", "number", "country"))
        else:
            kind, number, country = split_id(item)
        low = kind.lower().rstrip(" .#:")
        if _is_info(kind):
            extra.setdefault("sanctions_info", []).append(f"{kind.rstrip(' -:')}: {number}")
        elif low in _CONTACT:
            extra.setdefault(_CONTACT[low], []).append(number)
        elif number:
            scheme = identifier_scheme(kind) or "other"
            if scheme == "imo":
                number = re.sub(r"^IMO\s*", "", number)
            note = kind if scheme == "other" and kind else None
            out.append(Identifier(scheme, number, country or None, note))
    return out


def _entity(rec: dict[str, Any], source: str, path: Path, row: int | None, where: str) -> Entity:
    name = " ".join(_text(rec.get("name")).split())
    if not name:
        raise InputError(f"{where}has an empty name", file=str(path), row=row, field="name")
    listname = _text(rec.get("source"))
    addresses = [_address(a) for a in _items(rec.get("addresses"))]
    start = _text(rec.get("start_date"))
    source_id = _text(rec.get("entity_number"))
    if not source_id:
        key = "\x1f".join([listname, name, "; ".join(a.full for a in addresses), start])
        source_id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    extra: dict[str, Any] = {"list": listname}
    for key in _EXTRA:
        if value := _text(rec.get(key)):
            extra[key] = value
    if csl_id := _text(rec.get("id") or rec.get("_id")):
        extra["csl_id"] = csl_id
    identifiers = _identifiers(_items(rec.get("ids")), extra)
    nationalities: list[str] = []
    for value in _items(rec.get("citizenships")) + _items(rec.get("nationalities")):
        _add(nationalities, value)
    countries: list[str] = []
    for value in [a.country or "" for a in addresses] + nationalities:
        _add(countries, value)
    births, places = _items(rec.get("dates_of_birth")), _items(rec.get("places_of_birth"))
    kind = _text(rec.get("type")).lower()
    schema = _SCHEMAS.get(kind) or ("Person" if births or places or nationalities else "LegalEntity")
    programs = _items(rec.get("programs"))
    if not programs and listname:
        short = re.search(r"\(([^()]+)\)", listname)
        programs = [short.group(1) if short else listname]
    return Entity(
        source=source,
        source_id=source_id,
        schema=schema,
        name=name,
        aliases=[Alias(a) for a in _items(rec.get("alt_names"))],
        identifiers=identifiers,
        addresses=addresses,
        countries=countries,
        nationalities=nationalities,
        birth_dates=births,
        birth_places=places,
        title=_text(rec.get("title")) or None,
        programs=programs,
        listed_on=start[:10] or None,
        remarks=_text(rec.get("remarks")) or None,
        source_url=_text(rec.get("source_information_url")) or _text(rec.get("source_list_url")) or None,
        extra=extra,
    )


def _header_problem(header: list[str]) -> str | None:
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    return f"missing required columns: {', '.join(missing)}" if missing else None


def _csv_records(text: str, path: Path) -> list[tuple[int, dict[str, str]]]:
    header, rows = read_table(text, path, header_problem=_header_problem)
    names = [h.strip().lower() for h in header]
    return [(line, dict(zip(names, row))) for line, row in rows]


def _json_records(text: str, path: Path) -> list[Any]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg}", file=str(path), row=exc.lineno) from None
    except RecursionError:  # json's C scanner recurses once per nested array or object
        raise InputError("malformed JSON: nested too deeply", file=str(path)) from None
    records = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        raise InputError('expected a list of records or {"results": [...]}', file=str(path))
    return records


def read_csl(path: Path, source: str = "us_trade_csl") -> ParsedList:
    """Read a CSL file (CSV or JSON) at ``path`` into a :class:`ParsedList`."""
    path = Path(path)
    text = read_text(path)
    entities: list[Entity] = []
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        for i, rec in enumerate(_json_records(text, path), start=1):
            if not isinstance(rec, dict):
                raise InputError(f"record {i} is not an object", file=str(path))
            entities.append(_entity(rec, source, path, None, f"record {i} "))
    else:
        for line, rec in _csv_records(text, path):
            entities.append(_entity(rec, source, path, line, ""))
    seen: dict[str, int] = {}
    for entity in entities:
        n = seen[entity.source_id] = seen.get(entity.source_id, 0) + 1
        if n > 1:
            entity.source_id = f"{entity.source_id}-{n}"
    return ParsedList(source=source, entities=entities)


def csl_listings(entity: Entity) -> list[Listing]:
    """One listing per program, on the list the record's ``source`` column names: the BIS Entity
    List, the Military End-User list, else the CSL as a whole; the citation is that list's name
    and the Federal Register notice."""
    name = str(entity.extra.get("list", ""))
    lst = ("us_bis_entity_list" if "Entity List" in name else "us_bis_meu" if "Military End" in name
           else "us_trade_csl")
    notice = entity.extra.get("federal_register_notice")
    return [Listing(list=lst, program=p, date=entity.listed_on, end=entity.extra.get("end_date"),
                    citation=f"{name}; {notice}" if notice else name, source_url=entity.source_url,
                    record=entity.key)
            for p in entity.programs or [lst]]


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_csl(single_file(files), name)


SPEC = SourceSpec(
    name="us_trade_csl", title="Consolidated Screening List (incl. BIS Entity List)",
    publisher="US Department of Commerce, International Trade Administration",
    urls={"consolidated.csv": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"},
    bundled={"consolidated.csv": "csl/csl.csv"}, required=("consolidated.csv",), bundled_vintage="2019-12-03",
    read=_read, listings=csl_listings, priority=3, lists=("us_bis_entity_list", "us_bis_meu", "us_trade_csl"),
    home_url="https://www.trade.gov/consolidated-screening-list", format="CSV",
    terms="A work of the US Government: public domain in the US (17 U.S.C. 105), no restriction on use.")

__all__ = ["REQUIRED", "SPEC", "csl_listings", "read_csl", "split_id"]
