"""The BIS Denied Persons List reader, on the bundled real file and bad inputs."""

from __future__ import annotations

import hashlib
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from behind.errors import InputError
from behind.model.entity import Address
from behind.sources import ParsedList, read_dpl
from behind.sources.bis_dpl import COLUMNS

DPL = Path(str(resources.files("behind") / "data" / "bis_dpl" / "dpl.txt"))
HEADER = "\t".join(f'"{c}"' for c in COLUMNS) + "\n"


def row(*fields: str) -> str:
    return "\t".join(f'"{f}"' for f in fields) + "\n"


GOOD = ("ACME LTD", "1 MAIN ST", "DUBAI", "", "AE", "", "09/28/2017", "", "Y", "2017-10-10",
        "FR NOTICE ADDED", "82 F.R. 1 10/5/2017")


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return read_dpl(DPL)


def test_counts_and_ids(parsed: ParsedList) -> None:
    assert parsed.source == "us_bis_dpl"
    assert len(parsed) == 581
    assert {e.schema for e in parsed.entities} == {"LegalEntity"}
    assert {tuple(e.programs) for e in parsed.entities} == {("DPL",)}
    ids = [e.source_id for e in parsed.entities]
    assert len(set(ids)) == 581
    # two exact repeats in the file (DAQING ZHOU, NEI-CHIEN CHU) get a suffix
    assert sorted(e.name for e in parsed.entities if e.source_id.endswith("-2")) == ["DAQING ZHOU", "NEI-CHIEN CHU"]
    assert all(e.listed_on and len(e.listed_on) == 10 for e in parsed.entities)


def test_dahua_electronics(parsed: ParsedList) -> None:
    (e,) = [e for e in parsed.entities if e.name == "DAHUA ELECTRONICS CORPORATION"]
    assert e.listed_on == "2017-09-28"
    assert "82 F.R. 46480" in e.extra["fr_citation"]
    assert e.extra == {
        "expiration_date": "2025-11-19", "standard_order": "Y", "last_update": "2017-10-10",
        "action": "FR NOTICE ADDED", "fr_citation": "82 F.R. 46480 10/5/2017",
    }
    assert e.addresses == [Address("134-12 59HT AVENUE, FLUSHING, NY, 11355", "FLUSHING", "11355", None)]
    assert e.countries == []  # the publisher left Country empty
    key = "\x1f".join(["DAHUA ELECTRONICS CORPORATION", "134-12 59HT AVENUE", "FLUSHING", "2017-09-28"])
    assert e.source_id == hashlib.sha1(key.encode()).hexdigest()[:16]


def test_publisher_typos_are_kept(parsed: ParsedList) -> None:
    odd = sorted(e.extra["last_update"] for e in parsed.entities if not e.extra["last_update"].startswith("20"))
    assert odd == ["0222-05-18", "2922-09-01", "3017-08-22"]
    zadeh = [e.extra["last_update"] for e in parsed.entities if e.name == "MANSOUR ZADEH"]
    assert zadeh == ["2017-08-22", "2017-08-22", "2017-08-22", "3017-08-22"]  # one row, one typo


def test_names_quotes_and_countries(parsed: ParsedList) -> None:
    names = Counter(e.name for e in parsed.entities)
    assert names['IHSAN MEDHAT "SAMMY" ELASHI'] == 2  # doubled quotes undone
    assert names["I. ASH"] == 3  # one of them written " I. ASH" in the file
    assert all(e.name == e.name.strip() for e in parsed.entities)
    countries = Counter(c for e in parsed.entities for c in e.countries)
    assert countries["US"] == 162 and countries["PRC"] == 2
    assert sum(not e.countries for e in parsed.entities) == 202
    assert sum("expiration_date" not in e.extra for e in parsed.entities) == 53


def test_mapping_and_unparseable_expiration(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    fields = list(GOOD)
    fields[7] = "13/45/2030"
    path.write_text(HEADER + "\n" + row(*fields), encoding="utf-8")
    (e,) = read_dpl(path, source="dpl_test").entities
    assert e.key.startswith("dpl_test:")
    assert e.extra["expiration_date"] == "13/45/2030"  # kept raw
    assert e.addresses == [Address("1 MAIN ST, DUBAI, AE", "DUBAI", None, "AE")]
    assert e.countries == ["AE"]


def test_wrong_column_count(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(HEADER + row(*GOOD) + "\n" + row(*GOOD[:11]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_dpl(path)
    assert (info.value.file, info.value.row, info.value.field) == (str(path), 4, None)
    assert str(info.value) == f"{path}, line 4: expected 12 tab-separated fields, found 11"


def test_invalid_effective_date(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    fields = list(GOOD)
    fields[6] = "02/30/2017"
    path.write_text(HEADER + row(*GOOD) + row(*fields), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_dpl(path)
    assert (info.value.row, info.value.field) == (3, "Effective_Date")
    assert f"{path}, line 3, field 'Effective_Date': invalid date '02/30/2017'" in str(info.value)


def test_empty_name_and_bad_header(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(HEADER + row(" ", *GOOD[1:]), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2, field 'Name': empty name"):
        read_dpl(path)
    path.write_text(HEADER.replace('"FR_Citation"', '"Citation"') + row(*GOOD), encoding="utf-8")
    with pytest.raises(InputError, match="line 1: missing columns: FR_Citation"):
        read_dpl(path)


def test_latin1_bytes(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_bytes((HEADER + row("JOS\xc9 PE\x91A", *GOOD[1:])).encode("latin-1"))
    (e,) = read_dpl(path).entities
    assert e.name == "JOS\xc9 PE\u2018A"  # Latin-1, with a Windows-1252 quote repaired
