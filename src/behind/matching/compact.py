"""Compact, read-only tables of the match index: plain numpy arrays that map from files.

Every table is a few flat arrays (never Python objects), so an index written to ``.npy`` files
loads by mapping them into memory (see :mod:`behind.matching.index_files`):

- :class:`Ragged`: row ``i`` of a list of integer lists (postings, a name's tokens), as offsets
  into one flat array.
- :class:`Strings`: string ``i`` of a list, as UTF-8 bytes in one blob and their offsets; decoded
  only when asked.
- :class:`KeyTable`: the id of a string key (a typo neighbourhood key, an identifier), looked up
  through the keys' CRC-32 sorted in one array and checked against the key itself, so a hash that
  two keys share never confuses them (a table of up to :data:`DICT_KEYS` keys is read into a dict
  once it has answered :data:`DICT_AFTER` keys: the same answers, faster).
- :class:`WordLists`: a string key -> the vocabulary words filed under it (a :class:`KeyTable`
  and a :class:`Ragged` of word ids).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.generic]


def offsets_of(lengths: Iterable[int], count: int) -> npt.NDArray[np.int64]:
    out = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.fromiter(lengths, dtype=np.int64, count=count), out=out[1:])
    return out


class Ragged:
    """Rows of integers stored as ``offsets`` (n + 1) into ``values``."""

    def __init__(self, offsets: Array, values: Array) -> None:
        self.offsets = offsets
        self.values = values

    @classmethod
    def build(cls, rows: Sequence[Sequence[int]], dtype: type[np.generic] = np.uint32) -> Ragged:
        offsets = offsets_of(map(len, rows), len(rows))
        values = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(offsets[-1]))
        return cls(offsets, values)

    def row(self, i: int) -> Array:
        offsets = self.offsets  # item(): a Python int, without a numpy scalar or a list between
        return self.values[offsets.item(i):offsets.item(i + 1)]

    def size(self, i: int) -> int:
        return int(self.offsets.item(i + 1) - self.offsets.item(i))

    def rows(self, ids: Sequence[int]) -> list[list[int]]:
        """Rows ``ids``, as lists, read with a few array operations for all of them (not a slice each)."""
        if len(ids) < 2:
            return [self.row(i).tolist() for i in ids]
        at = np.asarray(ids, dtype=np.intp)
        offsets: npt.NDArray[np.int64] = np.asarray(self.offsets, dtype=np.int64)
        starts, ends = offsets[at], offsets[at + 1]
        lengths = ends - starts
        bounds = np.cumsum(lengths)
        flat = np.arange(int(bounds[-1])) + np.repeat(starts - (bounds - lengths), lengths)
        values: list[int] = self.values[flat].tolist()
        cuts = [0, *bounds.tolist()]
        return [values[a:b] for a, b in zip(cuts, cuts[1:])]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def arrays(self, prefix: str) -> dict[str, Array]:
        return {f"{prefix}_off": self.offsets, f"{prefix}_val": self.values}

    @classmethod
    def load(cls, arrays: dict[str, Array], prefix: str) -> Ragged:
        return cls(arrays[f"{prefix}_off"], arrays[f"{prefix}_val"])


class Strings:
    """Strings stored as one UTF-8 blob and offsets; ``strings[i]`` decodes one."""

    def __init__(self, blob: Array, offsets: Array) -> None:
        self.blob = blob
        self.offsets = offsets

    @classmethod
    def build(cls, strings: Sequence[str]) -> Strings:
        return cls.of_bytes([s.encode("utf-8", "surrogatepass") for s in strings])

    @classmethod
    def of_bytes(cls, encoded: Sequence[bytes]) -> Strings:
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(),
                   offsets_of(map(len, encoded), len(encoded)))

    def raw(self, i: int) -> bytes:
        offsets = self.offsets
        return self.blob[offsets.item(i):offsets.item(i + 1)].tobytes()

    def __getitem__(self, i: int) -> str:
        return self.raw(i).decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def all(self) -> list[str]:
        """Every string, decoded at once (for a vocabulary read whole at load)."""
        text = self.blob.tobytes()
        starts = self.offsets.tolist()
        return [text[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, starts[1:])]

    def arrays(self, prefix: str) -> dict[str, Array]:
        return {f"{prefix}_blob": self.blob, f"{prefix}_off": self.offsets}

    @classmethod
    def load(cls, arrays: dict[str, Array], prefix: str) -> Strings:
        return cls(arrays[f"{prefix}_blob"], arrays[f"{prefix}_off"])


#: a table of at most this many keys is read into a dict (about 0.1 s and 100 MB per million keys)
#: once it has answered :data:`DICT_AFTER` keys: faster than the hashed arrays, which serve larger tables
#: without loading them
DICT_KEYS = 2_000_000
#: the keys a table answers from its arrays before it is read into a dict: a cold ``behind search``
#: asks a few dozen, and reading the bundled lists' tables whole cost it 0.17 s
DICT_AFTER = 2_000


def _crc(key: bytes) -> int:
    return zlib.crc32(key)


class KeyTable:
    """String keys -> their position in the list they were built from (-1 for an unknown key)."""

    def __init__(self, keys: Strings, hashes: Array, order: Array) -> None:
        self.keys = keys
        self.hashes = hashes  # CRC-32 of each key, sorted
        self.order = order  # key ids in the order of ``hashes``
        self._dict: dict[str, int] | None = None
        self._asked = 0  # keys answered from the arrays

    def _make_dict(self) -> dict[str, int]:
        self._dict = {k: i for i, k in enumerate(self.keys.all())}
        return self._dict

    @classmethod
    def build(cls, keys: Sequence[str]) -> KeyTable:
        encoded = [k.encode("utf-8", "surrogatepass") for k in keys]
        strings = Strings.of_bytes(encoded)
        hashes = np.fromiter(map(_crc, encoded), dtype=np.uint32, count=len(keys))
        order = np.argsort(hashes, kind="stable").astype(np.uint32)
        return cls(strings, hashes[order], order)

    def read_all(self) -> None:
        """Read the keys into a dict now (as :data:`DICT_AFTER` answers would), e.g. before forking workers."""
        if self._dict is None and len(self.keys) <= DICT_KEYS:
            self._make_dict()

    def find_many(self, keys: Sequence[str]) -> list[int]:
        if self._dict is None and self._asked >= DICT_AFTER and len(self.keys) <= DICT_KEYS:
            self._make_dict()
        if self._dict is not None:
            found = self._dict
            return [found.get(k, -1) for k in keys]
        self._asked += len(keys)
        n = len(self.hashes)
        if not n or not keys:
            return [-1] * len(keys)
        raw = [k.encode("utf-8", "surrogatepass") for k in keys]
        wanted = np.fromiter(map(_crc, raw), dtype=np.uint32, count=len(raw))
        pos = np.searchsorted(self.hashes, wanted)
        hit = np.flatnonzero(self.hashes[np.minimum(pos, n - 1)] == wanted)
        out = [-1] * len(keys)
        for k, j in zip(hit.tolist(), pos[hit].tolist()):  # the few keys whose hash is filed: check the key
            b = raw[k]
            while j < n and int(self.hashes[j]) == int(wanted[k]):
                kid = int(self.order[j])
                if self.keys.raw(kid) == b:
                    out[k] = kid
                    break
                j += 1
        return out

    def find(self, key: str) -> int:
        return self.find_many([key])[0]

    def __len__(self) -> int:
        return len(self.keys)

    def arrays(self, prefix: str) -> dict[str, Array]:
        return {**self.keys.arrays(prefix), f"{prefix}_hash": self.hashes, f"{prefix}_order": self.order}

    @classmethod
    def load(cls, arrays: dict[str, Array], prefix: str) -> KeyTable:
        return cls(Strings.load(arrays, prefix), arrays[f"{prefix}_hash"], arrays[f"{prefix}_order"])


class WordLists:
    """A string key -> the vocabulary words filed under it, in the order they were filed."""

    def __init__(self, keys: KeyTable, rows: Ragged, words: Sequence[str]) -> None:
        self.keys = keys
        self.rows = rows
        self.words = words
        self._dict: dict[str, list[str]] | None = None
        self._asked = 0  # keys answered from the arrays

    def _table(self, asking: int) -> dict[str, list[str]] | None:
        """The whole table as a dict when it has at most :data:`DICT_KEYS` keys, made once it has answered
        :data:`DICT_AFTER` keys (None before: ``asking`` more keys are then answered from the arrays)."""
        if self._dict is None and self._asked < DICT_AFTER:
            self._asked += asking
            return None
        if self._dict is None and len(self.keys) <= DICT_KEYS:
            starts, values, words = self.rows.offsets.tolist(), self.rows.values.tolist(), self.words
            self._dict = {k: [words[w] for w in values[starts[i]:starts[i + 1]]]
                          for i, k in enumerate(self.keys.keys.all())}
        return self._dict

    def words_many(self, keys: Sequence[str]) -> list[Sequence[str]]:
        """The words under each key (none for an unknown key)."""
        table = self._table(len(keys))
        if table is not None:
            return [table.get(k, ()) for k in keys]
        return [[self.words[w] for w in row] for row in self.ids_many(keys)]

    @classmethod
    def build(cls, table: dict[str, list[int]], words: Sequence[str]) -> WordLists:
        keys = list(table)
        return cls(KeyTable.build(keys), Ragged.build([table[k] for k in keys]), words)

    def get(self, key: object, default: Sequence[str] = ()) -> Sequence[str]:
        table = self._table(1)
        if table is not None:
            return table.get(str(key), default)
        kid = self.keys.find(str(key))
        if kid < 0:
            return default
        return [self.words[w] for w in self.rows.row(kid).tolist()]

    def ids_many(self, keys: Sequence[str]) -> list[list[int]]:
        """The word ids under each key ([] for an unknown key), with one look-up for all keys."""
        return [self.rows.row(kid).tolist() if kid >= 0 else [] for kid in self.keys.find_many(keys)]

    def arrays(self, prefix: str) -> dict[str, Array]:
        return {**self.keys.arrays(f"{prefix}_key"), **self.rows.arrays(f"{prefix}_row")}

    @classmethod
    def load(cls, arrays: dict[str, Array], prefix: str, words: Sequence[str]) -> WordLists:
        return cls(KeyTable.load(arrays, f"{prefix}_key"), Ragged.load(arrays, f"{prefix}_row"), words)


__all__ = ["DICT_AFTER", "DICT_KEYS", "Array", "KeyTable", "Ragged", "Strings", "WordLists", "offsets_of"]
