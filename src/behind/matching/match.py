"""Match a query (names, schema, identifiers, country, birth date) against the loaded lists.

For each query name the matcher makes its token variants (the name itself; for
Han script or pinyin, its English renderings), retrieves candidate names from
the :class:`~behind.matching.index.NameIndex`, and scores each with
:func:`~behind.matching.score.score_names`. An identifier equal to a listed one (ISIN,
USCC, LEI, ticker, IMO, passport, national ID...) is strong evidence on its
own; country and birth date corroborate or contradict a name match. Records of
the same real entity on several lists are linked (see :mod:`behind.matching.linking`):
a hit on one reports all of them, each as its own ``source``/``source_id``.

Every hit explains itself: which query name met which listed name, the paired
tokens and their similarity, the identifier that matched, the feature scores,
and the list version (id, sha256, fetched-at).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from behind.text.chinese import business_words, han_variants, pinyin_variants
from behind.matching.index import NameIndex
from behind.matching.linking import link_entities
from behind.model.entity import Entity
from behind.text.normalize import (
    has_han,
    has_legal_form,
    legal_form_words,
    name_forms,
    normalize_identifier,
    normalize_name,
    normalize_ticker,
)
from behind.matching.score import NameScore, score_names
from behind.store.sqlite import Store, Version

DEFAULT_THRESHOLD = 0.85
_PERSONISH = {"Person", "LegalEntity"}
#: order of lists when scores tie: official lists before derived ones
LEAD_SOURCES = {"us_ofac_sdn", "us_ofac_cons", "curated"}
SOURCE_PRIORITY = {"us_ofac_sdn": 0, "us_ofac_cons": 1, "un_sc": 2, "us_trade_csl": 3, "us_bis_dpl": 4}
COUNTRY_AGREES = 0.02
COUNTRY_DIFFERS = -0.08
BIRTH_AGREES = 0.03
BIRTH_DIFFERS = -0.15
CHINESE_UNMATCHED_LISTED = 0.5
#: candidates whose shared-word weight (a weighted Dice over exact and one-edit words) is below
#: this are not scored: it halves the time per query. On the public benchmark one listed name
#: that would score 0.85 or more starts lower (0.23: a typo in a word with a canonical form,
#: "MARINIME SERVICES"); its record was found through another name. Joined given names
#: ("Guiqin" / "Gui Qin") start at 0.33.
CANDIDATE_FLOOR = 0.3
MIN_EVIDENCE_LETTERS = 4
SHORT_EVIDENCE_FACTOR = 0.84


@dataclass(frozen=True)
class ListVersion:
    source: str
    version_id: int
    sha256: str
    fetched_at: str
    published: str | None

    @classmethod
    def of(cls, v: Version) -> ListVersion:
        return cls(v.source, v.id, v.sha256, v.fetched_at, v.published)


@dataclass
class Query:
    name: str = ""
    schema: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    birth_date: str | None = None

    def names(self) -> list[str]:
        return [n for n in [self.name, *self.aliases] if n and n.strip()]


@dataclass
class Hit:
    entity: Entity
    score: float
    query_name: str | None = None
    matched_name: str | None = None
    name_score: NameScore | None = None
    identifier: dict[str, str] | None = None
    features: dict[str, float] = field(default_factory=dict)
    linked_from: dict[str, str] | None = None
    version: ListVersion | None = None

    def to_dict(self) -> dict[str, Any]:
        e = self.entity
        explanation: dict[str, Any] = {}
        if self.matched_name is not None and self.name_score is not None:
            ns = self.name_score
            explanation["name"] = {
                "query": self.query_name, "listed": self.matched_name, "score": round(ns.score, 4),
                "pairs": [[p.query, p.listed, p.similarity] for p in ns.pairs],
                "unmatched_query": list(ns.unmatched_query), "unmatched_listed": list(ns.unmatched_listed)}
        if self.identifier:
            explanation["identifier"] = self.identifier
        if self.features:
            explanation["features"] = {k: round(v, 4) for k, v in self.features.items()}
        if self.linked_from:
            explanation["linked"] = self.linked_from
        return {
            "source": e.source, "source_id": e.source_id, "score": round(self.score, 4),
            "name": e.name, "schema": e.schema, "programs": e.programs, "listed_on": e.listed_on,
            "source_url": e.source_url, "explanation": explanation,
            "list_version": self.version.__dict__ if self.version else None,
        }


def id_key(scheme: str, value: str) -> tuple[str, str]:
    scheme = scheme.lower()
    return scheme, normalize_ticker(value) if scheme == "ticker" else normalize_identifier(value)


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """``China``, ``CN``, ``cn`` -> ``cn`` (followthemoney's country type)."""
    from followthemoney.types import registry
    return registry.country.clean(value) or registry.country.clean(value, fuzzy=True)


class Index:
    """Everything needed to match, built once per process from the store."""

    def __init__(self, entities: Iterable[Entity], versions: dict[str, ListVersion] | None = None) -> None:
        self.entities: list[Entity] = list(entities)
        self.versions = versions or {}
        self.names = NameIndex()
        self._labels: list[str] = []  # name id -> the listed name as written
        self._ids: dict[tuple[str, str], list[int]] = {}
        for idx, entity in enumerate(self.entities):
            for name in entity.all_names():
                tokens, surface = name_forms(name, person=entity.schema == "Person")
                if tokens:
                    self.names.add(idx, tokens, surface)
                    self._labels.append(name)
            for ident in entity.identifiers:
                key = id_key(ident.scheme, ident.value)
                if key[1]:
                    self._ids.setdefault(key, []).append(idx)
        self.names.finish()
        self.links = link_entities(self.entities)

    @classmethod
    def from_store(cls, store: Store) -> Index:
        versions = {v.source: ListVersion.of(v) for v in store.active_versions()}
        return cls(store.entities(), versions)

    def __len__(self) -> int:
        return len(self.entities)

    # ------------------------------------------------------------------ name scoring
    def _variants(self, name: str, person: bool = False) -> list[tuple[tuple[str, ...], tuple[str, ...], bool]]:
        """(canonical tokens, surface tokens, rendered from Chinese) of each way to read a query name."""
        if has_han(name):
            return [(v, v, True) for v in han_variants(name)]
        base = name_forms(name, person=person)
        out = [(base[0], base[1], False)] if base[0] else []
        out.extend((v, v, True) for v in pinyin_variants(normalize_name(name)) if v != base[0])
        return out

    def _name_hits(self, query: Query, best: dict[int, Hit], floor: float) -> None:
        for qname in query.names():
            organisation = query.schema != "Person" and has_legal_form(qname)
            for tokens, surface, chinese in self._variants(qname, person=query.schema == "Person"):
                qweights = self.names.weights(tokens)
                if chinese:  # a rendered business word the English name lacks costs less (only unpaired
                    # query words keep their own weight in the scorer)
                    generic = business_words()
                    qweights = tuple(w * CHINESE_UNMATCHED_LISTED if t in generic else w
                                     for t, w in zip(tokens, qweights))
                for cand in self.names.candidates(tokens):
                    if cand.prescore < CANDIDATE_FLOOR:
                        break  # best first: the rest share too little weight to reach the threshold
                    idx = self.names.owners[cand.name_id]
                    entity = self.entities[idx]
                    if not _compatible(query.schema, entity.schema, organisation):
                        continue
                    listed = self.names.names[cand.name_id]
                    ns = score_names(tokens, listed, qweights, self.names.weights(listed),
                                     surface, self.names.surfaces[cand.name_id],
                                     unmatched_listed_factor=CHINESE_UNMATCHED_LISTED if chinese else 1.0)
                    ns = _short_evidence(ns)
                    if ns.score < floor:
                        continue
                    hit = best.get(idx)
                    if hit is None:
                        hit = best[idx] = Hit(entity, 0.0)
                    label = self._labels[cand.name_id]
                    if (hit.name_score is None or ns.score > hit.name_score.score
                            or (ns.score == hit.name_score.score and hit.matched_name is not None
                                and fuzz.ratio(qname, label) > fuzz.ratio(qname, hit.matched_name))):
                        hit.name_score = ns
                        hit.query_name = qname
                        hit.matched_name = label

    # ------------------------------------------------------------------ search
    def search(self, query: Query, *, threshold: float = DEFAULT_THRESHOLD, limit: int = 10) -> list[Hit]:
        best: dict[int, Hit] = {}
        for scheme, value in query.identifiers.items():
            if not value:
                continue
            key = id_key(scheme, value)
            for idx in self._ids.get(key, []):
                hit = best.setdefault(idx, Hit(self.entities[idx], 0.0))
                hit.identifier = {"scheme": key[0], "value": value}
        self._name_hits(query, best, floor=threshold - 0.1)
        for hit in best.values():
            self._finalise(hit, query)
        ranked = heapq.nsmallest(limit, ((i, h) for i, h in best.items() if h.score >= threshold),
                                 key=lambda ih: _rank(ih[1]))
        out: list[Hit] = []
        seen: set[int] = set()
        for idx, hit in ranked:
            if idx in seen:
                continue
            seen.add(idx)
            hit.version = self.versions.get(hit.entity.source)
            out.append(hit)
            for other, reason in self.links.get(idx, ()):
                if other in seen:
                    continue
                seen.add(other)
                link = {"source": hit.entity.source, "source_id": hit.entity.source_id, "reason": reason}
                direct = best.get(other)
                if direct is not None and direct.score >= threshold:
                    direct.linked_from = link  # it matched on its own too: keep its own explanation
                    direct.version = self.versions.get(direct.entity.source)
                    out.append(direct)
                    continue
                out.append(Hit(self.entities[other], hit.score, features=dict(hit.features), linked_from=link,
                               version=self.versions.get(self.entities[other].source)))
        return out

    def _finalise(self, hit: Hit, query: Query) -> None:
        features: dict[str, float] = {}
        if hit.identifier:
            features["identifier"] = 1.0
        if hit.name_score is not None:
            features["name"] = hit.name_score.score
        base = 1.0 if hit.identifier else features.get("name", 0.0)
        adjust = 0.0
        if query.country and not hit.identifier:
            mine = country_code(query.country)
            theirs = {c for c in (country_code(x) for x in hit.entity.countries + hit.entity.nationalities) if c}
            if mine and theirs:
                agree = mine in theirs
                features["country"] = 1.0 if agree else 0.0
                adjust += COUNTRY_AGREES if agree else COUNTRY_DIFFERS
        if query.birth_date and hit.entity.birth_dates and not hit.identifier:
            year = query.birth_date[:4]
            agree = any(d[:4] == year for d in hit.entity.birth_dates)
            features["birth_date"] = 1.0 if agree else 0.0
            adjust += BIRTH_AGREES if agree else BIRTH_DIFFERS
        hit.features = features
        hit.score = max(0.0, min(1.0, base + adjust))


def _rank(hit: Hit) -> tuple[float, float, int, float, int, int, str, str]:
    """Best first: score; then, among equal scores, the closer legal form; records of the
    lists that carry identifiers and relations (OFAC's, the curated set) before the lists
    that mostly repeat them (UN, CSL, DPL); the closer spelling as written (case and
    punctuation included); a match on the record's primary name before one on an alias."""
    legal = raw = 0.0
    if hit.query_name and hit.matched_name:
        a, b = legal_form_words(hit.query_name), legal_form_words(hit.matched_name)
        legal = len(a & b) / len(a | b) if a | b else 1.0
        raw = fuzz.ratio(hit.query_name, hit.matched_name) / 100
    primary = 0 if hit.matched_name == hit.entity.name or hit.identifier else 1
    group = 0 if hit.entity.source in LEAD_SOURCES else 1
    return (-round(hit.score, 6), -legal, group, -raw, primary, SOURCE_PRIORITY.get(hit.entity.source, 9),
            hit.entity.source, hit.entity.source_id)


def _compatible(query_schema: str | None, schema: str, organisation: bool = False) -> bool:
    """Can a query of this schema be this listed record? A legal form in the query means an organisation."""
    if organisation and schema in ("Person", "Vessel", "Airplane"):
        return False
    if not query_schema:
        return True
    if query_schema == "Person":
        return schema in _PERSONISH
    return schema != "Person"


def _short_evidence(ns: NameScore) -> NameScore:
    """A match resting on fewer than :data:`MIN_EVIDENCE_LETTERS` letters (an acronym like "PPL") is weak."""
    letters = sum(len(p.listed.replace(" ", "")) for p in ns.pairs)
    if letters >= MIN_EVIDENCE_LETTERS or not ns.pairs:
        return ns
    return replace(ns, score=ns.score * SHORT_EVIDENCE_FACTOR)


__all__ = ["DEFAULT_THRESHOLD", "Hit", "Index", "ListVersion", "Query", "id_key"]
