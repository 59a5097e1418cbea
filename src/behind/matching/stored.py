"""The record tables of a match index mapped from files, and the key that names its folder.

Besides the name tables (:class:`~behind.matching.index.NameIndex`), an index keeps per listed name
the name as written (``labels``), per record its schema and its row in the store (the records
themselves stay in the store: :class:`~behind.store.rows.EntityRows` reads a hit's record when it
is found), the records each identifier names, and the links between records of one real entity on
several lists (:func:`~behind.matching.linking.link_entities`). :func:`record_arrays` turns them
into arrays for :mod:`behind.matching.index_files`; :class:`RecordTables` reads them back, each
table answering as the dict or list it was built from.

:func:`index_folder_key` names the folder: the sha256 of the active list versions (list, version
id, content sha256), the matching settings, the index format and a fingerprint of the code and
resources that make tokens and weights, so an index is never read by a process that would build
another one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from behind.matching.compact import Array, KeyTable, Ragged, Strings
from behind.matching.index import Rows
from behind.matching.index_files import index_key
from behind.model.matching import MatchingConfig

_PACKAGE = Path(__file__).resolve().parents[1]
#: what an index depends on besides the lists and settings: the code, and the word tables the
#: affiliate measure reads
_CODE = ("matching", "text", "resources", "model/matching.py", "model/entity.py",
         "data/reference/company_tokens.tsv", "data/reference/ordinary_words.tsv")
_SEP = "\x1f"
#: what a build makes of the code (a compiled module answers as its source: the same key)
_BUILT = frozenset({".so", ".pyd", ".c", ".o"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    h = hashlib.sha256()
    for part in _CODE:
        path = _PACKAGE / part
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in _BUILT) \
            if path.is_dir() else [path]
        for f in files:
            h.update(f.relative_to(_PACKAGE).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def index_folder_key(versions: Sequence[tuple[str, int, str]], config: MatchingConfig) -> str:
    """The key of the index over ``versions`` (list, version id, sha256) matched with ``config``."""
    return index_key({"versions": sorted(versions), "config": config.model_dump(mode="json"),
                      "code": code_fingerprint()})


class IdTable:
    """(scheme, normalised value) -> the records carrying that identifier, in record order."""

    def __init__(self, keys: KeyTable, rows: Ragged) -> None:
        self.keys, self.rows = keys, rows

    def get(self, key: tuple[str, str], default: Sequence[int] = ()) -> Sequence[int]:
        kid = self.keys.find(key[0] + _SEP + key[1])
        return default if kid < 0 else self.rows.row(kid).tolist()


class LinkMap(Mapping[int, list[tuple[int, str]]]):
    """Record -> the records of the same entity on other lists and why, as
    :func:`~behind.matching.linking.link_entities` made it (same order)."""

    def __init__(self, keys: Array, position: Array, others: Ragged, reasons: Ragged, names: list[str]) -> None:
        self._keys, self._position, self._others, self._reasons, self._names = keys, position, others, reasons, names

    def __getitem__(self, idx: int) -> list[tuple[int, str]]:
        pos = int(self._position[idx]) if 0 <= idx < len(self._position) else -1
        if pos < 0:
            raise KeyError(idx)
        return [(o, self._names[r]) for o, r in zip(self._others.row(pos).tolist(), self._reasons.row(pos).tolist())]

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys.tolist())

    def __len__(self) -> int:
        return len(self._keys)


class Codes:
    """Record -> its schema, stored as a small code per record."""

    def __init__(self, codes: Array, names: list[str]) -> None:
        self._codes, self._names = codes, names

    def __getitem__(self, i: int) -> str:
        code: int = self._codes.item(i)  # item(): a Python int without a numpy scalar between
        return self._names[code]

    def __len__(self) -> int:
        return len(self._codes)


@dataclass
class RecordTables:
    labels: Strings
    ids: IdTable
    links: LinkMap
    schemas: Codes
    rowids: Array

    @classmethod
    def load(cls, arrays: dict[str, Array], meta: dict[str, Any]) -> RecordTables:
        links = LinkMap(arrays["link_keys"], arrays["link_pos"], Ragged.load(arrays, "link_other"),
                        Ragged.load(arrays, "link_reason"), list(meta["link_reasons"]))
        return cls(Strings.load(arrays, "labels"), IdTable(KeyTable.load(arrays, "ids_key"), Ragged.load(arrays, "ids_row")),
                   links, Codes(arrays["schemas"], list(meta["schemas"])), arrays["rowids"])


def record_arrays(labels: Sequence[str], ids: dict[tuple[str, str], list[int]],
                  links: Mapping[int, list[tuple[int, str]]], schemas: Rows[str],
                  rowids: Sequence[int]) -> tuple[dict[str, Array], dict[str, Any]]:
    """The record tables of a freshly built index as arrays (see :class:`RecordTables`)."""
    schema_names = sorted({schemas[i] for i in range(len(schemas))})
    reasons = sorted({r for linked in links.values() for _, r in linked})
    keys = list(links)
    position = np.full(len(schemas), -1, dtype=np.int32)
    position[keys] = np.arange(len(keys), dtype=np.int32)
    code = {s: i for i, s in enumerate(schema_names)}
    why = {r: i for i, r in enumerate(reasons)}
    arrays: dict[str, Array] = {
        **Strings.build(labels).arrays("labels"),
        **KeyTable.build([s + _SEP + v for s, v in ids]).arrays("ids_key"),
        **Ragged.build(list(ids.values())).arrays("ids_row"),
        "link_keys": np.array(keys, dtype=np.int64), "link_pos": position,
        **Ragged.build([[o for o, _ in links[k]] for k in keys]).arrays("link_other"),
        **Ragged.build([[why[r] for _, r in links[k]] for k in keys], dtype=np.uint16).arrays("link_reason"),
        "schemas": np.array([code[schemas[i]] for i in range(len(schemas))], dtype=np.uint8),
        "rowids": np.array(rowids, dtype=np.int64)}
    return arrays, {"schemas": schema_names, "link_reasons": reasons, "records": len(schemas)}


__all__ = ["Codes", "IdTable", "LinkMap", "RecordTables", "code_fingerprint", "index_folder_key", "record_arrays"]
