"""FtM JSON lines: reading an OpenSanctions-style export, writing it back, round trip."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from followthemoney import model

from behind.errors import InputError
from behind.model.entity import Address, Alias, Entity, Identifier, Link
from behind.sources import read_ftm, write_ftm

FIXTURE = Path(__file__).parent / "fixtures" / "ftm_sample.ftm.json"
OWNER_A, OWNER_B, TARGET = "NK-3fJq8xWb7kLmT2", "NK-7tWc5mQa1dEvB8", "NK-9hPz2cVn4rYsQ1"
PERSON, HIKVISION = "NK-5bRt8yUp3eWq6Z", "NK-hikvision0001"


@pytest.fixture(scope="module")
def parsed():
    return read_ftm(FIXTURE, "us_ofac_sdn")


def by_id(parsed):
    return {e.source_id: e for e in parsed.entities}


def ids(entity):
    return sorted((i.scheme, i.value) for i in entity.identifiers)


def test_counts_and_skipped(parsed):
    assert parsed.source == "us_ofac_sdn"
    assert len(parsed) == 5
    assert set(by_id(parsed)) == {OWNER_A, OWNER_B, TARGET, PERSON, HIKVISION}
    assert "skipped 2 entities that are not screened: Address 1, Security 1" in parsed.warnings
    assert all(e.source == "us_ofac_sdn" for e in parsed.entities)


def test_owner_fields(parsed):
    a = by_id(parsed)[OWNER_A]
    assert a.schema == "Company"
    assert a.name == "Northern Meridian Holding LLC"
    assert a.aliases == [
        Alias("OOO Severny Meridian Kholding", "aka"),
        Alias("Severny Meridian", "aka"),
        Alias("Meridian Invest LLC", "fka"),
        Alias("NMH", "weak"),
    ]
    assert ids(a) == [("registration", "1027700123456"), ("tax_id", "7701234560")]
    assert a.countries == ["ru"]
    assert a.addresses == [Address("ul. Tverskaya 7, Moscow, 125009, Russia")]
    assert a.programs == ["RUSSIA-EO14024"]
    assert a.listed_on == "2022-04-06"  # createdAt
    assert a.remarks.startswith("Listed for operating in the financial services sector")
    assert a.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=50001"
    assert a.extra["target"] is True and a.extra["datasets"] == ["us_ofac_sdn"]
    (sanction,) = a.extra["sanctions"]
    assert sanction["id"] == "ofac-sanction-50001"
    assert sanction["authority"] == "Office of Foreign Assets Control"
    assert sanction["reason"] == "Financial services sector"


def test_sanction_merged_into_second_owner(parsed):
    b = by_id(parsed)[OWNER_B]
    assert b.programs == ["RUSSIA-EO14024", "CYBER2"]  # from the Sanction entity
    assert b.listed_on == "2023-02-24"  # no createdAt: the sanction's startDate
    assert b.extra["sanctions"][0]["program"] == "RUSSIA-EO14024; CYBER2"


def test_ownership_shares_arrive_as_links(parsed):
    ents = by_id(parsed)
    (link_b,) = ents[OWNER_B].links
    assert link_b == Link("owns", "Vostok Cargo Terminal LLC", TARGET, 30.0)
    link_a = next(lk for lk in ents[OWNER_A].links if lk.target_id == TARGET)
    assert (link_a.relation, link_a.share, link_a.start, link_a.end) == ("owns", 25.0, "2019-05-14", None)
    assert link_a.target == "Vostok Cargo Terminal LLC"  # the Ownership line came before both ends
    assert link_a.sources == ({"url": "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=50001"},)
    assert sum(lk.share for e in ents.values() for lk in e.links if lk.target_id == TARGET) == 55.0
    assert ents[TARGET].links == []


def test_missing_asset_is_kept_and_warned(parsed):
    a = by_id(parsed)[OWNER_A]
    missing = next(lk for lk in a.links if lk.target_id == "NK-0missingAsset00")
    assert (missing.target, missing.share) == ("NK-0missingAsset00", 50.0)
    assert "Ownership ofac-own-c7e2b5f10a: asset NK-0missingAsset00 not in file" in parsed.warnings
    assert len(parsed.warnings) == 2


def test_target_company_address_entity_and_topics(parsed):
    t = by_id(parsed)[TARGET]
    assert t.addresses == [Address("Morskaya nab. 15, Saint Petersburg", "Saint Petersburg", "199226", "ru")]
    assert t.programs == ["sanction.linked"]  # no program and no Sanction: topics
    assert t.listed_on is None


def test_person_fields_and_identifications(parsed):
    p = by_id(parsed)[PERSON]
    assert p.schema == "Person"
    assert p.name == "Ivan Sergeyevich PETROV"
    assert p.aliases == [Alias("Иван Сергеевич ПЕТРОВ", "aka")]
    assert p.birth_dates == ["1971-03-12"]
    assert p.birth_places == ["Leningrad, Russia"]
    assert p.nationalities == ["ru", "cy"]
    assert (p.gender, p.title) == ("male", "Mr.")
    assert p.identifiers == [
        Identifier("passport", "751234567", "ru", "Passport"),
        Identifier("national_id", "4509 123456", "ru", "National ID No."),
    ]
    assert p.links == [Link("director_of", "Northern Meridian Holding LLC", OWNER_A, None, "2018")]


def test_company_uscc_isin_ticker(parsed):
    h = by_id(parsed)[HIKVISION]
    assert h.name == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert [a.name for a in h.aliases] == ["Hikvision", "杭州海康威视数字技术股份有限公司", "海康威视"]
    assert ids(h) == [("isin", "CNE100000PM8"), ("ticker", "002415"), ("uscc", "91330000733796106P")]
    assert h.countries == ["cn"]
    assert h.programs == ["export.control", "sanction"]


def write_lines(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "bad.ftm.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a1", "schema": "Company", "properties": {"name": ["Acme"]}})


def test_malformed_json_names_line(tmp_path):
    path = write_lines(tmp_path, GOOD, "", '{"id": "b2", "schema": "Company", "properties": {')
    with pytest.raises(InputError) as info:
        read_ftm(path, "x")
    assert info.value.row == 3 and info.value.field is None
    assert "line 3" in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize(
    "line",
    [
        json.dumps({"id": "b2", "schema": "Spaceship", "properties": {}}),
        json.dumps({"id": "b2", "properties": {"name": ["Acme"]}}),
    ],
)
def test_bad_schema_names_line_and_field(tmp_path, line):
    with pytest.raises(InputError) as info:
        read_ftm(write_lines(tmp_path, GOOD, line), "x")
    assert (info.value.row, info.value.field) == (2, "schema")
    assert "line 2" in str(info.value)


@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,  # the decoder's own recursion limit
    '{"id": "b2", "schema": "Company", "properties": {"name": ["Acme"]}, "datasets": ' + "[" * 500 + "]" * 500 + "}",
])
def test_deeply_nested_line_names_line(tmp_path, line):
    with pytest.raises(InputError, match="JSON nested too deeply on line 2") as info:
        read_ftm(write_lines(tmp_path, GOOD, line), "x")
    assert info.value.row == 2 and info.value.file is not None


@pytest.mark.parametrize("values", [[["Acme"]], [5], [None], [{"a": "b"}]])
def test_property_values_must_be_strings(tmp_path, values):
    line = json.dumps({"id": "b2", "schema": "Company", "properties": {"name": values}})
    with pytest.raises(InputError, match="lists of strings") as info:
        read_ftm(write_lines(tmp_path, GOOD, line), "x")
    assert (info.value.row, info.value.field) == (2, "properties")


def test_round_trip(parsed, tmp_path):
    buf = io.StringIO()
    count = write_ftm(parsed.entities, buf)
    lines = buf.getvalue().splitlines()
    assert count == len(lines) == 5 + 5 + 3  # entities, one Sanction each, 2 Ownerships + 1 Directorship
    path = tmp_path / "out.ftm.json"
    path.write_text(buf.getvalue(), encoding="utf-8")
    again = read_ftm(path, "us_ofac_sdn")
    assert again.warnings == []  # the missing asset was not exported
    first = {e.name: e for e in parsed.entities}
    second = {e.name: e for e in again.entities}
    assert set(first) == set(second)
    for name, ent in first.items():
        back = second[name]
        assert back.schema == ent.schema
        assert sorted(a.name for a in back.aliases) == sorted(a.name for a in ent.aliases)
        assert ids(back) == ids(ent)
        assert back.countries == ent.countries
        assert set(back.programs) == set(ent.programs)
    shares = sorted((lk.relation, lk.target, lk.share) for e in again.entities for lk in e.links)
    assert shares == [
        ("director_of", "Northern Meridian Holding LLC", None),
        ("owns", "Vostok Cargo Terminal LLC", 25.0),
        ("owns", "Vostok Cargo Terminal LLC", 30.0),
    ]
    assert second["Baltic Anchor Shipping JSC"].listed_on == "2023-02-24"


def test_exported_lines_are_valid_ftm(parsed):
    buf = io.StringIO()
    write_ftm(parsed.entities, buf)
    for line in buf.getvalue().splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # re-validates every value
        assert proxy.id == data["id"]
        assert proxy.to_dict()["properties"] == data["properties"]  # nothing was invalid
    sanctions = [json.loads(x) for x in buf.getvalue().splitlines() if '"Sanction"' in x]
    assert len(sanctions) == 5
    assert all(s["properties"]["authority"] == ["us_ofac_sdn"] for s in sanctions)


def test_write_ids_relations_and_rejected_values():
    parent = Entity("curated", "parentco", "Company", "Example Parent Technology Co., Ltd.")
    child = Entity(
        "curated",
        "relabel/us llc",
        "Company",
        "Example Relabel Inc.",
        identifiers=[Identifier("uscc", "913300000000000001"), Identifier("imo", "not-an-imo")],
        links=[Link("subsidiary_of", "Parent", "parentco", 100.0, "2018-02", "2022-11-24")],
        gender="robot",
    )
    person = Entity(
        "curated", "p1", "Person", "Zhang San", identifiers=[Identifier("ticker", "SZSE:000000")],
        links=[Link("brand_of", "Parent", "parentco"), Link("owns", "Nowhere", "absent")],
    )  # fmt: skip
    buf = io.StringIO()
    assert write_ftm([parent, child, person, child], buf) == 3 * 2 + 2
    rows = [json.loads(x) for x in buf.getvalue().splitlines()]
    things = {r["id"]: r for r in rows if r["schema"] in ("Company", "Person")}
    assert set(things) == {"behind-curated-parentco", "behind-curated-relabel-us-llc", "behind-curated-p1"}
    relabel = things["behind-curated-relabel-us-llc"]["properties"]
    assert relabel["registrationNumber"] == ["913300000000000001"]
    assert "Other identifiers: imo: not-an-imo" in relabel["notes"][0]
    assert "gender" not in relabel
    assert "Other identifiers: ticker: SZSE:000000" in things["behind-curated-p1"]["properties"]["notes"][0]
    (own,) = [r for r in rows if r["schema"] == "Ownership"]
    assert own["properties"]["owner"] == ["behind-curated-parentco"]  # subsidiary_of: the target owns
    assert own["properties"]["asset"] == ["behind-curated-relabel-us-llc"]
    assert own["properties"]["percentage"] == ["100"]
    (unknown,) = [r for r in rows if r["schema"] == "UnknownLink"]
    assert unknown["properties"]["role"] == ["brand_of"]
    assert unknown["properties"]["subject"] == ["behind-curated-p1"]
