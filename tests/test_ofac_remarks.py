"""OFAC remarks parsing, one real remark per row."""

from __future__ import annotations

import pytest

from behind.model.entity import Alias, Identifier, Link
from behind.sources.ofac import ofac_date, parse_remarks, split_remarks


@pytest.mark.parametrize("text,expected", [
    ("10 Oct 1971", "1971-10-10"),
    ("Oct 1971", "1971-10"),
    ("1955", "1955"),
    ("circa 1960", None),
    ("31 Foo 1960", None),
])
def test_ofac_date(text, expected):
    assert ofac_date(text) == expected


def test_split_keeps_apostrophes_inside_quoted_alias():
    text = "a.k.a. 'AL-HAQ, 'Abd'; a.k.a. 'SAIMAITI, Abdul'."
    assert split_remarks(text) == ["a.k.a. 'AL-HAQ, 'Abd'", "a.k.a. 'SAIMAITI, Abdul'."]


@pytest.mark.parametrize("remark,field,expected", [
    # Hikvision, NS-CMIC (cons 30946)
    ("Equity Ticker 002415 CN; ISIN CNE100000PM8; Unified Social Credit Code (USCC) 91330000733796106P (China).",
     "identifiers", [Identifier("ticker", "002415 CN"), Identifier("isin", "CNE100000PM8"),
                     Identifier("uscc", "91330000733796106P", "China")]),
    # the other spelling OFAC also uses
    ("United Social Credit Code Certificate (USCCC) 91110000710935732K (China).",
     "identifiers", [Identifier("uscc", "91110000710935732K", "China")]),
    ("Passport A1234567 (Iran) issued 20 Oct 2000 expires 19 Oct 2005.",
     "identifiers", [Identifier("passport", "A1234567", "Iran", "issued 20 Oct 2000 expires 19 Oct 2005")]),
    ("Vessel Registration Identification IMO 9187629; MMSI 422032400.",
     "identifiers", [Identifier("imo", "9187629"), Identifier("mmsi", "422032400")]),
    ("Cedula No. 7548733 (Colombia).",
     "identifiers", [Identifier("national_id", "7548733", "Colombia", "Cedula No.")]),
    # Peru's taxpayer number: AERO CONTINENTE S.A (SDN 8244) and 150 more SDN records
    ("RUC # 20108363101 (Peru); US FEIN 55-2197267.",
     "identifiers", [Identifier("tax_id", "20108363101", "Peru", "RUC #")]),
    ("SWIFT/BIC BKIDIRTH; alt. SWIFT/BIC BKIDIRTHXXX.",
     "identifiers", [Identifier("swift_bic", "BKIDIRTH"), Identifier("swift_bic", "BKIDIRTHXXX")]),
    ("DOB 1955; POB Pingyu, Henan, China; Gender Male.", "birth_dates", ["1955"]),
    ("DOB 1955; POB Pingyu, Henan, China; Gender Male.", "birth_places", ["Pingyu, Henan, China"]),
    ("DOB 1955; POB Pingyu, Henan, China; Gender Male.", "gender", "male"),
    ("DOB 01 Jan 1960; alt. DOB 02 Feb 1961; nationality Syria.", "birth_dates", ["1960-01-01", "1961-02-02"]),
    ("nationality Mexico; citizen Colombia.", "citizenships", ["Colombia"]),
    ("a.k.a. 'ABUDUHAKE'; f.k.a. 'OLD NAME LTD'.", "aliases",
     [Alias("ABUDUHAKE", "aka"), Alias("OLD NAME LTD", "fka")]),
    ("Linked To: XINJIANG PUBLIC SECURITY BUREAU.", "links",
     [Link("linked_to", "XINJIANG PUBLIC SECURITY BUREAU")]),
    ("Target Type Public Company; Listing Date (CMIC) 03 Jun 2021.", "extra",
     {"target_type": ["Public Company"], "cmic_listing_date": ["03 Jun 2021"]}),
])
def test_remark_fields(remark, field, expected):
    assert getattr(parse_remarks(remark), field) == expected


def test_unknown_parts_kept_verbatim():
    rem = parse_remarks("ICTY indictee at large; DOB 1942.")
    assert rem.other == ["ICTY indictee at large"] and rem.birth_dates == ["1942"]


def test_empty_remarks():
    assert parse_remarks(None).identifiers == [] and parse_remarks("").other == []
