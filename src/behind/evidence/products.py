"""Recognise covered manufacturers' model numbers and brand words in product data.

The data lives in ``behind/resources/model_patterns.yaml``: one regular expression per
product family (Hikvision ``DS-2CD…``, ``DS-7…`` recorders, ``DS-K…`` access control,
``iDS-…``; EZVIZ ``CS-…`` SKUs; Dahua ``IPC-HFW…``, ``SD…-HNR``, ``NVR…-4KS2``,
``XVR…-I3``, ``HAC-…``, ``DH-``/``DHI-``; Lorex ``LNB…``/``LNE…``) and the brand words
(``Hikvision``, ``EZVIZ``, ``Dahua``, ``Lorex`` and their Chinese names). Each entry names
the manufacturer by curated entity key (``curated:hikvision``) and carries the source the
pattern was derived from (Hikvision's download-centre model list, Dahua and Hikvision
manuals, the Dahua naming guide at ek.ua, ...) and a note; families that could not be
sourced are left out of the YAML, not guessed here.

A model match is *pattern* evidence: the string has the shape of a covered manufacturer's
model number. It is not proof of origin (a reseller may quote a competitor's number), which
is why :class:`~behind.model.results.Evidence` carries level ``"pattern"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from behind import resources
from behind.model.results import Evidence
from behind.text.scripts import has_han

__all__ = ["BRANDS", "BRAND_INFO", "Brand", "ModelMatch", "ModelPattern", "match_brand", "match_model", "patterns"]

# Unicode hyphens and dashes that people paste into model numbers.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
# A hyphen with a space on exactly one side ("DS -2CD", "DS- 2CD") is a typo, not a separator.
_LOOSE_HYPHEN = re.compile(r"(?<=[A-Z0-9]) -(?=[A-Z0-9])|(?<=[A-Z0-9])- (?=[A-Z0-9])")
# Option tail shared by all families: -ABC, /8P, (2U), and letters right after a ")".
_TAIL = r"(?:[-/][A-Z0-9]+|\([A-Z0-9/.]{1,12}\)|(?<=\))[A-Z0-9]+)*"
# No letter or digit may touch a model on either side; "-2.8MM" lens sizes are not options.
_BEFORE = r"(?<![A-Z0-9])"
_AFTER = r"(?![A-Z0-9]|[.,]\d)"


@dataclass(frozen=True)
class ModelPattern:
    """One sourced model-number family from ``model_patterns.yaml``."""

    id: str
    manufacturer: str
    brand: str | None
    label: str
    family: str
    display: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    source: str
    note: str


@dataclass(frozen=True)
class ModelMatch:
    """A model number found in text, with the evidence it gives."""

    pattern_id: str
    manufacturer: str
    brand: str | None
    family: str
    evidence: Evidence
    model: str = ""


@dataclass(frozen=True)
class Brand:
    """A brand word and the curated entity it belongs to."""

    word: str
    entity: str
    source: str
    note: str


def _compile(core: str) -> re.Pattern[str]:
    return re.compile(f"{_BEFORE}(?:{core}){_TAIL}{_AFTER}")


@lru_cache(maxsize=1)
def patterns() -> tuple[ModelPattern, ...]:
    """The model patterns, in YAML order (earlier wins a tie between overlapping matches)."""
    data: dict[str, Any] = resources.load("model_patterns")
    out = []
    for p in data["patterns"]:
        out.append(
            ModelPattern(
                id=p["id"],
                manufacturer=p["manufacturer"],
                brand=p.get("brand"),
                label=p["label"],
                family=p["family"],
                display=p["display"],
                regex=_compile(p["regex"]),
                examples=tuple(p.get("examples", ())),
                source=p["source"],
                note=" ".join(str(p["note"]).split()),
            )
        )
    return tuple(out)


def _load_brands() -> dict[str, Brand]:
    data: dict[str, Any] = resources.load("model_patterns")
    return {
        b["word"]: Brand(b["word"], b["entity"], b["source"], " ".join(str(b["note"]).split()))
        for b in data["brands"]
    }


BRAND_INFO: dict[str, Brand] = _load_brands()
"""Brand word -> :class:`Brand` (entity key, source, note)."""

BRANDS: dict[str, str] = {word: b.entity for word, b in BRAND_INFO.items()}
"""Brand word -> curated entity key, e.g. ``"EZVIZ" -> "curated:ezviz"``."""


def _normalise(text: str) -> str:
    text = _DASHES.sub("-", text.upper())
    return _LOOSE_HYPHEN.sub("-", text)


def match_model(text: str) -> list[ModelMatch]:
    """Find covered manufacturers' model numbers in ``text`` (a model field or free text).

    Case, unicode dashes and stray spaces around hyphens are normalised; overlapping matches
    are resolved in favour of the longest, then the pattern listed first in the YAML. The
    returned ``model`` is the normalised model number as found.
    """
    if not text:
        return []
    norm = _normalise(text)
    found: list[tuple[int, int, int, ModelPattern, str]] = []
    for order, pat in enumerate(patterns()):
        for m in pat.regex.finditer(norm):
            found.append((m.start(), -(m.end() - m.start()), order, pat, m.group(0)))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    out: list[ModelMatch] = []
    end = -1
    for start, neg_len, _order, pat, raw in found:
        if start < end:
            continue
        end = start - neg_len
        model = re.sub(r"\s+", "-", raw)
        ev = Evidence(
            kind="model_pattern",
            level="pattern",
            detail=f"{model} matches {pat.label} model pattern {pat.display}",
            entity=pat.manufacturer,
            source=pat.source,
        )
        out.append(ModelMatch(pat.id, pat.manufacturer, pat.brand, pat.family, ev, model))
    return out


@lru_cache(maxsize=1)
def _brand_regexes() -> tuple[tuple[Brand, re.Pattern[str]], ...]:
    out = []
    for brand in BRAND_INFO.values():
        word = re.escape(brand.word)
        # Han script has no word boundaries; Latin words must stand alone.
        rx = word if has_han(brand.word) else rf"(?<![^\W_]){word}(?![^\W_])"
        out.append((brand, re.compile(rx, re.IGNORECASE)))
    return tuple(out)


def match_brand(text: str) -> list[Evidence]:
    """Brand words of covered manufacturers in ``text`` (whole words, case-insensitive)."""
    if not text:
        return []
    out: list[Evidence] = []
    for brand, rx in _brand_regexes():
        m = rx.search(text)
        if m is None:
            continue
        out.append(
            Evidence(
                kind="brand",
                level="brand relation",
                detail=f"brand word {m.group(0)!r}: {brand.note}",
                entity=brand.entity,
                source=brand.source,
            )
        )
    return out
