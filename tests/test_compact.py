"""The compact key tables answer the same before and after they are read into dicts.

A table answers its first :data:`~behind.matching.compact.DICT_AFTER` keys from its arrays (a
cold ``behind search`` asks a few dozen) and then from a dict made of the whole table; a key
answered differently by the two ways would make a batch run match differently from a search.
"""

from __future__ import annotations

import random

from behind.matching.compact import DICT_AFTER, KeyTable, Ragged, WordLists


def _keys(n: int) -> list[str]:
    rng = random.Random(7)
    out = {"".join(rng.choice("abcdeéfghĳ华为") for _ in range(rng.randint(1, 9))) for _ in range(n)}
    return sorted(out)


def test_key_table_answers_the_same_from_arrays_and_from_its_dict() -> None:
    keys = _keys(3 * DICT_AFTER)
    table = KeyTable.build(keys)
    wanted = {k: i for i, k in enumerate(keys)}
    asked = [*keys, "missing", "", "华为x"] * 2  # past DICT_AFTER: the later batches come from the dict
    for start in range(0, len(asked), 97):
        batch = asked[start:start + 97]
        assert table.find_many(batch) == [wanted.get(k, -1) for k in batch]


def test_word_lists_answer_the_same_from_arrays_and_from_their_dict() -> None:
    keys = _keys(3 * DICT_AFTER)
    words = [f"w{i}" for i in range(50)]
    filed = {k: [(i * 7 + j) % 50 for j in range(i % 4)] for i, k in enumerate(keys)}
    lists = WordLists.build(filed, words)
    for round_ in range(3):
        for start in range(0, len(keys), 101):
            batch = [*keys[start:start + 101], "missing"]
            assert [list(w) for w in lists.words_many(batch)] == [[words[i] for i in filed.get(k, [])]
                                                                   for k in batch], round_
        assert list(lists.get(keys[round_])) == [words[i] for i in filed[keys[round_]]]
        assert list(lists.get("missing", ("none",))) == ["none"]


def test_many_rows_read_at_once_are_the_rows_read_one_by_one():
    rows = Ragged.build([[3, 1], [], [7], [2, 2, 9], [5]])
    for ids in ([0, 3, 4], [1, 1], [4, 0], [2], [3, 1, 0, 2]):
        assert rows.rows(ids) == [rows.row(i).tolist() for i in ids]
