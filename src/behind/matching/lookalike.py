"""Kinds of name evidence that look strong but are not: a clipped alias, a known other name, common words only.

- A *clipped alias*: a one-word alias that is only the beginning of a word of the record's own
  name (``INTER`` for ``INTERCONTINENTAL DE AVIACION``). A prefix is not a word: a query that
  meets only the clipping ("Inter & Co. Inc.") has short evidence, as an acronym has.
- A *known other name*: a query word paired with a listed word through a typo, when the query word
  is itself used by exchange-listed company names (``siga`` for ``sigma``: SIGA Technologies is a company
  of its own, not a misspelt Sigma Tech). The pair says less than a typo does; the score is lowered
  by ``MatchingConfig.short_evidence_factor``.
- *Common words only*: the match pairs at most two words, each one many ordinary companies use
  (``alpha``, ``group``), and the query carries another such word, not a place, that the listed name
  lacks ("Alpha Technology Group Limited" against ``ALPHA GROUP``): two names made of common words that
  differ by one are two companies' names. The score is lowered the same way; the same words alone, or
  with a place, still match.
"""

from __future__ import annotations

from collections.abc import Sequence

from behind.matching.score import NameScore
from behind.text.distinctive import common_word, listed_company_count, place_words


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


#: at most this many words paired: a longer name of common words says more
COMMON_WORDS = 2


def common_words_only(ns: NameScore) -> bool:
    """Does the match pair only common words, at most :data:`COMMON_WORDS`, while the query has a common
    word more that is not a place? (The place table is read only then: a cold search rarely needs it.)"""
    if not ns.unmatched_query or not 0 < len(ns.pairs) <= COMMON_WORDS:
        return False
    if not all(" " not in p.listed and common_word(p.listed) for p in ns.pairs):
        return False
    return any(common_word(w) and w not in place_words() for w in ns.unmatched_query)


__all__ = ["clipped", "common_words_only", "known_other_name"]
