"""Fuzzing the readers of the CSL (CSV and JSON), the UN list (XML) and the BIS DPL (tab-separated)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import example, given, strategies as st

from behind.sources.bis_dpl import read_dpl
from behind.sources.csl import read_csl
from behind.sources.un import read_un
from fuzzlib import (CSV, JSON, XML, csv_bytes, files, json_bytes, mutated, parses_or_refuses, random_bytes,
                     records, seed)


def _parse(reader, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    with files({name: data}) as paths:
        parses_or_refuses(lambda: reader(paths[name]), paths[name])


# --- CSL -------------------------------------------------------------------------------------

@given(st.one_of(mutated([seed("csl.csv")], CSV, fields="csv"), random_bytes(),
                 csv_bytes(delimiters=",").map(lambda b: b"source,name,addresses,ids,type\r\n" + b)))
@example(b"source,name\r\nEntity List (EL) - Bureau of Industry and Security,\r\n")
@example(b"source,name,ids\r\nEL,X,\"CO, , \"\r\n")
def test_csl_csv(data: bytes) -> None:
    _parse(read_csl, "consolidated.csv", data)


#: the keys the CSL reader looks for, at the top level and in addresses and ids
CSL_KEYS = ["results", "source", "entity_number", "type", "programs", "name", "title", "addresses",
            "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
            "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
            "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
            "nationalities", "places_of_birth", "source_information_url", "ids", "id", "_id", "address", "city",
            "state", "postal_code", "country", "number"]


@given(st.one_of(mutated([seed("csl.json")], JSON, fields="json"), random_bytes(), json_bytes(records(CSL_KEYS))))
@example(b'{"results": [{"name": "X", "addresses": [1, null, {"city": []}], "ids": [3, {"type": {}}]}]}')
@example(b'[{"name": ["X"], "source": {"a": 1}, "alt_names": [{}], "start_date": 20190101}]')
@example(b"[" * 100_000)  # found: RecursionError
def test_csl_json(data: bytes) -> None:
    _parse(read_csl, "consolidated.json", data)


# --- UN --------------------------------------------------------------------------------------

UN_TAGS = ["DATAID", "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON",
           "COMMENTS1", "NAME_ORIGINAL_SCRIPT", "GENDER", "TITLE", "DESIGNATION", "NATIONALITY", "VALUE",
           "LAST_DAY_UPDATED", "INDIVIDUAL_ALIAS", "ENTITY_ALIAS", "QUALITY", "ALIAS_NAME", "DATE_OF_BIRTH",
           "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH", "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS", "STREET", "CITY",
           "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "INDIVIDUAL_DATE_OF_BIRTH", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR",
           "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT", "TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER",
           "NOTE", "DATE_OF_ISSUE", "ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"]
_UN_TEXT = st.sampled_from(["1", "1973", "1974", "\u00b2", "99999999999", "-5", "", " ", "Low", "f.k.a.", "2020-02-30",
                            "Passport", "x" * 70_000]) | st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
                                                                max_size=12)
_UN_NODE = st.recursive(_UN_TEXT.map(escape), lambda inner: st.lists(st.tuples(st.sampled_from(UN_TAGS), inner),
                                                                     max_size=5).map(
    lambda kids: "".join(f"<{tag}>{body}</{tag}>" for tag, body in kids)), max_leaves=20)


def _un_list(records: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<{tag}>{inner}</{tag}>" for tag, inner in records)
    return f"<CONSOLIDATED_LIST dateGenerated='2026-02-27'><INDIVIDUALS>{body}</INDIVIDUALS></CONSOLIDATED_LIST>".encode()


@given(st.one_of(mutated([seed("un.xml")], XML, fields="xml"), random_bytes(),
                 st.lists(st.tuples(st.sampled_from(["INDIVIDUAL", "ENTITY"]), _UN_NODE), max_size=4).map(_un_list)))
@example(b"<CONSOLIDATED_LIST>" + b"<a>" * 5000)
@example(b"<?xml version='1.0' encoding='utf-16'?><CONSOLIDATED_LIST/>")
@example(b'<?xml version="1.0" encoding="nope"?><CONSOLIDATED_LIST/>')
@example(b"<!DOCTYPE x [<!ENTITY e 'v'>]><CONSOLIDATED_LIST>&e;</CONSOLIDATED_LIST>")
@example(b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>"
         b"<INDIVIDUAL_DATE_OF_BIRTH><FROM_YEAR>1</FROM_YEAR><TO_YEAR>999999999</TO_YEAR>"
         b"</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
@example(b"<CONSOLIDATED_LIST>&#0;</CONSOLIDATED_LIST>")
@example(seed("un.xml").replace(b"<FROM_YEAR>1973<", b"<FROM_YEAR>\xc2\xb2<"))  # found: int("²") ValueError
def test_un_xml(data: bytes) -> None:
    _parse(read_un, "consolidated.xml", data)


# --- DPL -------------------------------------------------------------------------------------

DPL_HEADER = seed("dpl.txt").split(b"\n", 1)[0] + b"\n"


@given(st.one_of(mutated([seed("dpl.txt")], CSV, fields="csv"), random_bytes(),
                 csv_bytes(delimiters="\t", min_columns=12).map(lambda b: DPL_HEADER + b)))
@example(DPL_HEADER + b'"X"\t' * 6 + b'"02/30/2020"' + b'\t""' * 5 + b"\r\n")
def test_dpl(data: bytes) -> None:
    _parse(read_dpl, "dpl.txt", data)
