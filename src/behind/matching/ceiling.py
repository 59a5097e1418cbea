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

A person's name whose words might be joined (:func:`~behind.matching.pairing.may_join`, or a query
read from a script without vowels) gets no bound: it is scored. Similarities are worked out once per
query word and listed word (as written and canonical), and kept for the query's other candidates.
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein

from behind.matching.pairing import forms_alike, skeleton_pair
from behind.model.matching import MatchingConfig
from behind.text.persons import name_symbols, particles, phonetic_key, skeleton

#: how far under the floor a bound must be to skip a name (float sums are exact to far less)
MARGIN = 1e-9


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
        self._qsym = [name_symbols(t) for t in query]
        self._qkeys = [(phonetic_key(t), skeleton(t)) if len(t) >= 3 else ("", "") for t in query]
        self._qsmall = [t in small for t in query]
        lengths = sorted(len(t) for t in query) or [0]
        self._qlong, self._qshort = lengths[-1], lengths[0] + lengths[1] - 2 if len(lengths) > 1 else None
        self._unpaired: dict[tuple[int, bool, bool], float] = {}

    def _similar(self, i: int, word: str, written: str, person: bool) -> float:
        """The best similarity any pass could pair query word ``i`` with a listed word at."""
        conf, a = self.conf, self.query[i]
        if a == word:
            return 1.0
        best = 0.0
        lo, n = conf.min_token_similarity, conf.min_fuzzy_length
        for x, y in ((a, word), (self.surface[i], written)):
            if x == y:
                return 1.0
            shorter, longer = min(len(x), len(y)), max(len(x), len(y))
            if shorter >= n and 1.0 - (longer - shorter) / longer >= lo - MARGIN:  # edits: at least the lengths apart
                sim = float(DamerauLevenshtein.normalized_similarity(x, y))
                if sim >= lo and sim > best:
                    best = sim
        if self.lossy:
            best = max(best, skeleton_pair(a, word, conf))
        if person:
            if forms_alike(a, word, self._qsym[i] & name_symbols(word)):
                best = max(best, conf.equivalent_similarity)
            if (len(a) == 1) != (len(word) == 1) and a[0] == word[0]:
                best = max(best, conf.initial_similarity)
            key, skel = self._qkeys[i]
            if len(word) >= 3 and ((len(key) >= 3 and key == phonetic_key(word))
                                   or (len(skel) >= 3 and skel == skeleton(word))):
                floor = conf.phonetic_min_similarity
                if min(len(a), len(word)) >= max(len(a), len(word)) * floor \
                        and DamerauLevenshtein.normalized_similarity(a, word) >= floor:
                    best = max(best, conf.phonetic_similarity)
        return best

    def _word(self, word: str, written: str, person: bool) -> tuple[float, int, bool, bool]:
        best, bits = 0.0, 0
        for i in range(len(self.query)):
            sim = self._similar(i, word, written, person)
            if sim:
                best, bits = max(best, sim), bits | 1 << i
        joined = self._joins.get(word, 0) if not person else 0
        if joined:  # a listed word equal to adjacent query words joined
            best, bits = 1.0, bits | joined
        found = self._words[person][word, written] = (best, bits, word in self._starts, word in self._small)
        return found

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

    def bound(self, listed: tuple[str, ...], surface: tuple[str, ...], weights: tuple[float, ...],
              person: bool) -> float:
        """At least the score :func:`~behind.matching.score.score_names` gives ``listed`` (with the
        arguments this ceiling was made with); 1.0 where no bound is worked out."""
        conf, query = self.conf, self.query
        if person:
            if self.lossy or len(listed) < 1:
                return 1.0
            lengths = sorted(map(len, listed))
            if (len(lengths) > 1 and self._qlong >= lengths[0] + lengths[1] - 2) or \
                    (self._qshort is not None and lengths[-1] >= self._qshort):
                return 1.0  # words of one name may be two of the other joined: no bound
        table = self._words[person]
        words = [table.get(key) or self._word(key[0], key[1], person) for key in zip(listed, surface)]
        paired = 0
        for _, bits, _, _ in words:
            paired |= bits
        best = [w[0] for w in words]
        if not person and any(w[2] for w in words):  # a query word equal to adjacent listed words joined
            for k in (2, 3):
                for j in range(len(listed) - k + 1):
                    joined = "".join(listed[j:j + k])
                    if joined in query:
                        paired |= sum(1 << i for i, t in enumerate(query) if t == joined)
                        best[j:j + k] = [1.0] * k
        lw, factor, left_out = list(weights), self.factor, False
        if person:
            pw = conf.particle_weight
            lw = [w * pw if small else w for w, (_, _, _, small) in zip(lw, words)]
            if all(paired >> i & 1 or small for i, small in enumerate(self._qsmall)):
                factor = min(factor, conf.person_left_out_weight)  # the query may leave names out
            left_out = all(b or w[3] for b, w in zip(best, words))  # or name more than the list
        fixed = self._unpaired_weight(paired, person, left_out) + factor * sum(lw)
        matched = share = score = 0.0
        for sim, w in sorted(((s, w) for s, w in zip(best, lw) if s), reverse=True):
            matched += 2 * sim * w
            share += w
            total = fixed + (2 - factor) * share
            if total > 0 and matched / total > score:
                score = matched / total
        return score

    def below(self, floor: float, listed: tuple[str, ...], surface: tuple[str, ...],
              weights: tuple[float, ...], person: bool) -> bool:
        """Whether ``listed`` surely scores under ``floor``."""
        return self.bound(listed, surface, weights, person) < floor - MARGIN


__all__ = ["Ceiling", "MARGIN"]
