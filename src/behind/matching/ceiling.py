"""An upper bound of a name score, cheap enough to skip the names that cannot reach the floor.

Most names a query's shortlist hands the scorer score under the floor (``threshold -
score_margin``): at a million listed entities about nine in ten. :class:`Ceiling` bounds
:func:`~behind.matching.score.score_names` from above without pairing the words, so those names
need not be scored. The bound follows from how the score is made:

- a word pairs at most at the best similarity any pass could give it with a word of the other
  name (equal: 1; one edit apart, as written or canonical: the Damerau-Levenshtein similarity;
  for a person's name, a form of one name, a spelling of one sound or an initial; for a query read
  from a script without vowels, one consonant skeleton; a join of adjacent words: 1);
- a query word that can pair with none stays unpaired and counts at its own weight; a listed word
  that can pair with none counts as an unpaired listed word (at the smallest factor the scorer may
  give it: for a person's name, the weight of names left out, unless an unpairable query word rules
  that out);
- the score is ``matched / total`` with ``matched`` at most twice the paired listed weight times the
  similarity, and ``total`` the unpaired query weight plus twice the paired listed weight plus the
  unpaired listed weight (times that factor); the best case over which pairable listed words pair is
  found by taking them best similarity first.

A person's name whose words might be joined (:func:`~behind.matching.pairing.may_join`) counts every
word a join could pair as paired at 1 (:func:`_join_parts`); against a query read from a script
without vowels (whose joins go by consonants) it gets no bound: it is scored. Similarities are worked out once per
query word and listed word (as written and canonical), and kept for the query's other candidates.
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein

from behind.matching.pairing import forms_alike, skeleton_pair
from behind.model.matching import MatchingConfig
from behind.text.persons import name_symbols, particles, phonetic_key, skeleton

#: how far under the floor a bound must be to skip a name (float sums are exact to far less)
MARGIN = 1e-9
#: names whose pre-score is at least this mostly reach the floor (at 1M entities 5% of those over 0.9 are
#: skipped, 83% of those under 0.6): bounding them would cost more than it saves, so they are scored
WORTH_BOUNDING = 0.8


def _join_parts(tok: str, many: tuple[str, ...], alike: float) -> set[int]:
    """The words of ``many`` that :func:`~behind.matching.pairing.join_pass` could pair with ``tok`` as
    two or three of them joined (for a query not read from a script without vowels): a join begins
    with the word's first letter, two words joined are within two letters of its length, and three
    adjacent ones at least ``alike`` of it (a spelling of one sound)."""
    n, parts, head = len(tok), set[int](), tok[0]
    sizes = [len(t) for t in many]
    for a, first in enumerate(many):
        if first[0] != head:
            continue
        size = sizes[a]
        for b, other in enumerate(sizes):
            if b != a and abs(size + other - n) <= 2:
                parts.update((a, b, a + 1) if b == a + 2 else (a, b))  # the particle between joins too
        if a + 2 < len(many):
            three = size + sizes[a + 1] + sizes[a + 2]
            if min(n, three) >= max(n, three) * alike:
                parts.update((a, a + 1, a + 2))
    return parts


class Ceiling:
    """Upper bounds of one query name's scores against listed names (see the module)."""

    def __init__(self, query: tuple[str, ...], surface: tuple[str, ...], weights: tuple[float, ...],
                 unmatched_listed_factor: float, lossy: bool, config: MatchingConfig) -> None:
        self.query, self.surface, self.weights = query, surface, weights
        self.factor, self.lossy, self.conf = unmatched_listed_factor, lossy, config
        self._small = small = particles()
        #: listed word (canonical, as written) -> best similarity, query words it may pair with (bits),
        #: whether it may begin a join of listed words that is a query word, whether it is a particle
        self._words: tuple[dict[tuple[str, str], tuple[float, int, bool, bool]], ...] = ({}, {})
        self._joins: dict[str, int] = {}  # two or three adjacent query words joined -> those words (bits)
        for k in (2, 3):
            for i in range(len(query) - k + 1):
                joined = "".join(query[i:i + k])
                self._joins[joined] = self._joins.get(joined, 0) | ((1 << k) - 1) << i
        self._starts = {t[:n] for t in query for n in range(1, len(t))}
        #: each query word, as written, their lengths, and whether they are the same
        self._qwords = [(a, shown, len(a), len(shown), a == shown) for a, shown in zip(query, surface)]
        self._qsym = [name_symbols(t) for t in query]
        self._qkeys = [(phonetic_key(t), skeleton(t)) if len(t) >= 3 else ("", "") for t in query]
        self._qsmall = [t in small for t in query]
        lengths = sorted(len(t) for t in query) or [0]
        self._qlong, self._qshort = lengths[-1], lengths[0] + lengths[1] - 2 if len(lengths) > 1 else None
        self._unpaired: dict[tuple[int, bool, bool], float] = {}
        self._split: dict[tuple[str, int], int] = {}  # (first letter, length) -> query words a join could pair

    def _word(self, word: str, written: str, person: bool) -> tuple[float, int, bool, bool]:
        """A listed word's best similarity with any query word (by any pass that could pair them),
        the query words it could pair with, and the flags :meth:`bound` reads; kept for the query."""
        conf, lossy = self.conf, self.lossy
        lo, n = conf.min_token_similarity, conf.min_fuzzy_length
        size, same = len(word), written == word
        symbols = name_symbols(word) if person else frozenset()
        keys = (phonetic_key(word), skeleton(word)) if person and size >= 3 else None
        best, bits, near, wide = 0.0, 0, lo - MARGIN, len(written)
        for i, (a, shown, length, shown_length, plain) in enumerate(self._qwords):
            sim = 0.0
            if a == word or shown == written:
                sim = 1.0
            else:  # the edits are at least the lengths apart
                shorter, longer = (length, size) if length < size else (size, length)
                if shorter >= n and 1.0 - (longer - shorter) / longer >= near:
                    edit = float(DamerauLevenshtein.normalized_similarity(a, word))
                    if edit >= lo and edit > sim:
                        sim = edit
                if not (same and plain):  # as written too
                    shorter, longer = (shown_length, wide) if shown_length < wide else (wide, shown_length)
                    if shorter >= n and 1.0 - (longer - shorter) / longer >= near:
                        edit = float(DamerauLevenshtein.normalized_similarity(shown, written))
                        if edit >= lo and edit > sim:
                            sim = edit
                if lossy:
                    sim = max(sim, skeleton_pair(a, word, conf))
                if person:
                    shared = self._qsym[i] & symbols
                    if shared and forms_alike(a, word, shared):
                        sim = max(sim, conf.equivalent_similarity)
                    if (len(a) == 1) != (size == 1) and a[0] == word[0]:
                        sim = max(sim, conf.initial_similarity)
                    key, skel = self._qkeys[i]
                    if keys is not None and ((len(key) >= 3 and key == keys[0]) or (len(skel) >= 3 and skel == keys[1])):
                        floor = conf.phonetic_min_similarity
                        if min(len(a), size) >= max(len(a), size) * floor \
                                and DamerauLevenshtein.normalized_similarity(a, word) >= floor:
                            sim = max(sim, conf.phonetic_similarity)
            if sim:
                best, bits = max(best, sim), bits | 1 << i
        joined = self._joins.get(word, 0) if not person else 0
        if joined:  # a listed word equal to adjacent query words joined
            best, bits = 1.0, bits | joined
        found = self._words[person][word, written] = (best, bits, word in self._starts, word in self._small)
        return found

    def _joins_with(self, listed: tuple[str, ...]) -> tuple[set[int], int]:
        """The listed words (indexes) and query words (bits) a join could pair (:func:`_join_parts`)."""
        alike, query, heads = self.conf.phonetic_min_similarity, self.query, {t[0] for t in listed}
        parts: set[int] = set()
        bits = 0
        for i, tok in enumerate(query):
            joined = _join_parts(tok, listed, alike) if tok[0] in heads else None
            if joined:
                bits |= 1 << i
                parts.update(joined)
        for j, tok in enumerate(listed):
            key = (tok[0], len(tok))
            found = self._split.get(key)
            if found is None:
                found = self._split[key] = sum(1 << k for k in _join_parts(tok, query, alike))
            if found:
                parts.add(j)
                bits |= found
        return parts, bits

    def _unpaired_weight(self, paired: int, person: bool, left_out: bool) -> float:
        """The weight of the query words that pair with nothing (``paired``: bits of those that may)."""
        key = (paired, person, left_out)
        found = self._unpaired.get(key)
        if found is None:
            conf, total = self.conf, 0.0
            for i, (w, small) in enumerate(zip(self.weights, self._qsmall)):
                if not paired >> i & 1:
                    if person and small:
                        w *= conf.particle_weight
                    total += w * conf.person_left_out_weight if left_out else w
            found = self._unpaired[key] = total
        return found

    def _joinable(self, listed: tuple[str, ...]) -> bool:
        """Whether a word of one name may be two words of the other joined (:func:`~behind.matching.pairing.may_join`
        on all words: only free words can make it true)."""
        lengths = sorted(map(len, listed))
        return (len(lengths) > 1 and self._qlong >= lengths[0] + lengths[1] - 2) or \
            (self._qshort is not None and lengths[-1] >= self._qshort)

    def bound(self, listed: tuple[str, ...], surface: tuple[str, ...], weights: tuple[float, ...],
              person: bool, joins: bool = True) -> float:
        """At least the score :func:`~behind.matching.score.score_names` gives ``listed`` (with the
        arguments this ceiling was made with); 1.0 where no bound is worked out. Without ``joins``, a
        person's words that only a join could pair count as unpaired: then it bounds the score only
        where :meth:`_joinable` is false."""
        if person and (self.lossy or not listed):
            return 1.0
        parts = self._joins_with(listed) if person and joins and self._joinable(listed) else None
        return self._best(listed, weights, person, self._listed_words(listed, surface, person), parts)

    def _listed_words(self, listed: tuple[str, ...], surface: tuple[str, ...],
                      person: bool) -> list[tuple[float, int, bool, bool]]:
        """:meth:`_word` of each listed word (kept for the query)."""
        table = self._words[person]
        return [table.get(key) or self._word(key[0], key[1], person) for key in zip(listed, surface)]

    def _best(self, listed: tuple[str, ...], weights: tuple[float, ...], person: bool,
              words: list[tuple[float, int, bool, bool]], parts: tuple[set[int], int] | None) -> float:
        """:meth:`bound` from the listed words' :meth:`_word` and the parts a join could pair (or None)."""
        conf, query = self.conf, self.query
        paired = 0
        for _, bits, _, _ in words:
            paired |= bits
        best = [w[0] for w in words]
        if parts is not None:
            for j in parts[0]:
                best[j] = 1.0
            paired |= parts[1]
        if not person and any(w[2] for w in words):  # a query word equal to adjacent listed words joined
            for k in (2, 3):
                for j in range(len(listed) - k + 1):
                    joined = "".join(listed[j:j + k])
                    if joined in query:
                        paired |= sum(1 << i for i, t in enumerate(query) if t == joined)
                        best[j:j + k] = [1.0] * k
        lw, factor, left_out = weights, self.factor, False
        if person:
            pw = conf.particle_weight
            lw = tuple([w * pw if small else w for w, (_, _, _, small) in zip(weights, words)])
            if all(paired >> i & 1 or small for i, small in enumerate(self._qsmall)):
                factor = min(factor, conf.person_left_out_weight)  # the query may leave names out
            left_out = all(b or w[3] for b, w in zip(best, words))  # or name more than the list
        fixed = self._unpaired_weight(paired, person, left_out) + factor * sum(lw, 0.0)
        matched = share = score = 0.0
        met = [(s, w) for s, w in zip(best, lw) if s]
        met.sort(reverse=True)
        for sim, w in met:
            matched += 2 * sim * w
            share += w
            total = fixed + (2 - factor) * share
            if total > 0 and matched / total > score:
                score = matched / total
        return score

    def below(self, floor: float, listed: tuple[str, ...], surface: tuple[str, ...],
              weights: tuple[float, ...], person: bool) -> bool:
        """Whether ``listed`` surely scores under ``floor`` (joins are looked for only where the bound
        without them is under it: they can only raise it)."""
        if person and (self.lossy or not listed):  # no bound: 1.0
            return 1.0 < floor - MARGIN
        words = self._listed_words(listed, surface, person)
        if self._best(listed, weights, person, words, None) >= floor - MARGIN:
            return False
        return not person or not self._joinable(listed) or \
            self._best(listed, weights, person, words, self._joins_with(listed)) < floor - MARGIN


__all__ = ["Ceiling", "MARGIN", "WORTH_BOUNDING"]
