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

import numpy as np

from behind.matching.compact import Array, KeyTable, Ragged, offsets_of
from behind.matching.index import NameIndex
from behind.matching.score import NameScore, score_names
from behind.model.matching import MatchingConfig
from behind.text.distinctive import WordClass, classify, measure, names_a_company, rare_words

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
    """Distinctive words of the listed organisation names -> the names they make up.

    Kept as compact arrays (:mod:`~behind.matching.compact`), written with the index files and mapped
    from them: the distinctive words with their figures, and for each name resting on them (filed under
    the first of its distinctive words) its id, its owner, its distinctive words and how many names of
    that owner rest on the same words."""

    def __init__(self, parts: dict[str, Any], generic: Sequence[str]) -> None:
        """The index of these arrays (those :meth:`arrays` gives) and the lists' generic words."""
        self._measure: KeyTable = parts["aff_measure"]
        self._counts: Array = parts["aff_counts"]
        self._first: KeyTable = parts["aff_first"]
        self._rows: Array = parts["aff_rows"]  # first word id -> its entries' span
        self._entries: Array = parts["aff_entries"]  # entry -> (name id, owner, names of that owner on its words)
        self._words: Ragged = parts["aff_words"]  # entry -> its distinctive words (measure ids, sorted)
        self.list_generic = frozenset(generic)

    @classmethod
    def measured(cls, names: Sequence[tuple[str, ...]], owners: Sequence[int],
                 organisations: Sequence[bool]) -> AffiliateIndex:
        """The index of listed names ``names`` (name id -> canonical words) of records ``owners``, measured over
        those that are ``organisations``."""
        org_names = [toks for toks, org in zip(names, organisations) if org]
        measures, generic = measure(org_names)
        by_word: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
        names_of: Counter[tuple[frozenset[str], int]] = Counter()  # (distinctive words, owner) -> names
        for name_id, (toks, org) in enumerate(zip(names, organisations)):
            if not org:
                continue
            found = rare_words(toks)
            if found and all(w in measures for w in found):
                by_word.setdefault(min(found), []).append((name_id, owners[name_id], found))
                names_of[found, owners[name_id]] += 1
        words = list(measures)
        word_id = {w: i for i, w in enumerate(words)}
        firsts = list(by_word)
        entries = [(i, o, sorted(d)) for w in firsts for i, o, d in by_word[w]]
        return cls({
            "aff_measure": KeyTable.build(words),
            "aff_counts": np.array([[m.listed, m.alone, m.reference] for m in measures.values()],
                                   dtype=np.int64).reshape(len(words), 3),
            "aff_first": KeyTable.build(firsts),
            "aff_rows": offsets_of((len(by_word[w]) for w in firsts), len(firsts)),
            "aff_entries": np.array([[i, o, names_of[frozenset(d), o]] for i, o, d in entries],
                                    dtype=np.int64).reshape(len(entries), 3),
            "aff_words": Ragged.build([[word_id[w] for w in d] for _, _, d in entries]),
        }, sorted(generic))

    def arrays(self) -> tuple[dict[str, Array], list[str]]:
        """This index as named arrays (kept with the index files), and the lists' generic words."""
        return {**self._measure.arrays("aff_measure"), "aff_counts": self._counts, **self._first.arrays("aff_first"),
                "aff_rows": self._rows, "aff_entries": self._entries,
                **self._words.arrays("aff_words")}, sorted(self.list_generic)

    @classmethod
    def mapped(cls, arrays: dict[str, Array], generic: Sequence[str]) -> AffiliateIndex:
        """The index whose :meth:`arrays` these are."""
        return cls({"aff_measure": KeyTable.load(arrays, "aff_measure"), "aff_counts": arrays["aff_counts"],
                    "aff_first": KeyTable.load(arrays, "aff_first"), "aff_rows": arrays["aff_rows"],
                    "aff_entries": arrays["aff_entries"], "aff_words": Ragged.load(arrays, "aff_words")}, generic)

    def warm(self) -> None:
        """Read the word tables into dicts now (before forking workers, so that they share them)."""
        self._measure.read_all()
        self._first.read_all()

    def _entries_of(self, words: Sequence[str]) -> list[tuple[int, int, tuple[str, ...], int]]:
        """(name id, owner, distinctive words, names of that owner resting on them) of the names filed
        under each of ``words``, in that order."""
        out: list[tuple[int, int, tuple[str, ...], int]] = []
        rows, entries, keys = self._rows, self._entries, self._measure.keys
        for first in self._first.find_many(list(words)):
            if first < 0:
                continue
            for e in range(rows.item(first), rows.item(first + 1)):
                name_id, owner, count = entries[e].tolist()
                out.append((name_id, owner, tuple(keys[w] for w in self._words.row(e).tolist()), count))
        return out

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
        for name_id, owner, dwords, count in self._entries_of([*words, *joins]):
            if owner in seen:
                continue
            found = self._reading(tokens, words, joins, dwords, legal_forms, short)
            if found is not None:
                seen.add(owner)
                shared, classes = found
                out.append(((-len(shared), -count, name_id), AffiliateFind(name_id, owner, shared, classes)))
        out.sort(key=lambda kv: kv[0])
        return [f for _, f in out[:MAX_FOUND]]

    def _reading(self, tokens: tuple[str, ...], words: set[str], joins: dict[str, tuple[str, str]],
                 dwords: tuple[str, ...], legal_forms: Callable[[], Sequence[str]], short: int
                 ) -> tuple[tuple[str, ...], tuple[tuple[str, WordClass], ...]] | None:
        covered: set[str] = set()
        shared: list[str] = []
        for w in dwords:  # sorted
            if w in words:
                covered.add(w)
            elif w in joins:
                covered.update(joins[w])
            else:
                return None
            shared.append(w)
        rest = [t for t in tokens if t not in covered]
        classes = classify(rest, (), self.list_generic)
        if any(i >= 0 for i in self._measure.find_many([t for t, _ in classes])):
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
