"""GLEIF: Legal Entity Identifier records, read through GLEIF's public API (JSON:API).

GLEIF is a register, not a restricted-party list: its records carry no listing. They give a
listed company's legal name in its own language and script (``legalName`` with its
``language``: 杭州海康威视数字技术股份有限公司, ``zh``), its other names (trading names,
legal names in other languages) and transliterations, its legal and headquarters addresses, the
registration authority and the id it registered under (a USCC, an HRB number), and its direct and
ultimate accounting parents. Behind reads these into records of the list ``gleif`` whose names,
identifiers and parent relations the matcher and the exposure graph use like any other's; a
record that shares an LEI with a listed record is linked to it.

Files: ``{LEI}.json`` is ``GET {API}/lei-records/{LEI}``; ``{LEI}.direct-parent.json`` and
``{LEI}.ultimate-parent.json`` are the parent's LEI record (``.../direct-parent``,
``.../ultimate-parent``), fetched only where the record's ``relationships`` name a parent
(otherwise GLEIF gives a reporting exception instead). GLEIF's data is CC0.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from behind.errors import InputError, UsageError
from behind.model.entity import Address, Alias, Entity, Identifier, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.spec import SourceSpec

API = "https://api.gleif.org/api/v1"
NAME = "gleif"
PARENTS = {"direct-parent": "subsidiary_of", "ultimate-parent": "owned_by"}
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
#: GLEIF's name kinds as Behind's alias kinds
_KINDS = {"PREVIOUS_LEGAL_NAME": "fka", "TRADING_OR_OPERATING_NAME": "aka",
          "ALTERNATIVE_LANGUAGE_LEGAL_NAME": "aka"}


def check_lei(value: str) -> str:
    """An LEI, upper-cased, whose ISO 17442 check digits (ISO 7064 mod 97-10) are right; else UsageError."""
    lei = value.strip().upper()
    if not _LEI.match(lei) or int("".join(str(int(c, 36)) for c in lei)) % 97 != 1:
        raise UsageError(f"not a valid LEI: {value!r} (20 characters, ISO 17442 check digits)", option="--lei")
    return lei


def record_urls(lei: str, api: str = API) -> dict[str, str]:
    return {f"{lei}.json": f"{api}/lei-records/{lei}"}


def parent_urls(doc: dict[str, Any], api: str = API) -> dict[str, str]:
    """The parents' records to fetch, from a record's ``relationships``: only those GLEIF names (a
    parent not reported has a ``reporting-exception`` link instead of ``lei-record``)."""
    data = doc.get("data") or {}
    lei = str(data.get("id") or "")
    rel = data.get("relationships") or {}
    return {f"{lei}.{kind}.json": f"{api}/lei-records/{lei}/{kind}" for kind in PARENTS
            if "lei-record" in ((rel.get(kind) or {}).get("links") or {})}


def _names(entity: dict[str, Any]) -> tuple[str, list[Alias]]:
    legal = entity.get("legalName") or {}
    name = str(legal.get("name") or "").strip()
    aliases: list[Alias] = []
    for key in ("otherNames", "transliteratedOtherNames"):
        for item in entity.get(key) or []:
            other = str((item or {}).get("name") or "").strip()
            if other and other != name and all(a.name != other for a in aliases):
                kind = _KINDS.get(str(item.get("type")), "aka") if key == "otherNames" else "aka"
                aliases.append(Alias(other, kind, item.get("language")))
    return name, aliases


def _address(block: Any) -> Address | None:
    if not isinstance(block, dict):
        return None
    lines = [str(x) for x in block.get("addressLines") or [] if x]
    parts = [*lines, block.get("city"), block.get("postalCode"), block.get("country")]
    full = ", ".join(str(p) for p in parts if p)
    return Address(full, city=block.get("city"), postal_code=block.get("postalCode"),
                   country=block.get("country")) if full else None


def read_record(doc: dict[str, Any], parents: dict[str, dict[str, Any]] | None = None) -> Entity:
    """One LEI record (``{"data": {...}}``) as an entity; ``parents``: kind -> the parent's record."""
    data = doc.get("data")
    if not isinstance(data, dict) or data.get("type") != "lei-records":
        raise ValueError("not a GLEIF lei-records document")
    attrs = data.get("attributes") or {}
    entity = attrs.get("entity") or {}
    lei = str(attrs.get("lei") or data.get("id"))
    name, aliases = _names(entity)
    legal_language = (entity.get("legalName") or {}).get("language")
    idents = [Identifier("lei", lei)]
    reg = entity.get("registeredAt") or {}
    if entity.get("registeredAs"):
        idents.append(Identifier("registration", str(entity["registeredAs"]), country=entity.get("jurisdiction"),
                                 note=f"registration authority {reg.get('id') or reg.get('other') or 'unknown'}"))
    idents += [Identifier("swift", str(b)) for b in attrs.get("bic") or []]
    addresses = [a for a in (_address(entity.get("legalAddress")), _address(entity.get("headquartersAddress"))) if a]
    links = []
    for kind, relation in PARENTS.items():
        parent = (parents or {}).get(kind)
        if parent is not None:
            p_attrs = (parent.get("data") or {}).get("attributes") or {}
            p_name = str(((p_attrs.get("entity") or {}).get("legalName") or {}).get("name") or "")
            links.append(Link(relation, p_name, target_id=str(p_attrs.get("lei")),
                              sources=({"url": f"{API}/lei-records/{lei}/{kind}-relationship",
                                        "title": f"GLEIF {kind} relationship record of {lei}"},)))
    countries = sorted({a.country for a in addresses if a.country})
    return Entity(source=NAME, source_id=lei, schema="Company" if entity.get("category") != "FUND" else "LegalEntity",
                  name=name, aliases=aliases, identifiers=idents, addresses=addresses, countries=countries,
                  links=links, source_url=f"https://search.gleif.org/#/record/{lei}",
                  extra={"legal_name_language": legal_language, "status": entity.get("status"),
                         "legal_form": (entity.get("legalForm") or {}).get("id")})


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"not a GLEIF JSON document: {exc}", file=str(path)) from None
    if not isinstance(doc, dict):
        raise InputError("not a GLEIF JSON document: expected an object", file=str(path))
    return doc


def read_gleif(files: dict[str, Path], source: str = NAME) -> ParsedList:
    """Records ``{LEI}.json`` with their parents ``{LEI}.direct-parent.json``/``.ultimate-parent.json``;
    each parent is a record of its own too."""
    docs = {name: _load(path) for name, path in sorted(files.items())}
    out: dict[str, Entity] = {}
    for name, doc in docs.items():
        if name.count(".") != 1:
            continue  # a parent's record: read below, with its child
        lei = name.split(".")[0]
        parents = {kind: docs[f"{lei}.{kind}.json"] for kind in PARENTS if f"{lei}.{kind}.json" in docs}
        out[lei] = read_record(doc, parents)
        for parent in parents.values():
            entity = read_record(parent)
            out.setdefault(entity.source_id, entity)
    return ParsedList(source=source, entities=list(out.values()))


def no_listings(entity: Entity) -> list[Listing]:
    """A register's record carries no listing."""
    return []


SPEC = SourceSpec(
    name=NAME, title="GLEIF LEI records (API)", publisher="Global Legal Entity Identifier Foundation",
    urls={}, bundled={}, required=(), bundled_vintage="", read=read_gleif, listings=no_listings, priority=8)

__all__ = ["API", "NAME", "PARENTS", "SPEC", "check_lei", "parent_urls", "read_gleif", "read_record", "record_urls"]
