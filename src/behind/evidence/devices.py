"""Identify covered manufacturers' devices from MAC addresses, vendor strings and banners.

Data sources:

* MAC prefixes come from the IEEE MA-L (OUI) registry as shipped inside the ``netaddr``
  package (``netaddr/eui/oui.txt``, looked up offline through ``netaddr.OUI``); nothing is
  downloaded at run time. The registry tells who an OUI is *registered to*.
* Which registered organisations are covered manufacturers (Hikvision, EZVIZ, Hikrobot,
  Dahua, Lorex) and which HTTP banner strings their firmware sends (``DNVRS-Webs``,
  ``App-webs/``, the ISAPI XML namespace, Dahua's ``/RPC2_Login``...) is in
  ``behind/resources/device_banners.yaml``, each entry with its source.
* Vendor strings (an inventory's "vendor" column, an ONVIF manufacturer) are compared with
  the sourced brand words of :mod:`behind.evidence.products` and with the registered organisations.

A MAC registered to another organisation yields no evidence here: callers screen that
organisation's name against the lists themselves (see :func:`oui_vendor`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from behind import resources
from behind.evidence.products import match_brand
from behind.model.results import Evidence

__all__ = ["REGISTRY_SOURCE", "match_device", "normalize_mac", "oui_vendor"]

#: the registry as evidence names it; the version is read from netaddr's metadata, so netaddr itself is
#: imported on the first MAC look-up, not at the start of every command
REGISTRY_SOURCE = f"IEEE MA-L registry (netaddr {version('netaddr')})"

_HEX = "[0-9A-F]"
_MAC_FORMS = (
    # 28:57:BE:12:34:56, 28-57-BE-12-34-56, 28 57 BE 12 34 56 (one separator throughout);
    # colon form may drop leading zeros as BSD/macOS print it (0:1f:54:a:b:c).
    re.compile(rf"({_HEX}{{2}})([-: ])({_HEX}{{2}})\2({_HEX}{{2}})\2({_HEX}{{2}})\2({_HEX}{{2}})\2({_HEX}{{2}})"),
    re.compile(rf"({_HEX}{{1,2}}):({_HEX}{{1,2}}):({_HEX}{{1,2}}):({_HEX}{{1,2}}):({_HEX}{{1,2}}):({_HEX}{{1,2}})"),
    # Cisco 2857.be12.3456 and bare 2857be123456
    re.compile(rf"({_HEX}{{4}})\.({_HEX}{{4}})\.({_HEX}{{4}})"),
    re.compile(rf"({_HEX}{{12}})"),
)
_OUI_ONLY = re.compile(rf"({_HEX}{{2}})[-:]?({_HEX}{{2}})[-:]?({_HEX}{{2}})")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class _Org:
    name: str
    entity: str
    note: str


@dataclass(frozen=True)
class _Banner:
    id: str
    entity: str
    vendor: str
    where: str
    regex: re.Pattern[str]
    source: str
    note: str


def _key(name: str) -> str:
    return _NON_ALNUM.sub("", name.lower())


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, _Org], tuple[_Banner, ...]]:
    raw: dict[str, Any] = resources.load("device_banners")
    orgs: dict[str, _Org] = {}
    for o in raw["oui_organisations"]:  # first spelling of an organisation wins
        org = _Org(o["organisation"], o["entity"], " ".join(str(o["note"]).split()))
        orgs.setdefault(_key(org.name), org)
    banners = tuple(
        _Banner(
            b["id"], b["entity"], b["vendor"], b["where"],
            re.compile(b["regex"], re.IGNORECASE), b["source"], " ".join(str(b["note"]).split()),
        )
        for b in raw["banners"]
    )
    return orgs, banners


def normalize_mac(text: str) -> str | None:
    """``28:57:BE:12:34:56`` for any common notation of a MAC-48 address, else None.

    Accepts colon, hyphen or space separated octets (one separator throughout), Cisco dotted
    ``2857.be12.3456`` and bare ``2857be123456``, in either case.
    """
    if not isinstance(text, str):
        return None
    s = text.strip().upper()
    for form in _MAC_FORMS:
        m = form.fullmatch(s)
        if m is None:
            continue
        groups = [g for g in m.groups() if g not in ("-", ":", " ")]
        digits = "".join(g.zfill(2) if len(groups) == 6 else g for g in groups)
        if len(digits) != 12:
            return None
        return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
    return None


def _oui_of(mac: str) -> str | None:
    norm = normalize_mac(mac)
    if norm is not None:
        return norm[:8].replace(":", "-")
    m = _OUI_ONLY.fullmatch(mac.strip().upper()) if isinstance(mac, str) else None
    return "-".join(m.groups()) if m else None


def oui_vendor(mac: str) -> tuple[str, str] | None:
    """``("28-57-BE", "Hangzhou Hikvision Digital Technology Co.,Ltd.")`` from the IEEE registry.

    ``mac`` is a MAC address in any notation :func:`normalize_mac` accepts, or a bare OUI
    (``28-57-BE``). None when it is not a MAC or the OUI is not registered (locally
    administered and randomised addresses never are).
    """
    import netaddr  # type: ignore[import-untyped]

    oui = _oui_of(mac)
    if oui is None:
        return None
    try:
        org = netaddr.OUI(oui).registration().org
    except (netaddr.NotRegisteredError, netaddr.AddrFormatError):
        return None
    return oui, " ".join(str(org).split())


def _mac_evidence(mac: str) -> list[Evidence]:
    found = oui_vendor(mac)
    if found is None:
        return []
    oui, org = found
    mapped = _data()[0].get(_key(org))
    if mapped is None:
        return []
    return [Evidence(
        kind="mac_oui",
        level="registry",
        detail=f"{oui} is registered to {org} (IEEE MA-L)",
        entity=mapped.entity,
        source=REGISTRY_SOURCE,
    )]


def _vendor_evidence(vendor: str) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[str] = set()
    mapped = _data()[0].get(_key(vendor))
    if mapped is not None:
        seen.add(mapped.entity)
        out.append(Evidence(
            kind="vendor_string",
            level="pattern",
            detail=f"vendor {vendor.strip()!r} is the registered name of {mapped.name} ({mapped.note})",
            entity=mapped.entity,
            source=REGISTRY_SOURCE,
        ))
    for ev in match_brand(vendor):
        if ev.entity in seen:
            continue
        seen.add(str(ev.entity))
        out.append(Evidence(
            kind="vendor_string", level="pattern", detail=f"vendor string {vendor.strip()!r} contains {ev.detail}",
            entity=ev.entity, source=ev.source,
        ))
    return out


def _banner_evidence(banner: str) -> list[Evidence]:
    out: list[Evidence] = []
    for b in _data()[1]:
        m = b.regex.search(banner)
        if m is None:
            continue
        out.append(Evidence(
            kind="vendor_string",
            level="pattern",
            detail=f"banner contains {m.group(0)!r}, a {b.vendor} {b.where} signature",
            entity=b.entity,
            source=b.source,
        ))
    return out


def match_device(mac: str | None, vendor: str | None, banner: str | None) -> list[Evidence]:
    """Evidence that a device comes from a covered manufacturer.

    ``mac``: OUI registered to a mapped organisation -> ``mac_oui`` / ``registry``;
    ``vendor``: registered organisation name or brand word -> ``vendor_string`` / ``pattern``;
    ``banner`` (HTTP headers/body, ONVIF text): sourced firmware signatures ->
    ``vendor_string`` / ``pattern``. Any argument may be None or empty.
    """
    out: list[Evidence] = []
    if mac:
        out += _mac_evidence(mac)
    if vendor and vendor.strip():
        out += _vendor_evidence(vendor)
    if banner:
        out += _banner_evidence(banner)
    return out

