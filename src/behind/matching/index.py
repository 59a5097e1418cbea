"""The in-memory name index: candidate retrieval that never depends on an exact token.

Every listed name (primary and aliases) becomes canonical tokens. The index
keeps, for each token, the names that contain it (postings) and its inverse
document frequency (the weight used in scoring). Typos are found through a
deletion neighbourhood: every token of four letters or more is also filed
under each string made by deleting one of its letters, so a query token one
edit away (insertion, deletion, substitution or transposition) meets it.

A query token also meets the listed words it is related to otherwise
(:mod:`behind.matching.related`): two listed words it joins (``ramimakhlouf``), one listed
word two adjacent query tokens make together (``good will`` / ``goodwill``), and, for a name
that may be a person's, the other forms of the same name (``mohamed`` / ``muhammad``) and words
that sound alike (``yusuf`` / ``youssef``); for a query read from a script that leaves vowels
out, the listed words with its consonant skeleton. Tokens longer than
``MatchingConfig.max_fuzzy_length`` are looked up exactly only, so a query costs in proportion
to its length.

Retrieval adds up the weights of the query tokens each name shares (exactly or
through a typo) and hands the best names to the scorer (:mod:`behind.matching.shortlist`, which
never reads the names that cannot reach ``candidate_floor``). Very common tokens
(postings over ``MatchingConfig.common_postings``) only re-rank names already found
through rarer ones, so a query stays fast as lists grow.

:meth:`NameIndex.finish` turns the tables built by :meth:`NameIndex.add` into compact read-only
arrays (:mod:`behind.matching.compact`); queries read only those, so an index written to files
and mapped back (:meth:`NameIndex.arrays`, :meth:`NameIndex.from_arrays`) answers exactly as the
one built in memory.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import DamerauLevenshtein

from behind.matching.compact import Array, Ragged, Strings, WordLists
from behind.matching.related import RelatedTokens, splits
from behind.matching.rows import ROW_CACHE, DecodedRows, NameRow, NameRows
from behind.matching.shortlist import BITMAP, Weighing, flags_of, shortlist
from behind.model.matching import MatchingConfig
from behind.text import region_words

MIN_DELETE_LENGTH = 4
#: function words that carry almost no identity ("Aviation Industry Corporation *of* China")
STOPWORDS = frozenset({"of", "and", "for", "de", "la", "del", "du", "des", "di", "da", "le", "les"})

T_co = TypeVar("T_co", covariant=True)


def deletes(token: str) -> Iterator[str]:
    for i in range(len(token)):
        yield token[:i] + token[i + 1:]


@dataclass(frozen=True)
class Candidate:
    name_id: int
    prescore: float


class Rows(Protocol[T_co]):
    """Read-only, indexable by name id: a list while building, compact arrays after."""

    def __getitem__(self, i: int, /) -> T_co: ...

    def __len__(self) -> int: ...


class NameIndex:
    """Postings, weights and typo neighbourhood over a growing list of token tuples."""

    def __init__(self, config: MatchingConfig | None = None) -> None:
        self.config = config or MatchingConfig()
        self._building: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # (tokens, surface) per name
        self.names: Rows[tuple[str, ...]] = []
        self.surfaces: Rows[tuple[str, ...]] = []
        self._name_weight: npt.NDArray[np.float64] = np.zeros(0)
        self._owners, self._persons = array("I"), array("B")
        self.owners: Rows[int] = self._owners  # name id -> entity index
        self._postings: dict[str, array[int]] = {}
        self._deletes: dict[str, list[str]] = {}
        self._written: set[tuple[str, str]] = set()
        #: name id -> the weight of each of its words (after :meth:`finish`)
        self.name_weights: Rows[tuple[float, ...]] = []
        self._max_idf = 1.0
        self._regions = region_words()
        self.persons: Rows[int] = self._persons  # name id -> 1 when the name is a person's
        self._person_flags: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self._person_vocab: set[str] = set()
        self.related = RelatedTokens((), (), self.config)
        self._similar: dict[str, tuple[tuple[str, float], ...]] = {}  # query word -> similar_tokens
        # the compact tables queries read (made by finish, or mapped from files)
        self._vocab: dict[str, int] = {}  # listed word -> word id
        self._words: list[str] = []  # word id -> word: the listed words, then other written forms
        self._idfs: list[float] = []  # listed word id -> weight
        self._post = Ragged.build([])
        self._post_weight: npt.NDArray[np.float64] = np.zeros(0)  # each posting's names' weights, alongside
        self._post_person: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)  # and whether each is a person's
        self._bits: npt.NDArray[np.uint8] = np.zeros((0, 0), dtype=np.uint8)  # words of many names as bits
        self._bit_rows: dict[int, int] = {}  # word id -> its row of ``_bits``
        self._del: WordLists | None = None
        self._tokens = Ragged.build([])
        self._surface = Ragged.build([])

    def add(self, owner: int, tokens: tuple[str, ...], surface: tuple[str, ...] | None = None,
            person: bool = False) -> None:
        name_id = len(self._building)
        self._building.append((tokens, surface or tokens))
        self._owners.append(owner)
        self._persons.append(1 if person else 0)
        if person:
            self._person_vocab.update(tokens)
        for tok in sorted(set(tokens)):  # sorted: typo-neighbour lists in the same order whatever the hash seed
            post = self._postings.get(tok)
            if post is None:
                post = self._postings[tok] = array("I")
                if MIN_DELETE_LENGTH <= len(tok) <= self.config.max_fuzzy_length:
                    for d in deletes(tok):
                        self._deletes.setdefault(d, []).append(tok)
            post.append(name_id)
        for tok, written in zip(tokens, surface or ()):
            # a word written otherwise than its canonical form (holding / holdings): a typo of the
            # written form finds the canonical word too
            if written != tok and (tok, written) not in self._written and \
                    MIN_DELETE_LENGTH <= len(written) <= self.config.max_fuzzy_length:
                self._written.add((tok, written))
                for d in (written, *deletes(written)):
                    self._deletes.setdefault(d, []).append(tok)

    def finish(self) -> None:
        """Compute token weights once every name is added, and make the compact tables."""
        n = max(len(self._building), 1)
        self._max_idf = math.log(n + 1) + 1.0
        words = list(self._postings)
        vocab = {w: i for i, w in enumerate(words)}
        idfs = [(math.log((n + 1) / (len(self._postings[w]) + 1)) + 1.0) * self._factor(w) for w in words]
        extra: dict[str, int] = {}
        for _, surface in self._building:
            for w in surface:
                if w not in vocab and w not in extra:
                    extra[w] = len(words) + len(extra)
        self._vocab, self._idfs, self._words = vocab, idfs, words + list(extra)
        ids = {**vocab, **extra}
        self._tokens = Ragged.build([[vocab[t] for t in toks] for toks, _ in self._building])
        self._surface = Ragged.build([[ids[w] for w in surface] for _, surface in self._building])
        self._name_weight = np.array([sum(idfs[vocab[t]] for t in toks) for toks, _ in self._building],
                                     dtype=np.float64)
        self._post = Ragged.build([self._postings[w] for w in words])
        self._post_weight = np.take(self._name_weight, cast(npt.NDArray[np.uint32], self._post.values))
        big = [i for i in range(len(words)) if self._post.size(i) >= BITMAP]
        self._bits = np.zeros((len(big), (len(self._building) + 7) // 8), dtype=np.uint8)
        for k, i in enumerate(big):
            self._bits[k] = flags_of(self._post.row(i), len(self._building))
        self._bit_rows = {i: k for k, i in enumerate(big)}
        self._del = WordLists.build({k: [vocab[t] for t in v] for k, v in self._deletes.items()}, self._words)
        related = RelatedTokens(self._postings, self._person_vocab, self.config)
        symbols, sounds, skeletons = (WordLists.build({k: [vocab[w] for w in v] for k, v in table.items()},
                                                      self._words)
                                      for table in related.tables() if isinstance(table, dict))
        self.related = RelatedTokens.from_tables(symbols, sounds, skeletons, config=self.config)
        self._views(np.frombuffer(self._owners, dtype=np.uint32).copy(),
                    np.frombuffer(self._persons, dtype=np.uint8).copy())
        self._post_person = np.take(self._person_flags, cast(npt.NDArray[np.uint32], self._post.values))
        self._building, self._postings, self._deletes, self._written = [], {}, {}, set()
        self._person_vocab, self._owners, self._persons = set(), array("I"), array("B")

    def _views(self, owners: Array, persons: Array) -> None:
        self.owners, self.persons = cast(Rows[int], owners), cast(Rows[int], persons)
        self._person_flags = persons.astype(bool)
        self.names = DecodedRows(self._tokens, self._words)
        self.surfaces = DecodedRows(self._surface, self._words)
        self.name_weights = DecodedRows(self._tokens, self._idfs)
        self._rows = NameRows(self._tokens, self._surface, self._words, self._idfs)

    def owners_and_persons(self, name_ids: list[int] | None = None) -> tuple[list[int], list[int]]:
        """The record (entity index) each of ``name_ids`` (all names: None) names, and whether each is a
        person's name (1) or not (0), as Python ints (the arrays' items are numpy scalars). Only the
        names asked are read: a query's shortlist costs in proportion to its length, not to the lists'."""
        owners, persons = np.asarray(self.owners), np.asarray(self.persons)
        if name_ids is None:
            return owners.tolist(), persons.tolist()
        at = np.array(name_ids, dtype=np.intp)
        return owners[at].tolist(), persons[at].tolist()

    def rows(self, name_ids: list[int]) -> list[NameRow]:
        """(words, surface words, weights) of each of ``name_ids``: :attr:`names`, :attr:`surfaces` and
        :attr:`name_weights` read for many names at once."""
        return self._rows.many(name_ids)

    def arrays(self) -> tuple[dict[str, Array], dict[str, Any]]:
        """The compact tables (after :meth:`finish`) as named arrays, and the few numbers that go
        with them, for :mod:`behind.matching.index_files`."""
        assert self._del is not None, "arrays before finish"
        out: dict[str, Array] = {
            **Strings.build(self._words).arrays("words"), "idf": np.array(self._idfs, dtype=np.float64),
            **self._post.arrays("post"), **self._tokens.arrays("tokens"), **self._surface.arrays("surface"),
            "bits": self._bits, "bit_words": np.array(sorted(self._bit_rows, key=self._bit_rows.__getitem__),
                                                      dtype=np.uint32),
            "name_weight": self._name_weight, "post_weight": self._post_weight, "post_person": self._post_person,
            "owners": np.asarray(self.owners, dtype=np.uint32), "persons": np.asarray(self.persons, dtype=np.uint8),
            **self._del.arrays("del")}
        for name, table in zip(("symbols", "sounds", "skeletons"), self.related.tables()):
            assert isinstance(table, WordLists)
            out.update(table.arrays(name))
        return out, {"vocabulary": len(self._vocab), "max_idf": self._max_idf}

    @classmethod
    def from_arrays(cls, arrays: dict[str, Array], meta: dict[str, Any],
                    config: MatchingConfig | None = None) -> NameIndex:
        """An index answering exactly as the one whose :meth:`arrays` these are."""
        self = cls(config)
        self._words = Strings.load(arrays, "words").all()
        self._vocab = {w: i for i, w in enumerate(self._words[:int(meta["vocabulary"])])}
        self._idfs = arrays["idf"].tolist()
        self._max_idf = float(meta["max_idf"])
        self._post, self._tokens = Ragged.load(arrays, "post"), Ragged.load(arrays, "tokens")
        self._bits = cast(npt.NDArray[np.uint8], arrays["bits"])
        self._bit_rows = {int(i): k for k, i in enumerate(arrays["bit_words"].tolist())}
        self._surface = Ragged.load(arrays, "surface")
        self._name_weight = cast(npt.NDArray[np.float64], arrays["name_weight"])
        self._post_weight = cast(npt.NDArray[np.float64], arrays["post_weight"])
        self._post_person = cast(npt.NDArray[np.bool_], arrays["post_person"])
        self._del = WordLists.load(arrays, "del", self._words)
        symbols, sounds, skeletons = (WordLists.load(arrays, name, self._words)
                                      for name in ("symbols", "sounds", "skeletons"))
        self.related = RelatedTokens.from_tables(symbols, sounds, skeletons, config=self.config)
        self._views(arrays["owners"], arrays["persons"])
        return self

    def _factor(self, token: str) -> float:
        """Place names and function words weigh less than their rarity says."""
        if token in self._regions:
            return self.config.region_weight
        return self.config.stopword_weight if token in STOPWORDS else 1.0

    def _idf(self, token: str) -> float:
        return self._idfs[self._vocab[token]]

    def weight(self, token: str) -> float:
        """Weight of a token; an unknown token weighs as much as the rarest (it is distinctive).

        Before :meth:`finish`, every token is unknown and weighs the same."""
        i = self._vocab.get(token)
        if i is not None:
            return self._idfs[i]
        return self._max_idf * self._factor(token)

    def weights(self, tokens: Iterable[str]) -> tuple[float, ...]:
        return tuple(self.weight(t) for t in tokens)

    def similar_tokens(self, token: str) -> list[tuple[str, float]]:
        """Vocabulary tokens equal to ``token`` or one edit away, with their similarity (kept for the
        words queries meet again and again, once the index is finished)."""
        found = self._similar.get(token)
        if found is None:
            found = tuple(self._similar_tokens(token))
            if self._del is not None and len(self._similar) < ROW_CACHE:
                self._similar[token] = found
        return list(found)

    def _similar_tokens(self, token: str) -> list[tuple[str, float]]:
        out: list[tuple[str, float]] = []
        vocab = self._vocab
        if token in vocab:
            out.append((token, 1.0))
        if len(token) < MIN_DELETE_LENGTH - 1 or len(token) > self.config.max_fuzzy_length or self._del is None:
            return out
        seen = {token}
        keys = [token, *deletes(token)] if len(token) >= MIN_DELETE_LENGTH else [token]
        for key, row in zip(keys, self._del.words_many(keys)):
            for cand in row:
                if cand not in seen:
                    seen.add(cand)
                    sim = float(DamerauLevenshtein.normalized_similarity(token, cand))
                    if sim >= self.config.min_token_similarity:
                        out.append((cand, sim))
            if key != token and key in vocab and key not in seen and len(key) >= MIN_DELETE_LENGTH:
                seen.add(key)  # the query token has one extra letter
                sim = float(DamerauLevenshtein.normalized_similarity(token, key))
                if sim >= self.config.min_token_similarity:
                    out.append((key, sim))
        return out

    def related_tokens(self, tokens: tuple[str, ...], person: bool = True,
                       lossy: bool = False) -> dict[str, float]:
        """Every vocabulary token the query tokens meet, with the best similarity: equal or one
        edit away, the parts of a joined token, the join of two adjacent tokens, and (``person``)
        forms of one name and words that sound alike, (``lossy``) words with one skeleton."""
        return self._related(tokens, person, lossy)[0]

    def _related(self, tokens: tuple[str, ...], person: bool,
                 lossy: bool) -> tuple[dict[str, float], dict[str, float]]:
        """:meth:`related_tokens`, and the weight each query token stands for: that of the listed
        word it meets best (as the scorer weighs a paired word), its own for a word it meets none."""
        found: dict[str, float] = {}
        stands: dict[str, tuple[float, float]] = {}  # query token -> (similarity, weight)

        def put(vocab: str, sim: float, tok: str | None = None, weight: float | None = None) -> None:
            if sim > found.get(vocab, 0.0):
                found[vocab] = sim
            if tok is not None and sim > stands.get(tok, (0.0, 0.0))[0]:
                stands[tok] = (sim, self._idf(vocab) if weight is None else weight)

        for tok in set(tokens):
            for vocab, sim in self.similar_tokens(tok):
                put(vocab, sim, tok)
            for a, b in splits(tok, self._vocab, self.config.max_fuzzy_length)[:2]:
                put(a, 1.0)
                put(b, 1.0, tok, self._idf(a) + self._idf(b))
            if person:
                # other spellings of one sound are looked for where the word is not a listed one
                sounds = self.related.sounds_like(tok) if tok not in self._vocab else ()
                for vocab, sim in (*self.related.equivalents(tok), *sounds):
                    put(vocab, sim, tok)
            if lossy:
                for vocab, sim in self.related.same_skeleton(tok):
                    put(vocab, sim, tok)
        runs: list[tuple[str, ...]] = list(zip(tokens, tokens[1:]))
        if person:
            runs += [(b, a) for a, b in zip(tokens, tokens[1:])]
            runs += list(zip(tokens, tokens[1:], tokens[2:]))
        for run in runs:
            joined = "".join(run)
            met = [(joined, 1.0)] if joined in self._vocab else (
                self.related.same_skeleton(joined) if lossy  # عبد الله: "bd llh" meets "abdullah"
                else self.related.sounds_like(joined) if person else [])  # "abdalkadir" meets "abdelkader"
            for vocab, sim in met:
                for part in run:  # each joined word stands for its share of the listed word
                    put(vocab, sim, part, self._idf(vocab) / len(run))
        return found, {tok: weight for tok, (_, weight) in stands.items()}

    def candidates(self, tokens: tuple[str, ...], limit: int = 40, person: bool = True,
                   lossy: bool = False, floor: float = 0.0) -> list[Candidate]:
        """Names sharing the most weight with ``tokens``, best first (those whose pre-score reaches
        ``floor``: see :mod:`behind.matching.shortlist`).

        The ranking approximates the final score: the shared weight over the weight of
        both names (a weighted Dice), so a short exact name beats a long one that
        merely contains the query.
        """
        found, stands = self._related(tokens, person, lossy)
        expansions = [(self._post.size(self._vocab[vocab]), vocab, sim) for vocab, sim in found.items()]
        if not expansions:
            return []
        expansions.sort()
        rare = [(size, v, self._idf(v) * sim) for size, v, sim in expansions if size <= self.config.common_postings]
        common = [(v, self._idf(v) * sim) for size, v, sim in expansions if size > self.config.common_postings]
        if not rare:  # only common words: the rarest one's names in full, the others re-rank them
            first = expansions[0]
            rare, common = [(first[0], common[0][0], common[0][1])], common[1:]
        qtotal = sum(stands.get(t) or self.weight(t) for t in tokens)
        weigh = Weighing(qtotal, self._name_weight, self._person_flags if person else None,
                         self.config.person_left_out_weight)
        names, dice = shortlist(self._array, [(v, w) for _, v, w in rare], common, weigh, limit, floor, self._flags,
                                self._carried)
        return [Candidate(i, d) for i, d in zip(names.tolist(), dice.tolist())]

    def _flags(self, vocab: str) -> npt.NDArray[np.uint8] | None:
        """The names of ``vocab`` as bits (words of at least ``BITMAP`` names; None for the others)."""
        k = self._bit_rows.get(self._vocab[vocab])
        return None if k is None else cast(npt.NDArray[np.uint8], self._bits[k])

    def _array(self, vocab: str) -> Array:
        return self._post.row(self._vocab[vocab])

    def _carried(self, vocab: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """The weights and person flags of ``vocab``'s names, alongside its posting (read in order, not
        name by name)."""
        offsets, i = self._post.offsets, self._vocab[vocab]
        start, end = offsets.item(i), offsets.item(i + 1)
        return self._post_weight[start:end], self._post_person[start:end]

    def __len__(self) -> int:
        return len(self._building) or len(self._tokens)


__all__ = ["Candidate", "NameIndex", "Rows", "STOPWORDS", "deletes"]
