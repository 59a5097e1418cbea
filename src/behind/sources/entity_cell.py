"""The Entity List's cells read as facts: a row's entity cell split into name, aliases and
addresses; its Federal Register column split into dated citations. Pure functions.

The entity cell is written by hand, in one house style (15 CFR part 744, Supplement No. 4)::

    Huawei Technologies Co., Ltd. (Huawei), Bantian Huawei Base, Longgang District,
    Shenzhen, 518129, China.

    Sense Time, a.k.a., the following one alias:
    —SenseTime Group Limited.
    Room 1902, 19/F, ..., Hong Kong.

The name runs to the first comma that starts the address (commas inside ``Co., Ltd.``
are kept); a trailing parenthetical short name (``(Huawei)``) becomes an alias; after
``a.k.a., the following N aliases:`` each alias starts with an em dash (one a line in the
eCFR XML, where ``<br/>`` separates them); what follows the last alias is the address, and
several addresses are separated by ``;`` (``; and``). Lines starting ``See`` (cross
references to another country's entry) are kept as remarks.

A citation reads ``84 FR 22963, 5/21/19``; a row lists the rule that added the entity
first and each later rule that amended the entry after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_AKA = re.compile(r",?\s*a\.k\.a\.?,?\s*(?:the\s+following\s+\w+\s+alias(?:es)?\s*:?)?", re.IGNORECASE)
_DASH = "\u2014"
_DASHES = re.compile(r"^\s*[\u2014\u2013]+|^\s*-{1,2}(?=\S)")
_LEGAL_PIECE = re.compile(
    r"^(?:Ltd|Inc|Co|Corp|Limited|LLC|L\.L\.C|PLC|GmbH|S\.A|S\.L|S\.R\.L|JSC|OOO|LLP|Pte|B\.V|N\.V|AG|Company)\b\.?",
    re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{1,60})\)\s*$")
_CITATION = re.compile(r"(\d{1,3})\s*FR\s*(\d{1,6})\s*,?\s*(\d{1,2})/(\d{1,2})/(\d{2,4})")
_ABBREVIATIONS = {"co", "ltd", "inc", "corp", "no", "st", "rd", "bldg", "jsc", "llc", "mr", "dr", "ave", "blvd"}
_ADDRESS_START = re.compile(r"^(?:\d|No\b|Room\b|Rm\b|Building\b|Bldg\b|Floor\b|Suite\b|Unit\b|Flat\b|Block\b)",
                            re.IGNORECASE)
_ADDRESS_SPLIT = re.compile(r";\s*(?:and\s+)?")


@dataclass(frozen=True)
class Citation:
    """One Federal Register citation of an Entity List row, e.g. ``84 FR 22963, 5/21/19``."""

    text: str
    volume: int
    page: int
    date: str  # ISO date of the Federal Register issue


@dataclass
class EntityCell:
    name: str
    aliases: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def _year(value: str) -> int:
    n = int(value)
    return n if len(value) == 4 else (2000 + n if n < 70 else 1900 + n)


def citations(text: str) -> list[Citation]:
    """Every ``VOL FR PAGE, M/D/YY`` in a citation cell, in the order written; a date that
    is not a real day is left out."""
    out: list[Citation] = []
    for m in _CITATION.finditer(text):
        vol, page, month, day, year = m.groups()
        try:
            when = date(_year(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
        out.append(Citation(f"{int(vol)} FR {int(page)}, {month}/{day}/{year}", int(vol), int(page), when))
    return out


def _strip_end(value: str) -> str:
    """An item without its separator: trailing ``;``, ``; and``, ``,`` and a final period that
    does not end an abbreviation (``Ltd.`` keeps its period)."""
    value = re.sub(r"(?:[;,]\s*(?:and)?|\s+and)\s*$", "", value.strip()).strip()
    if value.endswith(".") and not value.endswith(".."):
        last = re.split(r"[\s(]", value[:-1])[-1].lower().rstrip(".")
        if last not in _ABBREVIATIONS and "." not in last:  # U.A., S.A. keep their period
            value = value[:-1].rstrip()
    return value


def _split_name(line: str) -> tuple[str, str]:
    """(name, address) of a line ``Name, Co., Ltd., street, city, country.``: the name keeps
    the pieces that are legal forms or parentheticals, the address is the rest."""
    pieces = [p for p in re.split(r",\s+", line.strip())]
    n = 1
    while n < len(pieces) and (_LEGAL_PIECE.match(pieces[n]) or pieces[n].startswith("(")):
        n += 1
    return ", ".join(pieces[:n]), ", ".join(pieces[n:])


def _alias_and_rest(item: str) -> tuple[str, str]:
    """The last alias of an inline list runs to the first ``. `` that starts an address."""
    for m in re.finditer(r"\.\s+(?=\S)", item):
        before, after = item[: m.start()], item[m.end():]
        word = re.split(r"[\s(]", before)[-1].lower().rstrip(".")
        if _ADDRESS_START.match(after) or (word not in _ABBREVIATIONS and after[:1].isupper()):
            return item[: m.start() + 1], after
    return item, ""


def _inline_aliases(text: str) -> list[str]:
    """The items of ``—A; —B; and —C`` (em or en dashes, or ``--``)."""
    return [p for p in re.split(r"\s*[\u2014\u2013]+\s*|(?:^|\s)--?(?=[A-Z0-9])", text) if p.strip()]


def _addresses(text: str) -> list[str]:
    return [a for a in (_strip_end(p) for p in _ADDRESS_SPLIT.split(text)) if a and a.lower() != "and"]


def _short_name(name: str) -> tuple[str, list[str]]:
    """``Huawei Technologies Co., Ltd. (Huawei)`` -> the name without its trailing short name,
    and the short name as an alias."""
    m = _TRAILING_PAREN.search(name)
    if m and m.start() > 0:
        return name[: m.start()].rstrip(" ,"), [m.group(1).strip()]
    return name, []


def parse_entity_cell(lines: list[str]) -> EntityCell:
    """Split an entity cell (its text lines, ``<br/>`` ending a line) into name, aliases,
    addresses and cross-reference remarks."""
    remarks = [ln for ln in lines if ln.lower().startswith("see ")]
    body = [ln for ln in lines if not ln.lower().startswith("see ")]
    if not body:
        return EntityCell(name="", remarks=remarks)
    text = "\n".join(body)
    aliases: list[str] = []
    m = _AKA.search(text)
    if m:
        name = " ".join(text[: m.start()].split()).rstrip(" ,")
        rest_lines = [ln.strip() for ln in re.split(r"\n", text[m.end():]) if ln.strip()]
        address_text = ""
        if len(rest_lines) > 1 and any(_DASHES.match(ln) for ln in rest_lines):  # one alias a line
            tail: list[str] = []
            for ln in rest_lines:
                if _DASHES.match(ln) and not tail:
                    aliases.extend(_strip_end(a) for a in _inline_aliases(ln))
                else:
                    tail.append(ln)
            if not tail and aliases:
                last, address_text = _alias_and_rest(_inline_aliases(rest_lines[-1])[-1])
                aliases[-1] = _strip_end(last)
            address_text = "; ".join([address_text] + tail if address_text else tail)
        else:  # everything on one line: —A; —B; and —C. Address.
            items = _inline_aliases(" ".join(rest_lines))
            if items:
                last, address_text = _alias_and_rest(items[-1])
                items[-1] = last
                aliases = [a for a in (_strip_end(i) for i in items) if a]
        addresses = _addresses(address_text)
    else:
        name, first_address = _split_name(body[0])
        addresses = _addresses("; ".join([first_address] + body[1:] if first_address else body[1:]))
    name, short = _short_name(_strip_end(name))
    return EntityCell(name=name, aliases=[a for a in short + aliases if a and a != name],
                      addresses=addresses, remarks=remarks)


def country_name(column: str) -> str:
    """The country column as a name a gazetteer reads: ``CHINA, PEOPLE'S REPUBLIC OF`` ->
    ``People's Republic Of China``; ``KOREA, NORTH`` stays as written (title case)."""
    text = " ".join(column.split()).strip(" .").replace("\u2019", "'")
    m = re.match(r"^(.+?),\s*(.+\bOF)$", text, re.IGNORECASE)
    if m:
        text = f"{m.group(2)} {m.group(1)}"
    return re.sub(r"'S\b", "'s", text.title())


__all__ = ["Citation", "EntityCell", "citations", "country_name", "parse_entity_cell"]
