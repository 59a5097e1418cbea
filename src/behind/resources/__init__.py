"""Reference data shipped as YAML in ``behind/resources`` and loaded once.

Each file is sourced and commented where it lies; the code only reads it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: libyaml's parser when PyYAML was built with it (about ten times faster; the same safe
#: constructor, so the same data), else the pure-Python one
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """Parse ``behind/resources/<name>.yaml``."""
    text = (resources.files("behind") / "resources" / f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """The lines of ``behind/resources/<name>.txt`` that are neither blank nor comments (``#``)."""
    text = (resources.files("behind") / "resources" / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


__all__ = ["load", "load_lines"]
