"""The DoD Section 1260H list: every bundled edition with the additions and removals between
them, entries as the DoD prints them, Federal Register notice texts, the real download path
(conditional requests, retries, size limit, last good version kept), and `behind explain`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import FetchSettings
from behind.errors import InputError, SourceError
from behind.ingest import update_source
from behind.sources.dod_1260h import SPEC, dod_1260h_listings, notice_entries, parse_entry, read_editions
from behind.sources.registry import SOURCES, data_path
from behind.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "dod_1260h"
BUNDLED = data_path(SPEC.bundled["editions.yaml"])
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


@pytest.fixture(scope="module")
def parsed():
    return SPEC.read({"editions.yaml": BUNDLED}, "us_dod_1260h")


def named(parsed, name):
    return next(e for e in parsed.entities if e.name == name)


def periods(entity):
    return [(p["start"], p["end"]) for p in entity.extra["periods"]]


def in_force(parsed, day):
    return sum(any(x.in_force(date.fromisoformat(day)) for x in dod_1260h_listings(e)) for e in parsed.entities)


def test_every_edition_with_its_count(parsed):
    assert SOURCES["us_dod_1260h"] is SPEC and parsed.published == "2026-06-08" == SPEC.bundled_vintage
    counts = {day: in_force(parsed, day) for day in
              ("2021-06-03", "2022-10-05", "2024-01-31", "2025-01-07", "2026-03-01", "2026-06-08")}
    # the list withdrawn from public inspection on 2026-02-13 changed nothing: 2025's stood until June
    assert counts == {"2021-06-03": 47, "2022-10-05": 60, "2024-01-31": 73, "2025-01-07": 133,
                      "2026-03-01": 133, "2026-06-08": 188}
    assert in_force(parsed, "2021-06-02") == 0


def test_additions_and_removals_between_editions(parsed):
    assert periods(named(parsed, "Beijing Megvii Technology Co., Ltd.")) == [("2024-01-31", "2025-01-07")]
    assert periods(named(parsed, "China Railway Construction Corporation Limited")) == [("2021-06-03", "2025-01-07")]
    assert periods(named(parsed, "SMIC Hong Kong International Company Limited")) == [("2021-06-03", "2024-01-31")]
    assert periods(named(parsed, "Taiji Computer Co., Ltd.")) == [("2025-01-07", "2026-06-08")]
    assert periods(named(parsed, "Yangtze Memory Technologies Co., Ltd.")) == [("2024-01-31", None)]
    hik = named(parsed, "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert periods(hik) == [("2021-06-03", None)] and ("Hikvision", "aka") in {(a.name, a.kind) for a in hik.aliases}


def test_renamed_company_keeps_its_first_listing_and_former_name(parsed):
    chengdu = named(parsed, "AVIC Chengdu Aircraft Co., Ltd.")
    assert periods(chengdu) == [("2021-06-03", None)]
    assert ("Zhonghang Electronic Measuring Instruments Company Limited", "fka") in \
        {(a.name, a.kind) for a in chengdu.aliases}
    assert [lk.target for lk in chengdu.links if lk.relation == "subsidiary_of"] == [
        "Aviation Industry Corporation of China, Ltd."]


def test_listing_per_period_with_its_source(parsed):
    (first,) = dod_1260h_listings(named(parsed, "Yangtze Memory Technologies Co., Ltd."))
    assert (first.list, first.program, first.citation) == ("us_dod_1260h", "1260H", "DoD release, 31 January 2024")
    (alibaba,) = dod_1260h_listings(named(parsed, "Alibaba Group Holding Limited"))
    assert (alibaba.date, alibaba.end) == ("2026-06-08", None)
    assert alibaba.source_url.startswith("https://media.defense.gov/2026/Jun/08/")
    (huawei,) = dod_1260h_listings(named(parsed, "Huawei Technologies Co., Ltd."))
    assert huawei.citation.startswith("86 FR 33994") and huawei.source_url == "https://www.federalregister.gov/d/2021-13753"


@pytest.mark.parametrize("printed,name,short,formerly", [
    ("Huawei Technologies Co., Ltd. (Huawei)*", "Huawei Technologies Co., Ltd.", "Huawei", None),
    ("360 Security Technology Inc. (Qihoo 360).", "360 Security Technology Inc.", "Qihoo 360", None),
    ("China Communications Construction Group (Limited) (CCCG)*", "China Communications Construction Group (Limited)",
     "CCCG", None),
    ("CNOOC Limited*", "CNOOC Limited", None, None),
    ("AVIC Chengdu Aircraft Co., Ltd. (formerly Zhonghang Electronic Measuring Instruments Company Limited (ZEMIC))",
     "AVIC Chengdu Aircraft Co., Ltd.", None, "Zhonghang Electronic Measuring Instruments Company Limited"),
])
def test_entries_as_printed(printed, name, short, formerly):
    entry = parse_entry(printed)
    assert (entry.name, entry.short, entry.formerly) == (name, short, formerly)


def test_federal_register_notice_text_with_subsidiaries_and_wrapped_lines():
    entries = notice_entries((FIXTURES / "2021-06-03.txt").read_text(encoding="utf-8"))
    assert len(entries) == 11 and entries[0].name == "Aerospace CH UAV Co., Ltd" and entries[0].short == "S-SEA"
    hi_tech = entries[2]
    assert (hi_tech.name, hi_tech.short, hi_tech.parent) == (
        "AVIC Aviation High-Technology Company Limited", "AVIC Aviation Hi-Tech",
        "Aviation Industry Corporation of China Ltd.")
    assert [e.name for e in entries if e.parent == "Huawei Investment & Holding Co., Ltd."] == [
        "Huawei Technologies Co., Ltd."]


def test_notice_as_govinfo_serves_it_in_html():
    text = (FIXTURES / "2021-06-03.txt").read_text(encoding="utf-8").replace("&", "&amp;")
    page = f"<html>\n<head><title>Federal Register</title></head>\n<body><pre>\n{text}</pre></body>\n</html>\n"
    entries = notice_entries(page)
    assert len(entries) == 11 and "Huawei Investment & Holding Co., Ltd." in [e.name for e in entries]


def test_notices_of_two_editions_give_additions_and_removals():
    files = {p.name: p for p in sorted(FIXTURES.glob("*.txt"))}
    out = SPEC.read(files, "us_dod_1260h")
    by_name = {e.name: periods(e) for e in out.entities}
    assert by_name["SMIC Hong Kong International Company Limited"] == [("2021-06-03", "2024-01-31")]
    assert by_name["Fujian Torch Electron Technology Co., Ltd."] == [("2021-06-03", "2024-01-31")]
    assert by_name["Beijing Megvii Technology Co., Ltd."] == [("2024-01-31", None)]
    assert by_name["Huawei Technologies Co., Ltd."] == [("2021-06-03", None)]
    assert out.published == "2024-01-31"


def test_bad_files_are_input_errors(tmp_path):
    notes = tmp_path / "2021-06-03.txt"
    notes.write_text("[Notices]\nSUMMARY: nothing listed here.\n", encoding="utf-8")
    with pytest.raises(InputError, match="SUPPLEMENTARY INFORMATION"):
        read_editions({notes.name: notes})
    bad = tmp_path / "editions.yaml"
    bad.write_text("editions:\n- date: June 2021\n  entries: [A Co.]\n", encoding="utf-8")
    with pytest.raises(InputError, match="date"):
        read_editions({bad.name: bad})
    bad.write_text("editions: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="malformed YAML"):
        read_editions({bad.name: bad})
    bad.write_text("!!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(InputError):  # safe_load: no object construction
        read_editions({bad.name: bad})


# --- through the real download path (notice texts served from 127.0.0.1) -------------------

def _serve(body: bytes, etag: str = '"v1"'):
    def route(h: Handler) -> None:
        if h.headers.get("If-None-Match") == etag:
            h.reply(304)
        else:
            h.reply(200, body, {"ETag": etag, "Content-Type": "text/plain"})
    return route


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def test_download_path_conditional_retry_size_limit_and_last_good_kept(server: Server, store):  # noqa: F811
    bodies = {p.name: p.read_bytes() for p in FIXTURES.glob("*.txt")}
    for name, body in bodies.items():
        server.routes[f"/{name}"] = _serve(body)
    origins = {name: server.url(f"/{name}") for name in sorted(bodies)}
    first = update_source(store, SPEC, origins, settings=FAST)
    assert first.status == "loaded" and first.result.version.record_count == 13  # 11 of 2021, 2 added by 2024
    assert update_source(store, SPEC, origins, settings=FAST).status == "not_modified"
    server.routes["/2024-01-31.txt"] = lambda h: h.reply(503, b"maintenance")
    with pytest.raises(SourceError, match="503"):
        update_source(store, SPEC, origins, settings=FAST, force=True)
    assert server.hits["/2024-01-31.txt"] == 2 + 1 + FAST.retries
    server.routes["/2024-01-31.txt"] = _serve(bodies["2024-01-31.txt"] * 50, '"v2"')
    with pytest.raises(SourceError, match="limit"):
        update_source(store, SPEC, origins, settings=FetchSettings(timeout_s=5, retries=0, max_bytes=20_000))
    server.routes["/2024-01-31.txt"] = _serve(b"<html>Service unavailable</html>", '"v3"')
    with pytest.raises(SourceError, match="SUPPLEMENTARY INFORMATION"):
        update_source(store, SPEC, origins, settings=FAST)
    assert store.active_version("us_dod_1260h").id == first.result.version.id


def test_explain_megvii_on_a_day_of_each_period(tmp_path):
    runner, data_dir = CliRunner(), str(tmp_path / "data")
    loaded = runner.invoke(app, ["update", "us_dod_1260h", "--bundled", "--data-dir", data_dir], catch_exceptions=False)
    assert loaded.exit_code == 0 and "217 records" in loaded.output

    def explain(day: str) -> dict:
        out = runner.invoke(app, ["explain", "Beijing Megvii Technology Co., Ltd.", "--as-of", day, "--json",
                                  "--data-dir", data_dir], catch_exceptions=False)
        return json.loads(out.output)

    listed = explain("2024-06-01")
    assert listed["status"] == "listed"
    (listing,) = [x for x in listed["listings"] if x["list"] == "us_dod_1260h"]
    assert (listing["date"], listing["end"]) == ("2024-01-31", "2025-01-07")
    assert explain("2025-06-01")["status"] != "listed"


def test_a_removal_notice_ends_the_listings_it_names(tmp_path):
    doc = tmp_path / "editions.yaml"
    doc.write_text(
        "editions:\n"
        "- {date: '2024-01-31', citation: DoD release, entries: ['Beijing Megvii Technology Co., Ltd. (Megvii)',"
        " {entry: 'Huawei Technologies Co., Ltd. (Huawei)*', parent: 'Huawei Investment & Holding Co., Ltd.'}]}\n"
        "- {date: '2024-09-01', amends: '2024-01-31', citation: notice of removal,"
        " removes: ['Beijing Megvii Technology Co., Ltd. (Megvii)']}\n", encoding="utf-8")
    out = SPEC.read({doc.name: doc}, "us_dod_1260h")
    assert {e.name: periods(e) for e in out.entities} == {
        "Beijing Megvii Technology Co., Ltd.": [("2024-01-31", "2024-09-01")],
        "Huawei Technologies Co., Ltd.": [("2024-01-31", None)]}


def test_one_notice_given_alone_is_dated_by_its_issue(tmp_path):
    notice = tmp_path / "editions.yaml"  # what --from names the one file of the list
    notice.write_bytes((FIXTURES / "2021-06-03.txt").read_bytes())
    (edition,) = read_editions({notice.name: notice})
    assert edition.date == "2021-06-28" and len(edition.entries) == 11
