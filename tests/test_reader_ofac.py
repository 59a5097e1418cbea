"""OFAC legacy CSV reader on the real bundled SDN and consolidated files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from behind.errors import InputError
from behind.model.entity import Identifier
from behind.sources import data_path, read_ofac

SDN = data_path("ofac/sdn")
CONS = data_path("ofac/consolidated")


@pytest.fixture(scope="module")
def sdn() -> dict[str, object]:
    return {e.source_id: e for e in read_ofac(SDN, "us_ofac_sdn").entities}


@pytest.fixture(scope="module")
def cons() -> dict[str, object]:
    return {e.source_id: e for e in read_ofac(CONS, "us_ofac_cons").entities}


def test_counts_by_schema(sdn, cons):
    assert len(sdn) == 8976
    assert Counter(e.schema for e in sdn.values()) == {
        "Person": 4620, "Organization": 3673, "Vessel": 406, "Airplane": 277}
    assert len(cons) == 442
    assert Counter(e.schema for e in cons.values()) == {"Person": 79, "Organization": 363}


def test_aliases_and_addresses_joined(sdn):
    assert sum(len(e.aliases) for e in sdn.values()) >= 11910  # alt.csv rows, plus a.k.a. in remarks
    # add.csv has a row for every entity, but 2,397 of them are all "-0-" (no known address)
    assert sum(1 for e in sdn.values() if e.addresses) == 8976 - 2397
    # 170 named countries (the data README counts 171 values, "-0-" among them)
    assert len({c for e in sdn.values() for c in e.countries}) == 170


def test_hikvision_cmic_record_field_by_field(cons):
    e = cons["30946"]
    assert e.name == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert e.schema == "Organization"
    assert e.programs == ["CMIC-EO13959"]
    assert {a.name for a in e.aliases} >= {"HIKVISION", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY"}
    assert Identifier("isin", "CNE100000PM8") in e.identifiers
    assert Identifier("uscc", "91330000733796106P", country="China") in e.identifiers
    assert Identifier("ticker", "002415 CN") in e.identifiers
    assert e.listed_on == "2021-06-03"
    assert e.extra["cmic_divestment_date"] == "03 Jun 2022"
    assert e.extra["target_type"] == "Public Company"
    assert e.addresses[0].city == "Hangzhou 310051" and e.addresses[0].country == "China"
    assert e.countries == ["China"]


def test_person_remarks_parsed(sdn):
    haq = sdn["11353"]
    assert haq.schema == "Person" and haq.name == "HAQ, Abdul"
    assert haq.birth_dates == ["1971-10-10"]
    assert haq.nationalities == ["China"]
    assert haq.birth_places[0].startswith("Chele County")
    assert Identifier("national_id", "653225197110100533", "China", "National ID No.") in haq.identifiers
    names = {a.name for a in haq.aliases}
    assert "AL-HAQ, 'Abd" in names  # an apostrophe inside a quoted a.k.a.
    assert {"ABUDUHAKE", "SAIMAITI, Abdul", "HEQ, Abdul"} <= names
    chen = sdn["29220"]
    assert chen.birth_dates == ["1955"] and chen.gender == "male" and chen.programs == ["GLOMAG"]


def test_peruvian_taxpayer_number_is_an_identifier(sdn):
    aero = sdn["8244"]  # AERO CONTINENTE S.A: "RUC # 20108363101 (Peru)"
    assert Identifier("tax_id", "20108363101", "Peru", "RUC #") in aero.identifiers
    assert not any(p.startswith("RUC") for p in aero.extra.get("remarks_other", []))
    assert sum(1 for e in sdn.values() for i in e.identifiers if i.note == "RUC #") >= 151


def test_linked_to_kept_as_links(sdn):
    links = [lk.target for lk in sdn["31493"].links]
    assert links == ["XINJIANG PUBLIC SECURITY BUREAU"]
    assert all(lk.relation == "linked_to" for lk in sdn["31493"].links)


def test_comments_continue_remarks(sdn):
    # sdn_comments.csv continues the remarks of 28264: its Linked To sits in the overflow text
    e = sdn["28264"]
    assert e.remarks.endswith("Linked To: LAZARUS GROUP.")
    assert [lk.target for lk in e.links] == ["LAZARUS GROUP"]


def test_multiple_programs_split(sdn):
    multi = [e for e in sdn.values() if len(e.programs) > 1]
    assert multi and all("]" not in p and "[" not in p for e in multi for p in e.programs)


def test_one_ent_num_space_shared(sdn, cons):
    assert {"9659", "18299", "18782", "28603"} <= set(sdn) & set(cons)


def _copy_set(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for p in src.iterdir():
        (dst / p.name).write_bytes(p.read_bytes())
    return dst


def test_wrong_field_count_names_file_and_line(tmp_path):
    d = _copy_set(CONS, tmp_path / "cons")
    lines = (d / "cons_prim.csv").read_bytes().split(b"\r\n")
    lines[4] = b'99999,"BROKEN ROW",-0- '
    (d / "cons_prim.csv").write_bytes(b"\r\n".join(lines))
    with pytest.raises(InputError) as exc:
        read_ofac(d, "us_ofac_cons")
    assert exc.value.row == 5 and "cons_prim.csv" in str(exc.value) and "expected 12 fields" in str(exc.value)


def test_alias_of_unknown_entity_refused(tmp_path):
    d = _copy_set(CONS, tmp_path / "cons")
    with (d / "cons_alt.csv").open("ab") as fh:
        fh.write(b'\r\n777777,1,"aka","GHOST",-0- \r\n')
    with pytest.raises(InputError) as exc:
        read_ofac(d, "us_ofac_cons")
    assert exc.value.field == "ent_num" and "777777" in str(exc.value) and "cons_alt.csv" in str(exc.value)


def test_non_numeric_ent_num(tmp_path):
    d = _copy_set(CONS, tmp_path / "cons")
    with (d / "cons_add.csv").open("ab") as fh:
        fh.write(b'\r\nABC,1,"street","city","China",-0- \r\n')
    with pytest.raises(InputError, match="ent_num must be a number"):
        read_ofac(d, "us_ofac_cons")


def test_missing_primary_file(tmp_path):
    with pytest.raises(InputError, match="sdn.csv not found"):
        read_ofac(tmp_path, "us_ofac_sdn")
