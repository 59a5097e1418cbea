"""Score one query name against one listed name. Pure functions, no index.

Both names arrive as canonical tokens (see :mod:`behind.text`) with a
weight each: distinctive words weigh more than common ones (inverse document
frequency over all listed names), so "PayPal Holdings" does not alert on
"PANLI HOLDINGS": the shared word is common, the distinctive ones differ.

Tokens are paired, each at most once, in passes, the surest first:

1. equal tokens;
2. one token equal to two or three adjacent tokens of the other name joined (``greatwall`` /
   ``great wall``); in a person's name the words may be joined in either order
   (``ramimakhlouf`` / ``MAKHLOUF, Rami``), a long join may differ by a typo
   (``abdelrahman`` / ``abd al rahman``) and a join may be another spelling of one sound
   (``abd al`` / ``abdul``; for a query without vowels, ``bd llh`` / ``abdullah``);
3. in a person's name, forms of one name (``muhammad`` / ``mohamed``, ``aleksandr`` /
   ``alexander``: :func:`~behind.text.persons.name_symbols`), at
   ``MatchingConfig.equivalent_similarity``;
4. similar tokens (Damerau-Levenshtein similarity of at least
   ``MatchingConfig.min_token_similarity``, tokens of ``min_fuzzy_length`` letters or more);
5. for a query read from a script that leaves vowels out (Arabic, Hebrew, Thai, Korean, kana,
   Greek), words with one consonant skeleton (``mhmd`` / ``mohamed``), at ``skeleton_similarity``
   less a little as they are spelt apart (run before pass 4 for such a query);
6. in a person's name, beside a surer pair, spellings of one sound: one Metaphone key or one
   consonant skeleton of three consonants or more, spelt at least ``phonetic_min_similarity``
   alike (``yusuf`` / ``youssef``, ``aleksandr`` / ``alexander``; not ``mahmoud`` /
   ``mohamed``), at ``phonetic_similarity``;
7. in a person's name, an initial and a name it begins (``n`` / ``nicolas``), at
   ``initial_similarity``.

The score is the weighted share of both names that is paired (a weighted Dice coefficient),
each pair counted at its similarity. In a person's name, particles (``al``, ``bin``, ``de``)
weigh ``particle_weight`` of their rarity; and when the query names at least
``person_min_named`` of the listed person's names and every query word is paired, the listed
names it leaves out (a second surname, a patronymic) weigh only ``person_left_out_weight``:
"Nicolas Maduro" is a strong match for "MADURO MOROS, Nicolas", "Carlos Maduro" is not. The
same holds the other way: a query that names every listed name and more ("Vladimir
Vladimirovich Putin" for "PUTIN, Vladimir"). Only when both sides keep names of their own does
the name contradict.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from behind.matching.pairing import (
    Pairing,
    adjacent_joins,
    best_first,
    forms_alike,
    join_pass,
    may_join,
    skeleton_pair,
    sounds_alike,
)
from behind.model.matching import MatchingConfig
from behind.text.persons import name_symbols, particles

_DEFAULTS = MatchingConfig()
MIN_TOKEN_SIMILARITY = _DEFAULTS.min_token_similarity
MIN_FUZZY_LENGTH = _DEFAULTS.min_fuzzy_length


@dataclass(frozen=True)
class Pair:
    query: str
    listed: str
    similarity: float


@dataclass(frozen=True)
class NameScore:
    score: float
    pairs: tuple[Pair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_listed: tuple[str, ...]
    #: listed names the query left out and that counted only as more names (a person's)
    left_out: tuple[str, ...] = ()


def token_similarity(a: str, b: str, min_similarity: float = MIN_TOKEN_SIMILARITY,
                     min_length: int = MIN_FUZZY_LENGTH) -> float:
    """1.0 for equal tokens; for long enough tokens, 1 - edits / length; else 0."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < min_length:
        return 0.0
    sim = float(DamerauLevenshtein.normalized_similarity(a, b))
    return sim if sim >= min_similarity else 0.0


def score_names(query: tuple[str, ...], listed: tuple[str, ...],
                qweights: tuple[float, ...], lweights: tuple[float, ...],
                qsurface: tuple[str, ...] | None = None, lsurface: tuple[str, ...] | None = None,
                unmatched_listed_factor: float = 1.0, min_similarity: float = MIN_TOKEN_SIMILARITY,
                min_length: int = MIN_FUZZY_LENGTH, *, person: bool = False, lossy: bool = False,
                config: MatchingConfig | None = None) -> NameScore:
    """Weighted Dice score of two token lists. ``qweights`` of unknown query tokens should be high.

    ``qsurface``/``lsurface`` are the same words as written (before ``INTL`` became
    ``international``); similar-token pairing tries both forms, so a typo in a word
    that has a canonical form (``INDUTSRIES``) still meets it.

    ``unmatched_listed_factor`` below 1 makes listed words the query lacks count less:
    used for names rendered from Chinese, whose English forms often add words
    ("national", "state") that the Chinese name does not spell out.

    ``person``: the listed name is a person's (name forms, sounds, initials, particles and left-out
    names count as the module says); ``lossy``: the query was read from a script that leaves
    vowels out, so consonant skeletons may pair.
    """
    conf = config or _DEFAULTS
    p = Pairing(query, listed)
    # 1. equal tokens
    positions: dict[str, list[int]] = {}
    for j, tok in enumerate(listed):
        positions.setdefault(tok, []).append(j)
    for i, tok in enumerate(query):
        for j in positions.get(tok, ()):
            if not p.l_used[j]:
                p.pair((i,), (j,), 1.0)
                break
    # 2. joined tokens
    if p.q_left and p.l_left and (p.q_left > 1 or p.l_left > 1):
        if not person:
            adjacent_joins(p)
        elif lossy or may_join(p):
            join_pass(p, min_similarity, conf, lossy)
    # 3. forms of one name
    if person and p.q_left and p.l_left:
        qsym = [name_symbols(t) if not u else frozenset() for t, u in zip(query, p.q_used)]
        if any(qsym):
            lsym = [name_symbols(t) if not u else frozenset() for t, u in zip(listed, p.l_used)]
            if any(lsym):
                best_first(p, lambda i, j: conf.equivalent_similarity
                           if forms_alike(query[i], listed[j], qsym[i] & lsym[j]) else 0.0)
    # 5 before 4 for a query read from a script without vowels: its skeleton pair is surer than
    # a spelling that happens to be close (``nikholik`` / ``nikolic``)
    if lossy and not p.done():
        best_first(p, lambda i, j: skeleton_pair(query[i], listed[j], conf))
    # 4. similar tokens, best pairs first
    if p.q_left and p.l_left:
        q_used, l_used = p.q_used, p.l_used
        cands = []
        for i, a in enumerate(query):
            if q_used[i]:
                continue
            for j, b in enumerate(listed):
                if not l_used[j]:
                    sim = token_similarity(a, b, min_similarity, min_length)
                    if qsurface is not None and lsurface is not None:
                        sim = max(sim, token_similarity(qsurface[i], lsurface[j], min_similarity, min_length))
                    if sim:
                        cands.append((sim, i, j))
        for sim, i, j in sorted(cands, reverse=True):
            if not q_used[i] and not l_used[j]:
                p.pair((i,), (j,), sim)
    # 6. spellings of one sound: only beside a surer pair (a name of sounds alone says too little)
    if person and not p.done() and any(sim >= min_similarity for _, _, sim in p.pairs):
        sounds_alike(p, conf)
    # 7. initials
    if person and not p.done() and (any(len(query[i]) == 1 for i, u in enumerate(p.q_used) if not u)
                                    or any(len(listed[j]) == 1 for j, u in enumerate(p.l_used) if not u)):
        best_first(p, lambda i, j: conf.initial_similarity
                    if (len(query[i]) == 1) != (len(listed[j]) == 1) and query[i][0] == listed[j][0] else 0.0)
    return _weigh(p, qweights, lweights, unmatched_listed_factor, person, conf)


def _weigh(p: Pairing, qweights: tuple[float, ...], lweights: tuple[float, ...], unmatched_listed_factor: float,
           person: bool, conf: MatchingConfig) -> NameScore:
    query, listed, q_used, l_used = p.query, p.listed, p.q_used, p.l_used
    qw = list(qweights)
    lw = list(lweights)
    factor = unmatched_listed_factor
    left_out: tuple[str, ...] = ()
    if person:
        small = particles()
        named = 0
        unpaired = False
        for i, t in enumerate(query):
            if t in small:
                qw[i] *= conf.particle_weight
            elif q_used[i]:
                named += 1
            else:
                unpaired = True
        for j, t in enumerate(listed):
            if t in small:
                lw[j] *= conf.particle_weight
        listed_unpaired = any(not u and t not in small for t, u in zip(listed, l_used))
        if named >= conf.person_min_named and not unpaired and p.l_left:
            factor = min(factor, conf.person_left_out_weight)
            left_out = tuple(t for t, u in zip(listed, l_used) if not u)
        elif named >= conf.person_min_named and not listed_unpaired and unpaired:
            # the query names more than the list does (a patronymic the listing leaves out)
            left_out = tuple(t for t, u in zip(query, q_used) if not u)
            for i, u in enumerate(q_used):
                if not u:
                    qw[i] *= conf.person_left_out_weight
    # a query token paired with listed tokens takes their weight
    matched = 0.0
    out_pairs = []
    for qs, ls, sim in p.pairs:
        lsum = lw[ls[0]] if len(ls) == 1 else sum([lw[j] for j in ls], 0.0)
        if len(qs) == 1:
            qw[qs[0]] = lsum
            out_pairs.append(Pair(query[qs[0]], " ".join([listed[j] for j in ls]), round(sim, 4)))
        else:
            for i in qs:
                qw[i] = lsum / len(qs)
            out_pairs.append(Pair(" ".join([query[i] for i in qs]), listed[ls[0]], round(sim, 4)))
        matched += sim * 2 * lsum
    paired_listed = unpaired_listed = 0.0
    for w, used in zip(lw, l_used):
        if used:
            paired_listed += w
        else:
            unpaired_listed += w
    total = sum(qw, 0.0) + paired_listed + unpaired_listed * factor
    if total <= 0:
        return NameScore(0.0, (), query, listed)
    if left_out and conf.person_left_out_penalty:
        # a name that says more is the better match: a small cost for the share left out
        unsaid = unpaired_listed / (paired_listed + unpaired_listed) if p.l_left else \
            sum((w for w, u in zip(qw, q_used) if not u), 0.0) / (sum(qw, 0.0) or 1.0)
        matched *= 1.0 - conf.person_left_out_penalty * unsaid
    return NameScore(
        score=min(1.0, matched / total),
        pairs=tuple(out_pairs),
        unmatched_query=tuple(t for t, u in zip(query, q_used) if not u) if p.q_left else (),
        unmatched_listed=tuple(t for t, u in zip(listed, l_used) if not u) if p.l_left else (),
        left_out=left_out,
    )


__all__ = ["MIN_TOKEN_SIMILARITY", "NameScore", "Pair", "score_names", "token_similarity"]
