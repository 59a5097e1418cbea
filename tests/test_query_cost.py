"""A query's cost is bounded and grows with its length, not with its square (issue 9, item 6).

``behind search`` with a 100,000-character word took 29.7 s and about 10 GB: the typo
neighbourhood made every one-letter deletion of the word (100,000 strings of 100,000 letters).
Query names are now cut at ``max_query_length`` characters and words longer than
``max_fuzzy_length`` are looked up exactly only.

A query also reads in proportion to its shortlist, not to the size of the lists (issue 15): at a
million listed names, one conversion of a whole per-name array on each query (the owners and person
flags of every name, where only the shortlist's few were needed) halved the queries per second
(``bench/scale.py``: about 600 against 1,400). That test watches the memory a look-up allocates
(numpy reports its buffers to ``tracemalloc``), which such a conversion multiplies, rather than its time."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from behind.matching.index import NameIndex
from behind.matching.match import Query
from behind.model.matching import MatchingConfig


@pytest.mark.parametrize("query", [
    "a" * 100_000,                      # one long word
    "Hikvision" + "x" * 100_000,        # a listed name with a long tail
    " ".join(["hikvision"] * 20_000),   # many words
    "海" * 50_000,                      # Han script
    "محمد" * 20_000,                    # Arabic
])
def test_a_long_query_is_cut_before_it_is_matched(index, query):
    """What reaches the matcher is at most ``max_query_length`` characters, whatever the user sent
    (the time and memory this keeps bounded are measured, not asserted here)."""
    for schema in (None, "Person"):
        names = index.query_names(Query(name=query, schema=schema))
        assert names and all(len(n) <= index.config.max_query_length for n in names)
        assert isinstance(index.search(Query(name=query, schema=schema)), list)


def test_long_words_have_no_typo_neighbourhood():
    names = NameIndex(MatchingConfig(max_fuzzy_length=12))
    names.add(0, ("hikvision",))
    names.add(1, ("abcdefghijklmnopqrstuvwxyz",))
    names.finish()
    assert names.similar_tokens("hikvisoin") == [("hikvision", pytest.approx(0.889, abs=0.001))]
    assert names.similar_tokens("abcdefghijklmnopqrstuvwxyz") == [("abcdefghijklmnopqrstuvwxyz", 1.0)]
    assert names.similar_tokens("abcdefghijklmnopqrstuvwxy") == []  # one edit, but too long to look for


def test_the_query_is_cut_at_max_query_length(index):
    cut = index.query_names(Query(name="x" * 10_000))
    assert len(cut[0]) == index.config.max_query_length


NAMES = 1_000_000


def _peak(call):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        out = call()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_shortlists_owners_and_person_flags_are_read_for_its_names_only() -> None:
    index = NameIndex()
    owners = (np.arange(NAMES, dtype=np.uint32) // 3).astype(np.uint32)
    persons = (np.arange(NAMES) % 5 == 0).astype(np.uint8)
    index._views(owners, persons)
    wanted = [5, 7, 999_999, 10]
    (found, flags), peak = _peak(lambda: index.owners_and_persons(wanted))
    assert found == [1, 2, 333_333, 3] and flags == [1, 0, 0, 1]
    assert all(type(x) is int for x in found + flags)  # Python ints, not numpy scalars
    assert peak < 64 * 1024, f"{peak:,} bytes allocated to read four names' owners"
    (every, _), _ = _peak(lambda: index.owners_and_persons())
    assert len(every) == NAMES and every[999_999] == 333_333
