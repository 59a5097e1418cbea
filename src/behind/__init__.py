"""Behind: what stands behind a vendor, brand, holding or research partner."""

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType


class _SourcesFirst(importlib.abc.MetaPathFinder):
    """``BEHIND_PURE_PYTHON=1``, or a compiled build older than its source: every module of the package
    is imported from its source, never from a compiled build (see :mod:`behind.matching.compiled`)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith("behind.") or not path:
            return None
        leaf = fullname.rpartition(".")[2]
        for entry in path:
            source = os.path.join(entry, leaf + ".py")
            if os.path.isfile(source):
                return importlib.util.spec_from_file_location(fullname, source)
        for entry in path:  # a build with no Python source (written in C): not imported, its callers have a Python path
            if any(os.path.isfile(os.path.join(entry, leaf + s)) for s in importlib.machinery.EXTENSION_SUFFIXES):
                return importlib.machinery.ModuleSpec(fullname, _NotUsed())
        return None


class _NotUsed(importlib.abc.Loader):
    """Refuses to load a module written in C only while the sources answer."""

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        raise ImportError(f"{spec.name}: compiled modules are not used in this process")

    def exec_module(self, module: ModuleType) -> None:
        raise ImportError(f"{module.__name__}: compiled modules are not used in this process")


def _stale_build() -> bool:
    """Whether a compiled module is older than its source (edited since the last ``pip install -e .``):
    then the sources answer, not the old builds."""
    here = os.path.dirname(os.path.abspath(__file__))
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for folder in ("matching", "text"):
        try:
            entries = list(os.scandir(os.path.join(here, folder)))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(suffixes):
                stem = os.path.join(here, folder, entry.name.split(".", 1)[0])
                for source in (stem + ".py", stem + ".c"):
                    if os.path.exists(source) and os.path.getmtime(source) > entry.stat().st_mtime:
                        return True
    return False


if os.environ.get("BEHIND_PURE_PYTHON", "") not in ("", "0") or _stale_build():
    sys.meta_path.insert(0, _SourcesFirst())

from behind.errors import BehindError, HostileInputError, InputError, SourceError, StoreError
from behind.model.entity import Address, Alias, Entity, Identifier, Link

__version__ = "0.1.0"

__all__ = [
    "Address",
    "Alias",
    "BehindError",
    "Entity",
    "HostileInputError",
    "Identifier",
    "InputError",
    "Link",
    "SourceError",
    "StoreError",
    "__version__",
]
