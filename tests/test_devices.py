"""MAC/OUI lookup, vendor strings and banners (behind.evidence.devices)."""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.resources
import re

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


# The IEEE MA-L registry as netaddr ships it (netaddr/eui/oui.txt), read here line by line as
# an oracle independent of the product's lookup through netaddr.OUI.
_REGISTRY_LINE = re.compile(r"^([0-9A-F]{2}-[0-9A-F]{2}-[0-9A-F]{2})\s+\(hex\)\s+(.*?)\s*$")


@functools.lru_cache(maxsize=1)
def ieee_registry() -> dict[str, list[str]]:
    """OUI ("28-57-BE") -> the organisations the registry file lists for it."""
    text = (importlib.resources.files("netaddr.eui") / "oui.txt").read_text(encoding="utf-8", errors="replace")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _REGISTRY_LINE.match(line)
        if m:
            out.setdefault(m.group(1), []).append(" ".join(m.group(2).split()))
    return out


# Organisations as the registry spells them, and the curated entity each one is.
MAPPED = {
    HIK: "curated:hikvision",
    "Zhejiang Dahua Technology Co., Ltd.": "curated:dahua",
    "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD": "curated:dahua",
    "Hangzhou Ezviz Software Co.,Ltd.": "curated:ezviz",
    "Lorex Technology Inc.": "curated:lorex",
    "Hangzhou Hikrobot Technology Co., Ltd.": "curated:hikrobot",
}

# Real OUIs from the IEEE registry shipped in netaddr, in several notations, with the text a user sees.
COVERED = [
    ("28:57:BE:01:02:03", "28-57-BE", HIK, "curated:hikvision",
     "28-57-BE is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L)"),
    ("c0-56-e3-01-02-03", "C0-56-E3", HIK, "curated:hikvision",
     "C0-56-E3 is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L)"),
    ("bcad.2801.0203", "BC-AD-28", HIK, "curated:hikvision",
     "BC-AD-28 is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L)"),
    ("4419B6010203", "44-19-B6", HIK, "curated:hikvision",
     "44-19-B6 is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L)"),
    ("3C:EF:8C:01:02:03", "3C-EF-8C", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua",
     "3C-EF-8C is registered to Zhejiang Dahua Technology Co., Ltd. (IEEE MA-L)"),
    ("e0-50-8b-01-02-03", "E0-50-8B", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua",
     "E0-50-8B is registered to Zhejiang Dahua Technology Co., Ltd. (IEEE MA-L)"),
    ("9c14.6301.0203", "9C-14-63", "Zhejiang Dahua Technology Co., Ltd.", "curated:dahua",
     "9C-14-63 is registered to Zhejiang Dahua Technology Co., Ltd. (IEEE MA-L)"),
    ("F8CE07010203", "F8-CE-07", "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD", "curated:dahua",
     "F8-CE-07 is registered to ZHEJIANG DAHUA TECHNOLOGYCO.,LTD (IEEE MA-L)"),
    ("20:BB:BC:01:02:03", "20-BB-BC", "Hangzhou Ezviz Software Co.,Ltd.", "curated:ezviz",
     "20-BB-BC is registered to Hangzhou Ezviz Software Co.,Ltd. (IEEE MA-L)"),
    ("64-F2-FB-01-02-03", "64-F2-FB", "Hangzhou Ezviz Software Co.,Ltd.", "curated:ezviz",
     "64-F2-FB is registered to Hangzhou Ezviz Software Co.,Ltd. (IEEE MA-L)"),
    ("00:1F:54:01:02:03", "00-1F-54", "Lorex Technology Inc.", "curated:lorex",
     "00-1F-54 is registered to Lorex Technology Inc. (IEEE MA-L)"),
    ("34:BD:20:01:02:03", "34-BD-20", "Hangzhou Hikrobot Technology Co., Ltd.", "curated:hikrobot",
     "34-BD-20 is registered to Hangzhou Hikrobot Technology Co., Ltd. (IEEE MA-L)"),
]


@pytest.mark.parametrize(("mac", "oui", "org", "entity", "detail"), COVERED)
def test_covered_oui(mac: str, oui: str, org: str, entity: str, detail: str) -> None:
    assert ieee_registry()[oui] == [org]  # the test data is a real assignment
    assert oui_vendor(mac) == (oui, org)
    (ev,) = match_device(mac, None, None)
    assert (ev.kind, ev.level, ev.entity, ev.detail) == ("mac_oui", "registry", entity, detail)
    assert ev.source == REGISTRY_SOURCE


def test_every_registry_assignment_of_a_mapped_organisation_is_recognised() -> None:
    assignments = [(oui, orgs[0]) for oui, orgs in ieee_registry().items() if orgs[0] in MAPPED]
    for org in MAPPED:  # every mapped spelling really holds assignments
        assert any(o == org for _oui, o in assignments), org
    assert len(assignments) >= len(COVERED)
    wrong = []
    for oui, org in assignments:
        found = [(e.kind, e.entity) for e in match_device(f"{oui}-01-02-03", None, None)]
        if found != [("mac_oui", MAPPED[org])]:
            wrong.append((oui, org, found))
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("mac", "oui", "org"),
    [
        ("00:40:8C:01:02:03", "00-40-8C", "Axis Communications AB"),
        ("48:EA:63:01:02:03", "48-EA-63", "Zhejiang Uniview Technologies Co., Ltd."),
        ("24:B1:05:01:02:03", "24-B1-05", "Prama Hikvision India Private Limited"),  # unmapped: screen the name
        ("A4:4C:62:01:02:03", "A4-4C-62", "Hangzhou Microimage Software Co., Ltd"),  # HIKMICRO: unsourced link
        ("F0:18:98:01:02:03", "F0-18-98", "Apple, Inc."),
        ("3c22.fb01.0203", "3C-22-FB", "Apple, Inc."),
        ("00-00-0C-01-02-03", "00-00-0C", "Cisco Systems, Inc"),
        ("001B54010203", "00-1B-54", "Cisco Systems, Inc"),
    ],
)
def test_other_organisations_give_no_evidence(mac: str, oui: str, org: str) -> None:
    assert ieee_registry()[oui] == [org]
    assert oui_vendor(mac) == (oui, org)
    assert match_device(mac, None, None) == []


def test_oui_vendor_accepts_bare_oui_and_rejects_unregistered() -> None:
    assert oui_vendor("28-57-BE") == ("28-57-BE", HIK)
    assert oui_vendor("2857be") == ("28-57-BE", HIK)
    assert "02-00-00" not in ieee_registry()
    assert oui_vendor("02:00:00:01:02:03") is None  # locally administered
    assert match_device("02:00:00:01:02:03", None, None) == []
    assert oui_vendor("nonsense") is None


def test_registry_source_names_the_installed_netaddr() -> None:
    m = re.fullmatch(r"IEEE MA-L registry \(netaddr (\S+)\)", REGISTRY_SOURCE)
    assert m is not None, REGISTRY_SOURCE
    assert m.group(1) == importlib.metadata.version("netaddr")


def test_every_mapped_organisation_is_in_the_registry() -> None:
    registered = {org for orgs in ieee_registry().values() for org in orgs}
    data = resources.load("device_banners")
    assert data["oui_organisations"]
    for entry in data["oui_organisations"]:
        assert entry["organisation"] in registered, entry["organisation"]  # spelled exactly as the IEEE does
        assert MAPPED[entry["organisation"]] == entry["entity"]
        assert entry["note"]


def test_vendor_string_details() -> None:
    (ev,) = match_device(None, "Hikvision", None)
    assert ev.detail == ("vendor string 'Hikvision' contains brand word 'Hikvision': Hikvision is the common "
                         "name of Hangzhou Hikvision Digital Technology Co., Ltd.")
    (ev,) = match_device(None, "Lorex Technology Inc.", None)
    assert ev.detail == ("vendor 'Lorex Technology Inc.' is the registered name of Lorex Technology Inc. "
                         "(Lorex's own MA-L (00-1F-54); Lorex was a Dahua subsidiary 2018-02..2022-11-24.)")


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


@pytest.mark.parametrize("vendor", ["Axis Communications AB", "Uniview", "Amcrest", "Apple, Inc.", "Cisco Systems, Inc",
                                    "", "  ", "General"])
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


def test_banner_details() -> None:
    (ev,) = match_device(None, None, "HTTP/1.1 200 OK\r\nServer: DNVRS-Webs\r\n")
    assert ev.detail == "banner contains 'DNVRS-Webs', a Hikvision HTTP Server header signature"
    (ev,) = match_device(None, None, '{"method":"global.login"} POST /RPC2_Login')
    assert ev.detail == "banner contains '/RPC2_Login', a Dahua HTTP body of the web login page signature"


@pytest.mark.parametrize(
    "banner",
    ["Server: Apache/2.4.41 (Ubuntu)", "Server: nginx", "Server: Boa/0.94.14rc21", "Server: webs", ""],
)
def test_other_banners(banner: str) -> None:
    assert match_device(None, None, banner) == []


def test_combined_and_empty() -> None:
    found = match_device("28:57:BE:01:02:03", "Hikvision", "Server: DNVRS-Webs")
    assert [(e.kind, e.detail) for e in found] == [
        ("mac_oui", "28-57-BE is registered to Hangzhou Hikvision Digital Technology Co.,Ltd. (IEEE MA-L)"),
        ("vendor_string", "vendor string 'Hikvision' contains brand word 'Hikvision': Hikvision is the common "
                          "name of Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("vendor_string", "banner contains 'DNVRS-Webs', a Hikvision HTTP Server header signature"),
    ]
    assert {e.entity for e in found} == {"curated:hikvision"}
    assert match_device(None, None, None) == []
