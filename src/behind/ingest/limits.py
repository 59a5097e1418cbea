"""Length limits on what a list may put in the store, applied to every parsed list.

Every list, read by ``behind update`` or ``behind import``, passes :func:`limit_values` before it
is loaded: it is the one place that bounds what reaches the store and the name index. Matching a
name costs roughly the square of its length, so one 20 MB name in an imported file would make
every later query that meets it run for minutes.

- Names (the primary name, every alias, the name a relation gives its far end) are cut to
  :data:`NAME_LIMIT` characters. The longest on the bundled lists is 158 characters for a primary
  name (SDN 31572) and 324 for an alias (UN 6908429).
- Every other string (identifiers, addresses, remarks, dates, URLs, the reader's ``extra``
  values, the sources a curated fact cites) is cut to :data:`VALUE_LIMIT` characters. The longest
  on the bundled lists is an OFAC remarks field of 1,882 characters (SDN 30518).
- A record keeps at most :data:`MAX_NAMES` names (the bundled maximum is 96: UN records with
  95 aliases); values in ``extra`` nested deeper than :data:`MAX_DEPTH` are dropped.
- A record id longer than :data:`ID_LIMIT` (the bundled maximum is 26) is shortened to a prefix
  and a digest of the whole id, and relations that name it follow, so ids stay distinct.

Each record that was cut is reported once in the version's warnings, with what was cut.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from behind.model.entity import Address, Alias, Entity, Identifier, Link
from behind.sources.base import ParsedList, StreamedList

NAME_LIMIT = 500
VALUE_LIMIT = 5_000
ID_LIMIT = 200
MAX_NAMES = 1_000
MAX_DEPTH = 16
#: the cuts a warning names one by one; the rest are counted
_NOTES_SHOWN = 3


class _Cuts:
    """The cuts made to one record, as notes for its warning."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def text(self, value: str, limit: int, where: str) -> str:
        if len(value) <= limit:
            return value
        self.notes.append(f"{where} of {len(value):,} characters cut to {limit:,}")
        return value[:limit]

    def opt(self, value: str | None, limit: int, where: str) -> str | None:
        return None if value is None else self.text(value, limit, where)

    def texts(self, values: list[str], limit: int, where: str) -> list[str]:
        return [self.text(v, limit, f"{where}[{i}]") for i, v in enumerate(values)]

    def data(self, value: Any, where: str, depth: int = 0) -> Any:
        """``value`` (JSON-like: dicts, lists, tuples, scalars) with every string cut to VALUE_LIMIT."""
        if isinstance(value, str):
            return self.text(value, VALUE_LIMIT, where)
        if not isinstance(value, (dict, list, tuple)):
            return value
        if depth >= MAX_DEPTH:
            self.notes.append(f"{where} nested deeper than {MAX_DEPTH} levels dropped")
            return None
        if isinstance(value, dict):
            return {self.text(k, NAME_LIMIT, f"{where} key") if isinstance(k, str) else k:
                    self.data(v, f"{where}.{k}"[:80], depth + 1) for k, v in value.items()}
        items = [self.data(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        return tuple(items) if isinstance(value, tuple) else items


def _data_fits(value: Any, depth: int = 0) -> bool:
    if isinstance(value, str):
        return len(value) <= VALUE_LIMIT
    if isinstance(value, dict):
        return depth < MAX_DEPTH and all((not isinstance(k, str) or len(k) <= NAME_LIMIT) and _data_fits(v, depth + 1)
                                         for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return depth < MAX_DEPTH and all(_data_fits(v, depth + 1) for v in value)
    return True


def _fits(ent: Entity) -> bool:
    """Whether nothing in ``ent`` is over a limit (the common case, checked without copying)."""
    names = [ent.name, ent.schema, *(a.name for a in ent.aliases), *(a.kind for a in ent.aliases),
             *(a.lang or "" for a in ent.aliases), *(lk.target for lk in ent.links), *(lk.relation for lk in ent.links)]
    ids = [ent.source_id, *(lk.target_id or "" for lk in ent.links)]
    values = [*(v or "" for i in ent.identifiers for v in (i.scheme, i.value, i.country, i.note)),
              *(v or "" for a in ent.addresses for v in (a.full, a.city, a.postal_code, a.country)),
              *ent.countries, *ent.nationalities, *ent.birth_dates, *ent.birth_places, *ent.programs,
              *(v or "" for v in (ent.gender, ent.title, ent.listed_on, ent.remarks, ent.source_url)),
              *(v or "" for lk in ent.links for v in (lk.start, lk.end))]
    return (len(ent.aliases) < MAX_NAMES and all(len(n) <= NAME_LIMIT for n in names)
            and all(len(v) <= ID_LIMIT for v in ids) and all(len(v) <= VALUE_LIMIT for v in values)
            and all(_data_fits(lk.sources) for lk in ent.links) and _data_fits(ent.extra))


def _id(value: str) -> str:
    """``value``, or where it is longer than ID_LIMIT a prefix of it and a digest of all of it."""
    if len(value) <= ID_LIMIT:
        return value
    return f"{value[:ID_LIMIT - 17]}-{hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def _limit(ent: Entity, cuts: _Cuts) -> Entity:
    text, opt, texts, V = cuts.text, cuts.opt, cuts.texts, VALUE_LIMIT
    if len(ent.source_id) > ID_LIMIT:
        cuts.notes.append(f"id of {len(ent.source_id):,} characters shortened to {ID_LIMIT} with a digest")
    aliases = ent.aliases
    if len(aliases) >= MAX_NAMES:
        cuts.notes.append(f"{len(aliases) + 1:,} names, only the first {MAX_NAMES:,} kept")
        aliases = aliases[:MAX_NAMES - 1]
    return replace(
        ent, source_id=_id(ent.source_id), schema=text(ent.schema, NAME_LIMIT, "schema"),
        name=text(ent.name, NAME_LIMIT, "name"),
        aliases=[Alias(text(a.name, NAME_LIMIT, f"aliases[{i}]"), text(a.kind, NAME_LIMIT, "alias kind"),
                       opt(a.lang, NAME_LIMIT, "alias lang")) for i, a in enumerate(aliases)],
        identifiers=[Identifier(text(x.scheme, V, f"identifiers[{i}].scheme"), text(x.value, V, f"identifiers[{i}]"),
                                opt(x.country, V, f"identifiers[{i}].country"), opt(x.note, V, f"identifiers[{i}].note"))
                     for i, x in enumerate(ent.identifiers)],
        addresses=[Address(text(a.full, V, f"addresses[{i}]"), opt(a.city, V, f"addresses[{i}].city"),
                           opt(a.postal_code, V, f"addresses[{i}].postal_code"),
                           opt(a.country, V, f"addresses[{i}].country"))
                   for i, a in enumerate(ent.addresses)],
        countries=texts(ent.countries, V, "countries"), nationalities=texts(ent.nationalities, V, "nationalities"),
        birth_dates=texts(ent.birth_dates, V, "birth_dates"), birth_places=texts(ent.birth_places, V, "birth_places"),
        programs=texts(ent.programs, V, "programs"), gender=opt(ent.gender, V, "gender"),
        title=opt(ent.title, V, "title"), listed_on=opt(ent.listed_on, V, "listed_on"),
        remarks=opt(ent.remarks, V, "remarks"), source_url=opt(ent.source_url, V, "source_url"),
        links=[Link(text(lk.relation, NAME_LIMIT, f"links[{i}].relation"),
                    text(lk.target, NAME_LIMIT, f"links[{i}].target"),
                    None if lk.target_id is None else _id(lk.target_id), lk.share,
                    opt(lk.start, V, f"links[{i}].start"), opt(lk.end, V, f"links[{i}].end"),
                    cuts.data(lk.sources, f"links[{i}].sources"))
               for i, lk in enumerate(ent.links)],
        extra=cuts.data(ent.extra, "extra"))


def limit_entity(ent: Entity, warnings: list[str]) -> Entity:
    """``ent``, or a copy cut to the limits, with one warning appended to ``warnings`` if cut."""
    if _fits(ent):
        return ent
    cuts = _Cuts()
    limited = _limit(ent, cuts)
    if cuts.notes:
        more = len(cuts.notes) - _NOTES_SHOWN
        warnings.append(
            f"record {limited.source_id} ({limited.name[:80]}): over the length limits: "
            + "; ".join(cuts.notes[:_NOTES_SHOWN]) + (f"; and {more:,} more" if more > 0 else ""))
    return limited


def limit_stream(streamed: StreamedList) -> StreamedList:
    """:func:`limit_values` for a stream: each record is cut as it passes."""
    streamed.entities = (limit_entity(e, streamed.warnings) for e in streamed.entities)
    return streamed


def limit_values(parsed: ParsedList) -> ParsedList:
    """Cut what is over the limits in every record of ``parsed`` (in place, and returned), adding
    one warning per record that was cut."""
    out = [limit_entity(ent, parsed.warnings) for ent in parsed.entities]
    parsed.entities = out
    if parsed.published is not None and len(parsed.published) > NAME_LIMIT:
        parsed.warnings.append(f"publication date of {len(parsed.published):,} characters dropped")
        parsed.published = None
    return parsed


__all__ = ["ID_LIMIT", "MAX_DEPTH", "MAX_NAMES", "NAME_LIMIT", "VALUE_LIMIT", "limit_entity", "limit_stream",
           "limit_values"]
