"""Partial dates (``2018``, ``2018-02``, ``2018-02-06``) and whether something is in force on a day.

Sources give dates at the precision they know; a day is never invented. A start
of ``2018-02`` means "from the first day of February 2018 at the latest known";
an end of ``2022-11-24`` means the relation no longer holds on that day.
"""

from __future__ import annotations

from datetime import date


def parse_partial(value: str | None, *, end: bool = False) -> date | None:
    """The first day a partial date covers (or, with ``end``, the first day after it for a
    month or a year; a full date is that day)."""
    if not value:
        return None
    parts = str(value)[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
        if day is not None and month is not None:
            return date(year, month, day)
        if month is not None:
            return date(year, month, 1) if not end else (date(year + 1, 1, 1) if month == 12
                                                         else date(year, month + 1, 1))
        return date(year, 1, 1) if not end else date(year + 1, 1, 1)
    except (ValueError, IndexError):
        return None


def in_force(start: str | None, end: str | None, as_of: date) -> bool:
    """True when ``as_of`` is on or after ``start`` and before ``end`` (unknown bounds are open).

    Partial dates are read widely, as a screener should: a start of ``2018-02`` counts from
    1 February 2018 and an end of ``2024-01`` from 1 February 2024, since the source only says
    the relation ended some time in January 2024.
    """
    s = parse_partial(start)
    e = parse_partial(end, end=True)
    if s is not None and as_of < s:
        return False
    return not (e is not None and as_of >= e)


__all__ = ["in_force", "parse_partial"]
