"""Reader for the UFLPA Entity List: the DHS page's tables, or a Federal Register appendix.

The Forced Labor Enforcement Task Force keeps the UFLPA Entity List as the four lists of
section 2(d)(2)(B) of the Uyghur Forced Labor Prevention Act (Pub. L. 117-78):

- (i) entities in Xinjiang that mine, produce or manufacture goods with forced labour;
- (ii) entities working with the government of Xinjiang to recruit, transport, transfer,
  harbor or receive forced labour or Uyghurs, Kazakhs, Kyrgyz or members of other
  persecuted groups out of Xinjiang;
- (iv) entities that exported products made by (i) or (ii) into the United States;
- (v) facilities and entities, including the Xinjiang Production and Construction Corps,
  that source material from Xinjiang or from persons working with its government or the
  XPCC for "poverty alleviation", "pairing-assistance" or any other government labour scheme.

DHS publishes them at https://www.dhs.gov/uflpa-entity-list as one HTML table per list,
titled by the paragraph right before it (the statute's words and a link "Section
2(d)(2)(B)(i)") or by a heading naming the section; each row gives the entity's name (its
other names, scope and named subsidiaries in the forms :mod:`~behind.sources.uflpa_names`
reads) and its effective date, some pages also the Federal Register notice. Every update is also printed as an appendix
of a Federal Register notice (``<GPOTABLE>`` in the notice's full-text XML): the fallback
source, read by the same reader (``behind update us_dhs_uflpa --from NOTICE.xml``).

Mapping: one record per entity (rows of the same name in several tables are one record
with one listing per section; a subsidiary named in its parent's row is a record of its own,
with the parent's listing and a ``subsidiary_of`` link); schema ``Organization``; aliases
from the parenthesis (``aka`` / ``fka``); ``programs`` = the sections
(``UFLPA 2(d)(2)(B)(v)``); ``listed_on`` = the earliest effective date; ``extra["sections"]``
= one {section, date, notice, url} per table row; ``extra["scope"]`` = a scope the row
states ("and subsidiaries"). ``source_id`` = first 16 hex of sha1 of the name, stable
between versions.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from behind.errors import InputError
from behind.model.entity import Entity, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.spec import SourceSpec, single_file
from behind.sources.tables import Cell, Table, clean, read_tables
from behind.sources.uflpa_names import Named, parse_cell, split_name

PAGE_URL = "https://www.dhs.gov/uflpa-entity-list"
_SECTION = re.compile(r"2\s*\(\s*d\s*\)\s*\(\s*2\s*\)\s*\(\s*B\s*\)\s*\(\s*(i{1,3}|iv|v)\s*\)", re.IGNORECASE)
#: what each section's heading says where it does not cite the section (the statute's words)
_SECTION_WORDS = (
    ("i", "mine, produce, or manufacture"),
    ("ii", "recruit, transport, transfer"),
    ("iv", "exported products"),
    ("v", "source material"),
)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%m/%d/%Y", "%Y-%m-%d")
_FR_DOC = re.compile(r"\b(20\d{2}-\d{5})\b")


def section_of(heading: str) -> str | None:
    """The UFLPA section a table's heading names: ``2(d)(2)(B)(v)``, or None."""
    if m := _SECTION.search(heading):
        return f"2(d)(2)(B)({m.group(1).lower()})"
    low = heading.lower()
    for clause, words in _SECTION_WORDS:
        if words in low:
            return f"2(d)(2)(B)({clause})"
    return None


def parse_date(value: str) -> str:
    """``January 15, 2025`` / ``1/15/2025`` / ``2025-01-15`` -> ``2025-01-15``; ValueError otherwise."""
    text = clean(value).rstrip(".")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(text)


def _notice(cell: Cell | None) -> tuple[str | None, str | None]:
    if cell is None:
        return None, None
    text = cell.text or None
    url = cell.href
    if url is None and text and (m := _FR_DOC.search(text)):
        url = f"https://www.federalregister.gov/d/{m.group(1)}"
    return text, url


def _entity_tables(tables: list[Table], path: Path) -> list[tuple[str, Table, int, int, int | None]]:
    """(section, table, name column, date column, notice column) of each table of entities."""
    out = []
    for table in tables:
        name_col = table.column("entity", "name")
        date_col = table.column("effective", "date")
        if name_col is None or date_col is None or name_col == date_col:
            continue
        section = section_of(table.title) or section_of(table.heading)
        if section is None:
            line = table.rows[0][0] if table.rows else None
            raise InputError(f"a table of entities under a heading that names no UFLPA section: {table.heading!r}",
                             file=str(path), row=line)
        out.append((section, table, name_col, date_col, table.column("federal register", "notice", "citation")))
    return out


def _add(by_name: dict[str, Entity], source: str, one: Named, row: dict[str, Any]) -> None:
    """Add one table row's listing of ``one`` to its record (one record per name, all sections)."""
    entity = by_name.get(one.name.casefold())
    if entity is None:
        entity = by_name[one.name.casefold()] = Entity(
            source=source, source_id=hashlib.sha1(one.name.casefold().encode("utf-8")).hexdigest()[:16],
            schema="Organization", name=one.name, source_url=PAGE_URL, extra={"sections": []})
    for alias in one.aliases:
        if all(a.name != alias.name for a in entity.aliases):
            entity.aliases.append(alias)
    if one.scope and one.scope not in entity.extra.get("scope", []):
        entity.extra.setdefault("scope", []).append(one.scope)
    if one.parent and all(lk.target != one.parent for lk in entity.links):
        entity.links.append(Link("subsidiary_of", one.parent))
    program = f"UFLPA {row['section']}"
    if program not in entity.programs:
        entity.programs.append(program)
    entity.extra["sections"].append(dict(row))
    entity.listed_on = min(filter(None, (entity.listed_on, row["date"])))


def read_uflpa(path: Path, source: str = "us_dhs_uflpa") -> ParsedList:
    """Read the DHS page (HTML) or a Federal Register notice (XML) at ``path``."""
    path = Path(path)
    kind, tables = read_tables(path)
    found = _entity_tables(tables, path)
    if not found:
        raise InputError("no table of entities with a name and an effective date column", file=str(path))
    by_name: dict[str, Entity] = {}
    warnings: list[str] = []
    for section, table, name_col, date_col, notice_col in found:
        for line, cells in table.rows:
            if len(cells) <= max(name_col, date_col):
                warnings.append(f"{path.name} line {line}: row with {len(cells)} cells skipped")
                continue
            named = parse_cell(cells[name_col].text)
            if not named[0].name:
                raise InputError("empty entity name", file=str(path), row=line, field=table.headers[name_col])
            try:
                date = parse_date(cells[date_col].text)
            except ValueError:
                raise InputError(f"invalid effective date {cells[date_col].text!r}", file=str(path), row=line,
                                 field=table.headers[date_col]) from None
            notice, url = _notice(cells[notice_col] if notice_col is not None and notice_col < len(cells) else None)
            row = {"section": section, "date": date, "notice": notice, "url": url}
            for one in named:
                _add(by_name, source, one, row)
    if kind == "xml":
        warnings.append(f"{path.name}: read from a Federal Register appendix, not the DHS page")
    return ParsedList(source=source, entities=list(by_name.values()), warnings=warnings)


def uflpa_listings(entity: Entity) -> list[Listing]:
    """One ``us_dhs_uflpa`` listing per section row of the record, with its effective date and notice."""
    rows: list[dict[str, Any]] = entity.extra.get("sections") or []
    out = []
    for row in rows:
        cite = f"UFLPA Entity List, section {row['section']} (Pub. L. 117-78)"
        if row.get("notice"):
            cite += f"; {row['notice']}"
        out.append(Listing(list="us_dhs_uflpa", program=f"UFLPA {row['section']}", date=row.get("date"), end=None,
                           citation=cite, source_url=row.get("url") or entity.source_url, record=entity.key))
    return out or [Listing(list="us_dhs_uflpa", program="UFLPA", date=entity.listed_on, end=None, citation=None,
                           source_url=entity.source_url, record=entity.key)]


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_uflpa(single_file(files), name)


SPEC = SourceSpec(
    name="us_dhs_uflpa", title="UFLPA Entity List (Uyghur Forced Labor Prevention Act section 2(d)(2)(B))",
    publisher="US Department of Homeland Security, Forced Labor Enforcement Task Force",
    urls={"uflpa-entity-list.html": PAGE_URL}, bundled={"uflpa-entity-list.html": "uflpa/uflpa-entity-list.html"},
    required=("uflpa-entity-list.html",), bundled_vintage="2025-01-15", read=_read, listings=uflpa_listings,
    priority=5, lists=("us_dhs_uflpa",), home_url=PAGE_URL, format="HTML (Federal Register XML as fallback)",
    terms="A work of the US Government: public domain in the US (17 U.S.C. 105), no restriction on use.")

__all__ = ["PAGE_URL", "SPEC", "parse_date", "read_uflpa", "section_of", "split_name",
           "uflpa_listings"]
