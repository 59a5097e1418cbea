"""Reader for the FCC Covered List (47 CFR 1.50002, Secure and Trusted Communications Networks Act).

The FCC publishes the list at https://www.fcc.gov/supplychain/coveredlist as one HTML table
with two columns, "Covered Equipment or Services*" and "Date of Inclusion on Covered List".
Each row is a sentence naming what is covered and, for most rows, the company that produces
or provides it ("Telecommunications equipment produced by Huawei Technologies Company,
including ..."; "International telecommunications services provided by Pacific Networks Corp
and its wholly-owned subsidiary ComNet (USA) LLC subject to section 214 ..."). A date cell can
carry later updates ("December 22, 2025 Updated: January 7, 2026").

Mapping: one ``Company`` record per company named by a row (a row naming a wholly-owned
subsidiary gives two, the subsidiary linked ``subsidiary_of`` its parent); ``listed_on`` =
the date of inclusion; ``extra["covered"]`` = each row's sentence and date. Rows that name
no company (foreign-produced drones, routers, inverters: whole categories of equipment)
cannot be matched to a party and are counted in the warnings.

Scope: the row's own words ("or any of its predecessors, successors, parents, subsidiaries,
or affiliates"), and for the five producers named by section 889(f)(3) of the NDAA for FY2019
(Pub. L. 115-232), whose equipment the FCC listed on 2021-03-12 from that section, the
statute's "(or any subsidiary or affiliate of such entities)". Such listings carry program
``FCC Covered List (subsidiaries and affiliates)`` and say so in their citation, so the
``ndaa_889`` regime and the exposure walk can tell them from listings of one provider only.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from behind.errors import InputError
from behind.model.entity import Entity, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.spec import SourceSpec, single_file
from behind.sources.tables import clean, read_tables
from behind.sources.uflpa import parse_date

PAGE_URL = "https://www.fcc.gov/supplychain/coveredlist"
PROGRAM = "FCC Covered List"
AFFILIATES_PROGRAM = "FCC Covered List (subsidiaries and affiliates)"
#: the producers section 889(f)(3) names "(or any subsidiary or affiliate of such entities)"
NDAA_889_PRODUCERS = ("Huawei Technologies Company", "ZTE Corporation", "Hytera Communications Corporation",
                      "Hangzhou Hikvision Digital Technology Company", "Dahua Technology Company")
NDAA_889 = "Pub. L. 115-232 sec. 889(f)(3): '(or any subsidiary or affiliate of such entities)'"
_BY = re.compile(r"\b(?:produced|provided|supplied)(?:,?\s*directly or indirectly,?)?(?:\s+or provided)?\s+by\s+",
                 re.IGNORECASE)
_STOP = re.compile(r",?\s+(?:including\b|to the extent\b|subject to\b|or any of its\b|for the purpose\b)|\.\s*$",
                   re.IGNORECASE)
_SUBSIDIARY = re.compile(r"\s+and its (?:wholly[- ]owned )?subsidiary\s+", re.IGNORECASE)
_OWN_SCOPE = re.compile(r"\bsubsidiar(?:y|ies)\b[^.]*\baffiliates?\b", re.IGNORECASE)
_DATE = re.compile(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}")


def companies_of(sentence: str) -> list[str]:
    """The companies a row names: ``... provided by A and its wholly-owned subsidiary B subject to`` -> [A, B]."""
    m = _BY.search(sentence)
    if m is None:
        return []
    rest = sentence[m.end():]
    stop = _STOP.search(rest)
    named = rest[: stop.start()] if stop else rest
    return [c for c in (clean(part).rstrip(",").strip() for part in _SUBSIDIARY.split(named)) if c]


def dates_of(cell: str, path: Path, line: int, field: str) -> list[str]:
    """The date of inclusion, then any ``Updated:`` dates, as ISO dates."""
    found = _DATE.findall(cell)
    if not found:
        if not clean(cell):
            raise InputError("empty date of inclusion", file=str(path), row=line, field=field)
        found = [clean(cell)]
    try:
        return [parse_date(d) for d in found]
    except ValueError as exc:
        raise InputError(f"invalid date {str(exc)!r}", file=str(path), row=line, field=field) from None


def _scope(sentence: str, company: str) -> str | None:
    if m := _OWN_SCOPE.search(sentence):
        return "the row: " + clean(m.group(0))
    if company in NDAA_889_PRODUCERS:
        return NDAA_889
    return None


def read_fcc_covered(path: Path, source: str = "us_fcc_covered") -> ParsedList:
    """Read the FCC Covered List page (HTML) at ``path``."""
    path = Path(path)
    _kind, tables = read_tables(path)
    chosen = []
    for t in tables:
        what, when = t.column("covered"), t.column("date")
        if what is not None and when is not None and what != when:
            chosen.append((t, what, when))
    if not chosen:
        raise InputError("no table with 'Covered Equipment or Services' and 'Date of Inclusion' columns",
                         file=str(path))
    by_name: dict[str, Entity] = {}
    warnings: list[str] = []
    for table, what_col, date_col in chosen:
        for line, cells in table.rows:
            if len(cells) <= max(what_col, date_col):
                warnings.append(f"{path.name} line {line}: row with {len(cells)} cells skipped")
                continue
            sentence = cells[what_col].text
            dates = dates_of(cells[date_col].text, path, line, table.headers[date_col])
            names = companies_of(sentence)
            if not names:
                warnings.append(f"{path.name} line {line}: names no company (a category of equipment), "
                                f"not screened by party: {sentence[:80]}")
                continue
            for i, name in enumerate(names):
                entity = by_name.get(name.casefold())
                if entity is None:
                    entity = by_name[name.casefold()] = Entity(
                        source=source, source_id=hashlib.sha1(name.casefold().encode("utf-8")).hexdigest()[:16],
                        schema="Company", name=name, source_url=PAGE_URL, extra={"covered": []})
                if i > 0 and all(lk.target != names[0] for lk in entity.links):
                    entity.links.append(Link("subsidiary_of", names[0], start=None,
                                             sources=({"url": PAGE_URL, "quote": sentence[:300]},)))
                entity.extra["covered"].append({"text": sentence, "date": dates[0], "updated": dates[1:],
                                                "scope": _scope(sentence, name)})
                entity.listed_on = min(filter(None, (entity.listed_on, dates[0])))
                entity.programs = sorted({AFFILIATES_PROGRAM if r["scope"] else PROGRAM
                                          for r in entity.extra["covered"]})
    return ParsedList(source=source, entities=list(by_name.values()), warnings=warnings)


def fcc_listings(entity: Entity) -> list[Listing]:
    """One ``us_fcc_covered`` listing per row naming the company, since its date of inclusion."""
    rows: list[dict[str, Any]] = entity.extra.get("covered") or []
    out = []
    for row in rows:
        cite = f"FCC Covered List (47 CFR 1.50002): {row['text']}"
        if row.get("scope"):
            cite += f" Covers subsidiaries and affiliates ({row['scope']})."
        out.append(Listing(list="us_fcc_covered", program=AFFILIATES_PROGRAM if row.get("scope") else PROGRAM,
                           date=row.get("date"), end=None, citation=cite, source_url=entity.source_url,
                           record=entity.key))
    return out


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return read_fcc_covered(single_file(files), name)


SPEC = SourceSpec(
    name="us_fcc_covered", title="FCC Covered List (Secure and Trusted Communications Networks Act)",
    publisher="US Federal Communications Commission, Public Safety and Homeland Security Bureau",
    urls={"coveredlist.html": PAGE_URL}, bundled={"coveredlist.html": "fcc/coveredlist.html"},
    required=("coveredlist.html",), bundled_vintage="2026-07-28", read=_read, listings=fcc_listings,
    priority=6, lists=("us_fcc_covered",), home_url=PAGE_URL, format="HTML",
    terms="A work of the US Government: public domain in the US (17 U.S.C. 105), no restriction on use.")

__all__ = ["AFFILIATES_PROGRAM", "NDAA_889_PRODUCERS", "PAGE_URL", "PROGRAM", "SPEC", "companies_of", "dates_of",
           "fcc_listings", "read_fcc_covered"]
