"""Reading list files: encodings, CSV rows and tables, and the errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from behind.errors import InputError
from behind.sources.files import csv_rows, decode_text, read_bytes, read_table


@pytest.mark.parametrize("data,text", [
    ("Hikvision".encode("utf-8"), "Hikvision"),
    ("\ufeffname,source".encode("utf-8"), "name,source"),                 # byte-order mark dropped
    ("JOS\xc9 PE\xd1A".encode("latin-1"), "JOS\xc9 PE\xd1A"),             # Latin-1 read as such
    (b"Gui\x92an Trading", "Gui\u2019an Trading"),                        # a Windows-1252 quote
    (b"\x93Quoted\x94 \x81", "\u201cQuoted\u201d \x81"),                  # 0x81 has no character: kept
])
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data) == text


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file") as info:
        read_bytes(tmp_path / "missing.csv")
    assert info.value.file == str(tmp_path / "missing.csv")


def test_rows_skip_blank_lines_and_start_where_the_record_starts() -> None:
    text = 'a,b\n\n , \n"multi\nline",x\n\x1a\nc,d\n'
    assert list(csv_rows(text, Path("f.csv"))) == [(1, ["a", "b"]), (4, ["multi\nline", "x"]), (7, ["c", "d"])]


def test_malformed_csv_names_file_and_line() -> None:
    with pytest.raises(InputError, match=r"f.csv, line 2: malformed CSV") as info:
        list(csv_rows('a,b\n"x"y,z\n', Path("f.csv"), strict=True))
    assert info.value.row == 2


def _no_problem(header: list[str]) -> str | None:
    return None if header[0] == "name" else "first column must be name"


def test_table_rows_after_the_header() -> None:
    header, rows = read_table("name\tcountry\nACME\tCN\n\nBETA\tRU\n", Path("t.txt"), header_problem=_no_problem,
                              delimiter="\t")
    assert header == ["name", "country"] and rows == [(2, ["ACME", "CN"]), (4, ["BETA", "RU"])]


@pytest.mark.parametrize("text,delimiter,message", [
    ("", ",", "t.txt: empty file: no header row"),
    ("\n\n", ",", "t.txt: empty file: no header row"),
    ("\nid,country\n", ",", "t.txt, line 2: first column must be name"),
    ("name,country\nACME,CN,extra\n", ",", "t.txt, line 2: expected 2 fields, found 3"),
    ("name\tcountry\nACME\n", "\t", "t.txt, line 2: expected 2 tab-separated fields, found 1"),
])
def test_table_errors(text: str, delimiter: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_table(text, Path("t.txt"), header_problem=_no_problem, delimiter=delimiter)
    assert str(info.value) == message
