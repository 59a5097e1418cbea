"""The kinds of file Behind screens and the fields of each, with the header synonyms that find them.

A header matches a synonym when both are equal with case, spaces, underscores and
punctuation ignored (see :mod:`behind.screening.inputs.columns`). ``REQUIRED`` lists,
per kind, groups of fields of which at least one must be found.
"""

from __future__ import annotations

from behind.errors import UsageError

_ID = ("id", "vendor id", "supplier id", "number", "no")
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "parties": {
        "name": ("vendor", "vendor name", "supplier", "supplier name", "company", "company name",
                 "customer", "party", "legal name", "name"),
        "country": ("country", "country code", "nation"),
        "address": ("address", "street", "addr"),
        "uscc": ("uscc", "unified social credit code", "credit code"),
        "lei": ("lei",),
        "duns": ("duns", "d-u-n-s", "duns number"),
        "isin": ("isin",),
        "tax_id": ("tax id", "vat", "tin"),
        "id": _ID + ("vendor number", "supplier number", "vendor no", "supplier no"),
    },
    "products": {
        "model": ("model", "model number", "part number", "sku", "mpn"),
        "brand": ("brand", "make", "trade name"),
        "manufacturer": ("manufacturer", "maker", "oem", "vendor"),
        "description": ("description", "item", "product"),
        "date": ("date", "po date", "order date", "invoice date"),
        "id": ("id", "item id", "line id", "number", "no"),
    },
    "devices": {
        "mac": ("mac", "mac address", "hw address", "hardware address", "physical address"),
        "vendor": ("vendor", "manufacturer", "make", "oui vendor"),
        "banner": ("banner", "server", "http server", "onvif", "product", "model", "firmware"),
        "hostname": ("hostname", "host", "name"),
        "ip": ("ip", "ip address"),
    },
    "holdings": {
        "isin": ("isin",),
        "ticker": ("ticker", "symbol", "equity ticker"),
        "issuer": ("issuer", "issuer name", "security name", "name", "holding", "company"),
        "weight": ("weight", "%", "weight %", "% of net assets", "portfolio weight"),
        "id": ("id", "holding id", "position id", "number", "no"),
    },
    "collaborators": {
        "person": ("author", "name", "person", "co-author", "researcher"),
        "affiliation": ("affiliation", "affiliations", "institution", "organisation",
                        "organization", "employer", "sponsor", "funder"),
        "id": ("id", "doi", "work id", "paper id", "number", "no"),
    },
    "suppliers": {
        "supplier": ("supplier", "supplier name", "vendor", "vendor name", "company", "company name", "factory",
                     "manufacturer", "name"),
        "customer": ("customer", "customer name", "supplies to", "sold to", "ships to", "parent", "parent supplier",
                     "buyer"),
        "tier": ("tier", "tier level", "level"),
        "product": ("product", "material", "product or material", "item", "goods", "component", "description"),
        "country": ("country", "country code", "nation"),
        "address": ("address", "street", "addr"),
        "uscc": ("uscc", "unified social credit code", "credit code"),
        "id": _ID + ("supplier number", "supplier no"),
    },
}
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "parties": (("name", "uscc", "lei", "duns", "isin", "tax_id"),),
    "products": (("model", "brand", "manufacturer", "description"),),
    "devices": (("mac", "vendor", "banner"),),
    "holdings": (("isin", "ticker", "issuer"),),
    "collaborators": (("affiliation",),),
    "suppliers": (("supplier",),),
}
KINDS = tuple(FIELDS)


def check_kind(kind: str) -> str:
    """``kind`` if Behind knows it; else :class:`UsageError` listing the kinds."""
    if kind not in FIELDS:
        raise UsageError(f"unknown kind {kind!r} for --kind; the kinds are: {', '.join(FIELDS)}")
    return kind


__all__ = ["FIELDS", "KINDS", "REQUIRED", "check_kind"]
