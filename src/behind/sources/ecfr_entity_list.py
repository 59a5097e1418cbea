"""Reader for the BIS Entity List as the eCFR publishes it: 15 CFR part 744, Supplement No. 4.

Format: the eCFR versioner API's XML of part 744 (:mod:`behind.sources.ecfr_api`). The
supplement is ``<DIV9 N="Supplement No. 4 to Part 744" TYPE="APPENDIX">`` with a ``<HEAD>``
and one table of five columns, *Country*, *Entity*, *License requirement*, *License review
policy* and *Federal Register citation*. The API serves the table as
``<DIV class="gpotbl_div"><TABLE><THEAD><TR><TH>..`` / ``<TBODY><TR><TD>..``; the GPO bulk
XML writes the same table as ``<GPOTABLE><BOXHD><CHED>..`` / ``<ROW><ENT>..``: both are read.
Inside a cell ``<br/>`` separates lines and ``<E>`` marks emphasis. The country cell is set
on the first row of each country and left empty below it; ``[Reserved]`` rows are skipped.

Mapping, per row: schema ``LegalEntity`` (the list names firms, bodies and a few people
without saying which); name, aliases and addresses split from the entity cell by
:func:`behind.sources.entity_cell.parse_entity_cell` (a trailing short name in parentheses
becomes an alias); countries = [the country column as a name, ``CHINA, PEOPLE'S REPUBLIC OF``
-> ``People's Republic Of China``]; programs = ["Entity List"]; listed_on = the date of the
first Federal Register citation (the rule that added the entry; the eCFR cites the issue
date, which is the effective date of almost every Entity List rule); extra: country (as
written), license_requirement, license_review_policy, fr_citation (the cell as written),
citations ([{citation, date}], every rule, oldest first), and ``removed_on`` when a history
load saw the entry disappear. ``source_id``: first 16 hex chars of sha1 over
``country \\x1f name``; a repeat gets ``-2``, ``-3``.

History: given several files named ``YYYY-MM-DD.xml`` (one version of the supplement per
amendment date, as ``behind update us_bis_entity_list --history`` fetches them), the reader
merges them into one list: each entry as last seen, and an entry missing from the newest
version gets ``removed_on`` = the first version date it was missing from, so its listing
ends there.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.ecfr_api import BASE, DatedApi, amendment_dates, full_url, newest_date, titles_url, versions_url
from behind.sources.entity_cell import citations, country_name, parse_entity_cell
from behind.sources.safexml import parse_xml, text_lines
from behind.sources.spec import SourceSpec

if TYPE_CHECKING:  # lxml is imported where a file is parsed, not at every command's start
    from lxml import etree  # type: ignore[import-untyped]

NAME = "us_bis_entity_list"
SUPPLEMENT = "Supplement No. 4 to Part 744"
PROGRAM = "Entity List"
PAGE_URL = ("https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/"
            "appendix-Supplement%20No.%204%20to%20Part%20744")
COLUMNS = ("country", "entity", "license_requirement", "license_review_policy", "fr_citation")
_HEADERS = {"country": "country", "entity": "entity", "license requirement": "license_requirement",
            "license review policy": "license_review_policy", "federal register citation": "fr_citation"}
_DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.xml$")
FILE = "part744.xml"


def _supplement(root: etree._Element, path: Path) -> etree._Element:
    if root.get("N") == SUPPLEMENT:
        return root
    for div in root.iter("DIV9", "DIV8", "APPENDIX"):
        if div.get("N") == SUPPLEMENT or (div.findtext("HEAD") or "").startswith(SUPPLEMENT):
            return div
    raise InputError(f"no <DIV9 N=\"{SUPPLEMENT}\"> in the file (is it 15 CFR part 744?)", file=str(path))


def _column_order(table: etree._Element) -> tuple[str, ...]:
    """The columns in the order the table's header row names them (the usual order if none)."""
    heads = [" ".join("".join(h.itertext()).split()).lower() for h in table.iter("TH", "CHED")]
    named = tuple(_HEADERS.get(h.rstrip(". "), "") for h in heads)
    return named if len(named) == len(COLUMNS) and set(named) == set(COLUMNS) else COLUMNS


def _rows(supplement: etree._Element) -> list[tuple[int, dict[str, list[str]]]]:
    out: list[tuple[int, dict[str, list[str]]]] = []
    for table in supplement.iter("TABLE", "GPOTABLE"):
        order = _column_order(table)
        for row in table.iter("TR", "ROW"):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("TD", "ENT")]
            if len(cells) == len(order):
                out.append((row.sourceline or 0, {col: text_lines(c) for col, c in zip(order, cells)}))
    return out


def _entity(cells: dict[str, list[str]], country: str, source: str) -> Entity | None:
    cell = parse_entity_cell(cells["entity"])
    if not cell.name or cell.name.strip("[]. ").lower() == "reserved":
        return None
    fr_text = " ".join(cells["fr_citation"])
    cites = citations(fr_text)
    place = country_name(country) if country else ""
    addresses = [Address(a, country=a.rsplit(",", 1)[-1].strip() or None) for a in cell.addresses]
    extra: dict[str, object] = {"country": country, "fr_citation": fr_text,
                                "citations": [{"citation": c.text, "date": c.date} for c in cites]}
    for key in ("license_requirement", "license_review_policy"):
        if value := " ".join(cells[key]):
            extra[key] = value
    key = f"{country}\x1f{cell.name}"
    return Entity(source=source, source_id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
                  schema="LegalEntity", name=cell.name, aliases=[Alias(a) for a in cell.aliases],
                  addresses=addresses, countries=[place] if place else [], programs=[PROGRAM],
                  listed_on=cites[0].date if cites else None,
                  remarks=" ".join(cell.remarks) or None, source_url=PAGE_URL, extra=extra)


def read_entity_list(path: Path, source: str = NAME) -> ParsedList:
    """Read one eCFR XML of part 744 (or of its Supplement No. 4 alone) into a ParsedList."""
    path = Path(path)
    rows = _rows(_supplement(parse_xml(path), path))
    if not rows:
        raise InputError(f"{SUPPLEMENT} has no table rows of {len(COLUMNS)} cells", file=str(path))
    entities: list[Entity] = []
    warnings: list[str] = []
    country = ""
    for line, cells in rows:
        if written := " ".join(cells["country"]):
            country = written
        try:
            entity = _entity(cells, country, source)
        except (ValueError, IndexError) as exc:
            raise InputError(f"cannot read the row: {exc}", file=str(path), row=line) from None
        if entity is None:
            continue
        if not entity.listed_on:
            warnings.append(f"{path.name} line {line}: {entity.name!r} has no dated Federal Register citation")
        entities.append(entity)
    seen: dict[str, int] = {}
    for entity in entities:
        n = seen[entity.source_id] = seen.get(entity.source_id, 0) + 1
        if n > 1:
            entity.source_id = f"{entity.source_id}-{n}"
    return ParsedList(source=source, entities=entities, warnings=warnings)


def merge_history(versions: list[tuple[str, ParsedList]], source: str = NAME) -> ParsedList:
    """One list from dated versions (oldest first): each entry as last seen; an entry absent
    from the newest version gets ``extra["removed_on"]`` = the first date it was missing."""
    versions = sorted(versions, key=lambda v: v[0])
    latest: dict[str, Entity] = {}
    last_seen: dict[str, int] = {}
    warnings: list[str] = []
    for i, (_, parsed) in enumerate(versions):
        warnings.extend(parsed.warnings)
        for entity in parsed.entities:
            latest[entity.source_id] = entity
            last_seen[entity.source_id] = i
    newest = len(versions) - 1
    for sid, entity in latest.items():
        if last_seen[sid] < newest:
            entity.extra["removed_on"] = versions[last_seen[sid] + 1][0]
    return ParsedList(source=source, entities=list(latest.values()),
                      published=versions[-1][0] if versions else None, warnings=warnings)


def _read(files: dict[str, Path], name: str) -> ParsedList:
    dated = {m.group(1): p for n, p in files.items() if (m := _DATED_FILE.match(n))}
    if len(files) > 1:
        if len(dated) != len(files):
            raise InputError(f"a history needs files named YYYY-MM-DD.xml, got {', '.join(sorted(files))}")
        return merge_history([(d, read_entity_list(p, name)) for d, p in dated.items()], name)
    (only,) = files.values()
    parsed = read_entity_list(only, name)
    (stem,) = files
    if m := _DATED_FILE.match(stem):
        parsed.published = m.group(1)
    return parsed


def entity_list_listings(entity: Entity) -> list[Listing]:
    """One listing on ``us_bis_entity_list`` since the first citation's date, citing every
    rule of the row (the listing rule first); ended where a history load saw it removed."""
    cites = entity.extra.get("citations") or []
    citation = "; ".join(c["citation"] for c in cites) if cites else entity.extra.get("fr_citation") or None
    end = entity.extra.get("removed_on")
    return [Listing(list=NAME, program=PROGRAM, date=entity.listed_on, end=end if isinstance(end, str) else None,
                    citation=citation, source_url=entity.source_url, record=entity.key)]


def _urls(on: str) -> dict[str, str]:
    return {f"{on}.xml": full_url(15, "744", on)}


#: ``behind update us_bis_entity_list --as-of`` / ``--history`` ask the eCFR for these
DATED = DatedApi(urls=_urls, newest_url=titles_url(), newest=lambda data: newest_date(data, 15),
                 versions_url=lambda since, until: versions_url(15, "744", since, until),
                 versions=lambda data: amendment_dates(data, SUPPLEMENT))

SPEC = SourceSpec(
    name=NAME, title="BIS Entity List (15 CFR 744, Supp. No. 4, from the eCFR)",
    publisher="US Department of Commerce, BIS; eCFR by the Office of the Federal Register",
    urls={FILE: f"{BASE}/full/{{date}}/title-15.xml?part=744"},  # the date is filled in by DATED
    bundled={FILE: "ecfr/entity_list_excerpt.xml"}, required=(FILE,),
    bundled_vintage="2020-07-22", read=_read, listings=entity_list_listings, priority=5, lists=(NAME,),
    home_url=PAGE_URL, format="XML (eCFR versioner API)",
    terms="US federal government work, public domain in the US (17 U.S.C. 105); eCFR is an editorial "
          "compilation, not an official legal edition of the CFR.",
    supports_as_of=True)

__all__ = ["DATED", "SPEC", "SUPPLEMENT", "entity_list_listings", "merge_history", "read_entity_list"]
