"""The two shortcuts of the hot path change no answer (issue 15).

- :mod:`behind.matching.shortlist`: a query's shortlist, asked for the names reaching a floor, holds
  exactly the names (and pre-scores, to the last bit) that the full merge of every rare word's
  names ranks at or over it;
- :mod:`behind.matching.ceiling`: the bound that lets a name go unscored is never under the score
  the scorer gives it.

Both are checked on the public benchmark's queries (organisations, people, typos, other scripts)
against the bundled lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from behind.matching import shortlist as shortlist_module
from behind.matching.ceiling import Ceiling
from behind.matching.index import NameIndex
from behind.matching.match import Index, Query
from behind.matching.score import score_names
from behind.matching.shortlist import (Weighing, _member, _shared_weight_stable, bit_member, flags_of, shared_weight,
                                       shortlist)
from behind.model.matching import MatchingConfig

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _queries(name: str, every: int) -> list[Query]:
    lines = (BENCH / name).read_text(encoding="utf-8").splitlines()[::every]
    return [Query(name=q.get("name") or "", schema=q.get("schema")) for q in map(json.loads, lines)]


def _variants(index: Index, query: Query):  # type: ignore[no-untyped-def]
    for qname in index.query_names(query):
        personish = query.schema in (None, "Person")
        for tokens, surface, chinese, lossy in index._variants(qname, query.schema == "Person", personish):
            yield tokens, surface, chinese, lossy, personish


def test_the_ceiling_is_never_under_the_score(index):
    conf = index.config
    names = index.names
    scored = skipped = 0
    for query in _queries("queries.jsonl", 7) + _queries("persons.jsonl", 5):
        for tokens, surface, chinese, lossy, personish in _variants(index, query):
            qweights = names.weights(tokens)
            factor = conf.chinese_unmatched_listed if chinese else 1.0
            ceiling = Ceiling(tokens, surface, qweights, factor, lossy, conf)
            for cand in names.candidates(tokens, 20, personish, lossy):
                i = cand.name_id
                for person in (False, True):
                    args = (names.names[i], names.surfaces[i], names.name_weights[i])
                    ns = score_names(tokens, args[0], qweights, args[2], surface, args[1],
                                     unmatched_listed_factor=factor, min_similarity=conf.min_token_similarity,
                                     min_length=conf.min_fuzzy_length, person=person, lossy=lossy, config=conf)
                    bound = ceiling.bound(*args, person=person)
                    assert bound >= ns.score - 1e-12, (tokens, args[0], person, lossy, bound, ns)
                    scored += 1
                    skipped += ceiling.below(conf.threshold - conf.score_margin, *args, person=person)
    assert scored > 10_000
    assert skipped > scored // 10  # the bound is tight enough to spare the scorer work


def _full_above(names: NameIndex, tokens: tuple[str, ...], person: bool, lossy: bool, limit: int,
                floor: float) -> list[tuple[int, float]]:
    return [(c.name_id, c.prescore) for c in names.candidates(tokens, limit, person, lossy)
            if c.prescore >= floor]


@pytest.mark.parametrize("limit", [3, 40])
def test_the_shortlist_over_a_floor_is_the_full_ranking_over_it(index, limit):
    names = index.names
    floor = index.config.candidate_floor
    compared = 0
    for query in _queries("queries.jsonl", 5):
        for tokens, _, _, lossy, personish in _variants(index, query):
            full = _full_above(names, tokens, personish, lossy, limit, floor)
            short = [(c.name_id, c.prescore) for c in names.candidates(tokens, limit, personish, lossy, floor)]
            assert sorted(short) == sorted(full), tokens
            assert [d for _, d in short] == [d for _, d in full]  # best first, the same floats
            compared += bool(full)
    assert compared > 300


def test_words_in_many_names_only_rerank_and_the_shortlist_still_agrees(index):
    """With a low ``common_postings`` most words only re-rank, and a shortlist reads a few
    postings: it still answers as the full merge."""
    names = NameIndex(MatchingConfig(common_postings=30))
    source = index.names
    for i in range(len(source.owners)):
        names.add(int(source.owners[i]), source.names[i], source.surfaces[i], person=bool(source.persons[i]))
    names.finish()
    floor = index.config.candidate_floor
    cut = 0
    for query in _queries("queries.jsonl", 9):
        for tokens, _, _, lossy, personish in _variants(index, query):
            full = _full_above(names, tokens, personish, lossy, 40, floor)
            short = [(c.name_id, c.prescore) for c in names.candidates(tokens, 40, personish, lossy, floor)]
            assert sorted(short) == sorted(full), tokens
            assert [d for _, d in short] == [d for _, d in full]
            cut += len(short) < len(names.candidates(tokens, 40, personish, lossy))
    assert cut > 50


@pytest.mark.parametrize("rare_names", [2, 300])  # merged in Python, and with arrays
def test_a_shortlist_never_weighs_names_that_cannot_reach_the_floor(rare_names, monkeypatch):
    """A rare word's names, and two words in many names that weigh little: the names met only
    through the light words cannot reach the floor, so they are never weighed, and the others get
    the pre-scores of the full merge. (The numpy path, where reading a weight can be watched; the
    pass in C answers as it does: test_the_pass_in_c_answers_as_the_numpy_path.)"""
    monkeypatch.setattr(shortlist_module, "KERNEL", False)
    rare_ids = np.arange(0, 3 * rare_names, 3, dtype=np.uint32)  # also in "lighter", never in "light"
    postings = {"rare": rare_ids, "lighter": np.arange(0, 3000, 3, dtype=np.uint32),
                "light": np.arange(1, 3000, 3, dtype=np.uint32)}
    weight = np.full(3000, 12.0)
    weight[rare_ids] = 10.0 + np.arange(rare_names)
    asked: list[int] = []

    class Spy(np.ndarray):  # the names' weights, noting which are read (a name is weighed by reading its weight)
        def __getitem__(self, key):  # type: ignore[no-untyped-def]
            asked.extend(np.asarray(key).ravel().tolist())
            return np.asarray(self)[key]

        def take(self, indices, *args, **kwargs):  # type: ignore[no-untyped-def]
            asked.extend(np.asarray(indices).ravel().tolist())
            return np.asarray(self).take(indices, *args, **kwargs)

    rare = [("rare", 10.0), ("lighter", 0.5), ("light", 1.0)]  # fewest names first
    weigh = Weighing(11.5, weight.view(Spy), None, 0.15)
    names, dice = shortlist(postings.__getitem__, rare, [], weigh, 40, 0.5)
    assert set(rare_ids[:21].tolist()) <= set(asked) <= set(rare_ids.tolist())  # read, and only those
    full = [(c, d) for c, d in zip(*(a.tolist() for a in shortlist(postings.__getitem__, rare, [], weigh, 40)))
            if d >= 0.5]
    assert list(zip(names.tolist(), dice.tolist())) == full
    assert names.tolist() == rare_ids[:21].tolist()  # 2 (10 + 0.5) / (11.5 + 10 + k) >= 0.5 up to k = 20
    assert dice[0] == 2 * (10.0 + 0.5) / (11.5 + 10.0)


@pytest.mark.parametrize("tied", [100, 300])  # merged in Python, and with arrays
def test_names_tied_for_the_last_place_go_by_id_as_in_the_full_merge(tied):
    """More names than the limit share the same words (same pre-score): the shortlist keeps the
    ones with the lowest ids, with or without the floor's shortcut, whatever order the postings hold."""
    ids = np.arange(5, 5 + 2 * tied, 2, dtype=np.uint32)
    postings = {"acme": ids, "trading": ids}
    weight = np.full(5 + 2 * tied, 6.0)
    weigh = Weighing(6.0, weight, None, 0.15)
    words = [("acme", 4.0), ("trading", 2.0)]
    names, dice = shortlist(postings.__getitem__, words, [], weigh, 40, 0.5)
    assert names.tolist() == ids[:40].tolist()
    assert set(dice.tolist()) == {1.0}
    full, _ = shortlist(postings.__getitem__, words, [], weigh, 40)  # no floor: every name merged
    assert full.tolist() == names.tolist()


@pytest.mark.parametrize("size", [10, 5000])  # by bisection, and through the array of flags
def test_membership_in_a_posting(size):
    post = np.arange(0, 4 * size, 2, dtype=np.uint32)  # even ids
    names = np.arange(1, 3 * size, 1, dtype=np.uint32)
    assert _member(post, names).tolist() == [n % 2 == 0 and n < 4 * size for n in names.tolist()]
    assert _member(post, names).tolist() == _member(post, names).tolist()  # the flags are cleared after


@pytest.mark.parametrize("top", [5000, 2**31])  # keys of 32 bits, and of 64 where ids and postings need more
def test_the_merge_sums_each_names_weights_in_the_postings_order(top):
    rng = np.random.default_rng(3)
    postings = [np.unique(rng.integers(0, top, n)).astype(np.uint32) for n in (3000, 40, 900, 1, 2500)]
    weights = [0.1, 7.3, 1.0 / 3, 2.9, 0.7]
    names, shared = shared_weight(postings, weights)
    expect: dict[int, float] = {}
    for post, w in zip(postings, weights):
        for n in post.tolist():
            expect[n] = expect.get(n, 0.0) + w  # in the order given: the same floats to the last bit
    assert names.tolist() == sorted(expect) and names.dtype == np.uint32
    assert shared.tolist() == [expect[n] for n in sorted(expect)]
    stable = _shared_weight_stable(postings, weights)  # the path for more postings than merge keys number
    assert stable[0].tolist() == names.tolist() and stable[1].tolist() == shared.tolist()


def test_a_words_names_kept_as_bits_answer_as_its_posting():
    rng = np.random.default_rng(5)
    post = np.unique(rng.integers(0, 9000, 4000)).astype(np.uint32)
    names = np.unique(rng.integers(0, 9003, 3000)).astype(np.uint32)
    bits = flags_of(post, 9003)
    assert bit_member(bits, names).tolist() == _member(post, names).tolist()  # many names: bytes read in place
    assert bit_member(bits, names[:40]).tolist() == _member(post, names[:40]).tolist()  # a few
    assert bit_member(bits, names.astype(np.int64)).tolist() == _member(post, names).tolist()
    # and a shortlist reading a common word through its bits is the shortlist reading its posting
    postings = {"acme": np.unique(rng.integers(0, 9003, 3000)).astype(np.uint32), "trading": post}
    weigh = Weighing(7.0, np.full(9003, 6.0), None, 0.15)
    words, common = [("acme", 4.0)], [("trading", 2.0)]
    plain = shortlist(postings.__getitem__, words, common, weigh, 40, 0.5)
    through_bits = shortlist(postings.__getitem__, words, common, weigh, 40, 0.5,
                             lambda v: bits if v == "trading" else None)
    assert plain[0].tolist() == through_bits[0].tolist() and plain[1].tolist() == through_bits[1].tolist()
    assert len(plain[0]) == 40


def _numpy_path(monkeypatch: pytest.MonkeyPatch, *args, **kwargs):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:
        m.setattr(shortlist_module, "KERNEL", False)
        return shortlist(*args, **kwargs)


@pytest.mark.skipif(not shortlist_module.KERNEL, reason="the pass in C is not built in this install")
@pytest.mark.parametrize("seed", range(6))
def test_the_pass_in_c_answers_as_the_numpy_path(seed, monkeypatch):
    """Random postings of many sizes, looked-up words as postings and as bits, a person's query (names
    left out weigh less) or not, each posting's name weights carried alongside or read by name: the
    pass in C keeps the same names, in the same order, with the same pre-scores to the last bit."""
    rng = np.random.default_rng(seed)
    size = 20_000
    weight = rng.uniform(2.0, 30.0, size)
    persons = rng.random(size) < 0.4
    postings = {f"w{i}": np.unique(rng.integers(0, size, n)).astype(np.uint32)
                for i, n in enumerate(rng.integers(1, 6000, 12).tolist())}
    words = sorted(postings, key=lambda v: len(postings[v]))
    rare = [(v, float(rng.uniform(0.3, 9.0))) for v in words[:8]]
    common = [(v, float(rng.uniform(0.1, 2.0))) for v in words[8:]]
    bits = {v: flags_of(postings[v], size) for v in words[9::2]}
    carried = {v: (weight[p], persons[p]) for v, p in postings.items()}
    reached = 0
    for person in (None, persons):
        weigh = Weighing(float(rng.uniform(8.0, 25.0)), weight, person, 0.15)
        for floor in (0.3, 0.45, 0.6):
            for limit in (5, 40, 400):
                expect = _numpy_path(monkeypatch, postings.__getitem__, rare, common, weigh, limit, floor, bits.get)
                for along in (None, carried.__getitem__):
                    got = shortlist(postings.__getitem__, rare, common, weigh, limit, floor, bits.get, along)
                    assert got[0].tolist() == expect[0].tolist()
                    assert got[1].tolist() == expect[1].tolist()  # the same floats
                reached += len(expect[0])
    assert reached > 500  # names did reach the floors
    # arrays of other kinds (64-bit ids for the looked-up words, person flags as bytes) are read as the index's are
    wide = {v: p.astype(np.int64) if v not in dict(rare) else p for v, p in postings.items()}
    weigh = Weighing(12.0, weight, persons.astype(np.uint8), 0.15)
    assert [a.tolist() for a in shortlist(wide.__getitem__, rare, common, weigh, 40, 0.3)] == \
        [a.tolist() for a in _numpy_path(monkeypatch, postings.__getitem__, rare, common, weigh, 40, 0.3)]


@pytest.mark.skipif(not shortlist_module.KERNEL, reason="the pass in C is not built in this install")
def test_the_pass_in_c_refuses_arrays_of_the_wrong_kind():
    from behind.matching import postings as in_c

    names, dice = np.empty(10, dtype=np.uint32), np.empty(10)
    run, weight = np.arange(5, dtype=np.uint32), np.ones(10)
    args = (0.5, 1e-9, 1.0, weight, None, 0.15, 0.1, names, dice)
    assert in_c.reaching([run], None, [1.0], [], *args) == 5
    with pytest.raises(TypeError, match="reaching run: expected items of format 'I'"):
        in_c.reaching([run.astype(np.int64)], None, [1.0], [], *args)
    with pytest.raises(ValueError, match="one weight per run"):
        in_c.reaching([run], None, [1.0, 2.0], [], *args)
    with pytest.raises(ValueError, match="run 0: its name weights and person flags are as many as its names"):
        in_c.reaching([run], [(np.ones(4), np.zeros(5, dtype=bool))], [1.0], [], *args)
    with pytest.raises(TypeError, match="run 0: carried is"):
        in_c.reaching([run], [np.ones(5)], [1.0], [], *args)
    with pytest.raises(TypeError, match="person flags: expected items of format '\\?'"):
        in_c.reaching([run], [(np.ones(5), np.zeros(5, dtype=np.uint8))], [1.0], [], *args)
    with pytest.raises(ValueError, match="shorter than the runs"):
        in_c.reaching([run, run + 5, run + 10], None, [1.0, 1.0, 1.0], [], *args)
    with pytest.raises(TypeError, match="word 0: each word is"):
        in_c.reaching([run], None, [1.0], [(None, None)], *args)
    with pytest.raises(TypeError, match="word 1: a posting or bits, one of the two"):
        in_c.reaching([run], None, [1.0], [(run, None, 1.0), (None, None, 1.0)], *args)
