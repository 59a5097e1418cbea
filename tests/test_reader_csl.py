"""The trade.gov Consolidated Screening List reader: bundled CSV sample, JSON fixture, bad inputs."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from behind.errors import InputError
from behind.model.entity import Alias, Identifier
from behind.sources import ParsedList, read_csl

CSL_CSV = Path(str(resources.files("behind") / "data" / "csl" / "csl.csv"))
CSL_JSON = Path(__file__).parent / "fixtures" / "csl_sample.json"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return read_csl(CSL_CSV)


def named(parsed: ParsedList, name: str):
    (entity,) = [e for e in parsed.entities if e.name == name]
    return entity


def short(listname: str) -> str:
    match = re.search(r"\(([^()]+)\)", listname)
    assert match
    return match.group(1)


def test_counts_by_list(parsed: ParsedList) -> None:
    assert parsed.source == "us_trade_csl"
    assert len(parsed) == 115
    assert Counter(short(e.extra["list"]) for e in parsed.entities) == {
        "SDN": 28, "SSI": 26, "EL": 22, "PLC": 13, "DTC": 10, "DPL": 8, "UVL": 4, "ISN": 3, "CAP": 1,
    }
    assert len({e.source_id for e in parsed.entities}) == 115
    assert sum(e.source_id.isdigit() for e in parsed.entities) == 68  # Treasury rows
    assert Counter(e.schema for e in parsed.entities) == {
        "LegalEntity": 47, "Organization": 46, "Person": 20, "Vessel": 2,
    }


def test_bank_of_kunlun_capta(parsed: ParsedList) -> None:
    e = named(parsed, "BANK OF KUNLUN CO LTD")
    assert e.key == "us_trade_csl:15268"
    assert e.schema == "Organization"
    assert e.extra == {"list": "Capta List (CAP) - Treasury Department"}
    assert e.programs == ["561-Related"]
    assert e.aliases == [Alias("KARAMAY URBAN CREDIT COOPERATIVES"), Alias("KARAMAY CITY COMMERCIAL BANK CO LTD.")]
    assert e.identifiers == [Identifier("swift_bic", "CKLBCNBJ")]
    assert len(e.addresses) == 4
    assert e.addresses[2].full == "No. 7 Century Ave, (Registered Office), Xinjiang, Karamay, 834000, CN"
    assert (e.addresses[2].postal_code, e.addresses[2].country) == ("834000", "CN")
    assert e.countries == ["CN"]
    assert e.source_url == "http://bit.ly/2PqohAD"
    assert e.listed_on is None
    assert e.remarks and "561.201(c)" in e.remarks


def test_entity_list_row_uses_list_short_name_and_hashed_id(parsed: ParsedList) -> None:
    e = named(parsed, "GBNTT")
    assert e.programs == ["EL"]
    assert e.schema == "LegalEntity"
    assert e.extra["list"] == "Entity List (EL) - Bureau of Industry and Security"
    assert "license_requirement" in e.extra and "license_policy" in e.extra
    key = "\x1f".join([e.extra["list"], "GBNTT", "No. 34 Mansour Street, Tehran, IR", e.listed_on or ""])
    assert e.source_id == hashlib.sha1(key.encode()).hexdigest()[:16]


def test_dpl_row_name_is_stripped(parsed: ParsedList) -> None:
    e = named(parsed, "ADRIAN MANUEL HERNANDEZ")  # " ADRIAN ..." in the file
    assert e.programs == ["DPL"]
    assert e.listed_on == "2017-10-16"
    assert e.extra["end_date"] == "2020-10-13"
    assert e.extra["standard_order"] == "Y"
    assert e.extra["federal_register_notice"] == "82 F.R. 48792 10/20/2017"
    assert e.source_url == "http://bit.ly/1iwxiF0"


def test_ids_column(parsed: ParsedList) -> None:
    assert named(parsed, "200G PSA HOLDINGS LLC").identifiers == [Identifier("tax_id", "80-0890696", "US")]
    vessel = named(parsed, "7-28")
    assert vessel.schema == "Vessel"
    assert vessel.identifiers == [Identifier("imo", "8898831")]
    assert vessel.extra["sanctions_info"] == [
        "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210"]
    hyj = named(parsed, "H Y J COMERCIALIZADORA INTERNACIONAL LTDA")
    assert hyj.identifiers == [Identifier("tax_id", "830106350-0", "CO"),
                               Identifier("registration", "01200175 (Bogota)")]
    bank = named(parsed, "GAZPROMBANK OAO")
    assert bank.identifier_values("swift_bic") == ["GAZPRUMM"]
    assert bank.extra["emails"] == ["mailbox@gazprombank.ru"]
    assert bank.extra["sanctions_info"] == ["Executive Order 13662 Directive Determination: Subject to Directive 1"]
    person = named(parsed, "AKBARI, Mohammadreza Ali")
    assert (person.schema, person.birth_dates) == ("Person", ["1967-10-31"])
    assert person.identifiers == [Identifier("passport", "21795618")]


def test_person_fields(parsed: ParsedList) -> None:
    e = named(parsed, "AL MAZIDIH, Ghazy Fezza Hishan")
    assert e.birth_dates == ["1974", "1975"]
    plc = named(parsed, "ABU HALABIYYE, Ahmad Yousef")
    assert (plc.schema, plc.programs, plc.birth_dates) == ("Person", ["NS-PLC"], ["1952"])
    syrian = named(parsed, "AL-AKHRAS, Safwan")
    assert syrian.nationalities == ["SY"] and syrian.countries == ["SY"]


def test_windows_1252_mojibake_is_repaired(parsed: ParsedList) -> None:
    assert named(parsed, "Gui\u2019an New District Huawei Investment Co., Ltd., Guiyang, Guizhou")
    assert named(parsed, "A. Leib Ltd.").addresses[0].full == "HA\u2019Assif 19, Binyamina, IL"


def test_json_fixture_matches_the_csv_rows(parsed: ParsedList) -> None:
    from_json = read_csl(CSL_JSON)
    assert len(from_json) == 12
    csv_ids = {e.name: e.source_id for e in parsed.entities}
    for e in from_json.entities:
        assert e.source_id == csv_ids[e.name], e.name
        twin = named(parsed, e.name)
        assert (e.schema, e.programs, e.aliases, e.identifiers) == (twin.schema, twin.programs, twin.aliases,
                                                                   twin.identifiers)
        assert [a.full for a in e.addresses] == [a.full for a in twin.addresses]
        assert e.extra == twin.extra
    kunlun = named(from_json, "BANK OF KUNLUN CO LTD")
    assert kunlun.source_id == "15268"  # JSON integer entity_number
    assert kunlun.addresses[2].city == "Karamay"  # structured JSON address
    assert named(from_json, "ADRIAN MANUEL HERNANDEZ").programs == ["DPL"]
    assert {short(e.extra["list"]) for e in from_json.entities} >= {"EL", "CAP", "DPL", "SDN", "SSI"}


def test_json_top_level_list_and_detection_by_content(tmp_path: Path) -> None:
    results = json.loads(CSL_JSON.read_text(encoding="utf-8"))["results"]
    path = tmp_path / "download.dat"
    path.write_text("\n  " + json.dumps(results[:3]), encoding="utf-8")
    assert [e.name for e in read_csl(path).entities] == [" ".join(r["name"].split()) for r in results[:3]]


def test_json_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"results": [\n{"name": "A"},\n{"name": ]}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csl(path)
    assert info.value.row == 3 and f"{path}, line 3: malformed JSON" in str(info.value)
    path.write_text('{"results": [{"name": "A", "source": "X"}, {"name": "  "}]}', encoding="utf-8")
    with pytest.raises(InputError, match="record 2 has an empty name") as info:
        read_csl(path)
    assert info.value.field == "name"


HEADER = "source,entity_number,type,programs,name,addresses,start_date\n"


def test_missing_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text("entity_number,type,programs,full_name\n1,Entity,SDGT,X\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csl(path)
    assert info.value.file == str(path) and info.value.row == 1
    assert str(info.value) == f"{path}, line 1: missing required columns: source, name"


def test_empty_name_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(HEADER + 'Entity List (EL),,,,"Acme\nTrading",,\n\n'
                    "Entity List (EL),,,,  ,Somewhere,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_csl(path)
    assert (info.value.row, info.value.field) == (5, "name")
    assert str(info.value) == f"{path}, line 5, field 'name': has an empty name"


def test_wrong_field_count_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text(HEADER + "Entity List (EL),,,,Acme,,,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: expected 7 fields, found 8"):
        read_csl(path)


def test_latin1_csv_and_type_mapping(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_bytes((HEADER + "SDN,1,Aircraft,SDGT,Jos\xe9 Air,,\nSDN,2,Individual,SDGT,Jos\xe9,,\n"
                      "ITAR Debarred (DTC) - State Department,,,,Acme,,\n").encode("latin-1"))
    entities = read_csl(path, source="csl_test").entities
    assert [(e.key, e.schema, e.name, e.programs) for e in entities] == [
        ("csl_test:1", "Airplane", "Jos\xe9 Air", ["SDGT"]),
        ("csl_test:2", "Person", "Jos\xe9", ["SDGT"]),
        (f"csl_test:{entities[2].source_id}", "LegalEntity", "Acme", ["DTC"]),
    ]
