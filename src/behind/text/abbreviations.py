"""Canonical words: each spelling of a word (``INTL``, ``TECHNOLOGIES``) mapped to one form
(``international``, ``technology``), from ``abbreviations.yaml``."""

from __future__ import annotations

from functools import lru_cache

from behind import resources
from behind.text.fold import normalize_name


@lru_cache(maxsize=1)
def canonical_words() -> dict[str, str]:
    """variant -> canonical word, from ``abbreviations.yaml``."""
    out: dict[str, str] = {}
    for canonical, variants in resources.load("abbreviations").items():
        for v in variants:
            out[normalize_name(str(v))] = canonical
        out[canonical] = canonical
    return out


__all__ = ["canonical_words"]
