"""MAC/OUI lookup, vendor strings and banners (behind.evidence.devices)."""

from __future__ import annotations

import re

import netaddr
import pytest

from behind import resources
from behind.evidence.devices import REGISTRY_SOURCE, match_device, normalize_mac, oui_vendor

HIK = "Hangzhou Hikvision Digital Technology Co.,Ltd."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28:57:BE:12:34:56", "28:57:BE:12:34:56"),
        ("28-57-be-12-34-56", "28:57:BE:12:34:56"),
        ("2857.be12.3456", "28:57:BE:12:34:56"),
        ("2857be123456", "28:57:BE:12:34:56"),
        ("28 57 BE 12 34 56", "28:57:BE:12:34:56"),
        ("  3c:ef:8c:00:11:22\n", "3C:EF:8C:00:11:22"),
        ("0:1f:54:a:b:c", "00:1F:54:0A:0B:0C"),  # BSD/macOS drops leading zeros
    ],
)
def test_normalize_mac(text: str, expected: str) -> None:
    assert normalize_mac(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "", "not a mac", "28:57:BE:12:34", "28:57:BE:12:34:56:78", "28:57-BE:12:34:56",
        "GG:57:BE:12:34:56", "2857be12345", "2857be1234567", "2857.be12.345", "28:57:BE:123:45:67",
        "DS-2CD2143G2-I",
    ],
)
def test_invalid_macs(text: str) -> None:
    assert normalize_mac(text) is None
    assert match_device(text, None, None) == []


# Real OUIs from the IEEE registry shipped in netaddr, in several notations.
COVERED = [
    ("28:57:BE:01:02:03", "28-57-BE", HIK, "curated:hikvision"),
    ("c0-56-e3-01-02-03", "C0-56-E3", HIK, "curated:hikvision"),
    ("bcad.2801.0203", "BC-AD-28", HIK, "curated:hikvision"),
    ("4419B6010203", "44-19-B6", HIK, "curated:hikvision"),
    ("3C:EF:8C:01:02:03", "3C-EF-8C", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua"),
    ("e0-50-8b-01-02-03", "E0-50-8B", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua"),
    ("9c14.6301.0203", "9C-14-63", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua"),
    ("F8CE07010203", "F8-CE-07", "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD", "curated:dahua"),
    ("20:BB:BC:01:02:03", "20-BB-BC", "Hangzhou Ezviz Software Co.,Ltd.", "curated:ezviz"),
    ("64-F2-FB-01-02-03", "64-F2-FB", "Hangzhou Ezviz Software Co.,Ltd.", "curated:ezviz"),
    ("00:1F:54:01:02:03", "00-1F-54", "Lorex Technology Inc.", "curated:lorex"),
    ("34:BD:20:01:02:03", "34-BD-20", "Hangzhou Hikrobot Technology Co., Ltd.", "curated:hikrobot"),
]


@pytest.mark.parametrize(("mac", "oui", "org", "entity"), COVERED)
def test_covered_oui(mac: str, oui: str, org: str, entity: str) -> None:
    assert oui_vendor(mac) == (oui, org)
    assert match_device(mac, None, None) == [
        _ev("mac_oui", "registry", f"{oui} is registered to {org} (IEEE MA-L)", entity, REGISTRY_SOURCE)
    ]


@pytest.mark.parametrize(
    ("mac", "oui", "org"),
    [
        ("00:40:8C:01:02:03", "00-40-8C", "Axis Communications AB"),
        ("48:EA:63:01:02:03", "48-EA-63", "Zhejiang Uniview Technologies Co., Ltd."),
        ("24:B1:05:01:02:03", "24-B1-05", "Prama Hikvision India Private Limited"),  # unmapped: screen the name
        ("A4:4C:62:01:02:03", "A4-4C-62", "Hangzhou Microimage Software Co., Ltd"),  # HIKMICRO: unsourced link
    ],
)
def test_other_organisations_give_no_evidence(mac: str, oui: str, org: str) -> None:
    assert oui_vendor(mac) == (oui, org)
    assert match_device(mac, None, None) == []


def test_oui_vendor_accepts_bare_oui_and_rejects_unregistered() -> None:
    assert oui_vendor("28-57-BE") == ("28-57-BE", HIK)
    assert oui_vendor("2857be") == ("28-57-BE", HIK)
    assert oui_vendor("02:00:00:01:02:03") is None  # locally administered
    assert oui_vendor("nonsense") is None


def test_registry_source_names_netaddr_version() -> None:
    assert REGISTRY_SOURCE == f"IEEE MA-L registry (netaddr {netaddr.__version__})"


def test_every_mapped_organisation_is_in_the_registry() -> None:
    known = {org for _mac, _oui, org, _entity in COVERED}
    data = resources.load("device_banners")
    for entry in data["oui_organisations"]:
        assert entry["organisation"] in known, entry["organisation"]
        assert entry["entity"].startswith("curated:") and entry["note"]


@pytest.mark.parametrize(
    ("vendor", "entity"),
    [
        ("HIKVISION", "curated:hikvision"),
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", "curated:hikvision"),
        ("Zhejiang Dahua Technology Co., Ltd.", "curated:dahua"),
        ("Dahua", "curated:dahua"),
        ("EZVIZ", "curated:ezviz"),
        ("Hangzhou Hikrobot Technology Co., Ltd.", "curated:hikrobot"),
        ("Lorex Technology Inc.", "curated:lorex"),
    ],
)
def test_vendor_strings(vendor: str, entity: str) -> None:
    found = match_device(None, vendor, None)
    assert [e.entity for e in found] == [entity]
    assert (found[0].kind, found[0].level) == ("vendor_string", "pattern")
    assert found[0].source


@pytest.mark.parametrize("vendor", ["Axis Communications AB", "Uniview", "Amcrest", "", "  ", "General"])
def test_other_vendor_strings(vendor: str) -> None:
    assert match_device(None, vendor, None) == []


@pytest.mark.parametrize(
    ("banner", "entity", "marker"),
    [
        ("HTTP/1.1 200 OK\r\nServer: DNVRS-Webs\r\n", "curated:hikvision", "DNVRS-Webs"),
        ("HTTP/1.1 401 Unauthorized\r\nServer: DVRDVS-Webs\r\n", "curated:hikvision", "DVRDVS-Webs"),
        ("HTTP/1.1 200 OK\r\nserver: App-webs/\r\n", "curated:hikvision", "App-webs/"),
        ('<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">', "curated:hikvision",
         "www.hikvision.com/ver20/XMLSchema"),
        ('{"method":"global.login"} POST /RPC2_Login', "curated:dahua", "/RPC2_Login"),
        ("GET /cgi-bin/magicBox.cgi?action=getMachineName", "curated:dahua", "/cgi-bin/magicBox.cgi"),
    ],
)
def test_banners(banner: str, entity: str, marker: str) -> None:
    found = match_device(None, None, banner)
    assert [e.entity for e in found] == [entity]
    ev = found[0]
    assert (ev.kind, ev.level) == ("vendor_string", "pattern")
    assert marker in ev.detail and ev.source and re.match(r"https://", ev.source)


@pytest.mark.parametrize(
    "banner",
    ["Server: Apache/2.4.41 (Ubuntu)", "Server: nginx", "Server: Boa/0.94.14rc21", "Server: webs", ""],
)
def test_other_banners(banner: str) -> None:
    assert match_device(None, None, banner) == []


def test_combined_and_empty() -> None:
    found = match_device("28:57:BE:01:02:03", "Hikvision", "Server: DNVRS-Webs")
    assert [e.kind for e in found] == ["mac_oui", "vendor_string", "vendor_string"]
    assert {e.entity for e in found} == {"curated:hikvision"}
    assert match_device(None, None, None) == []


def _ev(kind: str, level: str, detail: str, entity: str, source: str) -> object:
    from behind.model.results import Evidence

    return Evidence(kind=kind, level=level, detail=detail, entity=entity, source=source)
