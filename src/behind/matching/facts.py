"""Facts besides the name that corroborate or contradict a name match: birth dates.

Dates come at the precision their source knows (``1952``, ``1952-02``, ``1952-02-10``). Two
birth dates are compared part by part, as far as both go:

- ``agrees``: the same day, month and year on both sides (a full date corroborates);
- ``year``: the same year, and nothing finer that both give differs (equal years say little:
  many people are born in any year);
- ``same_year_differs``: the same year, but a month or a day that both give differs
  (1952-02-10 against 1952-05-01: the same person's record would not say that);
- ``differs``: the years differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
#: outcomes, best first
OUTCOMES = ("agrees", "year", "same_year_differs", "differs")


def _parts(value: str) -> tuple[str, ...]:
    m = _DATE.match(value.strip())
    if not m:
        return ()
    return tuple(p for p in m.groups() if p)


def compare_birth_dates(query: str, listed: Iterable[str]) -> str | None:
    """How the query's birth date compares with a record's (the best of its dates): one of
    :data:`OUTCOMES`, or None when either side gives no readable date."""
    mine = _parts(query)
    if not mine:
        return None
    best: str | None = None
    for value in listed:
        theirs = _parts(value)
        if not theirs:
            continue
        if theirs[0] != mine[0]:
            outcome = "differs"
        else:
            common = min(len(mine), len(theirs))
            if mine[:common] != theirs[:common]:
                outcome = "same_year_differs"
            elif len(mine) == len(theirs) == 3:
                outcome = "agrees"
            else:
                outcome = "year"
        if best is None or OUTCOMES.index(outcome) < OUTCOMES.index(best):
            best = outcome
    return best


__all__ = ["OUTCOMES", "compare_birth_dates"]
