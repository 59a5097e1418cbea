"""A listed name's words, surface words and weights, decoded from the index's arrays on demand.

The match index keeps each name as a row of word ids (:class:`~behind.matching.compact.Ragged`);
a query reads the rows of its shortlist, so the rows a process meets again and again are kept decoded
(at most :data:`ROW_CACHE` per table), and a shortlist's rows are read together
(:meth:`~behind.matching.compact.Ragged.rows`: a few array operations for all of them).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from behind.matching.compact import Ragged

T = TypeVar("T")

#: rows kept decoded per table (the names a process meets again and again), and query words' typo neighbours kept
ROW_CACHE = 200_000


class DecodedRows(Generic[T]):
    """Row ``i`` of ``rows`` with each id read through ``table`` (a name's words, or their weights), kept
    decoded for the first :data:`ROW_CACHE` rows asked."""

    def __init__(self, rows: Ragged, table: list[T]) -> None:
        self._rows, self._table = rows, table
        self._cache: dict[int, tuple[T, ...]] = {}

    def __getitem__(self, i: int) -> tuple[T, ...]:
        found = self._cache.get(i)
        if found is None:
            table = self._table
            found = tuple([table[w] for w in self._rows.row(i).tolist()])
            if len(self._cache) < ROW_CACHE:
                self._cache[i] = found
        return found

    def __len__(self) -> int:
        return len(self._rows)


#: a listed name's canonical words, surface words and the weights of its canonical words
NameRow = tuple[tuple[str, ...], tuple[str, ...], tuple[float, ...]]


class NameRows:
    """:class:`NameRow` of many names at once (the shortlist's), read together from the arrays."""

    def __init__(self, tokens: Ragged, surface: Ragged, words: list[str], idfs: list[float]) -> None:
        self._tokens, self._surface, self._words, self._idfs = tokens, surface, words, idfs
        self._cache: dict[int, NameRow] = {}

    def many(self, ids: list[int]) -> list[NameRow]:
        cache = self._cache
        missing = [i for i in ids if i not in cache]
        if not missing:
            return [cache[i] for i in ids]
        words, idfs = self._words, self._idfs
        fresh: dict[int, NameRow] = {}
        for i, toks, surface in zip(missing, self._tokens.rows(missing), self._surface.rows(missing)):
            fresh[i] = (tuple([words[w] for w in toks]), tuple([words[w] for w in surface]),
                        tuple([idfs[w] for w in toks]))
        for i, row in fresh.items():
            if len(cache) >= ROW_CACHE:
                break
            cache[i] = row
        return [fresh[i] if i in fresh else cache[i] for i in ids]


__all__ = ["DecodedRows", "NameRow", "NameRows", "ROW_CACHE"]
