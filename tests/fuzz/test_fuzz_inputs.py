"""Fuzzing the files users screen: CSV (any delimiter and encoding), XLSX, BibTeX and OpenAlex."""

from __future__ import annotations

import io
import zipfile

from hypothesis import example, given, strategies as st

from behind.screening.inputs import KINDS, open_table
from fuzzlib import (BIBTEX, CSV, JSON, csv_bytes, files, json_bytes, mutated, mutated_zip, parses_or_refuses,
                     random_bytes, records, seed, seeds)

TABLES = seeds("inputs", ".csv")
XLSX = seed("vendors.xlsx")


def _corrupt_member(data: bytes, name: str) -> bytes:
    """The workbook with the first byte of one member's deflated data set to 0xFF (an invalid block
    type): the central directory is intact, so only reading the member fails."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    at = info.header_offset + 30 + len(info.filename.encode()) + int.from_bytes(
        data[info.header_offset + 28:info.header_offset + 30], "little")
    return data[:at] + b"\xff" + data[at + 1:]


def _screen(name: str, data: bytes, kind: str, **options: object) -> None:
    """Open the file and read every row, as ``behind screen`` does before it screens anything."""
    with files({name: data}) as paths:
        def read() -> None:
            table = open_table(paths[name], kind, **options)  # type: ignore[arg-type]
            for _ in table.rows():
                pass
            table.count()
        parses_or_refuses(read, paths[name])


@given(data=st.one_of(mutated(TABLES, CSV, fields="csv"), random_bytes(), csv_bytes()),
       kind=st.sampled_from(KINDS), name=st.sampled_from(("input.csv", "input.txt", "input.tsv")),
       encoding=st.sampled_from((None, None, None, "cp1252", "utf-16", "latin-1", "utf-32", "utf-7", "idna",
                                 "punycode", "unicode_escape", "undefined", "base64", "rot13", "nope", "utf-8\x00")))
@example(data=b"As", kind="parties", name="input.csv", encoding="utf-16")  # found: UnicodeError (no BOM)
@example(data=b"name\nA", kind="parties", name="input.csv", encoding="base64")
@example(data=b"name\nA", kind="parties", name="input.csv", encoding="undefined")
@example(data=b"\\", kind="parties", name="input.csv", encoding="unicode_escape")  # found: LookupError
@example(data=b"name,country\rACME,US\r", kind="parties", name="input.csv", encoding=None)
@example(data=b"sep=\n", kind="parties", name="input.csv", encoding=None)
@example(data=b"\xff\xfe", kind="parties", name="input.csv", encoding=None)
@example(data=b"\xef\xbb\xbf", kind="parties", name="input.csv", encoding=None)
@example(data=b"name\n" + b"\x00" * 10, kind="parties", name="input.csv", encoding=None)
def test_text_tables(data: bytes, kind: str, name: str, encoding: str | None) -> None:
    _screen(name, data, kind, encoding=encoding)


@given(data=st.one_of(mutated_zip(XLSX), mutated([XLSX]), random_bytes().map(lambda b: b"PK\x03\x04" + b)),
       sheet=st.sampled_from((None, None, "Vendors", "Notes", "nope")))
@example(data=XLSX, sheet=None)
@example(data=_corrupt_member(XLSX, "docProps/core.xml"), sheet=None)  # found: zlib.error
@example(data=_corrupt_member(XLSX, "xl/worksheets/sheet1.xml"), sheet=None)
@example(data=XLSX[:len(XLSX) // 2], sheet=None)
def test_xlsx(data: bytes, sheet: str | None) -> None:
    _screen("input.xlsx", data, "parties", sheet=sheet)


@given(st.one_of(mutated([seed("inputs", "papers.bib")], BIBTEX, fields="bibtex"), random_bytes().map(
    lambda b: b"@article{" + b)))
@example(b"@article{k, author = {A" + b" " * 100_000 + b"and B}, affiliation = {MIT}}")  # found: quadratic, 70 s
@example(b"@string{x = " + b"{" * 5_000)
@example(b"@comment{" * 10_000)
def test_bibtex(data: bytes) -> None:
    _screen("input.bib", data, "collaborators")


OPENALEX_KEYS = ["results", "authorships", "author", "display_name", "institutions", "raw_affiliation_strings",
                 "raw_affiliation_string", "id"]


@given(st.one_of(mutated([seed("inputs", "openalex_works.json")], JSON, fields="json"), random_bytes(),
                 json_bytes(records(OPENALEX_KEYS))))
@example(b'{"results": [{"authorships": [{"author": {"display_name": 5}, "institutions": [7, {"display_name": []}],'
         b' "raw_affiliation_strings": [1, null]}], "id": {}}]}')
@example(b"[" * 100_000)
def test_openalex(data: bytes) -> None:
    _screen("input.json", data, "collaborators")
