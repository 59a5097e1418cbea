"""The shortlist of a query: the listed names sharing the most weight with it, best first.

:meth:`~behind.matching.index.NameIndex.candidates` finds the vocabulary words a query meets, each
with a weight (its rarity times how alike it is met), and hands them here: the *rare* words, whose
names are the candidates, and the *common* ones, which only re-rank them. Each candidate's pre-score
is the weighted Dice of the weight it shares with the query (:class:`Weighing`).

A query asks only for the names whose pre-score reaches a floor (``candidate_floor``: the scorer
skips the rest). A name shares with the query at most the weight ``s`` of the words it is met
through, and weighs at least that itself, so its pre-score is at most ``2 s / (qtotal + s)``. Hence:

- the names met only through the rare words with the most names (the least weight) and the common
  ones often cannot reach the floor: :func:`shortlist` merges the other rare words' names only, and
  looks the rest of the words up in them, in the order the full merge adds them (the same sums, so
  the same pre-scores to the last bit);
- a name whose shared weight, with every word still to look up, stays under the least a name
  reaching the floor shares is dropped before the next look-up, and only the names left are weighed.

Where more than ``limit`` names reach the floor, the best ``limit`` are kept, names of equal
pre-score in the order of their ids (as a full merge sorted that way keeps them): the answer never
depends on the shortcut.

Where it is built, one pass written in C (:mod:`behind.matching.postings`, ``postings.c``) does the
merge, the look-ups and the pre-scores of the names reaching ``least``, reading each posting's names'
weights and person flags alongside it (the index keeps them: ``carried``) instead of one far-apart read per name: the
same float operations in the same order, so the same names and pre-scores as the numpy path, which
runs otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from behind.matching.compact import Array

try:  # the merge and the look-ups in C (postings.c): the same sums, without numpy's passes and calls
    from behind.matching import postings as in_c
    KERNEL = True
except ImportError:  # not built, or not used (BEHIND_PURE_PYTHON): the numpy path below
    KERNEL = False

Floats = npt.NDArray[np.float64]
#: how far below the floor a bound must stay to count (float sums are exact to far less)
MARGIN = 1e-9
#: names left few enough to stop leaving out those that cannot reach the floor (not worth a pass)
FEW = 64
#: postings of at most this many names in all are merged in Python (cheaper than numpy's calls)
SMALL = 256
#: a posting and names both at least this long are compared through an array of flags, not by bisection
#: (at 1M entities: 512 slower, 2048 about 6% more queries per second than bisection alone)
BITMAP = 2048


#: the bits of a 64-bit merge key that say which posting a name came from (the name id is above them)
RUN_BITS = 16


def shared_weight(postings: list[Array], weights: list[float]) -> tuple[Array, Floats]:
    """The names in any of ``postings`` (each sorted), ascending, and the sum of the ``weights`` of
    the postings each is in, added in the order given (as ``np.unique`` and ``np.bincount`` would: the
    same floats). Each name is keyed with its posting's number in the low bits, so sorting the keys
    orders the names and, within a name, its postings as given; the weights are then summed in that
    order. The keys are unique and each posting is a sorted run of them, so numpy's stable sort merges
    the runs. Keys are 32-bit where the largest name id and the postings' numbers fit (at a million
    names, up to 4,096 postings), which sorts about twice as fast as 64-bit ones."""
    if len(postings) == 1:
        return postings[0], np.full(len(postings[0]), weights[0]) + 0.0
    run = max(1, (len(postings) - 1).bit_length())
    top = 0
    for p in postings:
        if len(p):
            top = max(top, int(p[-1]))
    if top.bit_length() + run <= 32:
        return _merge(postings, weights, np.uint32, run)
    if len(postings) > 1 << RUN_BITS:
        return _shared_weight_stable(postings, weights)
    return _merge(postings, weights, np.uint64, RUN_BITS)


def _merge(postings: list[Array], weights: list[float], kind: type[np.unsignedinteger[Any]],
           run: int) -> tuple[Array, Floats]:
    """:func:`shared_weight` with keys of type ``kind``, the posting's number in the low ``run`` bits."""
    keys = np.concatenate(postings).astype(kind, copy=False)
    keys <<= kind(run)
    keys |= np.repeat(np.arange(len(postings), dtype=kind), [len(p) for p in postings])
    keys.sort(kind="stable")  # runs of sorted keys, one per posting: merged (about twice as fast as a quicksort)
    each = np.take(np.array(weights, dtype=np.float64), keys & kind((1 << run) - 1))
    keys >>= kind(run)
    names, shared = _summed(keys, each)
    return names.astype(postings[0].dtype, copy=False), shared


def _shared_weight_stable(postings: list[Array], weights: list[float]) -> tuple[Array, Floats]:
    """:func:`shared_weight` by a stable argsort of the names (for more postings than keys can number)."""
    ids = np.concatenate(postings)
    order = np.argsort(ids, kind="stable")
    each = np.repeat(np.array(weights, dtype=np.float64), [len(p) for p in postings])[order]
    return _summed(ids[order], each)


def _summed(ranked: Array, each: Floats) -> tuple[Array, Floats]:
    """Each name of ``ranked`` (sorted) once, and the sum of its ``each``, added in the order they come."""
    first = np.empty(len(ranked), dtype=bool)
    first[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=first[1:])
    group = np.cumsum(first, dtype=np.intp)
    group -= 1
    return ranked[first], np.bincount(group, weights=each).astype(np.float64, copy=False)


_marks = threading.local()


def _member(post: Array, names: Array) -> npt.NDArray[np.bool_]:
    """Which of ``names`` (sorted) are in ``post`` (sorted, not empty): by bisection; for many names and a
    long posting, by marking the posting's names in an array of flags (one per thread, cleared after),
    which costs in proportion to the two lengths rather than to names times log of the posting's."""
    if len(names) < BITMAP or len(post) < BITMAP:
        pos = np.minimum(np.searchsorted(post, names), len(post) - 1)
        return np.asarray(post[pos] == names)
    size = int(max(post[-1], names[-1])) + 1
    mark: npt.NDArray[np.bool_] | None = getattr(_marks, "mark", None)
    if mark is None or len(mark) < size:
        mark = _marks.mark = np.zeros(size, dtype=bool)
    mark[post] = True
    try:
        return np.asarray(mark[names])
    finally:
        mark[post] = False


def flags_of(post: Array, names: int) -> npt.NDArray[np.uint8]:
    """The names of ``post`` (each under ``names``) as bits: name ``i`` is bit ``i % 8`` of byte ``i // 8``.
    An index keeps them for the words of at least :data:`BITMAP` names (see :func:`bit_member`)."""
    flags = np.zeros(names, dtype=bool)
    flags[post] = True
    return np.packbits(flags, bitorder="little")


def bit_member(bits: npt.NDArray[np.uint8], names: Array) -> npt.NDArray[np.bool_]:
    """Which of ``names`` are among the names :func:`flags_of` made ``bits`` from: in proportion to the
    names asked, whatever the posting's length."""
    if len(names) < BITMAP // 4 or names.dtype != np.uint32:
        at: npt.NDArray[np.int64] = np.asarray(names, dtype=np.int64)
        return np.asarray((bits[at >> 3] >> (at & 7)) & 1, dtype=np.bool_)
    # many names: each byte taken, shifted and masked in place, read as flags (about half the time)
    ids = cast(npt.NDArray[np.uint32], names)
    found = np.take(bits, ids >> np.uint32(3))
    found >>= (ids & np.uint32(7)).astype(np.uint8)
    found &= np.uint8(1)
    return cast(npt.NDArray[np.bool_], found.view(np.bool_))


Bits = Callable[[str], "npt.NDArray[np.uint8] | None"]
#: a word's names' own weights and person flags, alongside its posting
Carried = tuple[Floats, npt.NDArray[np.bool_]]


def _none(vocab: str) -> npt.NDArray[np.uint8] | None:
    return None


class Weighing:
    """How a pre-score is made: the query's total weight, each name's weight, and, for a query that
    may be a person's, the weight of a person's names the query leaves out."""

    def __init__(self, qtotal: float, name_weight: Floats, person_flags: npt.NDArray[np.bool_] | None,
                 left_out: float) -> None:
        self.qtotal, self.name_weight, self.person_flags, self.left_out = qtotal, name_weight, person_flags, left_out

    def prescores(self, names: Array, shared: Floats) -> Floats:
        """The weighted Dice of ``shared`` over the weight of the query and of each name."""
        # the same operations as 2 s / (qtotal + weight), or 2 s / (qtotal + s + left_out * max(weight - s, 0)),
        # worked in place (the same floats: a sum is the same either way round)
        ids = cast(npt.NDArray[np.integer[Any]], names)
        total = np.take(self.name_weight, ids)
        if self.person_flags is not None:  # a person's names the query leaves out weigh as the scorer weighs them
            total -= shared
            np.maximum(total, 0.0, out=total)
            total *= np.where(np.take(self.person_flags, ids), self.left_out, 1.0)
            total += shared + self.qtotal
        else:
            total += self.qtotal
        dice = shared * 2
        dice /= total
        return dice


Words = Sequence[tuple[str, float]]


def _in(post: Callable[[str], Array], bits: Bits, vocab: str, names: Array) -> npt.NDArray[np.bool_]:
    """Which of ``names`` (sorted) ``vocab`` is in: through its bits where the index keeps them."""
    flags = bits(vocab)
    return _member(post(vocab), names) if flags is None else bit_member(flags, names)


def _full(post: Callable[[str], Array], rare: Words, common: Words, weigh: Weighing,
          limit: int, bits: Bits = _none) -> tuple[Array, Floats]:
    """Every rare word's names merged, re-ranked by the common words: the best ``limit``."""
    names, shared = shared_weight([post(v) for v, _ in rare], [w for _, w in rare])
    for vocab, w in common:
        np.add(shared, w, out=shared, where=_in(post, bits, vocab, names))  # as + w * met: the same floats
    dice = weigh.prescores(names, shared)
    top = _top(dice, limit)
    return names[top], dice[top]


def _top(dice: Floats, limit: int, floor: float = -np.inf) -> npt.NDArray[np.intp]:
    """The positions of the best ``limit`` of ``dice`` reaching ``floor``, best first, equal ones in position
    order (names in id order: ties by id): those at least as good as the ``limit``-th (or the floor, where
    fewer reach it), then sorted."""
    cut = floor
    if len(dice) > limit:
        cut = max(cut, float(np.partition(dice, len(dice) - limit)[len(dice) - limit]))
    top = np.flatnonzero(dice >= cut)
    return top[np.argsort(-dice[top], kind="stable")][:limit]


def _needed(rare: Words, common: Words, qtotal: float, floor: float) -> int:
    """How many of the ``rare`` words (fewest names first) must have their names read for every
    name reaching ``floor`` to be among them: the words with the most names are left out while the
    names met only through the words left out and the common ones cannot reach it."""
    met = sum(w for _, w in common)
    keep = len(rare)
    while keep:
        more = met + rare[keep - 1][1]
        if 2 * more / (qtotal + more) >= floor - MARGIN:
            break
        met, keep = more, keep - 1
    return keep


def shortlist(post: Callable[[str], Array], rare: Words, common: Words, weigh: Weighing,
              limit: int, floor: float = 0.0, bits: Bits = _none,
              carried: Callable[[str], Carried] | None = None) -> tuple[Array, Floats]:
    """The best ``limit`` names met through the ``rare`` words (fewest names first), re-ranked by the
    ``common`` ones (vocabulary word, weight), and their pre-scores, best first, leaving out names
    whose pre-score is under ``floor``. ``carried``, where the index keeps them, answers a word's names'
    own weights and person flags alongside its posting (the pass in C then reads them in order)."""
    qtotal = weigh.qtotal
    if floor <= 0 or qtotal <= 0:
        return _full(post, rare, common, weigh, limit, bits)
    keep = _needed(rare, common, qtotal, floor)
    if not keep:
        return np.zeros(0, dtype=np.uint32), np.zeros(0)
    runs = [post(v) for v, _ in rare[:keep]]
    rest = [*rare[keep:], *common]
    if sum(map(len, runs)) <= SMALL:
        return _few(runs, rare[:keep], rest, post, weigh, limit, floor, bits)
    # a name reaching the floor shares at least ``least`` (2 s / (qtotal + s) >= floor): leave out
    # the names that cannot, even with every word still to add
    least = floor * qtotal / (2 - floor) - MARGIN * (qtotal + 1)
    if KERNEL and all(r.dtype == np.uint32 for r in runs):
        along = None if carried is None else [carried(v) for v, _ in rare[:keep]]
        return _reaching(runs, along, rare[:keep], rest, post, bits, least, weigh, limit, floor)
    names, shared = shared_weight(runs, [w for _, w in rare[:keep]])
    for k, (vocab, w) in enumerate(rest):  # in the order the full merge adds them: the same sums
        if len(names) > FEW:
            sel = np.flatnonzero(shared >= least - sum(x for _, x in rest[k:]))
            if len(sel) < len(names):
                names, shared = names[sel], shared[sel]
        np.add(shared, w, out=shared, where=_in(post, bits, vocab, names))  # as + w * met: the same floats
    sel = np.flatnonzero(shared >= least)
    names, shared = names[sel], shared[sel]
    if len(names) <= FEW:  # few names left: weighed in Python floats (cheaper than the arrays' calls)
        return _pick(names.tolist(), shared.tolist(), weigh, limit, floor)
    dice = weigh.prescores(names, shared)
    pick = _top(dice, limit, floor)
    return names[pick], dice[pick]


def _reaching(runs: list[Array], along: list[Carried] | None, kept: Words, rest: Words, post: Callable[[str], Array],
              bits: Bits, least: float, weigh: Weighing, limit: int, floor: float) -> tuple[Array, Floats]:
    """:func:`shortlist` past :func:`_needed` in C (:func:`behind.matching.postings.reaching`): the ``runs``
    merged, each name summed as the full merge sums it (its runs' weights, then the ``rest`` words', in
    order: the same floats), those sharing at least ``least`` weighed as :meth:`Weighing.prescores` weighs
    them (the same operations), and the best ``limit`` of those reaching ``floor``, ties by id."""
    total = sum(map(len, runs))
    names, dice = np.empty(total, dtype=np.uint32), np.empty(total, dtype=np.float64)
    words: list[tuple[Array | None, npt.NDArray[np.uint8] | None, float]] = []
    for vocab, w in rest:
        flags = bits(vocab)
        words.append((_kind(post(vocab), np.uint32) if flags is None else None,
                      None if flags is None else _kind(flags, np.uint8), w))
    persons = None if weigh.person_flags is None else _kind(weigh.person_flags, np.bool_)
    count = in_c.reaching(runs, along, [w for _, w in kept], words, least, MARGIN, weigh.qtotal,
                          _kind(weigh.name_weight, np.float64), persons, weigh.left_out, floor, names, dice)
    if count <= FEW:  # few: sorted in Python (cheaper than the arrays' calls)
        return _ranked(list(zip((-d for d in dice[:count].tolist()), names[:count].tolist())), limit)
    names, dice = names[:count], dice[:count]
    pick = _top(dice, limit, floor)
    return names[pick], dice[pick]


def _kind(values: npt.NDArray[Any], kind: type[np.generic]) -> npt.NDArray[Any]:
    """``values`` as the pass in C reads them: the index's arrays as they are; another caller's converted
    (name ids fit 32 bits)."""
    if values.dtype == kind and values.flags.c_contiguous:
        return values
    return np.ascontiguousarray(values, dtype=kind)


def _few(runs: list[Array], kept: Words, rest: Words, post: Callable[[str], Array], weigh: Weighing, limit: int,
         floor: float, bits: Bits = _none) -> tuple[Array, Floats]:
    """:func:`shortlist` for postings of at most :data:`SMALL` names in all, in Python floats (the same
    operations in the same order as the arrays': the same pre-scores)."""
    sums: dict[int, float] = {}
    for run, (_, w) in zip(runs, kept):
        for name in run.tolist():
            sums[name] = sums.get(name, 0.0) + w
    ids = sorted(sums)
    shared = [sums[i] for i in ids]
    if rest:
        names = np.array(ids, dtype=np.int64)
        for vocab, w in rest:
            shared = [s + w if hit else s for s, hit in zip(shared, _in(post, bits, vocab, names).tolist())]
    return _pick(ids, shared, weigh, limit, floor)


def _pick(ids: list[int], shared: list[float], weigh: Weighing, limit: int, floor: float) -> tuple[Array, Floats]:
    """The best ``limit`` of the names ``ids`` (ascending) sharing ``shared`` whose pre-score reaches ``floor``,
    best first, ties by id: :meth:`Weighing.prescores` in Python floats (the same operations in the same
    order: the same pre-scores)."""
    at = np.array(ids, dtype=np.intp)
    qtotal, weights = weigh.qtotal, weigh.name_weight[at].tolist()
    found: list[tuple[float, int]] = []
    if weigh.person_flags is None:
        for i, s, w in zip(ids, shared, weights):
            d = 2 * s / (qtotal + w)
            if d >= floor:
                found.append((-d, i))
    else:
        person_left_out = weigh.left_out
        for i, s, w, flag in zip(ids, shared, weights, weigh.person_flags[at].tolist()):
            left_out = person_left_out if flag else 1.0
            d = 2 * s / (qtotal + s + left_out * max(w - s, 0.0))
            if d >= floor:
                found.append((-d, i))
    return _ranked(found, limit)


def _ranked(found: list[tuple[float, int]], limit: int) -> tuple[Array, Floats]:
    """The best ``limit`` of ``found`` (minus pre-score, name id): names and pre-scores, best first, ties by id."""
    found.sort()
    pick = found[:limit]
    return np.array([i for _, i in pick], dtype=np.int64), np.array([-d for d, _ in pick])


__all__ = ["BITMAP", "FEW", "MARGIN", "SMALL", "Weighing", "bit_member", "flags_of", "shared_weight", "shortlist"]
