"""Match a query (names, schema, identifiers, country, birth date) against the loaded lists.

For each query name the matcher makes its token variants (the name itself; for Han script or pinyin,
its English renderings), retrieves candidate names from the :class:`~behind.matching.index.NameIndex`,
and scores each with :func:`~behind.matching.score.score_names`. An identifier equal to a listed one
(ISIN, USCC, LEI, ticker, IMO, passport, national ID...) is strong evidence on its own; country and
birth date corroborate or contradict a name match. Records of the same real entity on several lists
are linked (see :mod:`behind.matching.linking`): a hit on one reports all of them, each as its own
``source``/``source_id``.

Every hit explains itself: which query name met which listed name, the paired tokens and their
similarity, the identifier that matched, the feature scores, and the list version (id, sha256, fetched-at).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from behind.model.entity import Entity
from behind.model.matching import MatchingConfig
from behind.model.results import ListVersion
from behind.sources.registry import source_rank
from behind.store.rows import EntityRows
from behind.store.sqlite import Store
from behind.text import (
    business_words,
    han_person_readings,
    han_variants,
    has_han,
    has_legal_form,
    identifier_in_name,
    legal_form_words,
    name_forms,
    normalize_identifier,
    normalize_name,
    normalize_ticker,
    readings,
    strip_controls,
    strip_titles,
)
from behind.matching.affiliate import AffiliateIndex, affiliate_score
from behind.matching.facts import compare_birth_dates
from behind.matching.found import Match, list_version
from behind.matching.compact import Array
from behind.matching.index import NameIndex, Rows
from behind.matching.index_files import cached_arrays
from behind.matching.linking import link_entities
from behind.matching.gather import NOT_ORGS, Reading, name_hits
from behind.matching.lookalike import clipped
from behind.matching.pinyin_names import PinyinReader
from behind.matching.score import NameScore
from behind.matching.stored import IdTable, RecordTables, index_folder_key, record_arrays

DEFAULT_THRESHOLD = MatchingConfig().threshold
#: how far under the threshold a bound must be to pass a record over (float sums are exact to far less)
MARGIN = 1e-9


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


def id_key(scheme: str, value: str) -> tuple[str, str]:
    scheme = scheme.lower()
    return scheme, normalize_ticker(value) if scheme == "ticker" else normalize_identifier(value, scheme)


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """``China``, ``CN``, ``cn`` -> ``cn`` (followthemoney's country type)."""
    from followthemoney.types import registry
    return registry.country.clean(value) or registry.country.clean(value, fuzzy=True)


class Index:
    """Everything needed to match: built from entities, or mapped from the index files of a store."""

    def __init__(self, entities: Iterable[Entity], versions: dict[str, ListVersion] | None = None,
                 config: MatchingConfig | None = None, *,
                 mapped: tuple[dict[str, Array], dict[str, Any]] | None = None) -> None:
        """The index of ``entities``: built from them, or (``mapped``: the :meth:`arrays` of an index built
        over the same entities, in the same order) read from those arrays, the entities read on demand."""
        self.config = config or MatchingConfig()
        self.versions = versions or {}
        if mapped is not None:
            self.entities = entities if isinstance(entities, Sequence) else list(entities)
            self._map(*mapped)
        else:
            self.entities = list(entities)
            self._build()
        strip_titles("Dr. Warm")  # compile the title patterns now, not on a first query

    def _build(self) -> None:
        """The index of :attr:`entities`, built from their names and identifiers."""
        self.names = NameIndex(self.config)
        labels, ids = list[str](), dict[tuple[str, str], list[int]]()
        self._labels: Rows[str] = labels  # name id -> the listed name as written
        self._schemas: Rows[str] = [e.schema for e in self.entities]
        self._ids: dict[tuple[str, str], list[int]] | IdTable = ids
        self._clipped: set[int] = set()  # name ids of clipped aliases (INTER for INTERCONTINENTAL)
        for idx, entity in enumerate(self.entities):
            first, mine, han = len(self._labels), [], []
            for name in _listed_names(entity):
                person = entity.schema == "Person"
                tokens, surface = name_forms(name, person=person)
                if tokens:
                    self.names.add(idx, tokens, surface, person=person)
                    labels.append(name)
                    mine.append(tokens)
                    han.append(has_han(name))
            # a Chinese short name (药明康德) begins the trade name of the registered one where the rest is no
            # dictionary word (药明康德新药开发): a name of its own, not a clipped alias
            self._clipped.update(first + i for i in (clipped(mine) if entity.schema != "Person" else ()) if not han[i])
            for ident in entity.identifiers:
                key = id_key(ident.scheme, ident.value)
                if key[1]:
                    ids.setdefault(key, []).append(idx)
        self.names.finish()
        self.links: Mapping[int, list[tuple[int, str]]] = link_entities(self.entities)
        self._affiliate_index: AffiliateIndex | None = None  # measured on first use (mapped from the index files)
        self._pinyin = PinyinReader.of(self.entities)

    @classmethod
    def from_store(cls, store: Store, config: MatchingConfig | None = None, *, files: bool = True) -> Index:
        """The active lists' index, mapped from ``index/<key>`` beside the store (built there first when missing,
        stale or corrupt: :mod:`behind.matching.index_files`); or (not ``files``) built in memory."""
        config, active = config or MatchingConfig(), store.active_versions()
        versions = {v.source: list_version(v) for v in active}
        if not files:
            return cls(store.entities(), versions, config)

        def build() -> tuple[dict[str, Array], dict[str, Any]]:
            rows = list(store.entity_rows())
            return cls((e for _, e in rows), versions, config).arrays([r for r, _ in rows])
        key = index_folder_key([(v.source, v.id, v.sha256) for v in active], config)
        arrays, meta, _ = cached_arrays(store.path.parent / "index", key, build)
        return cls.mapped(arrays, meta, EntityRows(store.path, arrays["rowids"]), versions, config)

    def arrays(self, rowids: Sequence[int]) -> tuple[dict[str, Array], dict[str, Any]]:
        """This (freshly built) index as named arrays, its records being store rows ``rowids``."""
        assert isinstance(self._ids, dict) and isinstance(self._labels, list)
        (names, meta), (records, more) = self.names.arrays(), record_arrays(self._labels, self._ids, self.links,
                                                                            self._schemas, rowids)
        clipped_ids = np.array(sorted(self._clipped), dtype=np.int64)
        affiliates, generic = self._affiliates.arrays()
        return {**names, **records, **affiliates, "clipped": clipped_ids}, {
            **meta, **more, "pinyin_words": self._pinyin.known, "affiliate_generic": generic}

    @classmethod
    def mapped(cls, arrays: dict[str, Array], meta: dict[str, Any], entities: Sequence[Entity],
               versions: dict[str, ListVersion], config: MatchingConfig) -> Index:
        """The index whose :meth:`arrays` these are, over ``entities`` (read on demand)."""
        return cls(entities, versions, config, mapped=(arrays, meta))

    def _map(self, arrays: dict[str, Array], meta: dict[str, Any]) -> None:
        self.names, t = NameIndex.from_arrays(arrays, meta, self.config), RecordTables.load(arrays, meta)
        self._labels, self._ids, self.links, self._schemas = t.labels, t.ids, t.links, t.schemas
        self._clipped = {int(i) for i in arrays["clipped"]}
        self._affiliate_index = AffiliateIndex.mapped(arrays, meta["affiliate_generic"])
        self._pinyin = PinyinReader({str(k): tuple(v) for k, v in meta["pinyin_words"].items()})

    def __len__(self) -> int:
        return len(self.entities)

    def warm(self) -> None:
        """Read now what the first queries would read (the distinctive words): before forking workers,
        so that they share it."""
        self._affiliates.warm()

    @property
    def _affiliates(self) -> AffiliateIndex:
        """The distinctive words of the listed organisations' names: kept with the index files, or measured on first use."""
        if self._affiliate_index is None:
            n, (owners, persons) = self.names, self.names.owners_and_persons()
            self._affiliate_index = AffiliateIndex.measured([n.names[i] for i in range(len(owners))], owners, [
                not p and self._schemas[o] not in NOT_ORGS for p, o in zip(persons, owners)])
        return self._affiliate_index

    # ------------------------------------------------------------------ name scoring
    def _variants(self, name: str, person: bool = False,
                  personish: bool = False) -> list[tuple[tuple[str, ...], tuple[str, ...], bool, bool]]:
        """(canonical tokens, surface tokens, rendered from Chinese, read from a script without vowels)
        of each way to read a query name."""
        if has_han(name):
            out = [(v, v, True, False) for v in han_variants(name)]
            if personish:
                for reading in han_person_readings(name, japanese=person):
                    words = tuple(normalize_name(reading.text).split())
                    if words and all(words != v for v, _, _, _ in out):
                        out.append((words, words, False, reading.lossy))
            return out
        other = readings(name)
        base = name_forms(name, person=person)
        out = [(base[0], base[1], False, any(r.lossy for r in other))] if base[0] else []
        seen = {base[0]}
        for reading in other:
            forms = name_forms(reading.text, person=person)
            if forms[0] and forms[0] not in seen:
                seen.add(forms[0])
                out.append((forms[0], forms[1], False, reading.lossy))
        out.extend((v, v, True, False) for v in self._pinyin.variants(name, person) if v not in seen)
        return out

    def query_names(self, query: Query) -> list[str]:
        """The query's names as read: controls dropped, cut at ``max_query_length`` characters, and
        for a person, titles set aside (``Dr.``, ``Sheikh``)."""
        out = []
        for name in query.names():
            name = strip_controls(name[: self.config.max_query_length * 2])[: self.config.max_query_length]
            if query.schema == "Person":
                name = strip_titles(name)
            if name.strip():
                out.append(name)
        return out

    def _name_hits(self, query: Query, floor: float) -> dict[int, tuple[NameScore, str, str, bool]]:
        """Record -> its best name match at ``floor`` or above: score, query name, listed name, short evidence."""
        conf, found = self.config, dict[int, tuple[NameScore, str, str, bool]]()
        for qname in self.query_names(query):
            organisation = query.schema != "Person" and (has_legal_form(qname) or self._pinyin.has_legal_form(qname))
            personish = not organisation and query.schema in (None, "Person")
            for tokens, surface, chinese, lossy in self._variants(qname, query.schema == "Person", personish):
                qweights = self.names.weights(tokens)
                if chinese:  # a rendered business word the English name lacks costs less (only unpaired
                    # query words keep their own weight in the scorer)
                    generic = business_words()
                    qweights = tuple(w * conf.chinese_unmatched_listed if t in generic else w
                                     for t, w in zip(tokens, qweights))
                reading = Reading(tokens, surface, qweights, conf.chinese_unmatched_listed if chinese else 1.0, lossy)
                for hit in name_hits(self.names, self._schemas, self._clipped, reading, query_schema=query.schema,
                                     organisation=organisation, personish=personish, floor=floor, conf=conf):
                    label, ns, before = self._labels[hit.name_id], hit.score, found.get(hit.entity)
                    if before is None or ns.score > before[0].score or \
                            (ns.score == before[0].score and _closer(qname, label, before[2])):
                        found[hit.entity] = (ns, qname, label, hit.short)
        return found

    # ------------------------------------------------------------------ search
    def search(self, query: Query, *, threshold: float | None = None, limit: int = 10) -> list[Match]:
        """The records ``query`` matches at ``threshold`` (the configured one by default), best first,
        each followed by the records of the same entity on other lists."""
        threshold = self.config.threshold if threshold is None else threshold
        best: dict[int, Match] = {}
        identifiers = list(query.identifiers.items())
        for qname in query.names():  # a name that is nothing but an identifier (IMO 9187629)
            found = identifier_in_name(qname[: self.config.max_query_length])
            if found:
                identifiers.append(found)
        for scheme, value in identifiers:
            if not value:
                continue
            key = id_key(scheme, value)
            for idx in self._ids.get(key, []):
                hit = best.setdefault(idx, Match(self.entities[idx], 0.0))
                hit.identifier = {"scheme": key[0], "value": value}
        lift = self._lift(query)
        for idx, (ns, qname, label, short) in self._name_hits(query, threshold - self.config.score_margin).items():
            named = best.get(idx)
            if named is None:
                if ns.score + lift < threshold - MARGIN:  # can never reach the threshold: its record is not read
                    continue
                named = best[idx] = Match(self.entities[idx], 0.0)
            named.name_score, named.query_name, named.matched_name, named.short_evidence = ns, qname, label, short
        for hit in best.values():
            self._finalise(hit, query)
        if query.schema not in NOT_ORGS and not any(h.score >= threshold and not h.weak for h in best.values()):
            self._affiliate_hits(query, best, threshold)  # a record the name itself meets says more than a name
        ranked = heapq.nsmallest(limit, ((i, h) for i, h in best.items()
                                         if (h.score >= threshold or h.affiliate) and not h.weak),
                                 key=lambda ih: _rank(ih[1]))
        out: list[Match] = []
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
                if direct is not None and direct.score >= threshold and not direct.weak:
                    direct.linked_from = link  # it matched on its own too: keep its own explanation
                    direct.version = self.versions.get(direct.entity.source)
                    out.append(direct)
                    continue
                out.append(Match(self.entities[other], hit.score, features=dict(hit.features), linked_from=link,
                               version=self.versions.get(self.entities[other].source), affiliate=hit.affiliate))
        return out

    def _affiliate_hits(self, query: Query, best: dict[int, Match], threshold: float) -> None:
        """Organisations the query may be an affiliate of (:mod:`~behind.matching.affiliate`), where no hit is."""
        for qname in self.query_names(query):
            for tokens, _, chinese, _ in self._variants(qname):  # a rendering from Chinese is no typed acronym
                short = 0 if chinese else self.config.short_evidence_letters
                for found in self._affiliates.find(tokens, lambda: sorted(legal_form_words(qname)), short):
                    ns = affiliate_score(self.names, tokens, found.name_id, self.config)  # no hit here: see search
                    best[found.owner] = Match(self.entities[found.owner], ns.score, qname, self._labels[found.name_id],
                                              ns, features={"name": ns.score, "name_affiliate": 1.0}, affiliate=found)

    def _lift(self, query: Query) -> float:
        """The most the query's country and birth date can add to a name score (:meth:`_finalise`)."""
        conf, lift = self.config, 0.0
        if query.country:  # no country on either side adds nothing
            lift += max(conf.country_agrees, conf.country_differs, 0.0)
        if query.birth_date:
            table, other = _birth_adjustments(conf)
            lift += max(*table.values(), other, 0.0)
        return lift

    def _finalise(self, hit: Match, query: Query) -> None:
        conf = self.config
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
                adjust += conf.country_agrees if agree else conf.country_differs
        outcome = compare_birth_dates(query.birth_date, hit.entity.birth_dates) if query.birth_date else None
        if outcome is not None and not hit.identifier:
            features["birth_date"] = {"agrees": 1.0, "year": 0.75, "same_year_differs": 0.25}.get(outcome, 0.0)
            table, other = _birth_adjustments(conf)
            adjust += table.get(outcome, other)
        if hit.name_score is not None and hit.name_score.left_out and not hit.identifier:
            features["names_left_out"] = float(len(hit.name_score.left_out))
        if hit.short_evidence and not hit.identifier and hit.name_score is not None:
            features["short_evidence"] = 1.0
            corroborated = features.get("country") == 1.0 or features.get("birth_date", 0.0) >= 0.75
            hit.weak = not (conf.short_evidence_alone or corroborated)
        hit.features = features
        hit.score = max(0.0, min(1.0, base + adjust))


def _rank(hit: Match) -> tuple[float, float, int, float, int, int, str, str]:
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
    group, priority = source_rank(hit.entity.source)
    return (-round(hit.score, 6), -legal, group, -raw, primary, priority, hit.entity.source, hit.entity.source_id)


def _closer(query: str, label: str, other: str) -> bool:
    """Of two listed names that score alike, is ``label`` the closer one to ``query``: the closer
    legal form first, then the closer spelling as written."""
    def key(name: str) -> tuple[float, float]:
        a, b = legal_form_words(query), legal_form_words(name)
        return (len(a & b) / len(a | b) if a | b else 1.0), fuzz.ratio(query, name)
    return key(label) > key(other)


def _birth_adjustments(conf: MatchingConfig) -> tuple[dict[str, float], float]:
    """What each outcome of :func:`compare_birth_dates` adds to a score, and what any other outcome adds."""
    return {"agrees": conf.birth_agrees, "year": conf.birth_year_agrees,
            "same_year_differs": conf.birth_date_differs}, conf.birth_differs


def _listed_names(entity: Entity) -> list[str]:
    """The entity's names; a name that lists several names separated by ``; `` (as some UN aliases
    do: ``Mohammad Bakr Zolqadr; Mohammad Bakr Zolkadr``) counts as each of them."""
    out: list[str] = []
    for name in entity.all_names():
        out.extend(part.strip() for part in name.split("; ") if part.strip()) if "; " in name else out.append(name)
    return out


__all__ = ["DEFAULT_THRESHOLD", "Index", "Match", "Query", "id_key", "list_version"]
