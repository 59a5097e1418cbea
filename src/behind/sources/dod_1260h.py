"""Reader for the DoD Section 1260H list ("Chinese military companies"), every edition, with
the additions and removals between them.

The Department of Defense publishes the list as a PDF with a press release and in the Federal
Register, one edition at a time (3 Jun 2021, 5 Oct 2022, 31 Jan 2024, 7 Jan 2025, 8 Jun 2026),
and removes entries between editions by Federal Register notice. Each edition prints one entry
a line: ``Huawei Technologies Co., Ltd. (Huawei)*``: the name, a short name in parentheses,
``(formerly OLD NAME)`` for a renamed company, and on the 2024 list an asterisk for companies
named on an earlier list; subsidiaries follow their listed parent.

Two inputs are read:

- ``editions.yaml`` (the bundled transcription): ``editions: [{date, source_url, citation,
  quote, entries: [{entry, parent}]}]``, or ``{date, amends, removes: [entry...]}`` for a
  notice that removes entries from the edition it amends;
- Federal Register notice texts named ``YYYY-MM-DD.txt`` (the edition's date), as govinfo
  renders them (``https://www.govinfo.gov/content/pkg/FR-2021-06-28/html/2021-13753.htm``: the
  text in a ``<pre>``; tags are dropped and entities read); a single notice given alone
  (``--from``) is dated by its Federal Register issue: the entries are the lines between the ``SUPPLEMENTARY INFORMATION`` lead-in
  that ends with a colon and the ``Dated:`` line; an indented or bulleted line is a
  subsidiary of the entry above it; a line that continues an unclosed parenthesis or starts
  in lower case continues the entry above.

Mapping: one ``Company`` record per company (entries of different editions are the same
company when their names without legal forms fold to the same words, or when a later entry
says ``formerly`` the earlier name); name as the newest edition prints it; aliases: short
names (``Huawei``), earlier spellings, and former names (kind ``fka``); a ``subsidiary_of``
link to the listed parent; no country (the list gives none, and names US, Australian and Hong
Kong subsidiaries too); ``extra["periods"]``: ``[{start, end, citation, source_url}]``,
start = the edition that first listed it, end = the first edition (or removal notice) that
no longer did. Each period is one listing on ``us_dod_1260h``, program ``1260H``.
``source_id``: the first 16 hex chars of sha1 over the folded name of its first entry.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from behind.errors import InputError
from behind.model.entity import Alias, Entity, Link
from behind.model.listing import Listing
from behind.sources.base import ParsedList
from behind.sources.files import read_text
from behind.sources.spec import SourceSpec
from behind.text import normalize_name, strip_legal_forms

NAME = "us_dod_1260h"
PROGRAM = "1260H"
FILE = "editions.yaml"
HOME = "https://www.defense.gov/News/Releases/Search/1260H/"
_FORMERLY = re.compile(r"\s*\(formerly\s+(.+)\)\s*$", re.IGNORECASE)
_SHORT = re.compile(r"\s*\(([^()]{1,60})[)\]]\s*$")
_DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.txt$")
_ISSUE = re.compile(r"\[Federal Register Volume \d+, Number \d+ \(\w+, ([A-Z][a-z]+ \d{1,2}, \d{4})\)\]")
_TAG = re.compile(r"<[^>]{0,200}>")
_BULLET = re.compile(r"^(?:\s{2,}|\s*[o\u2022\u25aa\u2013\-]\s+)")


@dataclass(frozen=True)
class Entry:
    """One printed entry: ``name (short)*`` or ``name (formerly old)``."""

    printed: str
    name: str
    short: str | None = None
    formerly: str | None = None
    parent: str | None = None


@dataclass
class Edition:
    date: str
    citation: str
    source_url: str
    entries: list[Entry] = field(default_factory=list)
    amends: str | None = None
    removes: list[str] = field(default_factory=list)


def parse_entry(printed: str, parent: str | None = None) -> Entry:
    """Split an entry as printed into its name, short name and former name."""
    text = " ".join(printed.split()).rstrip("*").rstrip()
    if text.endswith(").") or text.endswith("]."):
        text = text[:-1]
    formerly = None
    if m := _FORMERLY.search(text):
        formerly, text = parse_entry(m.group(1)).name, text[: m.start()].rstrip()
    short = None
    if (m := _SHORT.search(text)) and m.start() > 0 and not re.fullmatch(r"(?i)limited|group", m.group(1)):
        short, text = m.group(1).strip(), text[: m.start()].rstrip()
    return Entry(printed=printed, name=text.rstrip(" ,*"), short=short, formerly=formerly,
                 parent=" ".join(parent.split()) if parent else None)


def company_key(name: str) -> str:
    """Entries of two editions name one company when this key is the same."""
    words = normalize_name(name).split()
    positions, _ = strip_legal_forms(words)
    return " ".join(words[i] for i in positions) or " ".join(words)


def _issue_date(text: str) -> str | None:
    """The Federal Register issue date of a notice text (``[Federal Register Volume 86, Number 121
    (Monday, June 28, 2021)]``), ISO."""
    m = _ISSUE.search(text)
    if not m:
        return None
    try:
        return datetime.strptime(" ".join(m.group(1).split()), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None


def _single_notice(text: str, path: Path) -> list[Edition]:
    """One notice given alone (``behind update us_dod_1260h --from notice.txt``): dated by its issue."""
    day = _issue_date(text)
    entries = notice_entries(text)
    if day is None or not entries:
        raise InputError("neither a YAML of editions nor a Federal Register notice with its issue date and "
                         "a list after SUPPLEMENTARY INFORMATION", file=str(path))
    return [Edition(date=day, citation=f"Federal Register notice of {day}", source_url="", entries=entries)]


def _editions_yaml(path: Path) -> list[Edition]:
    text = read_text(path)
    if "SUPPLEMENTARY INFORMATION" in text and "editions:" not in text:
        return _single_notice(text, path)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {exc}", file=str(path), row=mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("editions"), list):
        raise InputError("expected a mapping with an `editions` list", file=str(path))
    out: list[Edition] = []
    for i, ed in enumerate(doc["editions"]):
        if not isinstance(ed, dict) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(ed.get("date", ""))):
            raise InputError(f"edition {i + 1} has no date YYYY-MM-DD", file=str(path), field="date")
        entries = [parse_entry(str(e["entry"]), e.get("parent")) if isinstance(e, dict) else parse_entry(str(e))
                   for e in ed.get("entries") or []]
        out.append(Edition(date=str(ed["date"]), citation=str(ed.get("citation") or ""),
                           source_url=str(ed.get("source_url") or ""), entries=entries,
                           amends=str(ed["amends"]) if ed.get("amends") else None,
                           removes=[str(r) for r in ed.get("removes") or []]))
        if not entries and not out[-1].removes:
            raise InputError(f"edition {ed['date']} lists no entries and removes none", file=str(path))
    return out


def notice_entries(text: str) -> list[Entry]:
    """The entries of a Federal Register notice text (see the module docstring)."""
    lines = [html.unescape(_TAG.sub("", ln)) for ln in text.splitlines()]  # govinfo's .htm wraps it in <pre>
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("SUPPLEMENTARY INFORMATION")), None)
    if start is None:
        return []
    i = start
    while i < len(lines) and not lines[i].rstrip().endswith(":"):
        i += 1
    items: list[tuple[bool, str]] = []  # (subsidiary, text)
    for raw in lines[i + 1:]:
        stripped = raw.strip()
        if stripped.startswith("Dated:") or stripped.startswith("[FR Doc"):
            break
        if not stripped:
            continue
        body = _BULLET.sub("", raw).strip()
        if items and (items[-1][1].count("(") > items[-1][1].count(")") or body[:1].islower()):
            items[-1] = (items[-1][0], f"{items[-1][1]} {body}")
        else:
            items.append((bool(_BULLET.match(raw)), body))
    out: list[Entry] = []
    parent: str | None = None
    for sub, body in items:
        entry = parse_entry(body, parent if sub else None)
        if not sub:
            parent = entry.name
        out.append(entry)
    return out


def read_editions(files: dict[str, Path]) -> list[Edition]:
    """The editions in ``files``: one ``editions.yaml``, or notice texts named by their date."""
    if len(files) == 1 and not _DATED_FILE.match(next(iter(files))):
        return _editions_yaml(next(iter(files.values())))
    editions: list[Edition] = []
    for name, path in files.items():
        m = _DATED_FILE.match(name)
        if not m:
            raise InputError(f"expected notice texts named YYYY-MM-DD.txt, got {name!r}", file=str(path))
        entries = notice_entries(read_text(path))
        if not entries:
            raise InputError("no list of entities after SUPPLEMENTARY INFORMATION", file=str(path))
        editions.append(Edition(date=m.group(1), citation=f"Federal Register notice of {m.group(1)}",
                                source_url="", entries=entries))
    return editions


@dataclass
class _Company:
    first: Entry
    latest: Entry
    spellings: list[str] = field(default_factory=list)
    periods: list[dict[str, Any]] = field(default_factory=list)


def build(editions: list[Edition], source: str = NAME) -> ParsedList:
    """One record per company, with the periods it was listed, from the editions in date order."""
    editions = sorted(editions, key=lambda e: e.date)
    companies: dict[str, _Company] = {}
    listed: set[str] = set()  # keys listed by the edition in force
    for ed in editions:
        if ed.removes:
            now = listed - {company_key(parse_entry(r).name) for r in ed.removes}
        else:
            now = set()
            for entry in ed.entries:
                key = company_key(entry.name)
                old = company_key(entry.formerly) if entry.formerly else None
                if key not in companies and old in companies:  # a renamed company keeps its record
                    companies[key] = companies.pop(old)
                    if old in listed:
                        listed = (listed - {old}) | {key}
                company = companies.setdefault(key, _Company(first=entry, latest=entry))
                company.latest = entry
                company.spellings.extend(s for s in (entry.name, entry.short, entry.formerly) if s)
                now.add(key)
        for key in now - listed:
            companies[key].periods.append({"start": ed.date, "end": None, "citation": ed.citation,
                                           "source_url": ed.source_url})
        for key in listed - now:
            companies[key].periods[-1]["end"] = ed.date
        listed = now
    entities = [_entity(c, source) for c in companies.values()]
    return ParsedList(source=source, entities=entities, published=editions[-1].date if editions else None)


def _entity(company: _Company, source: str) -> Entity:
    latest = company.latest
    aliases: list[Alias] = []
    for name in dict.fromkeys(company.spellings):
        if name != latest.name:
            kind = "fka" if name in {latest.formerly} else "aka"
            aliases.append(Alias(name, kind))
    links = [Link("subsidiary_of", latest.parent)] if latest.parent and latest.parent != latest.name else []
    sid = hashlib.sha1(company_key(company.first.name).encode("utf-8")).hexdigest()[:16]
    first = company.periods[0] if company.periods else {}
    return Entity(source=source, source_id=sid, schema="Company", name=latest.name, aliases=aliases,
                  programs=[PROGRAM], listed_on=first.get("start"), links=links,
                  source_url=first.get("source_url") or None,
                  extra={"periods": company.periods, "printed": latest.printed})


def dod_1260h_listings(entity: Entity) -> list[Listing]:
    """One listing on ``us_dod_1260h`` per period the company was on the list."""
    return [Listing(list=NAME, program=PROGRAM, date=p.get("start"), end=p.get("end"),
                    citation=p.get("citation") or None, source_url=p.get("source_url") or None, record=entity.key)
            for p in entity.extra.get("periods") or []]


def _read(files: dict[str, Path], name: str) -> ParsedList:
    return build(read_editions(files), name)


SPEC = SourceSpec(
    name=NAME, title="DoD Section 1260H list of Chinese military companies (every edition)",
    publisher="US Department of Defense", urls={}, bundled={FILE: "dod_1260h/editions.yaml"}, required=(FILE,),
    bundled_vintage="2026-06-08", read=_read, listings=dod_1260h_listings, priority=6, lists=(NAME,),
    home_url=HOME, format="PDF and Federal Register notice (transcribed to YAML)",
    terms="US federal government work, public domain in the US (17 U.S.C. 105).")

__all__ = ["SPEC", "Edition", "Entry", "build", "company_key", "dod_1260h_listings", "notice_entries",
           "parse_entry", "read_editions"]
