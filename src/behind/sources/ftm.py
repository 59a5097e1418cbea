"""FollowTheMoney (FtM) JSON lines: read OpenSanctions exports, write Behind entities back.

Reading (:func:`read_ftm`) takes one entity per line (OpenSanctions ``entities.ftm.json``). All lines
are collected first and resolved after, so relationship lines may precede or follow their ends.

- ``Person``, ``Organization``, ``Company``, ``PublicBody``, ``LegalEntity``, ``Vessel``, ``Airplane``
  (a subschema maps to its nearest such ancestor) become :class:`Entity`. Other non-relationship
  schemas (``Address``, ``Security`` ...) are skipped and counted in one warning.
- Name: the export's ``caption`` (else ``proxy.caption``). Other ``name``, ``alias`` and ``abbreviation``
  values are ``aka`` aliases, ``previousName`` ``fka``, ``weakAlias`` ``weak``.
- Identifiers per :data:`ID_PROPS` (a USCC-shaped ``registrationNumber`` is ``uscc``);
  ``Identification``/``Passport`` entities add their ``number`` to the ``holder``, the scheme read
  from their ``type`` by :func:`behind.text.document_scheme`.
- ``country``/``jurisdiction``/``mainCountry`` -> countries; ``nationality``/``citizenship`` ->
  nationalities; ``birthDate``, ``birthPlace``, ``gender``, ``title``; ``notes`` -> remarks;
  ``sourceUrl``; ``address`` and resolved ``addressEntity`` -> addresses.
- Programs: ``program`` plus the programs of the entity's ``Sanction`` entities, else ``topics``.
  ``listed_on``: earliest ``createdAt``, else earliest sanction ``startDate``/``listingDate``.
  Each sanction is kept in ``extra["sanctions"]``.
- ``Ownership`` -> ``owns`` (share from ``percentage``), ``Directorship`` -> ``director_of``,
  ``UnknownLink`` -> ``linked_to``, ``Family``/``Associate`` -> ``associate_of``: a :class:`Link` on
  the first end. A far end missing from the file keeps its id as target, with a warning.

Writing (:func:`write_ftm`) reverses the mapping: per entity one proxy and one ``Sanction``, then one
``Ownership``/``Directorship``/``UnknownLink`` per link whose far end is in the batch. Values FtM
rejects are dropped; identifiers it rejects or has no property for go into ``notes``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from behind.errors import InputError
from behind.model.entity import SCHEMAS, Address, Alias, Entity, Identifier, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.jsonlines import json_object
from behind.sources.ofac.lists import CMIC_PROGRAMS
from behind.sources.spec import plain_listings
from behind.text import document_scheme

if TYPE_CHECKING:
    from followthemoney.model import Model
    from followthemoney.proxy import EntityProxy
    from followthemoney.schema import Schema


@lru_cache(maxsize=1)
def _model() -> Model:
    """followthemoney's model, loaded on first use: importing it takes about a second, which no
    command that does not read or write FtM should pay."""
    from followthemoney import model

    return model


def _invalid() -> type[Exception]:
    from followthemoney.exc import InvalidData

    return InvalidData


USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
#: FtM name property -> Alias.kind, and Alias.kind -> FtM property on export.
ALIAS_PROPS = {"name": "aka", "alias": "aka", "abbreviation": "aka", "previousName": "fka", "weakAlias": "weak"}
ALIAS_KINDS = {"aka": "alias", "fka": "previousName", "weak": "weakAlias"}
#: FtM identifier property -> Behind identifier scheme.
ID_PROPS = {
    "registrationNumber": "registration", "uscCode": "uscc", "uniqueEntityId": "other", "isinCode": "isin",
    "leiCode": "lei", "taxNumber": "tax_id", "innCode": "tax_id", "swiftBic": "swift_bic", "imoNumber": "imo",
    "mmsi": "mmsi", "passportNumber": "passport", "idNumber": "national_id", "dunsCode": "duns",
    "cageCode": "cage", "ticker": "ticker",
}  # fmt: skip
#: Behind scheme -> FtM property on export. The reader notes the FtM property where it differs
#: (``innCode``, ``uscCode``, ``uniqueEntityId``) and the writer prefers that note.
SCHEME_PROPS = {
    "uscc": "registrationNumber", "registration": "registrationNumber", "isin": "isinCode", "lei": "leiCode",
    "tax_id": "taxNumber", "swift_bic": "swiftBic", "imo": "imoNumber", "mmsi": "mmsi",
    "passport": "passportNumber", "national_id": "idNumber", "duns": "dunsCode", "cage": "cageCode",
    "ticker": "ticker",
}  # fmt: skip
#: Relationship schema -> (from property, to property, Link.relation).
LINK_SCHEMAS = {
    "Ownership": ("owner", "asset", "owns"),
    "Directorship": ("director", "organization", "director_of"),
    "UnknownLink": ("subject", "object", "linked_to"),
    "Family": ("person", "relative", "associate_of"),
    "Associate": ("person", "associate", "associate_of"),
}
REL_SCHEMAS = {"Sanction", "Identification", "Passport", *LINK_SCHEMAS}
SANCTION_KEYS = ("program", "authority", "startDate", "endDate", "listingDate", "reason", "sourceUrl")
CONTEXT_KEYS = ("datasets", "target", "first_seen", "last_seen", "last_change")


def _behind_schema(schema: Schema) -> str | None:
    """The most specific Behind schema among ``schema`` and its ancestors, if any."""
    known = [s for s in schema.schemata if s.name in SCHEMAS]
    return max(known, key=lambda s: len(s.schemata)).name if known else None


def check_line(raw: bytes, path: Path, row: int) -> dict[str, Any]:
    """One line's FtM object, checked (schema, id, properties) but not built; :class:`InputError`
    naming the file, line and field otherwise."""
    file, data = str(path), json_object(raw, path, row)
    schema = data.get("schema")
    if not isinstance(schema, str) or _model().get(schema) is None:
        what = f"unknown FtM schema {schema!r}" if schema else "no FtM schema"
        raise InputError(f"{what} on line {row}", file=file, row=row, field="schema")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise InputError(f"no entity id on line {row}", file=file, row=row, field="id")
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(isinstance(v, list) and all(isinstance(x, str) for x in v)
                                              for v in props.values()):
        raise InputError("properties must map names to lists of strings", file=file, row=row, field="properties")
    return data


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _share(value: str | None) -> float | None:
    try:
        return float(value.strip().rstrip("%").replace(",", ".")) if value else None
    except ValueError:
        return None


def _add_identifier(entity: Entity, ident: Identifier) -> None:
    if all((i.scheme, i.value) != (ident.scheme, ident.value) for i in entity.identifiers):
        entity.identifiers.append(ident)


def _entity(proxy: EntityProxy, schema: str, source: str, proxies: Mapping[str, EntityProxy]) -> Entity | None:
    caption = proxy.context.get("caption")
    if not isinstance(caption, str) or not caption.strip():
        caption = proxy.caption
        if caption == proxy.schema.label and not proxy.get("name"):
            return None
    ent = Entity(source=source, source_id=str(proxy.id), schema=schema, name=caption.strip())
    seen = {ent.name}
    for prop, kind in ALIAS_PROPS.items():
        for value in proxy.get(prop, quiet=True):
            if value not in seen:
                seen.add(value)
                ent.aliases.append(Alias(value, kind))
    for prop, default in ID_PROPS.items():
        for value in proxy.get(prop, quiet=True):
            value = value.strip()
            scheme = "uscc" if prop == "registrationNumber" and USCC_RE.match(value) else default
            note = prop if SCHEME_PROPS.get(scheme) != prop else None
            _add_identifier(ent, Identifier(scheme, value, note=note))

    def values(*props: str) -> list[str]:
        return _unique(v for p in props for v in proxy.get(p, quiet=True))

    ent.countries = values("country", "jurisdiction", "mainCountry")
    ent.nationalities = values("nationality", "citizenship")
    ent.birth_dates, ent.birth_places = values("birthDate"), values("birthPlace")
    ent.gender, ent.title = proxy.first("gender", quiet=True), proxy.first("title", quiet=True)
    ent.programs = values("program")
    ent.listed_on = min(proxy.get("createdAt"), default=None)
    ent.remarks = "\n".join(proxy.get("notes")) or None
    ent.source_url = proxy.first("sourceUrl")
    ent.addresses = [Address(full=full) for full in values("address")]
    for ref in proxy.get("addressEntity"):
        addr = proxies.get(ref)
        if addr is not None and addr.schema.is_a("Address"):
            full = addr.first("full") or addr.caption
            if all(a.full != full for a in ent.addresses):
                city, postal, country = addr.first("city"), addr.first("postalCode"), addr.first("country")
                ent.addresses.append(Address(full, city, postal, country))
    ent.extra = {k: proxy.context[k] for k in CONTEXT_KEYS if k in proxy.context}
    if proxy.get("topics"):
        ent.extra["topics"] = proxy.get("topics")
    return ent


def _id_scheme(proxy: EntityProxy) -> str:
    return "passport" if proxy.schema.is_a("Passport") else document_scheme(" ".join(proxy.get("type")))


def read_ftm(path: Path, source: str) -> ParsedList:
    """Read an FtM JSON lines file (e.g. OpenSanctions ``entities.ftm.json``) into Behind entities."""
    proxies: dict[str, EntityProxy] = {}
    with open(path, "rb") as fh:
        for row, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            proxy = _model().get_proxy(check_line(raw, path, row))
            pid = str(proxy.id)
            try:
                proxies[pid] = proxies[pid].merge(proxy) if pid in proxies else proxy
            except (_invalid(), TypeError, ValueError) as exc:  # a repeated id that does not merge
                raise InputError(f"repeated id {pid}: {exc}", file=str(path), row=row, field="schema") from None
    warnings: list[str] = []
    skipped: Counter[str] = Counter()
    things: dict[str, Entity] = {}
    for pid, proxy in proxies.items():
        if (schema := _behind_schema(proxy.schema)) is None:
            if proxy.schema.name not in REL_SCHEMAS:
                skipped[proxy.schema.name] += 1
        elif (entity := _entity(proxy, schema, source, proxies)) is None:
            warnings.append(f"{proxy.schema.name} {pid}: no name, skipped")
        else:
            things[pid] = entity

    def end(proxy: EntityProxy, prop: str, eid: str) -> Entity | None:
        if eid not in proxies:
            warnings.append(f"{proxy.schema.name} {proxy.id}: {prop} {eid} not in file")
        return things.get(eid)

    sanction_dates: dict[str, list[str]] = {}
    for proxy in proxies.values():
        name = proxy.schema.name
        if name == "Sanction":
            for eid in proxy.get("entity"):
                if (ent := end(proxy, "entity", eid)) is not None:
                    ent.programs = _unique([*ent.programs, *proxy.get("program")])
                    sanction_dates.setdefault(eid, []).extend(proxy.get("startDate") + proxy.get("listingDate"))
                    info = {k: "; ".join(proxy.get(k)) for k in SANCTION_KEYS if proxy.get(k)}
                    ent.extra.setdefault("sanctions", []).append({"id": str(proxy.id), **info})
                    ent.source_url = ent.source_url or proxy.first("sourceUrl")
        elif proxy.schema.is_a("Identification"):
            numbers = _unique(proxy.get("number") + proxy.get("passportNumber", quiet=True))
            scheme, country, kind = _id_scheme(proxy), proxy.first("country"), proxy.first("type")
            for eid in proxy.get("holder"):
                if (ent := end(proxy, "holder", eid)) is not None:
                    for number in numbers:
                        _add_identifier(ent, Identifier(scheme, number, country, kind))
        elif name in LINK_SCHEMAS:
            src_prop, dst_prop, relation = LINK_SCHEMAS[name]
            share = _share(proxy.first("percentage", quiet=True))
            url = proxy.first("sourceUrl")
            start, stop = proxy.first("startDate"), proxy.first("endDate")
            for sid in proxy.get(src_prop):
                if (ent := end(proxy, src_prop, sid)) is None:
                    continue
                for tid in proxy.get(dst_prop):
                    target, other = end(proxy, dst_prop, tid), proxies.get(tid)
                    label = target.name if target else (other.caption if other else tid)
                    sources = ({"url": url},) if url else ()
                    ent.links.append(Link(relation, label, tid, share, start, stop, sources))
    for eid, ent in things.items():
        ent.programs = ent.programs or _unique(ent.extra.get("topics", []))
        ent.listed_on = ent.listed_on or min(filter(None, sanction_dates.get(eid, [])), default=None)
    if skipped:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(skipped.items()))
        warnings.append(f"skipped {sum(skipped.values())} entities that are not screened: {counts}")
    return ParsedList(source=source, entities=list(things.values()), warnings=warnings)


def ftm_listings(entity: Entity) -> list[Listing]:
    """The listings of an FtM record: one per ``Sanction`` (an OFAC authority's on ``us_ofac_sdn``,
    or ``us_ofac_ns_cmic`` for a CMIC program; any other on the list the file was loaded as); none
    for a record named only for its link to a listed one; else one per program."""
    sanctions = entity.extra.get("sanctions") or []
    if sanctions:
        out = []
        for s in sanctions:
            authority = str(s.get("authority", ""))
            program = s.get("program")
            ofac = "Office of Foreign Assets Control" in authority or "OFAC" in authority
            cmic = any(c in str(program) for c in CMIC_PROGRAMS)
            lst = "us_ofac_ns_cmic" if ofac and cmic else "us_ofac_sdn" if ofac else entity.source
            out.append(Listing(list=lst, program=program, date=s.get("listingDate") or s.get("startDate"),
                               end=s.get("endDate"), citation=f"{authority}: {program}" if authority else program,
                               source_url=s.get("sourceUrl"), record=entity.key))
        return out
    if any(p.startswith("sanction.linked") for p in entity.programs) and len(entity.programs) == 1:
        return []  # a record named only because of its link to a listed one
    return plain_listings(entity)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _ftm_id(raw: str) -> str:
    """Slug of FtM entity-id characters (``[0-9a-zA-Z.-]``, alphanumeric at both ends), <= 180 chars."""
    slug = re.sub(r"-{2,}", "-", re.sub(r"[^0-9a-zA-Z.\-]+", "-", raw)).strip(".-")
    if len(slug) > 180:
        slug = f"{slug[:150].rstrip('.-')}-{_digest(raw)[:16]}"
    return slug or f"behind-{_digest(raw)[:16]}"


def _put(proxy: EntityProxy, prop: str | None, value: Any) -> bool:
    """Add ``value`` if the schema has ``prop`` and FtM accepts it; True if it is now there."""
    if prop is None or value in (None, "") or proxy.schema.get(prop) is None:
        return False
    before = list(proxy.get(prop))
    try:
        proxy.add(prop, str(value), quiet=True)
    except _invalid():  # e.g. a self-reference, raised even when quiet
        return False
    return len(proxy.get(prop)) > len(before) or str(value) in before


def _entity_proxy(ent: Entity, fid: str) -> EntityProxy:
    proxy = _model().make_entity(ent.schema if ent.schema in SCHEMAS else "LegalEntity")
    proxy.id = fid
    _put(proxy, "name", ent.name)
    for alias in ent.aliases:
        _put(proxy, ALIAS_KINDS.get(alias.kind, "alias"), alias.name)
    overflow: list[str] = []
    for ident in ent.identifiers:
        noted = proxy.schema.get(ident.note) if ident.note else None
        prop = noted.name if noted and noted.type.name == "identifier" else SCHEME_PROPS.get(ident.scheme)
        if not _put(proxy, prop, ident.value):
            overflow.append(f"{ident.scheme}: {ident.value}")
    for prop, values in (("country", ent.countries), ("nationality", ent.nationalities),
                         ("birthDate", ent.birth_dates), ("birthPlace", ent.birth_places),
                         ("address", [a.full for a in ent.addresses]), ("program", ent.programs),
                         ("gender", [ent.gender]), ("title", [ent.title]), ("sourceUrl", [ent.source_url]),
                         ("topics", ["sanction"])):  # fmt: skip
        for value in values:
            _put(proxy, prop, value)
    notes = [ent.remarks] if ent.remarks else []
    if overflow:
        notes.append("Other identifiers: " + "; ".join(overflow))
    _put(proxy, "notes", "\n".join(notes))
    return proxy


def _sanction_proxy(ent: Entity, fid: str) -> EntityProxy:
    sanction = _model().make_entity("Sanction")
    sanction.id = f"{fid}-sanction"
    for prop, value in (("entity", fid), *(("program", p) for p in ent.programs), ("authority", ent.source),
                        ("startDate", ent.listed_on), ("sourceUrl", ent.source_url)):  # fmt: skip
        _put(sanction, prop, value)
    return sanction


def _link_proxy(link: Link, fid: str, tid: str) -> EntityProxy:
    if link.relation in ("owns", "subsidiary_of", "owned_by"):
        schema, src_prop, dst_prop = "Ownership", "owner", "asset"
        ends = (fid, tid) if link.relation == "owns" else (tid, fid)
    elif link.relation == "director_of":
        schema, src_prop, dst_prop, ends = "Directorship", "director", "organization", (fid, tid)
    else:
        schema, src_prop, dst_prop, ends = "UnknownLink", "subject", "object", (fid, tid)
    rel = _model().make_entity(schema)
    rel.id = f"behind-rel-{_digest('|'.join((schema, *ends, link.relation)))[:24]}"
    _put(rel, src_prop, ends[0])
    _put(rel, dst_prop, ends[1])
    if schema == "UnknownLink":
        _put(rel, "role", link.relation)
    if link.share is not None:
        _put(rel, "percentage", f"{link.share:g}")
    _put(rel, "startDate", link.start)
    _put(rel, "endDate", link.end)
    _put(rel, "sourceUrl", next((s["url"] for s in link.sources if s.get("url")), None))
    return rel


def write_ftm(entities: Iterable[Entity], out: TextIO) -> int:
    """Write Behind entities as FtM JSON lines (things and Sanctions, then links); return the line count."""
    batch: list[tuple[Entity, str]] = []
    ids: dict[tuple[str, str], str] = {}
    by_source_id: dict[str, list[str]] = {}
    used: set[str] = set()
    for ent in entities:
        if (ent.source, ent.source_id) in ids:
            continue  # the same record twice: the first one wins
        fid = _ftm_id(f"behind-{ent.source}-{ent.source_id}")
        if fid in used:  # two keys slugged alike
            fid = _ftm_id(f"{fid[:150]}-{_digest(ent.key)[:12]}")
        used.add(fid)
        ids[(ent.source, ent.source_id)] = fid
        by_source_id.setdefault(ent.source_id, []).append(fid)
        batch.append((ent, fid))
    proxies = [p for ent, fid in batch for p in (_entity_proxy(ent, fid), _sanction_proxy(ent, fid))]
    seen: set[str] = set()
    for ent, fid in batch:
        for link in ent.links:
            if link.target_id is None:
                continue
            tid = ids.get((ent.source, link.target_id))
            if tid is None and len(by_source_id.get(link.target_id, [])) == 1:
                tid = by_source_id[link.target_id][0]
            if tid is not None and tid != fid:
                rel = _link_proxy(link, fid, tid)
                if rel.id not in seen:
                    seen.add(str(rel.id))
                    proxies.append(rel)
    for proxy in proxies:
        out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return len(proxies)


__all__ = ["check_line", "ftm_listings", "read_ftm", "write_ftm"]
