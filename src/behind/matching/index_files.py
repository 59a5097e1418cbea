"""The match index on disk: one folder of ``.npy`` arrays and a small JSON description.

A folder holds the compact tables of one index (:meth:`behind.matching.index.NameIndex.arrays` and
the record tables of :mod:`behind.matching.stored`), one ``NAME.npy`` file per array, and
``index.json``: the format version, the key the folder is named by, small numbers and lists, and
the size and sha256 of every array file. Reading maps each array into memory
(``np.load(mmap_mode="r", allow_pickle=False)``): nothing in the folder is code, and nothing is
copied until a query touches it.

:func:`cached_arrays` finds the folder named by a key under a root, checks it (its key, every
file's size and sha256) and maps it; a folder that is missing is built, one that fails a check
is set aside and rebuilt. A build is written to a private temporary folder and renamed into
place, under a lock file, so of several processes starting at once one builds and the others
wait and map its folder; a reader never sees a half-written index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from behind.matching.compact import Array

#: the version of this layout; a change names every folder anew
FORMAT = 3
META = "index.json"
#: index folders kept under a root besides the one in use (older list versions)
KEEP = 2


class IndexFileError(Exception):
    """An index folder that is missing a file, or whose files do not match their description."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_arrays(folder: Path, arrays: dict[str, Array], meta: dict[str, Any]) -> None:
    """Write ``arrays`` and ``meta`` into the new folder ``folder``."""
    folder.mkdir(parents=True)
    files: dict[str, dict[str, Any]] = {}
    for name, arr in arrays.items():
        path = folder / f"{name}.npy"
        np.save(path, np.ascontiguousarray(arr), allow_pickle=False)
        files[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    (folder / META).write_text(json.dumps({**meta, "format": FORMAT, "files": files}, ensure_ascii=False),
                               encoding="utf-8")


def read_arrays(folder: Path, key: str, *, verify: bool = True) -> tuple[dict[str, Array], dict[str, Any]]:
    """The arrays of ``folder`` (mapped) and its description; :class:`IndexFileError` when the folder
    is not the index ``key`` or a file is missing, cut short or changed (``verify``: by its sha256)."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise IndexFileError(f"{folder / META}: unreadable: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key \
            or not isinstance(meta.get("files"), dict):
        raise IndexFileError(f"{folder}: not index {key[:12]} of format {FORMAT}")
    arrays: dict[str, Array] = {}
    for name, info in meta["files"].items():
        path = folder / f"{name}.npy"
        try:
            size = path.stat().st_size
            if size != info["bytes"]:
                raise IndexFileError(f"{path}: {size} bytes, expected {info['bytes']}")
            if verify and _sha256(path) != info["sha256"]:
                raise IndexFileError(f"{path}: sha256 differs from the index description")
            arr = np.load(path, mmap_mode="r", allow_pickle=False)
            # a plain array over the mapped bytes: np.memmap costs on every item read
            arr = np.load(path, allow_pickle=False) if arr.size == 0 else arr.view(np.ndarray)
        except IndexFileError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexFileError(f"{path}: unreadable: {exc}") from exc
        arrays[name] = arr
    return arrays, meta


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` between processes (where the platform has ``fcntl``)."""
    try:
        import fcntl
    except ImportError:  # no lock: the rename below still keeps readers from half-written folders
        yield
        return
    with path.open("a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _set_aside(folder: Path) -> None:
    """Move a bad folder out of the way (a process still mapping its files keeps them), then delete it."""
    trash = folder.with_name(f".trash-{folder.name}-{os.getpid()}-{os.urandom(4).hex()}")
    with contextlib.suppress(FileNotFoundError):
        folder.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)


def _prune(root: Path, keep: str) -> None:
    folders = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != keep),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP:]:
        _set_aside(old)
    for lock in root.glob("*.lock"):
        if lock.stem != keep and not (root / lock.stem).exists():
            lock.unlink(missing_ok=True)


Built = tuple[dict[str, Array], dict[str, Any]]


def cached_arrays(root: Path, key: str, build: Callable[[], Built], *,
                  verify: bool = True) -> tuple[dict[str, Array], dict[str, Any], bool]:
    """The index ``key`` mapped from ``root/key``, built with ``build`` and written there first when
    missing, stale or corrupt. Answers (arrays, meta, whether this call built it)."""
    folder = root / key
    try:
        return (*read_arrays(folder, key, verify=verify), False)
    except FileNotFoundError:
        pass
    except IndexFileError:
        pass  # checked again under the lock: another process may be replacing it
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / f"{key}.lock"):
        try:
            return (*read_arrays(folder, key, verify=verify), False)
        except FileNotFoundError:
            pass
        except IndexFileError:
            _set_aside(folder)
        arrays, meta = build()
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=root))
        try:
            write_arrays(tmp / "index", arrays, {**meta, "key": key})
            try:
                (tmp / "index").rename(folder)
            except OSError:  # another builder without a lock got there first: use its folder
                if not folder.exists():
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(root, key)
    return (*read_arrays(folder, key, verify=verify), True)


def index_key(parts: dict[str, Any]) -> str:
    """The folder name of an index: the sha256 of what it depends on (list versions, settings, code)."""
    text = json.dumps({"format": FORMAT, **parts}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["FORMAT", "IndexFileError", "cached_arrays", "index_key", "read_arrays", "write_arrays"]
