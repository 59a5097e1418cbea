"""Two kinds of name evidence that look strong but are not: a clipped alias and a known other name.

- A *clipped alias*: a one-word alias that is only the beginning of a word of the record's own
  name (``INTER`` for ``INTERCONTINENTAL DE AVIACION``). A prefix is not a word: a query that
  meets only the clipping ("Inter & Co. Inc.") has short evidence, as an acronym has.
- A *known other name*: a query word paired with a listed word through a typo, when the query word
  is itself used by exchange-listed company names (``siga`` for ``sigma``: SIGA Technologies is a company
  of its own, not a misspelt Sigma Tech). The pair says less than a typo does; the score is lowered
  by ``MatchingConfig.short_evidence_factor``.
"""

from __future__ import annotations

from collections.abc import Sequence

from behind.matching.score import NameScore
from behind.text.distinctive import listed_company_count


def clipped(names: Sequence[tuple[str, ...]]) -> set[int]:
    """Positions in ``names`` (one record's names, as canonical words) of one-word names that are only
    a proper beginning of a word of another of its names."""
    words = {w for toks in names for w in toks}
    out: set[int] = set()
    for i, toks in enumerate(names):
        if len(toks) == 1 and len(toks[0]) >= 2:
            t = toks[0]
            if any(w != t and w.startswith(t) for w in words) and not any(
                    t in other for j, other in enumerate(names) if j != i and len(other) > 1):
                out.add(i)
    return out


def known_other_name(ns: NameScore) -> bool:
    """Does the match pair a query word, through a typo, with a listed word while ordinary company
    names use the query word as it is?"""
    return any(p.similarity < 1.0 and " " not in p.query and p.query != p.listed and listed_company_count(p.query) > 0
               for p in ns.pairs)


__all__ = ["clipped", "known_other_name"]
