"""The name cell of a UFLPA Entity List row: the entity, its other names, its subsidiaries.

The DHS page and the Federal Register appendices write one cell per row in a few forms:

- ``Name (also known as A; and B, and formerly known as C)``, the form of the updates since 2023;
- ``Name (and one alias: A)``, ``Name (including two aliases: A; and B)``, the form of the
  first list (June 2022);
- a scope after the name: ``Name (including one alias: A) and subsidiaries``,
  ``Name and its subordinate and affiliated entities``, ``Name, and Subsidiaries``;
- subsidiaries named in the row: ``Name and its subsidiary S``,
  ``Name and its eight Zhuhai-based subsidiaries, which include S1, S2, ..., and S8``.

:func:`parse_cell` returns one :class:`Named` per entity the cell names, the first being the
row's entity and the others its named subsidiaries (``parent`` set). Parentheses that do not
start with one of those phrases are part of the name (``Hoshine Silicon Industry (Shanshan)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from behind.model.entity import Alias
from behind.sources.tables import clean

_AKA = r"also known as|a\.k\.a\.|(?:and|including)\s+[a-z]+\s+alias(?:es)?\s*:"
_FKA = r"formerly known as|f\.k\.a\."
_KNOWN_AS = re.compile(rf"\((?=\s*(?:{_AKA}|{_FKA}))", re.IGNORECASE)
_MARKER = re.compile(rf"(?:{_AKA}|{_FKA})\s*", re.IGNORECASE)
_IS_FKA = re.compile(rf"\s*(?:{_FKA})", re.IGNORECASE)
_SCOPE = re.compile(r"(?:,\s*and\s+subsidiaries|\s+and\s+(?:its\s+)?(?:subsidiaries|subordinate and affiliated "
                    r"entities))\s*$", re.IGNORECASE)
_SUBSIDIARIES = re.compile(r"\s+and\s+its\s+(?:(?:[a-z]+\s+)?(?:[\w-]+\s+)?subsidiaries,?\s*(?:which\s+include|"
                           r"including|:)|subsidiary)\s+", re.IGNORECASE)
#: a comma that separates two names (not the one in "Co., Ltd.")
_NAME_COMMA = re.compile(r"\s*(?:;|,(?!\s*(?:Ltd|Inc|LLC|Limited|Co|Corp|Corporation|Company|Branch)\b))\s*"
                         r"(?:and\s+)?")


@dataclass(frozen=True)
class Named:
    """One entity a name cell names: its name, other names, scope note and parent (for a subsidiary)."""

    name: str
    aliases: list[Alias] = field(default_factory=list)
    scope: str | None = None
    parent: str | None = None


def _masked(text: str) -> str:
    """``text`` with what is inside parentheses blanked, so patterns only match at the top level."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(ch if depth == 0 else "\0")
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def _other_names(inner: str, name: str) -> list[Alias]:
    aliases: list[Alias] = []
    for part in re.split(rf"(?=\b(?:{_AKA}|{_FKA}))", inner, flags=re.IGNORECASE):
        kind = "fka" if _IS_FKA.match(part) else "aka"
        body = _MARKER.sub("", part, count=1)
        for item in body.split(";"):
            alias = clean(re.sub(r"^(?:and|or)\s+|[,;]\s*(?:and|or)?\s*$", "", clean(item)))
            alias = re.sub(r"(?:,\s*|\s+)(?:and|or)$", "", alias).rstrip(",").strip()
            if alias.lower() not in ("", "and", "or") and alias != name and all(a.name != alias for a in aliases):
                aliases.append(Alias(alias, kind))
    return aliases


def _one(cell: str, parent: str | None = None) -> Named:
    """A cell naming one entity: the name, the parenthesis of other names, a scope after them."""
    text = clean(cell)
    scope = None
    if m := _SCOPE.search(_masked(text)):
        text, scope = text[: m.start()].rstrip(" ,"), clean(text[m.start():]).lstrip(", ")
    m = _KNOWN_AS.search(text)
    if m is None:
        return Named(text, [], scope, parent)
    depth, end = 0, len(text)
    for i in range(m.start(), len(text)):  # the matching parenthesis (names carry their own)
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            end = i
            break
    name = clean(text[: m.start()])
    rest = clean(text[end + 1:])
    return Named(name, _other_names(text[m.start() + 1: end], name), scope or rest or None, parent)


def parse_cell(cell: str) -> list[Named]:
    """The entities a name cell names: the row's entity first, then the subsidiaries it lists."""
    text = clean(cell)
    m = _SUBSIDIARIES.search(_masked(text))
    if m is None:
        return [_one(text)]
    head = _one(text[: m.start()])
    rest = text[m.end():].strip()
    subs = [_one(part, head.name) for part in _split_names(rest)]
    return [head, *[s for s in subs if s.name and s.name != head.name]]


def _split_names(text: str) -> list[str]:
    masked, parts, start = _masked(text), [], 0
    for m in _NAME_COMMA.finditer(masked):
        parts.append(text[start: m.start()])
        start = m.end()
    parts.append(text[start:])
    return [p for p in (clean(x) for x in parts) if p]


def split_name(cell: str) -> tuple[str, list[Alias]]:
    """``Name (also known as A; and B, and formerly known as C)`` -> (Name, [A aka, B aka, C fka])."""
    first = parse_cell(cell)[0]
    return first.name, first.aliases


__all__ = ["Named", "parse_cell", "split_name"]
