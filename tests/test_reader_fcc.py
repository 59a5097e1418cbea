"""The FCC Covered List reader (us_fcc_covered): the bundled copy of the FCC page's table, the companies
each row names, the "subsidiaries and affiliates" scope, the download path and broken or hostile pages.

The bundled ``fcc/coveredlist.html`` keeps the page's table (columns "Covered Equipment or Services*"
and "Date of Inclusion on Covered List", one row per entry, later updates in the date cell) with the
FCC's own wording of each row; provenance in behind/data/README.md.
"""

from __future__ import annotations

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)

from behind.config import FetchSettings
from behind.errors import HostileInputError, InputError, SourceError
from behind.ingest import update_source
from behind.sources.fcc_covered import AFFILIATES_PROGRAM, PROGRAM, SPEC, companies_of, read_fcc_covered
from behind.sources.registry import data_path, listings_of
from behind.store import Store

BUNDLED = data_path("fcc/coveredlist.html")
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


@pytest.fixture(scope="module")
def parsed():
    return read_fcc_covered(BUNDLED)


def test_every_company_named_by_a_row_with_its_date_of_inclusion(parsed):
    dates = {e.name: e.listed_on for e in parsed.entities}
    assert dates == {
        "Huawei Technologies Company": "2021-03-12", "ZTE Corporation": "2021-03-12",
        "Hytera Communications Corporation": "2021-03-12",
        "Hangzhou Hikvision Digital Technology Company": "2021-03-12", "Dahua Technology Company": "2021-03-12",
        "AO Kaspersky Lab": "2022-03-25", "China Mobile International USA Inc.": "2022-03-25",
        "China Telecom (Americas) Corp.": "2022-03-25", "Pacific Networks Corp": "2022-09-20",
        "ComNet (USA) LLC": "2022-09-20", "China Unicom (Americas) Operations Limited": "2022-09-20",
        "Kaspersky Lab, Inc.": "2024-07-23", "Digitalsystem Technology Inc.": "2026-07-07"}


def test_rows_naming_a_category_not_a_company_are_counted_not_matched(parsed):
    skipped = [w for w in parsed.warnings if "names no company" in w]
    assert len(skipped) == 4 and any("Routers" in w for w in skipped)


def test_subsidiaries_and_affiliates_scope_from_the_statute_or_the_row(parsed):
    records = {e.name: e for e in parsed.entities}
    (hik,) = listings_of(records["Hangzhou Hikvision Digital Technology Company"])
    assert hik.program == AFFILIATES_PROGRAM and "889(f)(3)" in hik.citation
    assert "produced by Hangzhou Hikvision Digital Technology Company" in hik.citation
    (kaspersky,) = listings_of(records["AO Kaspersky Lab"])
    assert kaspersky.program == AFFILIATES_PROGRAM and "subsidiaries, or affiliates" in kaspersky.citation
    (mobile,) = listings_of(records["China Mobile International USA Inc."])
    assert mobile.program == PROGRAM and "affiliates" not in mobile.citation  # services of that carrier only


def test_wholly_owned_subsidiary_is_linked_to_its_parent(parsed):
    comnet = next(e for e in parsed.entities if e.name == "ComNet (USA) LLC")
    assert [(lk.relation, lk.target) for lk in comnet.links] == [("subsidiary_of", "Pacific Networks Corp")]


def test_later_updates_of_a_row_are_kept(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<table><tr><th>Covered Equipment or Services*</th><th>Date of Inclusion on Covered List</th></tr>"
                    "<tr><td>Telecommunications equipment produced by ZTE Corporation, including services.</td>"
                    "<td>March 12, 2021<br>Updated: July 21, 2026</td></tr></table>", encoding="utf-8")
    (zte,) = read_fcc_covered(page).entities
    assert zte.listed_on == "2021-03-12" and zte.extra["covered"][0]["updated"] == ["2026-07-21"]


@pytest.mark.parametrize("sentence,companies", [
    ("Telecommunications equipment produced by Huawei Technologies Company, including telecommunications or video "
     "surveillance services provided by such entity or using such equipment.", ["Huawei Technologies Company"]),
    ("Information security products, solutions, and services supplied, directly or indirectly, by AO Kaspersky Lab "
     "or any of its predecessors, successors, parents, subsidiaries, or affiliates.", ["AO Kaspersky Lab"]),
    ("International telecommunications services provided by Pacific Networks Corp and its wholly-owned subsidiary "
     "ComNet (USA) LLC subject to section 214 of the Communications Act of 1934.",
     ["Pacific Networks Corp", "ComNet (USA) LLC"]),
    ("Cybersecurity and anti-virus software produced or provided by Kaspersky Lab, Inc. or any of its successors "
     "and assignees.", ["Kaspersky Lab, Inc."]),
    ("International telecommunications services provided by Digitalsystem Technology Inc., subject to section 214 "
     "of the Communications Act of 1934.", ["Digitalsystem Technology Inc."]),
    ("Routers ^ produced in a foreign country, except routers which have been granted a Conditional Approval.", []),
])
def test_companies_a_row_names(sentence, companies):
    assert companies_of(sentence) == companies


@pytest.mark.parametrize("body,error,reason", [
    (b"<html><body><p>Page not found</p></body></html>", InputError, "no table"),
    (b"<table><tr><th>Covered Equipment or Services*</th><th>Date of Inclusion on Covered List</th></tr>\n"
     b"<tr><td>Equipment produced by A Corp.</td><td>someday</td></tr></table>", InputError, "invalid date"),
    (b'<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">]><table><tr><th>Covered Equipment</th><th>Date</th></tr></table>',
     HostileInputError, "ENTITY"),
])
def test_broken_or_hostile_pages_are_refused(tmp_path, body, error, reason):
    path = tmp_path / "coveredlist.html"
    path.write_bytes(body)
    with pytest.raises(error, match=reason):
        read_fcc_covered(path)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def test_download_path_conditional_request_retry_and_size_limit(server, store):  # noqa: F811
    body, seen = BUNDLED.read_bytes(), []

    def route(h: Handler) -> None:
        seen.append(h.headers.get("If-None-Match"))
        if len(seen) == 1:
            h.reply(502, b"bad gateway")  # retried
        elif h.headers.get("If-None-Match") == '"covered-2026-07-28"':
            h.reply(304)
        else:
            h.reply(200, body, {"ETag": '"covered-2026-07-28"', "Content-Type": "text/html; charset=utf-8"})

    server.routes["/supplychain/coveredlist"] = route
    origins = {"coveredlist.html": server.url("/supplychain/coveredlist")}
    out = update_source(store, SPEC, origins, settings=FAST)
    assert out.status == "loaded" and out.result.version.record_count == 13
    assert update_source(store, SPEC, origins, settings=FAST).status == "not_modified"
    assert seen == [None, None, '"covered-2026-07-28"']
    small = FetchSettings(timeout_s=5, retries=0, backoff_s=0, max_bytes=1000)
    with pytest.raises(SourceError, match="limit"):
        update_source(store, SPEC, origins, settings=small, force=True)
    server.routes["/gone"] = lambda h: h.reply(200, b"<html><body>Moved</body></html>")
    with pytest.raises(SourceError, match="no table"):
        update_source(store, SPEC, {"coveredlist.html": server.url("/gone")}, settings=FAST)
    assert store.active_version("us_fcc_covered").record_count == 13  # last good version kept
