"""Capability flags: sourced product lines with advertised Uyghur / ethnic-minority detection."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources as ir
from pathlib import Path

import pytest
import yaml

from behind.config import Settings
from behind.evidence.capabilities import flags, match_capabilities
from behind.reports import run_screen
from behind.screening import ScreenRequest

FLAGGED = [
    # (product text as a buyer's file may carry it, flag id, entity, source url)
    ("DS-2CD7A2XYZ-JM/RX", "hikvision-ds-2cd7a2-jm-rx", "curated:hikvision", "https://ipvm.com/reports/hikvision-uyghur"),
    ("Hikvision ds-2cd7a26g0-jm/rx AI camera", "hikvision-ds-2cd7a2-jm-rx", "curated:hikvision",
     "https://ipvm.com/reports/hikvision-uyghur"),
    ("Dahua Heart of City smart police platform", "dahua-heart-of-city", "curated:dahua",
     "https://ipvm.com/reports/dahua-uyghur-warning"),
    ("DAHUA HOC licence", "dahua-heart-of-city", "curated:dahua", "https://ipvm.com/reports/dahua-uyghur-warning"),
    ("DH-IPC-HF8249F-FD", "dahua-2022-xinjiang-tibet-cameras", "curated:dahua", "https://ipvm.com/reports/dahua-abuse"),
    ("IPC-HF8249F-FD box camera", "dahua-2022-xinjiang-tibet-cameras", "curated:dahua",
     "https://ipvm.com/reports/dahua-abuse"),
    ("DH-IPC-MFW8449-ZHM-D47-LI-0832", "dahua-2022-xinjiang-tibet-cameras", "curated:dahua",
     "https://ipvm.com/reports/dahua-abuse"),
    ("DH-CP835-AU1F- LZF2070", "dahua-2022-xinjiang-tibet-cameras", "curated:dahua",
     "https://ipvm.com/reports/dahua-abuse"),
    ("DH\u2013SDT\u20135A404\u2013C2F", "dahua-2022-xinjiang-tibet-cameras", "curated:dahua",
     "https://ipvm.com/reports/dahua-abuse"),
    ("Megvii Dynamic Face Recognition system v2", "megvii-dynamic-face-recognition", "curated:megvii",
     "https://www.washingtonpost.com/technology/2020/12/08/huawei-tested-ai-software-that-could-recognize-uighur-"
     "minorities-alert-police-report-says/"),
    ("Huawei Video Cloud Solution", "huawei-video-cloud-solution", None, "https://ipvm.com/reports/huawei-megvii-uygur"),
    ("Alibaba Cloud Shield content moderation", "alibaba-cloud-shield", None, "https://ipvm.com/reports/alibaba-uyghur"),
]

NOT_FLAGGED = [
    "face recognition camera",
    "AI face recognition camera with attribute analysis",
    "DS-2CD2143G2-I",                 # Hikvision camera no source names
    "DS-2CD7A26G0-IZS",               # same DS-2CD7A2 family, not the -JM/RX model
    "DS-2CD7A26G0-JM",                # -JM without /RX
    "iDS-2CD7A46G0-IZHS",             # DeepinView camera no source names
    "DH-IPC-HF8249F",                 # Dahua base model without -FD
    "DH-IPC-HF8249F-FD-ZZ",           # another SKU
    "IPC-HFW2431S-S-S2",              # ordinary Dahua bullet camera
    "Dahua SmartPSS",                 # no Uyghur/minority source for this product here
    "Heart of the City Bakery",       # not Dahua's HOC
    "HOC",                            # bare abbreviation
    "Hikvision", "Dahua", "Huawei", "Megvii", "Alibaba Cloud",   # no whole brand is flagged
    "Huawei FusionSphere",            # Huawei platform, not the named solution
    "Huawei video cloud storage",
    "dynamic face recognition terminal",
    "Cloud Shield firewall",          # other vendors' "Cloud Shield"
    "",
]


@pytest.mark.parametrize("text,flag_id,entity,url", FLAGGED)
def test_flagged(text: str, flag_id: str, entity: str | None, url: str) -> None:
    evs = match_capabilities(text)
    assert len(evs) == 1, (text, evs)
    ev = evs[0]
    flag = next(f for f in flags() if f.id == flag_id)
    assert ev.kind == "capability" and ev.level == "sourced capability"
    assert ev.entity == entity and ev.source == url
    assert ev.detail.endswith(f"({flag.sources[0].title}, {flag.date})")
    assert "is a product line its maker advertised with" in ev.detail


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(text: str) -> None:
    assert match_capabilities(text) == []


def test_detail_names_the_product() -> None:
    [ev] = match_capabilities("dh-cp835-au1f-lzf2070")
    assert ev.detail.startswith("DH-CP835-AU1F-LZF2070 is a product line its maker advertised with \"race\"")
    [ev] = match_capabilities("huawei   video cloud solution")
    assert ev.detail.startswith("Huawei Video Cloud Solution is a product line")


def test_every_flag_is_sourced_and_names_a_curated_entity_or_none() -> None:
    text = (ir.files("behind") / "data" / "curated" / "ecosystem.yaml").read_text(encoding="utf-8")
    curated = {e["id"] for e in yaml.safe_load(text)["entities"]}
    ids = [f.id for f in flags()]
    assert len(ids) == len(set(ids)) >= 6
    for f in flags():
        assert f.entity is None or (f.entity.startswith("curated:") and f.entity[8:] in curated), f.id
        assert f.sources and f.products and f.patterns and f.capability, f.id
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f.date), f.id
        for s in f.sources:
            assert s.url and re.match(r"https://", s.url) and s.title and s.quote, f.id
        # every product the YAML names is flagged by its own entry
        for product in f.products:
            model = product.split(" (")[0]
            assert any(ev.source == f.sources[0].url for ev in match_capabilities(model)), (f.id, product)


def test_products_row_gets_the_evidence(loaded_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "products.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            ["PO Date", "Brand", "Model", "Description"],
            ["2024-03-01", "", "DH-IPC-HF8249F-FD", "box camera"],
            ["2024-03-01", "Alibaba", "", "Alibaba Cloud Shield subscription"],
            ["2024-03-01", "Axis", "P3245-LVE", "face recognition camera"],
        ])
    out = tmp_path / "products.json"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="products", output=out, fmt="json"))
    rows = {r["row"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    dahua = [e for e in rows[2]["evidence"] if e["kind"] == "capability"]
    assert rows[2]["status"] == "alert"       # Dahua is listed; the capability points at it
    assert dahua and dahua[0]["entity"] == "curated:dahua" and dahua[0]["source"] == "https://ipvm.com/reports/dahua-abuse"
    assert any("capability" in r or "Xinjiang/Tibet" in r for r in [rows[2]["summary"]] + [e["detail"] for e in dahua])
    ali = [e for e in rows[3]["evidence"] if e["kind"] == "capability"]
    assert ali and ali[0]["entity"] is None and ali[0]["source"] == "https://ipvm.com/reports/alibaba-uyghur"
    assert rows[4]["evidence"] == [] and rows[4]["status"] == "clear"
