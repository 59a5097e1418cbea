"""A query reads in proportion to its shortlist, not to the size of the lists (issue 15).

At a million listed names, one conversion of a whole per-name array on each query (the owners and
person flags of every name, where only the shortlist's few were needed) halved the queries per second
(``bench/scale.py``: about 600 against 1,400). These tests watch the memory a look-up allocates
(numpy reports its buffers to ``tracemalloc``), which such a conversion multiplies, rather than
its time.
"""

from __future__ import annotations

import tracemalloc

import numpy as np

from behind.matching.index import NameIndex

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
