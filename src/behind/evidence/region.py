"""The Xinjiang nexus (UFLPA) as evidence: from a USCC's registration division, and from an address.

* **Registry**: a valid USCC's characters 3-8 are the GB/T 2260 division of the authority that
  registered the entity (:mod:`behind.text.uscc`); a code starting with ``65`` is Xinjiang,
  named through the bundled division table (:mod:`behind.text.divisions`): "registered in
  Aksu City, Aksu Prefecture, Xinjiang (652901)". An invalid USCC is an input error
  (:class:`~behind.errors.InputError`, ``field="uscc"``, with the row when given).
* **Address**: an address naming the region, a prefecture or city, or an XPCC division or
  city, in Chinese, pinyin or English (:mod:`behind.text.places`, with the sourced gazetteer
  ``behind/resources/xinjiang_gazetteer.yaml``): "address names Kashgar (Kashi), Xinjiang".
  Streets named after Xinjiang elsewhere (新疆路, Xinjiang Road in Qingdao), business names
  (Urumqi Noodle House, Brooklyn NY) and ambiguous names without context (Aksu, Turkey) are
  no nexus. A company name alone is never read: this module takes an address.

Evidence kind ``region``; level ``registry`` or ``address``; entity None; source: the division
table's source for a USCC, the gazetteer entry's source for an address.
"""

from __future__ import annotations

from functools import lru_cache

from behind.model.results import Evidence
from behind.text.divisions import nearest_division
from behind.text.places import Mention, fold_words, read_address
from behind.text.uscc import parse_uscc

__all__ = ["KIND", "XINJIANG", "address_evidence", "uscc_evidence", "xinjiang_nexus"]

KIND = "region"
#: GB/T 2260 province code of the Xinjiang Uyghur Autonomous Region
XINJIANG = "65"


def uscc_evidence(uscc: str, *, row: int | None = None, file: str | None = None) -> Evidence | None:
    """Evidence that the entity a USCC names was registered in Xinjiang; None when it was not.
    Raises :class:`~behind.errors.InputError` (``field="uscc"``) for an invalid code."""
    code = parse_uscc(uscc, row=row, file=file)
    if code.province_code != XINJIANG:
        return None
    division = nearest_division(code.division_code)
    if division is None:  # the table always holds 650000; kept for a table without it
        return Evidence(kind=KIND, level="registry", detail=f"registered in Xinjiang ({code.division_code})")
    note = ""
    if division.code != code.division_code:
        note = ", a code the division table does not hold"
    elif not division.current:
        note = ", a former code"
    return Evidence(kind=KIND, level="registry",
                    detail=f"registered in {division.label} ({code.division_code}{note})",
                    source=division.source)


def _within(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return any(name[i:i + len(words)] == words for i in range(len(name) - len(words) + 1))


def _detail(mention: Mention) -> str:
    place = mention.place
    assert place is not None
    words = fold_words(mention.text)
    written = "" if words and _within(words, fold_words(place.name)) else f" ({mention.text})"
    if place.level == "region":
        return f"address names Xinjiang{written}"
    role = ", an XPCC city" if place.xpcc and place.level not in ("xpcc", "xpcc division") else ""
    return f"address names {place.name}{written}{role}, Xinjiang"


@lru_cache(maxsize=4096)
def address_evidence(address: str) -> Evidence | None:
    """Evidence that ``address`` lies in Xinjiang; None when it does not (or cannot be told). Read once
    per address (a vendor file repeats a few country names as addresses); the evidence is shared, never changed."""
    mention = read_address(address).nexus
    if mention is None or mention.place is None:
        return None
    return Evidence(kind=KIND, level="address", detail=_detail(mention), source=mention.place.source)


def xinjiang_nexus(address: str | None, uscc: str | None, *, row: int | None = None,
                   file: str | None = None) -> list[Evidence]:
    """The Xinjiang nexus of a party or supplier: from its USCC (registry) and its address.

    Empty when neither places it in Xinjiang. Raises :class:`~behind.errors.InputError`
    (``field="uscc"``, with ``row`` and ``file`` when given) when the USCC is not a valid one;
    a blank USCC or address is simply absent."""
    out: list[Evidence] = []
    if uscc is not None and uscc.strip():
        found = uscc_evidence(uscc, row=row, file=file)
        if found is not None:
            out.append(found)
    if address is not None and address.strip():
        by_address = address_evidence(address)
        if by_address is not None:
            out.append(by_address)
    return out
