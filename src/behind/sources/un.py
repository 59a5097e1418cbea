"""Reader for the UN Security Council Consolidated List (XML).

Format: ``<CONSOLIDATED_LIST dateGenerated="...">`` holding ``<INDIVIDUALS><INDIVIDUAL>``
and ``<ENTITIES><ENTITY>`` records. Each record has ``DATAID``, ``FIRST_NAME`` ..
``FOURTH_NAME``, ``UN_LIST_TYPE``, ``REFERENCE_NUMBER`` (e.g. ``QDi.268``), ``LISTED_ON``,
``COMMENTS1``, ``NAME_ORIGINAL_SCRIPT``, repeated ``*_ALIAS`` (``QUALITY``, ``ALIAS_NAME``),
``*_ADDRESS``, and for individuals ``TITLE``, ``DESIGNATION``, ``NATIONALITY`` (``VALUE``
children), ``INDIVIDUAL_DATE_OF_BIRTH``, ``INDIVIDUAL_PLACE_OF_BIRTH`` and
``INDIVIDUAL_DOCUMENT``.

Mapping: ``source_id`` = DATAID; INDIVIDUAL -> Person, ENTITY -> Organization; name = the
non-empty name parts joined by spaces; alias kind "weak" for QUALITY ``Low``, "fka" for
``f.k.a.``, else "aka"; NAME_ORIGINAL_SCRIPT -> Alias(kind="original"); programs =
[UN_LIST_TYPE]; REFERENCE_NUMBER -> ``extra["reference_number"]`` and an ``other``
identifier; listed_on = first 10 chars of LISTED_ON; birth dates as ``YYYY-MM-DD`` or
``YYYY`` (a FROM_YEAR/TO_YEAR range gives every year in it; dates given on an alias are
added too); documents -> passport / national_id / other identifiers, their type read by
:func:`behind.text.document_scheme` (documents with no NUMBER keep their text in
``extra["document_notes"]``); remarks = COMMENTS1; countries = address countries then
nationalities, as the publisher names them (no ISO codes). Each record is listed under
``un_sc``, once per UN list type.

Security: the document is refused (:class:`HostileInputError`) if it carries any DOCTYPE;
the parser never resolves entities, loads a DTD or touches the network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from behind.errors import HostileInputError, InputError
from behind.model.entity import Address, Alias, Entity, Identifier
from behind.sources.base import ParsedList
from behind.sources.files import decode_text, read_bytes
from behind.sources.spec import SourceSpec, single_file
from behind.text import document_scheme

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_MAX_YEAR_RANGE = 20
_YEAR = re.compile(r"[0-9]{1,4}")


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )


def _clean(text: str | None) -> str:
    """Collapse whitespace runs (the publisher wraps some values over lines)."""
    return " ".join((text or "").split())


def _child(el: etree._Element, tag: str) -> str:
    return _clean(el.findtext(tag))


def _values(el: etree._Element, tag: str) -> list[str]:
    out: list[str] = []
    for node in el.findall(tag):
        for value in node.findall("VALUE"):
            text = _clean(value.text)
            if text and text not in out:
                out.append(text)
    return out


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


def _load(path: Path) -> bytes:
    data = read_bytes(path)
    prolog = data[: m.start()] if (m := _FIRST_ELEMENT.search(data)) else data
    upper = prolog.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise HostileInputError("XML with a DOCTYPE or ENTITY declaration refused", file=str(path))
    declared = _XML_ENCODING.match(data)
    wide = data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]  # UTF-16/32: lxml decodes
    if not wide and (declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:  # undecodable bytes: read the file as Windows-1252 instead
            data = decode_text(data).encode("utf-8")
    return data


def _parse(path: Path) -> etree._Element:
    from lxml import etree

    data = _load(path)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"malformed XML: {exc.msg}", file=str(path), row=exc.lineno) from None
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise HostileInputError("XML with a DOCTYPE refused", file=str(path))
    root = tree.getroot()
    if root.tag != "CONSOLIDATED_LIST":
        raise InputError(
            f"expected <CONSOLIDATED_LIST>, found <{root.tag}>", file=str(path), row=root.sourceline
        )
    return root


def _birth_dates(rec: etree._Element) -> list[str]:
    out: list[str] = []
    for dob in rec.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        if date := _child(dob, "DATE"):
            _add(out, date[:10])
        if year := _child(dob, "YEAR"):
            _add(out, year[:4])
        start, end = _child(dob, "FROM_YEAR"), _child(dob, "TO_YEAR")
        # ASCII digits only: "²".isdigit() is true, but int("²") fails
        if _YEAR.fullmatch(start) and _YEAR.fullmatch(end) and 0 <= int(end) - int(start) <= _MAX_YEAR_RANGE:
            for y in range(int(start), int(end) + 1):
                _add(out, f"{y:04d}")
        else:
            _add(out, start)
            _add(out, end)
    for alias in rec.findall("INDIVIDUAL_ALIAS"):
        _add(out, _child(alias, "DATE_OF_BIRTH")[:10])
    return out


def _birth_places(rec: etree._Element) -> list[str]:
    out: list[str] = []
    for pob in rec.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = (_child(pob, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        _add(out, ", ".join(p for p in parts if p))
    for alias in rec.findall("INDIVIDUAL_ALIAS"):
        parts = (_child(alias, t) for t in ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"))
        _add(out, ", ".join(p for p in parts if p))
    return out


def _documents(rec: etree._Element, notes: list[str]) -> list[Identifier]:
    out: list[Identifier] = []
    for doc in rec.findall("INDIVIDUAL_DOCUMENT"):
        kinds = [k for k in (_child(doc, "TYPE_OF_DOCUMENT"), _child(doc, "TYPE_OF_DOCUMENT2")) if k]
        number, note = _child(doc, "NUMBER"), _child(doc, "NOTE")
        if not number:
            if kinds or note:
                notes.append(": ".join(p for p in ("; ".join(kinds), note) if p))
            continue
        issued = _child(doc, "DATE_OF_ISSUE")
        detail = [*kinds, note, f"issued {issued}" if issued else ""]
        out.append(
            Identifier(
                scheme=document_scheme(" ".join(kinds)),
                value=number,
                country=_child(doc, "ISSUING_COUNTRY") or _child(doc, "COUNTRY_OF_ISSUE") or None,
                note="; ".join(p for p in detail if p) or None,
            )
        )
    return out


def _addresses(rec: etree._Element, tag: str) -> list[Address]:
    out: list[Address] = []
    for adr in rec.findall(tag):
        parts = [_child(adr, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")]
        full = ", ".join(p for p in parts if p)
        if full:
            address = Address(full, parts[1] or None, parts[3] or None, parts[4] or None)
            if address not in out:
                out.append(address)
    return out


def _aliases(rec: etree._Element, tag: str) -> list[Alias]:
    out: list[Alias] = []
    for node in rec.findall(tag):
        name = _child(node, "ALIAS_NAME")
        quality = _child(node, "QUALITY").lower()
        kind = "weak" if quality == "low" else "fka" if quality == "f.k.a." else "aka"
        if name and Alias(name, kind) not in out:
            out.append(Alias(name, kind))
    if original := _child(rec, "NAME_ORIGINAL_SCRIPT"):
        out.append(Alias(original, "original"))
    return out


def _entity(rec: etree._Element, source: str, path: Path) -> Entity:
    person = rec.tag == "INDIVIDUAL"
    where = {"file": str(path), "row": rec.sourceline}
    source_id = _child(rec, "DATAID")
    if not source_id:
        raise InputError("record without DATAID", field="DATAID", **where)
    name = " ".join(p for p in (_child(rec, t) for t in _NAME_PARTS) if p)
    if not name:
        raise InputError(f"record {source_id} has no name", field="FIRST_NAME", **where)
    reference = _child(rec, "REFERENCE_NUMBER")
    notes: list[str] = []
    identifiers = _documents(rec, notes)
    if reference:
        identifiers.insert(0, Identifier("other", reference, note="UN reference number"))
    addresses = _addresses(rec, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS")
    nationalities = _values(rec, "NATIONALITY")
    countries: list[str] = []
    for country in [a.country or "" for a in addresses] + nationalities:
        _add(countries, country)
    extra: dict[str, object] = {}
    if reference:
        extra["reference_number"] = reference
    if designation := _values(rec, "DESIGNATION"):
        extra["designation"] = designation
    if updated := _values(rec, "LAST_DAY_UPDATED"):
        extra["last_updated"] = updated
    if notes:
        extra["document_notes"] = notes
    list_type = _child(rec, "UN_LIST_TYPE")
    return Entity(
        source=source,
        source_id=source_id,
        schema="Person" if person else "Organization",
        name=name,
        aliases=_aliases(rec, "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"),
        identifiers=identifiers,
        addresses=addresses,
        countries=countries,
        nationalities=nationalities,
        birth_dates=_birth_dates(rec) if person else [],
        birth_places=_birth_places(rec) if person else [],
        gender=_child(rec, "GENDER").lower() or None,
        title="; ".join(_values(rec, "TITLE")) or None,
        programs=[list_type] if list_type else [],
        listed_on=_child(rec, "LISTED_ON")[:10] or None,
        remarks=(rec.findtext("COMMENTS1") or "").strip() or None,
        extra=extra,
    )


def read_un(path: Path, source: str = "un_sc") -> ParsedList:
    """Read the UN consolidated XML at ``path`` into a :class:`ParsedList`."""
    path = Path(path)
    root = _parse(path)
    entities = [_entity(rec, source, path) for rec in root.iter("INDIVIDUAL", "ENTITY")]
    return ParsedList(source=source, entities=entities, published=root.get("dateGenerated"))


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_un(single_file(files), name)


#: each record is listed under ``un_sc``, once per UN list type (its program)
SPEC = SourceSpec(
    name="un_sc", title="UN Security Council Consolidated List", publisher="United Nations Security Council",
    urls={"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"},
    bundled={"consolidated.xml": "un/UN_consolidated.xml"}, required=("consolidated.xml",),
    bundled_vintage="2026-02-27", read=_read, priority=2, lists=("un_sc",),
    home_url="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list", format="XML",
    terms="United Nations website terms of use: free to use and reproduce with attribution to the UN; no endorsement implied.")

__all__ = ["SPEC", "read_un"]
