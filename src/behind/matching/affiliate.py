"""Affiliate evidence: a name that carries a listed organisation's distinctive name and, around it,
only places, generic business words and legal forms ("Hikvision USA Inc.", "Huawei Technologies
Deutschland GmbH") is a possible subsidiary or affiliate of that organisation.

The distinctive words are measured over the listed organisation names (see
:mod:`behind.text.distinctive`); a listed name takes part when every rare word it has is
distinctive. A query meets it when it carries all of that name's distinctive words, as whole
words (``sensata`` is not ``sensetime``: a prefix is not a word) or as two adjacent words written
apart (``sense time``), and each of its other words is a place or a generic word, save at most
``MAX_PARTNERS`` word that is on its own another ordinary company's name (a joint venture's name
carries its partner's: ``Huawei Symantec Technologies``, ``Prama Hikvision India``); a word that is
another listed name's distinctive word, or any other rare word, rules the reading out. A query
that is nothing but distinctive words of fewer than ``short`` letters in all (an acronym alone:
``M23``) gives no reading: the acronym rule of name matching holds for it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from behind.matching.index import NameIndex
from behind.matching.score import NameScore, score_names
from behind.model.matching import MatchingConfig
from behind.text.distinctive import Measure, WordClass, classify, measure, names_a_company, rare_words

#: at most this many listed organisations are reported for one query name
MAX_FOUND = 1
#: a joint venture's name may carry this many partner names beside the listed one's
MAX_PARTNERS = 1


@dataclass(frozen=True)
class AffiliateFind:
    """A listed name whose distinctive words a query carries, and how the query's words were read."""

    name_id: int
    owner: int
    shared: tuple[str, ...]
    words: tuple[tuple[str, WordClass], ...]


class AffiliateIndex:
    """Distinctive words of the listed organisation names -> the names they make up."""

    def __init__(self, names: Sequence[tuple[str, ...]], owners: Sequence[int], organisations: Sequence[bool]) -> None:
        org_names = [toks for toks, org in zip(names, organisations) if org]
        self.measures, self.list_generic = measure(org_names)
        self._by_word: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        self._names_of: Counter[tuple[frozenset[str], int]] = Counter()  # (distinctive words, owner) -> names
        for name_id, (toks, org) in enumerate(zip(names, organisations)):
            if not org:
                continue
            found = rare_words(toks)
            if found and all(w in self.measures for w in found):
                first = min(found)
                self._by_word.setdefault(first, []).append((name_id, owners[name_id], found))
                self._names_of[found, owners[name_id]] += 1

    def state(self) -> dict[str, Any]:
        """What this index measured, as JSON (kept with the index files, so a mapped index does not measure
        every listed name again on its first affiliate look-up)."""
        return {"measures": [[m.word, m.listed, m.alone, m.reference] for m in self.measures.values()],
                "generic": sorted(self.list_generic),
                "by_word": [[w, i, o, sorted(d)] for w, found in self._by_word.items() for i, o, d in found]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> AffiliateIndex:
        """The index whose :meth:`state` this is."""
        self = cls((), (), ())
        self.measures = {w: Measure(w, n, a, r) for w, n, a, r in state["measures"]}
        self.list_generic = frozenset(state["generic"])
        for word, name_id, owner, words in state["by_word"]:
            found = frozenset(words)
            self._by_word.setdefault(word, []).append((name_id, owner, found))
            self._names_of[found, owner] += 1
        return self

    def find(self, tokens: tuple[str, ...],
             legal_forms: Callable[[], Sequence[str]] = tuple, short: int = 0) -> list[AffiliateFind]:
        """The listed names ``tokens`` (a query's canonical words, legal forms set aside; ``legal_forms``
        gives the query's legal-form words, asked only when a reading is found) may be an affiliate of, best first: the one sharing most words, then the organisation with most names
        resting on them (the group's head: Hikvision, not its robot unit)."""
        if not tokens:
            return []
        words = set(tokens)
        joins = {a + b: (a, b) for a, b in zip(tokens, tokens[1:])}
        out: list[tuple[tuple[int, int, int], AffiliateFind]] = []
        seen: set[int] = set()
        for word in (*words, *joins):
            for name_id, owner, dset in self._by_word.get(word, ()):
                if owner in seen:
                    continue
                found = self._reading(tokens, words, joins, dset, legal_forms, short)
                if found is not None:
                    seen.add(owner)
                    shared, classes = found
                    key = (-len(shared), -self._names_of[dset, owner], name_id)
                    out.append((key, AffiliateFind(name_id, owner, shared, classes)))
        out.sort(key=lambda kv: kv[0])
        return [f for _, f in out[:MAX_FOUND]]

    def _reading(self, tokens: tuple[str, ...], words: set[str], joins: dict[str, tuple[str, str]],
                 dset: frozenset[str], legal_forms: Callable[[], Sequence[str]], short: int
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, WordClass], ...]] | None:
        covered: set[str] = set()
        shared: list[str] = []
        for w in sorted(dset):
            if w in words:
                covered.add(w)
            elif w in joins:
                covered.update(joins[w])
            else:
                return None
            shared.append(w)
        rest = [t for t in tokens if t not in covered]
        classes = classify(rest, (), self.list_generic)
        if any(t in self.measures for t, _ in classes):
            return None
        others = [t for t, cls in classes if cls == "other"]
        if len(others) > MAX_PARTNERS or not all(names_a_company(t) for t in others):
            return None
        forms = legal_forms()
        if not rest and not forms and sum(map(len, covered)) < short:  # an acronym alone ("M23"): the acronym rule
            return None
        classes = [(t, "partner" if cls == "other" else cls) for t, cls in classes]
        words_read = [(t, "distinctive" if t in covered else cls)
                      for t, cls in zip(tokens, _classes_in_order(tokens, covered, classes))]
        words_read += [(f, "legal form") for f in forms]
        return tuple(shared), tuple(words_read)


def _classes_in_order(tokens: tuple[str, ...], covered: set[str],
                      rest: list[tuple[str, WordClass]]) -> list[WordClass]:
    it = iter(rest)
    return ["distinctive" if t in covered else next(it)[1] for t in tokens]




def affiliate_score(names: NameIndex, tokens: tuple[str, ...], name_id: int, config: MatchingConfig) -> NameScore:
    """The plain name score of a query against the listed name an affiliate reading met (shown beside
    the affiliate evidence: ``Hikvision USA`` scores 0.67 against Hikvision's registered name)."""
    return score_names(tokens, names.names[name_id], names.weights(tokens), names.name_weights[name_id],
                       tokens, names.surfaces[name_id], min_similarity=config.min_token_similarity,
                       min_length=config.min_fuzzy_length, config=config)


__all__ = ["AffiliateFind", "AffiliateIndex", "MAX_FOUND", "MAX_PARTNERS", "affiliate_score"]
