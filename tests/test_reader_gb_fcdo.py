"""The UK Sanctions List reader on the bundled excerpt (the FCDO's XML structure), through the real
download path, on hostile XML, and in `behind search`."""

from __future__ import annotations

import json

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import FetchSettings
from behind.errors import HostileInputError, InputError, SourceError
from behind.ingest import update_source
from behind.sources.gb_fcdo import SPEC, read_gb_fcdo, uk_date, uk_listings
from behind.sources.registry import SOURCES, data_path
from behind.store import Store

EXCERPT = data_path(SPEC.bundled["UK-Sanctions-List.xml"])
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


@pytest.fixture(scope="module")
def parsed():
    return read_gb_fcdo(EXCERPT)


def by_id(parsed, source_id):
    return next(e for e in parsed.entities if e.source_id == source_id)


@pytest.mark.parametrize(("text", "iso"), [
    ("25/02/2022", "2022-02-25"), ("dd/mm/1945", "1945"), ("dd/03/1958", "1958-03"), ("1/3/1958", "1958-03-01"),
    ("circa 1960", "circa 1960"), ("", ""),
])
def test_uk_dates(text, iso):
    assert uk_date(text) == iso


def test_reads_every_designation_with_the_generation_date(parsed):
    assert parsed.published == "2026-09-01" == SPEC.bundled_vintage
    assert {e.source_id: e.schema for e in parsed.entities} == {
        "AFG0001": "Organization", "AFG0006": "Person", "RUS0251": "Person", "DPR0075": "Vessel"}
    assert SOURCES["gb_fcdo"] is SPEC


def test_names_parts_aliases_and_non_latin_script(parsed):
    putin = by_id(parsed, "RUS0251")
    assert putin.name == "Vladimir Vladimirovich PUTIN"
    assert [(a.name, a.kind, a.lang) for a in putin.aliases] == [("Владимир Владимирович ПУТИН", "original", "Russian")]
    assert putin.birth_dates == ["1952-10-07"] and putin.nationalities == ["Russia"]
    assert putin.extra["positions"] == ["President of the Russian Federation"]
    akhund = by_id(parsed, "AFG0006")
    assert akhund.name == "MOHAMMAD HASSAN AKHUND" and akhund.birth_dates == ["1945", "1946"]
    ship = by_id(parsed, "DPR0075")  # "Primary name" in lower case is still the primary name
    assert ship.name == "Petrel 8" and [a.name for a in ship.aliases] == ["Jal Vahini"]
    assert ("imo", "IMO9562233") in {(i.scheme, i.value) for i in ship.identifiers}


def test_entity_identifiers_addresses_and_measures(parsed):
    hawala = by_id(parsed, "AFG0001")
    assert {(i.value, i.note) for i in hawala.identifiers} == {("12703", "OFSI group ID"),
                                                               ("TAe.010", "UN reference number")}
    assert hawala.countries == ["Afghanistan", "United Arab Emirates"]
    assert hawala.addresses[0].full == "Ansari Market, 2nd Floor, Nimroz Province, Afghanistan"
    assert hawala.remarks == "Afghan Money Service Provider License Number: 044."
    assert "statement_of_reasons" not in hawala.extra  # an empty statement is left out


def test_listing_regime_designation_date_and_citation(parsed):
    (listing,) = uk_listings(by_id(parsed, "RUS0251"))
    assert (listing.list, listing.date) == ("gb_fcdo", "2022-02-25")
    assert listing.program == "The Russia (Sanctions) (EU Exit) Regulations 2019"
    assert listing.citation == ("UK Sanctions List RUS0251: The Russia (Sanctions) (EU Exit) Regulations 2019 "
                                "(Asset freeze)")
    assert listing.source_url == "https://www.gov.uk/government/publications/the-uk-sanctions-list"


def test_parent_companies_and_subsidiaries_become_links(tmp_path):
    path = tmp_path / "uk.xml"  # the EntityDetails block of the FCDO format, on a made-up designation
    path.write_text("""<Designations><DateGenerated>01/09/2026</DateGenerated><Designation>
      <DateDesignated>01/02/2024</DateDesignated><UniqueID>TEST0001</UniqueID>
      <Names><Name><Name6>Example Trading LLC</Name6><NameType>Primary Name</NameType></Name>
        <Name><Name6>Example T</Name6><NameType>ALias</NameType><AliasStrength>Low quality a.k.a</AliasStrength></Name>
      </Names><RegimeName>The Russia (Sanctions) (EU Exit) Regulations 2019</RegimeName>
      <IndividualEntityShip>Entity</IndividualEntityShip>
      <EntityDetails><Entity><BusinessRegistrationNumbers><BusinessRegistrationNumber>1234567890123
      </BusinessRegistrationNumber></BusinessRegistrationNumbers><ParentCompanies><ParentCompany>Example Holding
      </ParentCompany></ParentCompanies><Subsidiaries><Subsidiary>Example Logistics</Subsidiary></Subsidiaries>
      </Entity></EntityDetails></Designation></Designations>""", encoding="utf-8")
    (ent,) = read_gb_fcdo(path).entities
    assert [(a.name, a.kind) for a in ent.aliases] == [("Example T", "weak")]
    assert [(lk.relation, lk.target) for lk in ent.links] == [("subsidiary_of", "Example Holding"),
                                                             ("owns", "Example Logistics")]
    assert ("registration", "1234567890123") in {(i.scheme, i.value) for i in ent.identifiers}


HOSTILE = b"""<?xml version="1.0"?><!DOCTYPE Designations [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<Designations><Designation><UniqueID>X</UniqueID></Designation></Designations>"""


def test_hostile_and_broken_files(tmp_path):
    path = tmp_path / "uk.xml"
    path.write_bytes(HOSTILE)
    with pytest.raises(HostileInputError):
        read_gb_fcdo(path)
    path.write_bytes(b"<export/>")
    with pytest.raises(InputError, match="expected <Designations>"):
        read_gb_fcdo(path)
    path.write_bytes(b"<Designations><Designation><UniqueID>Q1</UniqueID><Names><Name><Name6>X</Name6>"
                     b"<NameType>Primary Name</NameType></Name></Names><IndividualEntityShip>Aircraft"
                     b"</IndividualEntityShip></Designation></Designations>")
    with pytest.raises(InputError, match="Q1: unknown IndividualEntityShip 'Aircraft'") as err:
        read_gb_fcdo(path)
    assert err.value.field == "IndividualEntityShip" and err.value.row == 1


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def test_download_path_last_modified_and_truncation(server, store):  # noqa: F811
    body, seen = EXCERPT.read_bytes(), []
    stamp = "Tue, 01 Sep 2026 06:00:00 GMT"

    def route(h: Handler) -> None:
        seen.append(h.headers.get("If-Modified-Since"))
        if h.headers.get("If-Modified-Since") == stamp:
            h.reply(304)
        else:
            h.reply(200, body, {"Last-Modified": stamp})

    server.routes["/UK-Sanctions-List.xml"] = route
    origins = {"UK-Sanctions-List.xml": server.url("/UK-Sanctions-List.xml")}
    assert update_source(store, SPEC, origins, settings=FAST).result.version.record_count == 4
    assert update_source(store, SPEC, origins, settings=FAST).status == "not_modified"
    assert seen == [None, stamp]

    def cut(h: Handler) -> None:  # a transfer cut half way
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.close_connection = True

    server.routes["/cut.xml"] = cut
    with pytest.raises(SourceError):
        update_source(store, SPEC, {"UK-Sanctions-List.xml": server.url("/cut.xml")}, settings=FAST)
    assert store.active_version("gb_fcdo").record_count == 4


def test_behind_search_finds_an_entity_on_the_uk_list(tmp_path):
    runner, data_dir = CliRunner(), str(tmp_path / "data")
    loaded = runner.invoke(app, ["update", "gb_fcdo", "--bundled", "--data-dir", data_dir], catch_exceptions=False)
    assert loaded.exit_code == 0 and "gb_fcdo: loaded version 1 with 4 records" in loaded.output
    result = runner.invoke(app, ["search", "Haji Khairullah Haji Sattar Money Exchange", "--json",
                                 "--data-dir", data_dir], catch_exceptions=False)
    hits = json.loads(result.output)
    assert (hits[0]["source"], hits[0]["source_id"]) == ("gb_fcdo", "AFG0001")
