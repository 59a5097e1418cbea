"""A listed name's words, surface words and weights, decoded from the index's arrays on demand.

The match index keeps each name as a row of word ids (:class:`~behind.matching.compact.Ragged`);
a query reads the rows of its shortlist, so the rows a process meets again and again are kept decoded
(at most :data:`ROW_CACHE` per table), and a shortlist's rows are read together
(:meth:`~behind.matching.compact.Ragged.rows`: a few array operations for all of them).
"""

from __future__ import annotations

from behind.matching.compact import Ragged

#: rows kept decoded per table (the names a process meets again and again), and query words' typo neighbours kept
ROW_CACHE = 200_000


class TokenRows:
    def __init__(self, rows: Ragged, words: list[str]) -> None:
        self._rows, self._words = rows, words
        self._cache: dict[int, tuple[str, ...]] = {}

    def __getitem__(self, i: int) -> tuple[str, ...]:
        found = self._cache.get(i)
        if found is None:
            words = self._words
            found = tuple([words[w] for w in self._rows.row(i).tolist()])
            if len(self._cache) < ROW_CACHE:
                self._cache[i] = found
        return found

    def __len__(self) -> int:
        return len(self._rows)


class WeightRows:
    def __init__(self, rows: Ragged, idfs: list[float]) -> None:
        self._rows, self._idfs = rows, idfs
        self._cache: dict[int, tuple[float, ...]] = {}

    def __getitem__(self, i: int) -> tuple[float, ...]:
        found = self._cache.get(i)
        if found is None:
            idfs = self._idfs
            found = tuple([idfs[w] for w in self._rows.row(i).tolist()])
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


__all__ = ["NameRow", "ROW_CACHE", "TokenRows", "WeightRows", "NameRows"]
