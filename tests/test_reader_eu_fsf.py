"""The EU FSF reader on the bundled excerpt (the Commission's XML 1.1 structure), through the real
download path (conditional requests, retries, size limits), on hostile XML, and in `behind search`."""

from __future__ import annotations

import json

import pytest
from localhttp import Handler, Server, server  # noqa: F401 (fixture)
from typer.testing import CliRunner

from behind.cli.app import app
from behind.config import FetchSettings
from behind.errors import HostileInputError, InputError, SourceError
from behind.ingest import update_source
from behind.sources.eu_fsf import NAMESPACE, SPEC, eu_listings, read_eu_fsf
from behind.sources.registry import SOURCES, data_path
from behind.store import Store

EXCERPT = data_path(SPEC.bundled["eu_fsf.xml"])
FAST = FetchSettings(timeout_s=5, retries=1, backoff_s=0)


@pytest.fixture(scope="module")
def parsed():
    return read_eu_fsf(EXCERPT)


def by_id(parsed, source_id):
    return next(e for e in parsed.entities if e.source_id == source_id)


def test_reads_every_sanction_entity_with_its_generation_date(parsed):
    assert parsed.published == "2026-09-01" == SPEC.bundled_vintage
    assert [e.source_id for e in parsed.entities] == ["13", "135909"]
    assert [e.schema for e in parsed.entities] == ["Person", "Person"]


def test_english_name_first_other_languages_and_scripts_as_aliases(parsed):
    putin = by_id(parsed, "135909")
    assert putin.name == "Vladimir Vladimirovich PUTIN"  # the Swedish spelling comes first in the file
    kinds = {(a.name, a.kind, a.lang) for a in putin.aliases}
    assert ("Vladimir Vladimirovitj PUTIN", "aka", "sv") in kinds
    assert ("Владимир Владимирович ПУТИН", "original", "ru") in kinds
    assert putin.birth_dates == ["1952-10-07"] and putin.nationalities == ["RUSSIAN FEDERATION"]
    assert putin.gender == "male" and putin.extra["functions"] == ["President of the Russian Federation"]


ENTERPRISE = """<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-09-01T10:00:00.000+02:00">
  <sanctionEntity designationDate="2020-07-30" logicalId="1001">
    <regulation regulationType="amendment" publicationDate="2020-07-30" numberTitle="2020/1125 (OJ L246)"
        programme="CYB" logicalId="1002">
      <publicationUrl>https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=uriserv%3AOJ.L_.2020.246.01.0004.01.ENG</publicationUrl>
    </regulation>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Example Science and Technology Development Co. Ltd" strong="true" regulationLanguage="en"
        logicalId="1003"/>
    <nameAlias wholeName="Example Technology Development Co. Ltd" strong="true" regulationLanguage="en" logicalId="1004"/>
    <nameAlias wholeName="Exa" strong="false" regulationLanguage="en" logicalId="1005"/>
    <address city="Tianjin" countryIso2Code="CN" countryDescription="CHINA" regulationLanguage="en" logicalId="1006"/>
  </sanctionEntity>
</export>"""


def test_enterprise_with_weak_alias_country_and_regulation(tmp_path):
    path = tmp_path / "eu.xml"  # an enterprise entry in the publisher's structure, names made up for the test
    path.write_text(ENTERPRISE, encoding="utf-8")
    (firm,) = read_eu_fsf(path).entities
    assert firm.schema == "Organization" and firm.source_id == "1001"
    assert firm.name == "Example Science and Technology Development Co. Ltd"
    assert ("Exa", "weak") in {(a.name, a.kind) for a in firm.aliases}
    assert ("Example Technology Development Co. Ltd", "aka") in {(a.name, a.kind) for a in firm.aliases}
    assert firm.countries == ["CHINA"] and firm.addresses[0].city == "Tianjin"
    assert firm.programs == ["CYB"] and firm.listed_on == "2020-07-30"
    (listing,) = eu_listings(firm)
    assert (listing.list, listing.program, listing.date) == ("eu_fsf", "CYB", "2020-07-30")
    assert listing.citation == "Regulation 2020/1125 (OJ L246)" and "2020.246" in listing.source_url


def test_listing_per_programme_with_regulation_date_citation_and_url(parsed):
    (listing,) = eu_listings(by_id(parsed, "135909"))
    assert (listing.list, listing.program, listing.date) == ("eu_fsf", "UKR", "2022-02-25")
    assert listing.citation == "Regulation 2022/332 (OJ L53)"
    assert listing.source_url.startswith("https://eur-lex.europa.eu/") and "2022.053" in listing.source_url
    saddam = by_id(parsed, "13")
    (old,) = eu_listings(saddam)
    assert (old.program, old.date, old.citation) == ("IRQ", "2003-07-08", "Regulation 1210/2003 (OJ L169)")
    assert ("other", "EU.27.28", "EU reference number") in {(i.scheme, i.value, i.note) for i in saddam.identifiers}
    assert saddam.birth_places == ["al-Awja, near Tikrit, IRAQ"] and saddam.remarks == "UNSC RESOLUTION 1483"
    assert SOURCES["eu_fsf"] is SPEC and "eu_fsf" in SPEC.lists


def test_documents_map_to_schemes_and_a_file_without_namespace_reads_the_same(tmp_path, parsed):
    bare = EXCERPT.read_text(encoding="utf-8").replace(f' xmlns="{NAMESPACE}"', "")
    bare = bare.replace('<subjectType code="person" classificationCode="P"/>',
                        '<subjectType code="person" classificationCode="P"/><identification diplomatic="" '
                        'knownExpired="false" knownFalse="false" reportedLost="false" revokedByIssuer="false" '
                        'issuedBy="" latinNumber="" nameOnDocument="" identificationTypeCode="passport" '
                        'identificationTypeDescription="National passport" region="" number="M0003264580" '
                        'countryIso2Code="IQ" countryDescription="IRAQ" logicalId="7"/>', 1)
    path = tmp_path / "eu.xml"
    path.write_text(bare, encoding="utf-8")
    again = read_eu_fsf(path)
    assert [e.name for e in again.entities] == [e.name for e in parsed.entities]
    passport = next(i for i in again.entities[0].identifiers if i.scheme == "passport")
    assert (passport.value, passport.country, passport.note) == ("M0003264580", "IRAQ", "National passport")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<export><sanctionEntity logicalId="1"><nameAlias wholeName="&c;"/></sanctionEntity></export>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE export [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<export><sanctionEntity logicalId="1"><nameAlias wholeName="&x;"/></sanctionEntity></export>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused(tmp_path, body):
    path = tmp_path / "eu.xml"
    path.write_bytes(body)
    with pytest.raises(HostileInputError):
        read_eu_fsf(path)


@pytest.mark.parametrize(("body", "reason"), [
    (b"<export><sanctionEntity logicalId='1'><nameAlias wholeName='X'/></export>", "malformed XML"),
    (b"<CONSOLIDATED_LIST/>", "expected <export>, found <CONSOLIDATED_LIST>"),
    (b"<export><sanctionEntity><nameAlias wholeName='X'/></sanctionEntity></export>", "without logicalId"),
    (b"<export><sanctionEntity logicalId='9'><nameAlias wholeName=''/></sanctionEntity></export>", "9 has no name"),
])
def test_broken_files_name_file_and_problem(tmp_path, body, reason):
    path = tmp_path / "eu.xml"
    path.write_bytes(body)
    with pytest.raises(InputError, match=reason) as err:
        read_eu_fsf(path)
    assert err.value.file == str(path)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "behind.db") as s:
        yield s


def test_download_path_conditional_request_retry_and_size_limit(server, store):  # noqa: F811
    body, seen = EXCERPT.read_bytes(), []

    def route(h: Handler) -> None:
        seen.append(h.headers.get("If-None-Match"))
        if len(seen) == 1:
            h.reply(503, b"busy")  # the first attempt fails; the retry gets the file
        elif h.headers.get("If-None-Match") == '"fsf-1"':
            h.reply(304)
        else:
            h.reply(200, body, {"ETag": '"fsf-1"', "Content-Type": "application/xml"})

    server.routes["/fsf.xml"] = route
    origins = {"eu_fsf.xml": server.url("/fsf.xml")}
    out = update_source(store, SPEC, origins, settings=FAST)
    assert out.status == "loaded" and out.result.version.record_count == 2
    assert out.result.version.published == "2026-09-01"
    assert update_source(store, SPEC, origins, settings=FAST).status == "not_modified"
    assert seen == [None, None, '"fsf-1"']
    small = FetchSettings(timeout_s=5, retries=0, backoff_s=0, max_bytes=len(body) // 2)
    with pytest.raises(SourceError, match="limit"):
        update_source(store, SPEC, origins, settings=small, force=True)
    assert store.active_version("eu_fsf").record_count == 2  # the active version is untouched


def test_hostile_download_leaves_active_version(server, store):  # noqa: F811
    server.routes["/ok.xml"] = lambda h: h.reply(200, EXCERPT.read_bytes())
    server.routes["/bad.xml"] = lambda h: h.reply(200, BILLION_LAUGHS)
    update_source(store, SPEC, {"eu_fsf.xml": server.url("/ok.xml")}, settings=FAST)
    with pytest.raises(SourceError, match="DOCTYPE"):
        update_source(store, SPEC, {"eu_fsf.xml": server.url("/bad.xml")}, settings=FAST)
    assert store.active_version("eu_fsf").record_count == 2


def test_behind_search_finds_a_person_on_the_eu_list(tmp_path):
    runner, data_dir = CliRunner(), str(tmp_path / "data")
    loaded = runner.invoke(app, ["update", "eu_fsf", "--bundled", "--data-dir", data_dir], catch_exceptions=False)
    assert loaded.exit_code == 0 and "eu_fsf: loaded version 1 with 2 records" in loaded.output
    result = runner.invoke(app, ["search", "Vladimir Putin", "--json", "--data-dir", data_dir],
                           catch_exceptions=False)
    hits = json.loads(result.output)
    assert (hits[0]["source"], hits[0]["source_id"]) == ("eu_fsf", "135909")
    assert hits[0]["programs"] == ["UKR"]
