"""Pairing the words of two names: the passes :func:`~behind.matching.score.score_names` runs.

:class:`Pairing` records which words are paired and how; :func:`adjacent_joins` and
:func:`join_pass` pair one word with two or three of the other name written together;
:func:`best_first` pairs by a similarity, best pairs first; :func:`sound_alike`,
:func:`same_skeleton` and :func:`forms_alike` are the person-name similarities.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz.distance import DamerauLevenshtein

from behind.model.matching import MatchingConfig
from behind.text.persons import particles, phonetic_key, read_skeletons, skeleton

#: shortest joined word a typo may be allowed in (person names)
MIN_FUZZY_JOIN = 8
#: how much less a skeleton pair counts when its words are spelt entirely apart
SPELLING_SPREAD = 0.01


class Pairing:
    """Which tokens are paired so far, and the pairs: (query indexes, listed indexes, similarity)."""

    __slots__ = ("query", "listed", "q_used", "l_used", "pairs", "q_left", "l_left")

    def __init__(self, query: tuple[str, ...], listed: tuple[str, ...]) -> None:
        self.query = query
        self.listed = listed
        self.q_used = [False] * len(query)
        self.l_used = [False] * len(listed)
        self.pairs: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        self.q_left = len(query)
        self.l_left = len(listed)

    def done(self) -> bool:
        return not self.q_left or not self.l_left

    def pair(self, qs: tuple[int, ...], ls: tuple[int, ...], sim: float) -> None:
        for i in qs:
            self.q_used[i] = True
        for j in ls:
            self.l_used[j] = True
        self.q_left -= len(qs)
        self.l_left -= len(ls)
        self.pairs.append((qs, ls, sim))


def may_join(p: Pairing) -> bool:
    """Whether a free word of either name is long enough to be two free words of the other joined
    (within two letters): a cheap test before :func:`join_pass`."""
    q = sorted(len(t) for t, u in zip(p.query, p.q_used) if not u)
    r = sorted(len(t) for t, u in zip(p.listed, p.l_used) if not u)
    return (len(r) > 1 and bool(q) and q[-1] >= r[0] + r[1] - 2) or \
        (len(q) > 1 and bool(r) and r[-1] >= q[0] + q[1] - 2)


def sounds_alike(p: Pairing, conf: MatchingConfig) -> None:
    """Pair the free words that are spellings of one sound (:func:`sound_alike`), best first."""
    free_q = [i for i, u in enumerate(p.q_used) if not u and len(p.query[i]) >= 3]
    free_l = [j for j, u in enumerate(p.l_used) if not u and len(p.listed[j]) >= 3]
    if not free_q or not free_l:
        return
    keys_l = [(j, phonetic_key(p.listed[j]), skeleton(p.listed[j])) for j in free_l]
    cands = []
    floor = conf.phonetic_min_similarity
    for i in free_q:
        a = p.query[i]
        ka, sa = phonetic_key(a), skeleton(a)
        for j, kb, sb in keys_l:
            if (len(ka) >= 3 and ka == kb) or (len(sa) >= 3 and sa == sb):
                b = p.listed[j]
                if min(len(a), len(b)) >= max(len(a), len(b)) * floor \
                        and DamerauLevenshtein.normalized_similarity(a, b) >= floor:
                    cands.append((DamerauLevenshtein.normalized_similarity(a, b), i, j))
    for _, i, j in sorted(cands, reverse=True):
        if not p.q_used[i] and not p.l_used[j]:
            p.pair((i,), (j,), conf.phonetic_similarity)


def join_pass(p: Pairing, min_similarity: float, conf: MatchingConfig, lossy: bool) -> None:
    """For a person's name: one token equal to two tokens of the other name joined in either
    order, or three adjacent ones in order; a long join may differ by a typo. Words read from a
    script without vowels join by skeleton only in their order (``bd llh`` / ``abdullah``)."""
    for flip in (False, True):
        one, many = (p.listed, p.query) if flip else (p.query, p.listed)
        used_one, used_many = (p.l_used, p.q_used) if flip else (p.q_used, p.l_used)
        free = [k for k, u in enumerate(used_many) if not u]
        if len(free) < 2:
            continue
        by_length: dict[int, list[int]] = {}
        for k in free:
            by_length.setdefault(len(many[k]), []).append(k)
        shortest = min(by_length)
        two = sorted(by_length)[:2] if len(by_length) > 1 else [shortest, shortest]
        if not lossy and max((len(one[i]) for i, u in enumerate(used_one) if not u), default=0) < two[0] + two[1] - 2:
            continue  # no free word is long enough to be two of the others joined
        for i, tok in enumerate(one):
            n = len(tok)
            if used_one[i] or n <= shortest:
                continue
            fuzzy = n >= MIN_FUZZY_JOIN
            slack = 2
            best: tuple[float, tuple[int, ...]] | None = None
            for a in free:
                if used_many[a]:
                    continue
                first = many[a]
                if not lossy and tok[0] != first[0] and not tok.endswith(first):
                    continue  # a join starts with the word's first letter (or ends the word)
                rest = n - len(first)
                sizes = list(by_length) if lossy else range(rest - slack, rest + slack + 1)
                for size in sizes:
                    for b in by_length.get(size, ()):
                        if b == a or used_many[b] or (lossy and not in_order(many, a, b)):
                            continue  # words read without vowels join only in their order
                        joined = first + many[b]
                        if joined == tok:
                            best = (1.0, (a, b))
                            break
                        if not lossy and joined[0] != tok[0]:
                            continue
                        sim = float(DamerauLevenshtein.normalized_similarity(tok, joined)) if fuzzy else 0.0
                        if sim < min_similarity:
                            if lossy and joins_consonants((first, many[b]), joined) \
                                    and (same_skeleton(joined, tok) if flip else same_skeleton(tok, joined)):
                                sim = conf.skeleton_similarity  # عبد الله: bd llh / abdullah
                            elif sound_alike(tok, joined, conf):
                                sim = conf.phonetic_similarity  # abd al / abdul
                        if sim >= min_similarity and (best is None or sim > best[0]):
                            best = (sim, (a, b))
                if best is not None and best[0] == 1.0:
                    break
            if best is None:
                for a in free:  # three adjacent tokens, in order
                    if a + 2 < len(many) and not (used_many[a] or used_many[a + 1] or used_many[a + 2]):
                        joined = many[a] + many[a + 1] + many[a + 2]
                        if joined == tok:
                            best = (1.0, (a, a + 1, a + 2))
                        elif lossy and joins_consonants(many[a:a + 3], joined) \
                                and (same_skeleton(joined, tok) if flip else same_skeleton(tok, joined)):
                            best = (conf.skeleton_similarity, (a, a + 1, a + 2))
                        elif joined[0] == tok[0] and sound_alike(tok, joined, conf):
                            best = (conf.phonetic_similarity, (a, a + 1, a + 2))
                        if best is not None:
                            break
            if best is not None:
                parts = best[1]
                if len(parts) == 2 and parts[1] == parts[0] + 2 and not used_many[parts[0] + 1] \
                        and in_order(many, parts[0], parts[1]):
                    parts = (parts[0], parts[0] + 1, parts[1])  # the particle between joins too (shhb a dyn)
                if flip:
                    p.pair(parts, (i,), best[0])
                else:
                    p.pair((i,), parts, best[0])


def sound_alike(a: str, b: str, conf: MatchingConfig) -> bool:
    """Two spellings of one sound: one Metaphone key or one consonant skeleton, of three consonants
    or more (shorter keys say too little: ``nora`` / ``noor``), and spelt at least
    ``phonetic_min_similarity`` alike."""
    la, lb = len(a), len(b)
    if min(la, lb) < 3 or min(la, lb) < max(la, lb) * conf.phonetic_min_similarity:
        return False
    key = phonetic_key(a)
    if not (len(key) >= 3 and key == phonetic_key(b)):
        key = skeleton(a)
        if not (len(key) >= 3 and key == skeleton(b)):
            return False
    return float(DamerauLevenshtein.normalized_similarity(a, b)) >= conf.phonetic_min_similarity


def in_order(words: tuple[str, ...], a: int, b: int) -> bool:
    """Whether word ``b`` follows word ``a``, with at most a particle between (``shhb a dyn``)."""
    return b == a + 1 or (b == a + 2 and (len(words[a + 1]) == 1 or words[a + 1] in particles()))


def joins_consonants(parts: tuple[str, ...] | list[str], joined: str) -> bool:
    """Whether each word joined keeps its consonants in the join (``bd`` + ``llh``: ``pdr``), so
    that a join of words read without vowels is not met by a listed word through consonants
    the join merged away (``yhya`` + ``hqny``: one ``h`` for two)."""
    if len(parts) < 2:
        return True
    return len(skeleton(joined)) >= sum(len(skeleton(p)) for p in parts)


def skeleton_pair(read: str, written: str, conf: MatchingConfig) -> float:
    """The similarity of a word read from a script without vowels and a Latin word of one consonant
    skeleton: ``skeleton_similarity``, less up to ``SPELLING_SPREAD`` as they are spelt apart, so
    among names of one skeleton the closest spelling ranks first (``ahmd``: Ahmad before Hammud);
    0.0 for another skeleton."""
    if not same_skeleton(read, written):
        return 0.0
    return conf.skeleton_similarity - SPELLING_SPREAD * (1.0 - DamerauLevenshtein.normalized_similarity(read, written))


def same_skeleton(read: str, written: str, read_as: bool = True) -> bool:
    """A word read from a script without vowels (``bdllh``) and a Latin word (``abdullah``) with
    one consonant skeleton, its letters read as digraphs or one by one; a letter the script uses
    for two Latin ones taken either way (:func:`~behind.text.persons.read_skeletons`:
    ``mvstfnjd`` / ``mostafanejad``, ``kalwis`` / ``galvis``) unless ``read_as`` is false (for
    words joined, whose merged consonants say less)."""
    if skeleton(written) in (read_skeletons(read) if read_as else (skeleton(read),)):
        return True
    key = skeleton(read, digraphs=False)
    return bool(key) and key == skeleton(written, digraphs=False)


def forms_alike(a: str, b: str, shared: frozenset[int]) -> bool:
    """Forms of one name (``shared`` groups) pair when both have four letters or more, or one is a
    nickname of the other (``ted`` / ``theodore``); other short forms are ambiguous across
    romanisations (``jan`` / ``chan``) unless they are spelt much alike."""
    if not shared:
        return False
    if min(len(a), len(b)) >= 4 or any(g < 0 for g in shared):
        return True
    return float(DamerauLevenshtein.normalized_similarity(a, b)) >= 0.6


def adjacent_joins(p: Pairing) -> None:
    """One token equal to two or three adjacent tokens of the other name joined, in order."""
    for one, many, used_one, used_many, flip in ((p.query, p.listed, p.q_used, p.l_used, False),
                                                 (p.listed, p.query, p.l_used, p.q_used, True)):
        n_many = len(many)
        for i, tok in enumerate(one):
            if used_one[i]:
                continue
            for j in range(n_many - 1):
                if used_many[j] or used_many[j + 1] or not tok.startswith(many[j]):
                    continue
                joined = many[j] + many[j + 1]
                run: tuple[int, ...] | None = None
                if joined == tok:
                    run = (j, j + 1)
                elif j + 2 < n_many and not used_many[j + 2] and joined + many[j + 2] == tok:
                    run = (j, j + 1, j + 2)
                if run is not None:
                    if flip:
                        p.pair(run, (i,), 1.0)
                    else:
                        p.pair((i,), run, 1.0)
                    break


def best_first(p: Pairing, similarity: Callable[[int, int], float]) -> None:
    cands = []
    q_used, l_used = p.q_used, p.l_used
    for i in range(len(q_used)):
        if q_used[i]:
            continue
        for j in range(len(l_used)):
            if not l_used[j]:
                sim = similarity(i, j)
                if sim:
                    cands.append((sim, i, j))
    for sim, i, j in sorted(cands, reverse=True):
        if not q_used[i] and not l_used[j]:
            p.pair((i,), (j,), sim)


__all__ = ["MIN_FUZZY_JOIN", "Pairing", "SPELLING_SPREAD", "adjacent_joins", "best_first", "forms_alike",
           "in_order", "join_pass", "joins_consonants", "may_join", "same_skeleton", "skeleton_pair", "sound_alike", "sounds_alike"]
