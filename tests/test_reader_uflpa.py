"""The UFLPA Entity List reader (us_dhs_uflpa): the DHS page's tables, the Federal Register appendix
fallback, the bundled excerpt, the download path (conditional requests, retries, size limit) and
hostile or broken pages.

Fixtures (tests/fixtures/uflpa/): ``dhs_page.html`` has a layout of dhs.gov/uflpa-entity-list
(one table per list of section 2(d)(2)(B) under a heading naming it; Entity Name, Effective Date,
Federal Register Notice columns; a layout table in the site header); ``DHS_LAYOUT`` below has
the page's own titling (a paragraph with the statute's words and a section link above a table);
``fr_appendix.xml`` has the structure of a Federal Register notice's full-text XML (GPOTABLE,
BOXHD/CHED, ROW/ENT, HD headings).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)
from typer.testing import CliRunner

from behind.cli.app import app

from behind.config import FetchSettings
from behind.errors import HostileInputError, InputError, SourceError
from behind.ingest import update_source
from behind.sources.registry import SOURCES, data_path, listings_of
from behind.sources.uflpa import SPEC, parse_date, read_uflpa, section_of, split_name
from behind.sources.uflpa_names import parse_cell
from behind.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "uflpa"
PAGE = FIXTURES / "dhs_page.html"
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


def _by_name(path: Path) -> dict:
    return {e.name: e for e in read_uflpa(path).entities}


def test_bundled_excerpt_reads_each_entity_with_its_section_and_date():
    records = _by_name(data_path("uflpa/uflpa-entity-list.html"))
    assert len(records) == 66
    assert records["Baoding LYSZD Trade and Business Co., Ltd."].programs == ["UFLPA 2(d)(2)(B)(i)"]
    assert records["Baoding LYSZD Trade and Business Co., Ltd."].listed_on == "2022-06-21"
    pantum = records["Zhuhai Pantum Electronics Co., Ltd."]  # named in Ninestar's row
    assert [(lk.relation, lk.target) for lk in pantum.links] == [("subsidiary_of", "Ninestar Corporation")]
    assert pantum.programs == ["UFLPA 2(d)(2)(B)(ii)"] and pantum.listed_on == "2023-06-12"
    (listing,) = listings_of(pantum)
    assert listing.source_url == "https://www.federalregister.gov/d/2023-12481"
    gansu = records["Gansu Yasheng International Trading Co., Ltd."]
    assert [(a.name, a.kind) for a in gansu.aliases] == [
        ("Gansu Yasheng International Trade Co., Ltd.", "aka"), ("Yasheng International Trade", "aka"),
        ("Gansu Yasheng International Trade Group Co., Ltd.", "fka")]
    daqo = records["Xinjiang Daqo New Energy Co., Ltd."]
    assert daqo.programs == ["UFLPA 2(d)(2)(B)(v)"] and daqo.listed_on == "2024-11-25"
    assert [a.name for a in daqo.aliases] == ["Xinjiang Great New Energy Co., Ltd.", "Xinjiang Daxin Energy Co., Ltd.",
                                              "Xinjiang Daqin Energy Co., Ltd."]
    assert records["Western Gold Co., Ltd."].programs == ["UFLPA 2(d)(2)(B)(ii)"]
    assert SOURCES["us_dhs_uflpa"] is SPEC and SPEC.bundled_vintage == max(e.listed_on for e in records.values())


def test_page_with_notice_column_gives_each_listing_its_notice_and_link():
    records = _by_name(PAGE)
    assert set(records) == {"Xinjiang Energy (Group) Co., Ltd.", "Xinjiang Zijin Zinc Industry", "Esquel Group",
                            "Hongyuan Green Energy Co., Ltd.", "Hongyuan New Materials (Baotou) Co., Ltd."}
    (esquel,) = listings_of(records["Esquel Group"])
    assert (esquel.list, esquel.program, esquel.date) == ("us_dhs_uflpa", "UFLPA 2(d)(2)(B)(v)", "2024-11-01")
    assert esquel.citation.endswith("FR Doc. 2024-25423")  # no link in the cell: built from the FR doc number
    assert esquel.source_url == "https://www.federalregister.gov/d/2024-25423"


def test_entity_in_two_sections_is_one_record_with_a_listing_per_section():
    zinc = _by_name(PAGE)["Xinjiang Zijin Zinc Industry"]
    assert zinc.programs == ["UFLPA 2(d)(2)(B)(ii)", "UFLPA 2(d)(2)(B)(v)"]
    assert [(x.program, x.date) for x in listings_of(zinc)] == [
        ("UFLPA 2(d)(2)(B)(ii)", "2025-01-15"), ("UFLPA 2(d)(2)(B)(v)", "2025-01-15")]


def test_federal_register_appendix_is_read_as_the_fallback():
    parsed = read_uflpa(FIXTURES / "fr_appendix.xml")
    records = {e.name: e for e in parsed.entities}
    assert set(records) == {"Xinjiang Energy (Group) Co., Ltd.", "Esquel Group",
                            "Donghai JA Solar Technology Co., Ltd."}
    assert records["Esquel Group"].listed_on == "2024-11-01"  # "November 1, 2024." with the FR's full stop
    assert records["Xinjiang Energy (Group) Co., Ltd."].programs == ["UFLPA 2(d)(2)(B)(ii)"]
    assert any("Federal Register appendix" in w for w in parsed.warnings)


@pytest.mark.parametrize("cell,name,aliases", [
    ("Xinjiang Zhonghe Co., Ltd. (also known as Xinjiang Joinworld Co., Ltd.)", "Xinjiang Zhonghe Co., Ltd.",
     [("Xinjiang Joinworld Co., Ltd.", "aka")]),
    ("Hongyuan Green Energy Co., Ltd. (also known as HY Solar; and Hoyuan Green Energy Co. Ltd., and formerly known as "
     "Wuxi Shangji CNC Co., Ltd.; Wuxi Shangji Automation Co., Ltd.; and Wuxi Shangji Grinding Machine Co., Ltd.)",
     "Hongyuan Green Energy Co., Ltd.",
     [("HY Solar", "aka"), ("Hoyuan Green Energy Co. Ltd.", "aka"), ("Wuxi Shangji CNC Co., Ltd.", "fka"),
      ("Wuxi Shangji Automation Co., Ltd.", "fka"), ("Wuxi Shangji Grinding Machine Co., Ltd.", "fka")]),
    ("Hongyuan New Materials (Baotou) Co., Ltd.", "Hongyuan New Materials (Baotou) Co., Ltd.", []),
    ("Kashgar Construction Engineering (Group) Co., Ltd.", "Kashgar Construction Engineering (Group) Co., Ltd.", []),
    ("Hetian Haolin Hair Accessories Co. Ltd. (and two aliases: Hotan Haolin Hair Accessories; and Hollin Hair "
     "Accessories)", "Hetian Haolin Hair Accessories Co. Ltd.",
     [("Hotan Haolin Hair Accessories", "aka"), ("Hollin Hair Accessories", "aka")]),
    ("Hebei Tomato Industry Co., Ltd. (also known as Hebei Temeite Industrial Group Co., Ltd.; and formerly known as "
     "Hebei Temeite International Trade Co., Ltd.)", "Hebei Tomato Industry Co., Ltd.",
     [("Hebei Temeite Industrial Group Co., Ltd.", "aka"), ("Hebei Temeite International Trade Co., Ltd.", "fka")]),
])
def test_other_names_in_the_parenthesis(cell, name, aliases):
    got_name, got = split_name(cell)
    assert got_name == name and [(a.name, a.kind) for a in got] == aliases


@pytest.mark.parametrize("cell,named", [
    ("Hoshine Silicon Industry (Shanshan) Co., Ltd (including one alias: Hesheng Silicon Industry (Shanshan) Co.) "
     "and subsidiaries",
     [("Hoshine Silicon Industry (Shanshan) Co., Ltd", ["Hesheng Silicon Industry (Shanshan) Co."],
       "and subsidiaries", None)]),
    ("Xinjiang Production and Construction Corps and its subordinate and affiliated entities",
     [("Xinjiang Production and Construction Corps", [], "and its subordinate and affiliated entities", None)]),
    ("Chenguang Biotech Group Co., Ltd. and its subsidiary Chenguang Biotechnology Group Yanqi Co. Ltd.",
     [("Chenguang Biotech Group Co., Ltd.", [], None, None),
      ("Chenguang Biotechnology Group Yanqi Co. Ltd.", [], None, "Chenguang Biotech Group Co., Ltd.")]),
    ("Ninestar Corporation and its eight Zhuhai-based subsidiaries, which include Zhuhai Pantum Electronics Co., "
     "Ltd., Geehy Semiconductor Co., Ltd., and Zhuhai G&G Digital Technology Co., Ltd.",
     [("Ninestar Corporation", [], None, None),
      ("Zhuhai Pantum Electronics Co., Ltd.", [], None, "Ninestar Corporation"),
      ("Geehy Semiconductor Co., Ltd.", [], None, "Ninestar Corporation"),
      ("Zhuhai G&G Digital Technology Co., Ltd.", [], None, "Ninestar Corporation")]),
])
def test_scope_and_named_subsidiaries_in_the_name_cell(cell, named):
    assert [(n.name, [a.name for a in n.aliases], n.scope, n.parent) for n in parse_cell(cell)] == named


DHS_LAYOUT = """<html><body><main><h1>UFLPA Entity List</h1><div class="field--name-body">
<p>The UFLPA Entity List is a consolidated register of the four lists.</p>
<p class="text-align-center"><strong>A list of entities in Xinjiang that mine, produce, or manufacture wholly or in
part any goods, wares, articles and merchandise with forced labor</strong><br>
<a href="https://www.govinfo.gov/app/details/PLAW-117publ78">Section 2(d)(2)(B)(i)</a></p>
<table class="usa-table"><thead><tr><th>Name of Entity</th><th>Effective Date</th></tr></thead><tbody>
<tr><td>Baoding LYSZD Trade and Business Co., Ltd.</td><td>June 21, 2022</td></tr></tbody></table>
<p class="text-align-center"><strong>A list of facilities and entities ... that source material from
Xinjiang</strong><br><a href="https://www.govinfo.gov/app/details/PLAW-117publ78">Section 2(d)(2)(B)(v)</a></p>
<table class="usa-table"><thead><tr><th>Name of Entity</th><th>Effective Date</th></tr></thead><tbody>
<tr><td>Chenguang Biotech Group Co., Ltd. and its subsidiary Chenguang Biotechnology Group Yanqi Co. Ltd.</td>
<td>August 2, 2023</td></tr></tbody></table>
<h3>Section 2(d)(2)(B)(ii)</h3><p>Last updated: January 15, 2025</p>
<table><tr><th>Entity Name</th><th>Effective Date</th></tr><tr><td>Camel Group Co., Ltd.</td><td>August 2, 2023</td>
</tr></table></div></main></body></html>"""


def test_tables_titled_by_the_paragraph_above_them_under_one_page_heading(tmp_path):
    # the DHS page's layout: a <p> with the statute's words and a "Section 2(d)(2)(B)(i)" link above each
    # table, one <h1> for the page; a paragraph naming no section falls back to the heading above it
    path = tmp_path / "page.html"
    path.write_text(DHS_LAYOUT, encoding="utf-8")
    records = _by_name(path)
    assert {name: r.programs for name, r in records.items()} == {
        "Baoding LYSZD Trade and Business Co., Ltd.": ["UFLPA 2(d)(2)(B)(i)"],
        "Chenguang Biotech Group Co., Ltd.": ["UFLPA 2(d)(2)(B)(v)"],
        "Chenguang Biotechnology Group Yanqi Co. Ltd.": ["UFLPA 2(d)(2)(B)(v)"],
        "Camel Group Co., Ltd.": ["UFLPA 2(d)(2)(B)(ii)"]}
    yanqi = records["Chenguang Biotechnology Group Yanqi Co. Ltd."]
    assert yanqi.listed_on == "2023-08-02" and yanqi.links[0].target == "Chenguang Biotech Group Co., Ltd."


@pytest.mark.parametrize("heading,section", [
    ("Entities ... out of Xinjiang (Section 2(d)(2)(B)(ii))", "2(d)(2)(B)(ii)"),
    ("Section 2(d)(2)(B)(v) List", "2(d)(2)(B)(v)"),
    ("A list of entities in Xinjiang that mine, produce, or manufacture wholly or in part any goods", "2(d)(2)(B)(i)"),
    ("Entities that exported products made by entities on the first two lists", "2(d)(2)(B)(iv)"),
    ("Site navigation", None),
])
def test_section_from_the_heading(heading, section):
    assert section_of(heading) == section


@pytest.mark.parametrize("text,iso", [("January 15, 2025", "2025-01-15"), ("November 1, 2024.", "2024-11-01"),
                                      ("11/25/2024", "2024-11-25"), ("2022-06-21", "2022-06-21")])
def test_effective_dates(text, iso):
    assert parse_date(text) == iso


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                  b"<NOTICE><GPOTABLE><BOXHD><CHED>Entity name</CHED><CHED>Effective date</CHED></BOXHD>"
                  b"<ROW><ENT>&lol2;</ENT><ENT>June 21, 2022</ENT></ROW></GPOTABLE></NOTICE>")


@pytest.mark.parametrize("body", [
    BILLION_LAUGHS,
    b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><h2>Section 2(d)(2)(B)(v)</h2>'
    b"<table><tr><th>Entity Name</th><th>Effective Date</th></tr><tr><td>&x;</td><td>June 21, 2022</td></tr>"
    b"</table></body></html>",
])
def test_entity_declarations_are_refused(tmp_path, body):
    path = tmp_path / "page.html"
    path.write_bytes(body)
    with pytest.raises(HostileInputError):
        read_uflpa(path)


@pytest.mark.parametrize("body,reason,row", [
    ("<html><body><p>Maintenance</p></body></html>", "no table of entities", None),
    ("<html><body><h2>Entity list</h2><table><tr><th>Entity Name</th><th>Effective Date</th></tr>"
     "<tr><td>A Co., Ltd.</td><td>June 21, 2022</td></tr></table></body></html>", "names no UFLPA section", 1),
    ("<html><body><h2>Section 2(d)(2)(B)(v)</h2><table><tr><th>Entity Name</th><th>Effective Date</th></tr>\n"
     "<tr><td>A Co., Ltd.</td><td>soon</td></tr></table></body></html>", "invalid effective date 'soon'", 2),
    ("", "empty page", None),
])
def test_broken_pages_name_file_row_and_problem(tmp_path, body, reason, row):
    path = tmp_path / "page.html"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as info:
        read_uflpa(path)
    assert info.value.file == str(path) and info.value.row == row


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def test_download_path_conditional_request_retry_and_size_limit(server, store):  # noqa: F811
    body, seen = PAGE.read_bytes(), []

    def route(h: Handler) -> None:
        seen.append(h.headers.get("If-Modified-Since"))
        if len(seen) == 1:
            h.reply(503, b"busy")  # the first attempt fails; the retry gets the page
        elif h.headers.get("If-Modified-Since") == "Wed, 15 Jan 2025 12:00:00 GMT":
            h.reply(304)
        else:
            h.reply(200, body, {"Last-Modified": "Wed, 15 Jan 2025 12:00:00 GMT", "Content-Type": "text/html"})

    server.routes["/uflpa-entity-list"] = route
    origins = {"uflpa-entity-list.html": server.url("/uflpa-entity-list")}
    out = update_source(store, SPEC, origins, settings=FAST)
    assert out.status == "loaded" and out.result.version.record_count == 5
    assert update_source(store, SPEC, origins, settings=FAST).status == "not_modified"
    assert seen == [None, None, "Wed, 15 Jan 2025 12:00:00 GMT"]
    small = FetchSettings(timeout_s=5, retries=0, backoff_s=0, max_bytes=len(body) // 2)
    with pytest.raises(SourceError, match="limit"):
        update_source(store, SPEC, origins, settings=small, force=True)
    assert store.active_version("us_dhs_uflpa").record_count == 5  # the active version is untouched


def test_hostile_or_empty_download_leaves_the_active_version(server, store):  # noqa: F811
    server.routes["/ok"] = lambda h: h.reply(200, PAGE.read_bytes())
    server.routes["/bad"] = lambda h: h.reply(200, BILLION_LAUGHS)
    server.routes["/maintenance"] = lambda h: h.reply(200, b"<html><body>Down for maintenance</body></html>")
    update_source(store, SPEC, {"uflpa-entity-list.html": server.url("/ok")}, settings=FAST)
    with pytest.raises(SourceError, match="DOCTYPE or ENTITY"):
        update_source(store, SPEC, {"uflpa-entity-list.html": server.url("/bad")}, settings=FAST)
    with pytest.raises(SourceError, match="no table of entities"):
        update_source(store, SPEC, {"uflpa-entity-list.html": server.url("/maintenance")}, settings=FAST)
    assert store.active_version("us_dhs_uflpa").record_count == 5


def test_update_from_a_federal_register_notice_when_the_page_cannot_be_read(tmp_path):
    data_dir = str(tmp_path / "data")
    out = CliRunner().invoke(app, ["update", "us_dhs_uflpa", "--from", str(FIXTURES / "fr_appendix.xml"),
                                   "--data-dir", data_dir], catch_exceptions=False)
    assert out.exit_code == 0 and "us_dhs_uflpa: loaded version 1 with 3 records" in out.output
    assert "read from a Federal Register appendix" in out.output
