"""Capability flags: product lines whose maker advertised ethnic-minority ("Uyghur") detection.

The data lives in ``behind/resources/capability_flags.yaml``: one entry per documented case
(Hikvision ``DS-2CD7A2XYZ-JM/RX``, Dahua "Heart of City" and four 2022 camera models, the Megvii
Dynamic Face Recognition system and Huawei Video Cloud Solution of the 2018 "Uyghur alarm" test
report, Alibaba Cloud Shield), each with the product names or model numbers its source gives,
the capability, the date and the sources (url, title, verbatim quote). Only what a source names
is flagged: a vendor's other products, and generic words such as "face recognition camera",
are not.

A flag is evidence about a *product*, for a buyer. It never identifies, profiles or tracks
anyone. Its kind is ``"capability"`` and its level ``"sourced capability"``; the entity, where
the maker has a curated one, is the maker's key, so a row alerts only by that entity's status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from behind import resources
from behind.model.results import Evidence, SourceRef

__all__ = ["CapabilityFlag", "flags", "match_capabilities"]

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
# A hyphen with a space on one or both sides ("DH-CP835-AU1F- LZF2070") is a typo, not a break.
_LOOSE_HYPHEN = re.compile(r"(?<=[A-Z0-9])\s*-\s*(?=[A-Z0-9])")
_BEFORE = r"(?<![A-Z0-9])"
# Nor an option tail: "IPC-HF8249F-FD-ZZ" is another SKU, which no source names.
_AFTER = r"(?![A-Z0-9]|[-/][A-Z0-9])"


@dataclass(frozen=True)
class CapabilityFlag:
    """One sourced case from ``capability_flags.yaml``."""

    id: str
    vendor: str
    entity: str | None
    products: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    capability: str
    date: str
    sources: tuple[SourceRef, ...]


@lru_cache(maxsize=1)
def flags() -> tuple[CapabilityFlag, ...]:
    """The capability flags, in YAML order."""
    data: dict[str, Any] = resources.load("capability_flags")
    out = []
    for f in data["flags"]:
        out.append(
            CapabilityFlag(
                id=f["id"],
                vendor=f["vendor"],
                entity=f.get("entity"),
                products=tuple(f["products"]),
                patterns=tuple(re.compile(f"{_BEFORE}(?:{p}){_AFTER}", re.IGNORECASE) for p in f["patterns"]),
                capability=" ".join(str(f["capability"]).split()),
                date=str(f["date"]),
                sources=tuple(
                    SourceRef(url=s["url"], title=s["title"], quote=" ".join(str(s["quote"]).split()))
                    for s in f["sources"]
                ),
            )
        )
    return tuple(out)


def _normalise(text: str) -> str:
    return _LOOSE_HYPHEN.sub("-", _DASHES.sub("-", text.upper()))


def match_capabilities(text: str) -> list[Evidence]:
    """Sourced capability flags for the product lines named in ``text`` (one per flag found)."""
    if not text:
        return []
    norm = _normalise(text)
    out: list[Evidence] = []
    for flag in flags():
        m = next((m for rx in flag.patterns if (m := rx.search(norm))), None)
        if m is None:
            continue
        src = flag.sources[0]
        found = m.group(0)
        # A model number is shown as found (normalised); a product name as the source spells it.
        product = flag.products[0] if re.search(r"\s", found) else found
        out.append(
            Evidence(
                kind="capability",
                level="sourced capability",
                detail=(f"{product} is a product line its maker advertised with {flag.capability} "
                        f"({src.title}, {flag.date})"),
                entity=flag.entity,
                source=src.url,
            )
        )
    return out
