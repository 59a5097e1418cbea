"""OFAC legacy CSV: the SDN set and the consolidated non-SDN set.

Files (no header row, CRLF, Latin-1, ``-0-`` means empty, often a trailing
DOS EOF byte ``0x1A``):

- primary ``sdn.csv`` / ``cons_prim.csv``: ent_num, name, type, programs,
  title, call sign, vessel type, tonnage, GRT, vessel flag, vessel owner, remarks
- aliases ``alt.csv`` / ``cons_alt.csv``: ent_num, alt_num, alt_type, alt_name, remarks
- addresses ``add.csv`` / ``cons_add.csv``: ent_num, add_num, address,
  city/state/postal, country, remarks
- remarks overflow ``sdn_comments.csv`` / ``cons_comments.csv``: ent_num, text
  that continues the primary record's remarks.

The primary file is required; the others are optional but, when present, every
row must name an ``ent_num`` of the primary file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity, Identifier
from behind.sources.base import ParsedList
from behind.sources.files import csv_rows, read_bytes
from behind.sources.ofac.remarks import ofac_date, parse_remarks
from behind.text import normalize_name

#: file roles and their names in each set
FILESETS: dict[str, dict[str, str]] = {
    "us_ofac_sdn": {"primary": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"},
    "us_ofac_cons": {"primary": "cons_prim.csv", "alt": "cons_alt.csv", "add": "cons_add.csv",
                     "comments": "cons_comments.csv"},
}
SOURCE_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={id}"

_PRIMARY_FIELDS = ("ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type",
                   "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks")
_SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == "-0-" else value


def _rows(path: Path, width: int, names: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cleaned fields) of one OFAC CSV file."""
    text = read_bytes(path).decode("latin-1").rstrip("\x1a\r\n ")
    for line, row in csv_rows(text, path, strict=True):
        if len(row) != width:
            raise InputError(f"expected {width} fields, found {len(row)}", file=str(path), row=line)
        ent = row[0].strip()
        if not (ent.isascii() and ent.isdigit()):  # "²".isdigit() is true
            raise InputError(f"ent_num must be a number, got {ent!r}", file=str(path), row=line, field=names[0])
        yield line, [_clean(v) for v in row]


def find_files(directory: Path, source: str) -> dict[str, Path]:
    """Locate the files of one set in a directory (names matched case-insensitively)."""
    present = {p.name.lower(): p for p in directory.iterdir() if p.is_file()} if directory.is_dir() else {}
    out = {role: present[name] for role, name in FILESETS[source].items() if name in present}
    if "primary" not in out:
        raise InputError(f"{FILESETS[source]['primary']} not found in this folder", file=str(directory))
    return out


def read_ofac(files: dict[str, Path] | Path, source: str = "us_ofac_sdn") -> ParsedList:
    """Read one OFAC set. ``files`` is a folder or a mapping role -> path (roles: primary, alt, add, comments)."""
    if source not in FILESETS:
        raise ValueError(f"unknown OFAC set {source!r}; expected one of {sorted(FILESETS)}")
    if isinstance(files, Path):
        files = find_files(files, source)
    primary = files["primary"]
    records: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    for line, row in _rows(primary, 12, _PRIMARY_FIELDS):
        if row[0] in records:
            raise InputError(f"duplicate ent_num {row[0]} (first on line {lines[row[0]]})",
                             file=str(primary), row=line, field="ent_num")
        if not row[1]:
            raise InputError("empty name", file=str(primary), row=line, field="name")
        records[row[0]] = row
        lines[row[0]] = line

    def owner(path: Path, line: int, ent: str) -> None:
        if ent not in records:
            raise InputError(f"ent_num {ent} is not in {primary.name}", file=str(path), row=line, field="ent_num")

    comments: dict[str, str] = {}
    if "comments" in files:
        for line, row in _rows(files["comments"], 2, ("ent_num", "remarks")):
            owner(files["comments"], line, row[0])
            comments[row[0]] = comments.get(row[0], "") + row[1]
    aliases: dict[str, list[Alias]] = {}
    if "alt" in files:
        for line, row in _rows(files["alt"], 5, ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")):
            owner(files["alt"], line, row[0])
            if not row[3]:
                raise InputError("empty alias name", file=str(files["alt"]), row=line, field="alt_name")
            kind = row[2].lower().strip(".") or "aka"
            aliases.setdefault(row[0], []).append(Alias(name=row[3], kind=kind))
    addresses: dict[str, list[Address]] = {}
    if "add" in files:
        for line, row in _rows(files["add"], 6, ("ent_num", "add_num", "address", "city", "country", "add_remarks")):
            owner(files["add"], line, row[0])
            full = ", ".join(p for p in (row[2], row[3], row[4]) if p)
            if full:
                addresses.setdefault(row[0], []).append(
                    Address(full=full, city=row[3] or None, country=row[4] or None))

    entities = [
        _entity(source, row, aliases.get(ent, []), addresses.get(ent, []), comments.get(ent, ""))
        for ent, row in records.items()
    ]
    return ParsedList(source=source, entities=entities, warnings=_unresolved_links(entities))


def _unresolved_links(entities: list[Entity]) -> list[str]:
    """``Linked To:`` names that no record of this file carries (they may be on another list)."""
    names = {normalize_name(n) for e in entities for n in e.all_names()}
    return [f"{e.source_id} Linked To {lk.target!r}: no record of this name in the file (it may be on another list)"
            for e in entities for lk in e.links if normalize_name(lk.target) not in names]


def _entity(source: str, row: list[str], aliases: list[Alias], addresses: list[Address],
            comment: str) -> Entity:
    ent, name, kind, programs, title = row[0], row[1], row[2].lower(), row[3], row[4]
    remarks_text = (row[11] + comment).strip() or None
    rem = parse_remarks(remarks_text)
    names_seen = {name} | {a.name for a in aliases}
    extra_aliases = [a for a in rem.aliases if a.name not in names_seen]
    for issuer in rem.extra.get("issuer_name", []):
        if issuer not in names_seen:
            extra_aliases.append(Alias(name=issuer, kind="weak"))
    identifiers = list(rem.identifiers)
    extra: dict[str, object] = {k: v if len(v) > 1 else v[0] for k, v in rem.extra.items()}
    if rem.other:
        extra["remarks_other"] = rem.other
    vessel = {"call_sign": row[5], "vessel_type": row[6], "tonnage": row[7], "grt": row[8],
              "vessel_flag": row[9], "vessel_owner": row[10]}
    extra.update({k: v for k, v in vessel.items() if v})
    if row[5] and kind in ("vessel", "aircraft"):
        identifiers.append(Identifier(scheme="other", value=row[5], note="call sign"))
    listed = ofac_date(rem.extra["cmic_listing_date"][0]) if "cmic_listing_date" in rem.extra else None
    countries = sorted({a.country for a in addresses if a.country})
    return Entity(
        source=source,
        source_id=ent,
        schema=_SCHEMAS.get(kind, "Organization"),
        name=name,
        aliases=aliases + extra_aliases,
        identifiers=identifiers,
        addresses=addresses,
        countries=countries,
        nationalities=rem.nationalities + [c for c in rem.citizenships if c not in rem.nationalities],
        birth_dates=rem.birth_dates,
        birth_places=rem.birth_places,
        gender=rem.gender,
        title=title or None,
        programs=[p.strip() for p in programs.replace("] [", "]|[").strip("[]").split("]|[") if p.strip()]
        if programs else [],
        listed_on=listed,
        remarks=remarks_text,
        links=rem.links,
        source_url=SOURCE_URL.format(id=ent),
        extra=extra,
    )


__all__ = ["FILESETS", "find_files", "read_ofac"]
