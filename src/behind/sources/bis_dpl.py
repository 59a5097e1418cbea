"""Reader for the BIS Denied Persons List (DPL) text file.

Format: one header row, then one row per listing; 12 tab-separated fields, each in double
quotes (a quote inside a field is doubled): ``Name, Street_Address, City, State, Country,
Postal_Code, Effective_Date (MM/DD/YYYY), Expiration_Date (MM/DD/YYYY or empty),
Standard_Order, Last_Update (YYYY-MM-DD), Action, FR_Citation``. The same party appears once
per address, and the file carries the publisher's typos (``Last_Update`` 2922-09-01,
3017-08-22, 0222-05-18; a country code in the State column).

Mapping: schema ``LegalEntity`` (the DPL mixes persons and firms without saying which);
name stripped, whitespace runs collapsed; one address from Street_Address, City, State,
Postal_Code, Country; countries = [Country] when given (raw: ``US``, ``PRC``...);
listed_on = Effective_Date as ``YYYY-MM-DD`` (an invalid date is an :class:`InputError`);
programs = ["DPL"]; extra: expiration_date (ISO, or raw when it does not parse),
standard_order, last_update (raw, typos kept), action, fr_citation.

``source_id``: the DPL has no record id, so it is the first 16 hex chars of sha1 over
``name \\x1f street \\x1f city \\x1f effective_date (ISO)``; rows that still collide (exact
repeats) get ``-2``, ``-3`` in file order.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from behind.errors import InputError
from behind.model.entity import Address, Entity
from behind.sources.base import ParsedList
from behind.sources.files import read_table, read_text
from behind.sources.spec import SourceSpec, single_file

COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)


def _iso(value: str) -> str:
    """``MM/DD/YYYY`` -> ``YYYY-MM-DD``; raises ValueError when it is not a real date."""
    return datetime.strptime(value, "%m/%d/%Y").date().isoformat()


def _header_problem(header: list[str]) -> str | None:
    names = [c.strip().lower() for c in header]
    if missing := [c for c in COLUMNS if c.lower() not in names]:
        return f"missing columns: {', '.join(missing)}"
    if names != [c.lower() for c in COLUMNS]:
        return f"unexpected header: {'|'.join(header)}"
    return None


def _rows(text: str, path: Path) -> list[tuple[int, list[str]]]:
    """(line number, fields) for each non-blank row, header excluded and checked."""
    _, rows = read_table(text, path, header_problem=_header_problem, delimiter="\t")
    return [(line, [cell.strip() for cell in row]) for line, row in rows]


def _entity(fields: list[str], line: int, path: Path, source: str) -> Entity:
    rec = dict(zip(COLUMNS, fields))
    name = " ".join(rec["Name"].split())
    if not name:
        raise InputError("empty name", file=str(path), row=line, field="Name")
    effective = rec["Effective_Date"]
    try:
        listed_on = _iso(effective) if effective else None
    except ValueError:
        raise InputError(
            f"invalid date {effective!r} (expected MM/DD/YYYY)",
            file=str(path), row=line, field="Effective_Date",
        ) from None
    street, city, state, country, postal = (
        rec[k] for k in ("Street_Address", "City", "State", "Country", "Postal_Code")
    )
    full = ", ".join(p for p in (street, city, state, postal, country) if p)
    addresses = [Address(full, city or None, postal or None, country or None)] if full else []
    extra: dict[str, str] = {}
    if expiration := rec["Expiration_Date"]:
        try:
            extra["expiration_date"] = _iso(expiration)
        except ValueError:  # the publisher has typos here; keep what it wrote
            extra["expiration_date"] = expiration
    for column, key in (
        ("Standard_Order", "standard_order"), ("Last_Update", "last_update"),
        ("Action", "action"), ("FR_Citation", "fr_citation"),
    ):
        if rec[column]:
            extra[key] = rec[column]
    key = "\x1f".join([name, street, city, listed_on or effective])
    return Entity(
        source=source,
        source_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        schema="LegalEntity",
        name=name,
        addresses=addresses,
        countries=[country] if country else [],
        programs=["DPL"],
        listed_on=listed_on,
        extra=extra,
    )


def read_dpl(path: Path, source: str = "us_bis_dpl") -> ParsedList:
    """Read the BIS DPL tab-separated file at ``path`` into a :class:`ParsedList`."""
    path = Path(path)
    entities = [_entity(fields, line, path, source) for line, fields in _rows(read_text(path), path)]
    seen: dict[str, int] = {}
    for entity in entities:
        n = seen[entity.source_id] = seen.get(entity.source_id, 0) + 1
        if n > 1:
            entity.source_id = f"{entity.source_id}-{n}"
    return ParsedList(source=source, entities=entities)


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_dpl(single_file(files), name)


#: each record is listed under ``us_bis_dpl`` (program ``DPL``)
SPEC = SourceSpec(
    name="us_bis_dpl", title="BIS Denied Persons List", publisher="US Department of Commerce, BIS",
    urls={"dpl.txt": "https://www.bis.doc.gov/dpl/dpl.txt"},
    bundled={"dpl.txt": "bis_dpl/dpl.txt"}, required=("dpl.txt",),
    bundled_vintage="2022-09-02", read=_read, priority=4, lists=("us_bis_dpl",),
    home_url="https://www.bis.gov/denied-persons-list", format="TSV",
    terms="A work of the US Government: public domain in the US (17 U.S.C. 105), no restriction on use.")

__all__ = ["COLUMNS", "SPEC", "read_dpl"]
