"""Model-number patterns and brand words of covered manufacturers (behind.evidence.products)."""

from __future__ import annotations

import re

import pytest

from behind.evidence.products import BRAND_INFO, BRANDS, match_brand, match_model, patterns


# Real model numbers (from the sources cited in model_patterns.yaml, or the task's examples).
POSITIVE = [
    ("DS-2CD2143G2-I", "hikvision-ds-2cd", "curated:hikvision"),
    ("DS-2CD2347G3P-LIS2UY/S(L)(RB)", "hikvision-ds-2cd", "curated:hikvision"),
    ("DS-2CE16D0T-IRPF", "hikvision-ds-2ce", "curated:hikvision"),
    ("DS-2DE4425IW-DE", "hikvision-ds-2d", "curated:hikvision"),
    ("DS-2DF8425IX-AEL(T5)", "hikvision-ds-2d", "curated:hikvision"),
    ("DS-2TD2137T-4/QY", "hikvision-ds-2t", "curated:hikvision"),
    ("DS-2XS6A46G1/P-IZS/4G", "hikvision-ds-2x-2s", "curated:hikvision"),
    ("DS-7608NI-K2", "hikvision-recorder", "curated:hikvision"),
    ("DS-7608NI-I2/8P", "hikvision-recorder", "curated:hikvision"),
    ("DS-96128NI-I16/H", "hikvision-recorder", "curated:hikvision"),
    ("DS-7732NXI-I4/16P", "hikvision-recorder", "curated:hikvision"),
    ("DS-KIS602", "hikvision-ds-k", "curated:hikvision"),
    ("DS-K1T671MF", "hikvision-ds-k", "curated:hikvision"),
    ("iDS-2CD7146G0-IZS", "hikvision-ids", "curated:hikvision"),
    ("DS-3E1510P-SI-8P2F", "hikvision-ds-3", "curated:hikvision"),
    ("CS-CV310-A0-1B2WFR", "ezviz-cs", "curated:ezviz"),
    ("IPC-HFW1230SP-V3", "dahua-ipc", "curated:dahua"),
    ("IPC-HDBW4231F-AS", "dahua-ipc", "curated:dahua"),
    ("IPC-HDW4300C", "dahua-ipc", "curated:dahua"),
    ("IPC-T5442T-ZE", "dahua-ipc", "curated:dahua"),
    ("DH-IPC-HDBW2431R", "dahua-ipc", "curated:dahua"),
    ("HAC-HFW1200TLP", "dahua-hac", "curated:dahua"),
    ("DH-HAC-HFW1200R", "dahua-hac", "curated:dahua"),
    ("SD49225XA-HNR", "dahua-sd", "curated:dahua"),
    ("DH-SD2A500HB-GN-A-PV-S2", "dahua-sd", "curated:dahua"),
    ("NVR4108HS-4KS2", "dahua-nvr", "curated:dahua"),
    ("NVR4216-16P-4KS2/L", "dahua-nvr", "curated:dahua"),
    ("DHI-NVR1108HS-8P-S3", "dahua-nvr", "curated:dahua"),
    ("XVR5108HS-I3", "dahua-xvr", "curated:dahua"),
    ("DH-XVR7816S-4KL-X-LP-V2", "dahua-xvr", "curated:dahua"),
    ("TPC-BF1241-T-B3F4-DW-S8", "dahua-tpc", "curated:dahua"),
    ("DHI-VTO2211G-P", "dahua-prefixed", "curated:dahua"),
    ("DH-XVR5108H", "dahua-prefixed", "curated:dahua"),
    ("LNB8005-C", "lorex-ln", "curated:lorex"),
]

# Part numbers of other brands (and generic strings) that must not fire.
NEGATIVE = [
    "P3245-LVE",  # Axis
    "NDE-3502-AL",  # Bosch
    "XNV-6080R",  # Hanwha
    "C9300-48P",  # Cisco
    "MK2K3LL/A",  # Apple
    "DS-1000", "DS-2000", "DS-7000", "DS-3", "DS-K9",  # generic DS- numbers
    "DS918+", "DS1621+",  # Synology DiskStation
    "NVR", "NVR2106M-4P", "NVR-2110M-8P", "NVR6216-PRO",  # Vesta and generic NVRs
    "NVR301-08S3-P8", "NVR302-16S2",  # Uniview NVRs
    "IPC2124LR3-PF40",  # Uniview camera
    "IPC-T38-ZAS-PV", "IPC-B38-ZAS-PV",  # Vesta cameras
    "IPC-B140HA", "NVR-104MH-C",  # HiLook (not covered: unsourced brand link)
    "IPC-Color4K-T",  # Amcrest
    "HWT-IVS1800",  # Huawei/HOLOWITS, not HiWatch
    "TPC-1551T",  # Advantech panel PC
    "SD128GB", "SDXC", "SD-WAN",  # storage / networking
    "CS-ROOM55-K9", "CS-KIT-K9",  # Cisco Webex
    "LNB 0.1dB",  # satellite LNB
    "DH-1", "XVR", "HCVR", "IPC-HDW",
]


@pytest.mark.parametrize(("text", "pattern_id", "entity"), POSITIVE)
def test_positive_models(text: str, pattern_id: str, entity: str) -> None:
    found = match_model(text)
    assert [(m.pattern_id, m.manufacturer, m.model) for m in found] == [(pattern_id, entity, text.upper())]
    ev = found[0].evidence
    assert (ev.kind, ev.level, ev.entity) == ("model_pattern", "pattern", entity)
    assert ev.source and ev.source.startswith("http")
    assert ev.detail.startswith(f"{text.upper()} matches ")


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_models(text: str) -> None:
    assert match_model(text) == []


def test_every_yaml_example_matches_its_own_pattern() -> None:
    for pat in patterns():
        assert pat.examples, pat.id
        for example in pat.examples:
            found = match_model(example)
            assert [(m.pattern_id, m.model) for m in found] == [(pat.id, example.upper())], example


def test_every_pattern_is_sourced_and_names_a_curated_entity() -> None:
    curated = {e["id"] for e in _curated_entities()}
    for pat in patterns():
        assert re.match(r"https?://", pat.source), pat.id
        assert pat.note, pat.id
        assert pat.manufacturer.startswith("curated:") and pat.manufacturer[8:] in curated, pat.id
    for brand in BRAND_INFO.values():
        assert re.match(r"https?://", brand.source) and brand.note
        assert brand.entity[8:] in curated


def _curated_entities() -> list[dict[str, object]]:
    from importlib import resources as ir

    import yaml

    text = (ir.files("behind") / "data" / "curated" / "ecosystem.yaml").read_text(encoding="utf-8")
    return list(yaml.safe_load(text)["entities"])


def test_detail_text() -> None:
    (m,) = match_model("DS-2CD2143G2-I")
    assert m.evidence.detail == "DS-2CD2143G2-I matches Hikvision network camera model pattern DS-2CD…"
    assert m.brand == "Hikvision" and m.family == "network camera"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4MP camera DS-2CD2143G2-I 2.8mm", ["DS-2CD2143G2-I"]),
        ("ds-2cd2143g2-i", ["DS-2CD2143G2-I"]),
        ("DS -2CD2143G2-I", ["DS-2CD2143G2-I"]),
        ("DS 2CD2143G2-I", ["DS-2CD2143G2-I"]),
        ("DS\u20112DE4425IW\u2013DE", ["DS-2DE4425IW-DE"]),
        ("DS-2CD2143G2-I-2.8mm", ["DS-2CD2143G2-I"]),
        ("DS-2CD2046G3-IZ(2U)Y, 4 mm", ["DS-2CD2046G3-IZ(2U)Y"]),
        ("Kit: NVR4108HS-4KS2 + 4x IPC-HFW1230S; spare SD card 128GB", ["NVR4108HS-4KS2", "IPC-HFW1230S"]),
        ("XDS-2CD2143G2-I", []),  # glued to another word
    ],
)
def test_free_text_and_normalisation(text: str, expected: list[str]) -> None:
    assert [m.model for m in match_model(text)] == expected


def test_overlap_keeps_the_most_specific_pattern() -> None:
    (m,) = match_model("DH-SD22204UE-GN-W")
    assert m.pattern_id == "dahua-sd"


def test_empty_input() -> None:
    assert match_model("") == [] and match_brand("") == []


def test_brands_table() -> None:
    assert BRANDS["EZVIZ"] == "curated:ezviz"
    assert BRANDS["Hikvision"] == "curated:hikvision"
    assert BRANDS["Dahua"] == "curated:dahua"
    assert BRANDS["Lorex"] == "curated:lorex"
    assert "HiWatch" not in BRANDS and "Imou" not in BRANDS  # not sourced


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("EZVIZ C6N indoor camera", ["curated:ezviz"]),
        ("hikvision turret", ["curated:hikvision"]),
        ("Made by Dahua / sold as Lorex", ["curated:dahua", "curated:lorex"]),
        ("杭州海康威视数字技术股份有限公司", ["curated:hikvision"]),
        ("大华股份 2022年年度报告", ["curated:dahua"]),
        ("Hikvisionary design", []),
        ("Dahuang Road; Lorexx; Amcrest", []),
        ("大华银行", []),  # UOB, not Dahua
        ("萤石 mineral", []),
    ],
)
def test_match_brand(text: str, entities: list[str]) -> None:
    found = match_brand(text)
    assert sorted(e.entity or "" for e in found) == sorted(entities)
    for ev in found:
        assert (ev.kind, ev.level) == ("brand", "brand relation")
        assert ev.source and ev.source.startswith("http")
