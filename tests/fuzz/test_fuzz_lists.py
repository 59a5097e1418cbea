"""Fuzzing the readers of the CSL (CSV and JSON), the UN list (XML) and the BIS DPL (tab-separated)."""

from __future__ import annotations

from hypothesis import example, given, strategies as st

from behind.sources.bis_dpl import read_dpl
from behind.sources.csl import read_csl
from behind.sources.un import read_un
from fuzzlib import CSV, JSON, XML, csv_bytes, files, mutated, parses_or_refuses, random_bytes, seed


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


@given(st.one_of(mutated([seed("csl.json")], JSON, fields="json"), random_bytes()))
@example(b'{"results": [{"name": "X", "addresses": [1, null, {"city": []}], "ids": [3, {"type": {}}]}]}')
@example(b'[{"name": ["X"], "source": {"a": 1}, "alt_names": [{}], "start_date": 20190101}]')
@example(b"[" * 100_000)  # found: RecursionError
def test_csl_json(data: bytes) -> None:
    _parse(read_csl, "consolidated.json", data)


# --- UN --------------------------------------------------------------------------------------

@given(st.one_of(mutated([seed("un.xml")], XML, fields="xml"), random_bytes()))
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
