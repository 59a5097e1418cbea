"""Which of Behind's modules run compiled, and whether any compiled build is older than its source.

An install compiles the matcher's hottest modules with mypyc where it can (``setup.py``): the
interpreter then imports ``score.cpython-311-x86_64-linux-gnu.so`` instead of ``score.py``. A
compiled module does the same work as its source, in the same order, faster; but after an edit
to the source it must be built again (``pip install -e .``): until then every module is imported
from its source (``behind/__init__.py`` checks at start), and :func:`stale` names the old builds.
``BEHIND_PURE_PYTHON=1`` makes a process import the sources too, and leave out the one module
written in C (``postings.c``, whose callers have a numpy path). ``python -m behind.matching.compiled``
prints the state.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def builds() -> dict[str, Path]:
    """Module name -> its compiled build, for every module of the package that has one."""
    suffixes = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-....so" before ".so"
    out: dict[str, Path] = {}
    for path in _PACKAGE.rglob("*"):
        suffix = next((s for s in suffixes if path.name.endswith(s)), None)
        if suffix is not None and path.is_file():
            out[".".join(path.relative_to(_PACKAGE.parent).with_name(path.name[: -len(suffix)]).parts)] = path
    return dict(sorted(out.items()))


def in_use() -> list[str]:
    """The modules this process runs from a compiled build (those imported so far)."""
    return [name for name, path in builds().items()
            if getattr(sys.modules.get(name), "__file__", None) == str(path)]


def stale() -> list[str]:
    """Compiled modules whose source changed after they were built (build again: ``pip install -e .``)."""
    out = []
    for name, path in builds().items():
        for suffix in (".py", ".c"):  # a module of ordinary Python, or one written in C
            source = path.with_name(name.rpartition(".")[2] + suffix)
            if source.exists() and source.stat().st_mtime > path.stat().st_mtime:
                out.append(name)
    return out


def describe() -> str:
    """One line: compiled or pure Python, and how many modules."""
    found = builds()
    if os.environ.get("BEHIND_PURE_PYTHON", "") not in ("", "0"):
        return f"pure Python (BEHIND_PURE_PYTHON set; {len(found)} compiled modules not used)"
    if not found:
        return "pure Python (no compiled modules: mypyc or a C compiler was missing at install)"
    old = stale()
    if old:
        return f"pure Python (compiled modules older than their sources, build again: {', '.join(old)})"
    return f"compiled: {len(found)} modules"


if __name__ == "__main__":
    print(describe())
    for name, path in builds().items():
        print(f"  {name}: {path.name}")


__all__ = ["builds", "describe", "in_use", "stale"]
