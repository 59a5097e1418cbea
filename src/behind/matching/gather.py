"""The matcher's inner loop: the listed names one reading of a query name scores with, at the floor.

For one way of reading a query name (canonical words, words as written, their weights),
:func:`name_hits` walks the shortlist of :meth:`~behind.matching.index.NameIndex.candidates`; leaves
out the records the query's schema rules out (a person's query meets people and legal entities;
a legal form in the query means an organisation) and the names sure to score under the floor
(:class:`~behind.matching.ceiling.Ceiling`); scores the rest (:func:`~behind.matching.score.score_names`),
and lowers the names that rest on short evidence: an acronym (fewer than ``short_evidence_letters``
letters), a clipped alias or a query word ordinary companies use as it is (:mod:`~behind.matching.lookalike`).
Records are not read here: a :class:`NameHit` carries the record's position only.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace

from behind.matching.ceiling import WORTH_BOUNDING, Ceiling
from behind.matching.index import Candidate, NameIndex, Rows
from behind.matching.lookalike import common_words_only, known_other_name
from behind.matching.score import NameScore, score_names
from behind.model.matching import MatchingConfig

PERSONISH = frozenset({"Person", "LegalEntity"})
NOT_ORGS = ("Person", "Vessel", "Airplane")


@dataclass(frozen=True)
class Reading:
    """One way to read a query name: canonical words, words as written, their weights, the factor of
    listed words left unpaired (lower for a rendering from Chinese), and whether it was read from a
    script without vowels."""

    tokens: tuple[str, ...]
    surface: tuple[str, ...]
    weights: tuple[float, ...]
    factor: float
    lossy: bool


@dataclass(frozen=True)
class NameHit:
    """A listed name (``name_id``, of the record at position ``entity``) scored at the floor or above."""

    entity: int
    name_id: int
    score: NameScore
    short: bool


def name_hits(names: NameIndex, schemas: Rows[str], clipped: Container[int], reading: Reading, *,
              query_schema: str | None, organisation: bool, personish: bool, floor: float,
              conf: MatchingConfig) -> list[NameHit]:
    """The listed names ``reading`` scores at least ``floor`` with, in shortlist order."""
    tokens, surface, qweights, factor, lossy = reading.tokens, reading.surface, reading.weights, reading.factor, reading.lossy
    ceiling = Ceiling(tokens, surface, qweights, factor, lossy, conf)
    out: list[NameHit] = []
    kept: list[tuple[Candidate, int, bool]] = []  # with the position of the record each names, and whether a person's
    cands = names.candidates(tokens, conf.candidate_limit, personish, lossy, conf.candidate_floor)
    owners, persons = names.owners_and_persons([c.name_id for c in cands])
    for cand, idx, named in zip(cands, owners, persons):
        if compatible(query_schema, schemas[idx], organisation):
            kept.append((cand, idx, bool(named)))
    for (cand, idx, named_person), (listed, lsurface, lweights) in zip(kept, names.rows([c.name_id for c, _, _ in kept])):
        name_id = cand.name_id
        person = named_person and not organisation
        if cand.prescore < WORTH_BOUNDING and ceiling.below(floor, listed, lsurface, lweights, person):
            continue
        ns = score_names(tokens, listed, qweights, lweights, surface, lsurface, unmatched_listed_factor=factor,
                         min_similarity=conf.min_token_similarity, min_length=conf.min_fuzzy_length,
                         person=person, lossy=lossy, config=conf)
        ns, short = short_evidence(ns, conf)
        if ns.score < floor:
            continue
        if not short and (name_id in clipped or not (lossy or named_person)
                          and (known_other_name(ns) or common_words_only(ns))):  # lookalike.py: organisations' names only
            short, ns = name_id in clipped, replace(ns, score=ns.score * conf.short_evidence_factor)
            if ns.score < floor:
                continue
        out.append(NameHit(idx, name_id, ns, short))
    return out


def compatible(query_schema: str | None, schema: str, organisation: bool = False) -> bool:
    """Can a query of this schema be this listed record? A legal form in the query means an organisation."""
    if organisation and schema in NOT_ORGS:
        return False
    if not query_schema:
        return True
    if query_schema == "Person":
        return schema in PERSONISH
    return schema != "Person"


def short_evidence(ns: NameScore, conf: MatchingConfig) -> tuple[NameScore, bool]:
    """A match resting on fewer than ``short_evidence_letters`` letters (an acronym like "PPL") is short
    evidence: its score is lowered, and (the acronym rule) it makes no hit on its own, at any threshold,
    unless the configuration allows it."""
    letters = 0
    for p in ns.pairs:
        letters += len(p.listed.replace(" ", ""))
    if letters >= conf.short_evidence_letters or not ns.pairs:
        return ns, False
    return replace(ns, score=ns.score * conf.short_evidence_factor), True


__all__ = ["NOT_ORGS", "PERSONISH", "NameHit", "Reading", "compatible", "name_hits", "short_evidence"]
