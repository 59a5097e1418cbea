"""Reading the files users screen: formats, header mapping, row numbers, encodings, limits, safety."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from behind.errors import HostileInputError, InputError, UsageError
from behind.screening.inputs import FIELDS, REQUIRED, InputRow, open_table, parse_mapping, xlsx

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rows(path: Path, kind: str, **kw: object) -> list[InputRow]:
    return list(open_table(path, kind, **kw).rows())  # type: ignore[arg-type]


# --- header detection, one realistic file per kind ---------------------------------------

def test_vendor_master_semicolon_delimited() -> None:
    table = open_table(FIXTURES / "vendors_semicolon.csv", "parties")
    assert table.format == "csv"
    assert table.columns == {"name": "Supplier Name", "country": "Country", "uscc": "USCC",
                             "id": "Supplier ID"}
    got = list(table.rows())
    assert got[0] == InputRow(2, {"name": "Hangzhou Hikvision Digital Technology Co., Ltd.",
                                  "country": "CN", "uscc": "91330000733796106P", "id": "V001"})
    assert got[1] == InputRow(3, {"name": "Apple Inc.", "country": "US", "id": "V002"})  # "" dropped
    # line 4 is blank: skipped, but the next row is still numbered 5; the quoted ';' stays in the name
    assert got[2] == InputRow(5, {"name": "Zhejiang Dahua Technology Co., Ltd.; Hangzhou",
                                  "country": "CN", "id": "V004"})
    assert table.count() == 3


def test_camera_inventory_and_multiline_cell_counts_as_one_row() -> None:
    table = open_table(FIXTURES / "cameras.csv", "devices")
    assert table.columns == {"mac": "MAC Address", "banner": "Model", "hostname": "Hostname",
                             "ip": "IP Address"}  # "Model" is a better banner synonym than "Firmware"
    got = list(table.rows())
    assert [r.number for r in got] == [2, 3, 4]
    assert got[0].fields["mac"] == "BC:AD:28:1F:22:0A"
    assert got[0].fields["banner"] == "DS-2CD2143G0-I"
    # the hostname "parking<newline>north" spans two lines but is one spreadsheet row
    assert got[2] == InputRow(4, {"mac": "00:40:8C:AA:BB:CC", "banner": "AXIS P3245-V",
                                  "hostname": "parking\nnorth", "ip": "10.0.4.23"})


def test_portfolio_holdings() -> None:
    table = open_table(FIXTURES / "portfolio.csv", "holdings")
    assert table.columns == {"isin": "ISIN", "issuer": "Security Name", "weight": "Weight"}
    assert next(table.rows()) == InputRow(2, {"isin": "CNE100000PM8", "weight": "0.42",
                                              "issuer": "Hangzhou Hikvision Digital Technology Co Ltd A"})


def test_purchase_lines_products_tab_delimited(tmp_path: Path) -> None:
    path = write(tmp_path, "po.tsv", "PO Date\tItem\tPart_Number\tMake\tOEM\n"
                                     "2024-03-01\tDome camera 4MP\tDS-2CD2143G0-I\tEZVIZ\tHikvision\n")
    table = open_table(path, "products")
    assert table.columns == {"model": "Part_Number", "brand": "Make", "manufacturer": "OEM",
                             "description": "Item", "date": "PO Date"}
    assert next(table.rows()).fields["brand"] == "EZVIZ"


def test_collaborators_csv_pipe_delimited(tmp_path: Path) -> None:
    path = write(tmp_path, "coauthors.txt", "Co-Author|Institution|DOI\n"
                                            "Wang Li|Megvii Technology|10.1000/xyz\n")
    table = open_table(path, "collaborators")
    assert table.columns == {"person": "Co-Author", "affiliation": "Institution", "id": "DOI"}


def test_one_column_file_keeps_commas_in_names(tmp_path: Path) -> None:
    path = write(tmp_path, "names.csv", 'Vendor\nHikvision, Inc.\n"Dahua, Ltd"\n')
    assert [r.fields["name"] for r in rows(path, "parties")] == ["Hikvision, Inc.", "Dahua, Ltd"]


def test_excel_sep_line_sets_the_delimiter_and_is_not_a_row(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", "sep=;\r\nVendor;Country\r\nApple, Inc.;US\r\n")
    assert rows(path, "parties") == [InputRow(2, {"name": "Apple, Inc.", "country": "US"})]


def test_every_kind_has_its_required_fields_among_its_fields() -> None:
    for kind, groups in REQUIRED.items():
        assert all(f in FIELDS[kind] for group in groups for f in group)


# --- explicit mapping --------------------------------------------------------------------

def test_explicit_mapping_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "lieferanten.csv", "Nr,Firma,Company,Land\n"
                                              "17,Hikvision Deutschland GmbH,(old),DE\n")
    mapping = parse_mapping(["name=Firma", "country = land", "id=Nr"])  # header case is forgiven
    table = open_table(path, "parties", mapping=mapping)
    assert table.columns == {"name": "Firma", "country": "Land", "id": "Nr"}
    assert next(table.rows()).fields == {"name": "Hikvision Deutschland GmbH", "country": "DE",
                                         "id": "17"}


def test_parse_mapping_rejects_an_item_without_equals() -> None:
    with pytest.raises(InputError, match="--column 'name Vendor'.*FIELD=HEADER"):
        parse_mapping(["country=Ctry", "name Vendor"])


def test_parse_mapping_rejects_a_field_mapped_twice() -> None:
    with pytest.raises(UsageError, match="field 'name' is already mapped to 'Vendor'"):
        parse_mapping(["name=Vendor", "Name=Supplier"])


def test_unknown_kind_is_a_usage_error_listing_the_kinds() -> None:
    with pytest.raises(UsageError) as e:
        open_table(FIXTURES / "portfolio.csv", "vendors")
    assert "unknown kind 'vendors'" in str(e.value)
    assert "parties, products, devices, holdings, collaborators" in str(e.value)


def test_mapping_an_unknown_field_lists_the_kinds_fields() -> None:
    with pytest.raises(InputError) as e:
        open_table(FIXTURES / "portfolio.csv", "holdings", mapping={"cusip": "ISIN"})
    assert "unknown field 'cusip' for --kind holdings" in str(e.value)
    assert "isin, ticker, issuer, weight, id" in str(e.value)


def test_mapping_a_header_that_does_not_exist_lists_the_headers() -> None:
    with pytest.raises(InputError) as e:
        open_table(FIXTURES / "portfolio.csv", "holdings", mapping={"issuer": "Issuer Name"})
    assert e.value.row == 1 and e.value.field == "issuer"
    assert "no column 'Issuer Name'" in str(e.value)
    assert "'ISIN', 'Security Name', 'Weight'" in str(e.value)


def test_missing_required_column_says_what_is_needed_and_how_to_map(tmp_path: Path) -> None:
    path = write(tmp_path, "export.csv", "Ref,Firma,Land\n1,Dahua Technology,CN\n")
    with pytest.raises(InputError) as e:
        open_table(path, "parties")
    message = str(e.value)
    assert e.value.file == str(path) and e.value.row == 1 and e.value.field == "name"
    assert "at least one of these columns: name, uscc, lei, duns, isin, tax_id" in message
    assert "The headers found are: 'Ref', 'Firma', 'Land'" in message
    assert message.endswith('e.g. --column name="Firma"')  # the first unmapped column holding text


# --- row numbers and resuming ------------------------------------------------------------

def test_skip_resumes_after_the_rows_already_screened() -> None:
    table = open_table(FIXTURES / "vendors_semicolon.csv", "parties")
    assert [r.number for r in table.rows(skip=1)] == [3, 5]
    assert [r.fields["id"] for r in table.rows(skip=2)] == ["V004"]
    assert list(table.rows(skip=3)) == []


def test_too_many_cells_names_the_row_and_fewer_cells_are_empty(tmp_path: Path) -> None:
    ok = write(tmp_path, "ok.csv", "Vendor,Country,VAT\nApple Inc.\nSony Group,JP,\n")
    assert [r.fields for r in rows(ok, "parties")] == [{"name": "Apple Inc."},
                                                      {"name": "Sony Group", "country": "JP"}]
    trailing = write(tmp_path, "trailing.csv", "Vendor,Country\nSony Group,JP,,\n")
    assert rows(trailing, "parties")[0].fields == {"name": "Sony Group", "country": "JP"}
    bad = write(tmp_path, "bad.csv", "Vendor,Country\nApple Inc.,US\nDahua Technology, Co. Ltd,CN\n")
    with pytest.raises(InputError) as e:
        rows(bad, "parties")
    assert e.value.row == 3
    assert "row has 3 cells but the header has 2 columns" in str(e.value)
    assert "quote cells that contain ','" in str(e.value)


# --- encodings ---------------------------------------------------------------------------

CP1252 = "Vendor;Country\r\nApple Inc.;US\r\nSociété Générale;FR\r\n".encode("cp1252")


def test_cp1252_without_encoding_names_the_line_and_suggests_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", CP1252)
    with pytest.raises(InputError) as e:
        open_table(path, "parties")
    assert e.value.row == 3
    message = str(e.value)
    assert message.startswith(f"{path}, line 3: is not UTF-8 (byte 0xE9)")
    assert "'Société Générale;FR'" in message and "--encoding cp1252" in message


def test_cp1252_with_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", CP1252)
    got = rows(path, "parties", encoding="cp1252")
    assert got[1] == InputRow(3, {"name": "Société Générale", "country": "FR"})


def test_unknown_encoding_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown encoding 'win-1252'"):
        open_table(write(tmp_path, "v.csv", CP1252), "parties", encoding="win-1252")


def test_explicit_utf16_without_a_byte_order_mark_is_read_as_little_endian(tmp_path: Path) -> None:
    # Python's incremental UTF-16 decoder wants a byte-order mark; Windows often writes none
    path = write(tmp_path, "vendors.txt", "Vendor\tCountry\r\nSociété Générale\tFR\r\n".encode("utf-16-le"))
    assert rows(path, "parties", encoding="utf-16") == [InputRow(2, {"name": "Société Générale", "country": "FR"})]


@pytest.mark.parametrize("encoding", ["base64", "rot13", "unicode_escape", "idna", "undefined"])
def test_an_encoding_that_is_not_a_character_set_is_refused(tmp_path: Path, encoding: str) -> None:
    with pytest.raises(InputError, match=f"'{encoding}' is not a text encoding"):
        open_table(write(tmp_path, "v.csv", b"Vendor\nACME\\\n"), "parties", encoding=encoding)


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", b"\xef\xbb\xbfVendor,Country\r\n\xe6\xb5\xb7\xe5\xba\xb7"
                                          b"\xe5\xa8\x81\xe8\xa7\x86,CN\r\n")
    table = open_table(path, "parties")
    assert table.headers == ["Vendor", "Country"]
    assert next(table.rows()) == InputRow(2, {"name": "海康威视", "country": "CN"})


def test_utf16_with_bom_as_excel_unicode_text(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.txt", "Vendor\tCountry\r\nSociété Générale\tFR\r\n".encode("utf-16"))
    assert rows(path, "parties") == [InputRow(2, {"name": "Société Générale", "country": "FR"})]


# --- line endings -----------------------------------------------------------------------

def test_bare_carriage_returns_as_old_mac_exports_write_them(tmp_path: Path) -> None:
    # Excel 2011 for Mac's "CSV (Macintosh)": lines end with a bare CR (0x0D), text is Mac Roman
    path = write(tmp_path, "vendors.csv", b'name,country\r"Hangzhou Hikvision Digital Technology Co., Ltd.",CN'
                                          b"\rSoci\x8et\x8e G\x8en\x8erale,FR\r")
    with pytest.raises(InputError) as e:  # not UTF-8: the line is counted with CR line ends
        open_table(path, "parties")
    assert e.value.row == 3 and "'Soci" in str(e.value)
    table = open_table(path, "parties", encoding="mac_roman")
    assert table.columns == {"name": "name", "country": "country"} and table.delimiter == ","
    assert list(table.rows()) == [
        InputRow(2, {"name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "country": "CN"}),
        InputRow(3, {"name": "Société Générale", "country": "FR"})]


def test_mixed_cr_lf_and_crlf_line_endings(tmp_path: Path) -> None:
    # a file pasted together from Mac, Unix and Windows exports; a quoted cell keeps its line break,
    # and blank lines (bare CRs) keep their row numbers
    path = write(tmp_path, "vendors.csv", b"Supplier Name;Country\rApple Inc.;US\nDahua;CN\r\n"
                                          b'"Zhejiang Uniview\rTechnologies";CN\r\r\rMegvii;CN')
    table = open_table(path, "parties")
    assert table.delimiter == ";" and table.headers == ["Supplier Name", "Country"]
    assert list(table.rows()) == [
        InputRow(2, {"name": "Apple Inc.", "country": "US"}), InputRow(3, {"name": "Dahua", "country": "CN"}),
        InputRow(4, {"name": "Zhejiang Uniview\rTechnologies", "country": "CN"}),
        InputRow(7, {"name": "Megvii", "country": "CN"})]


def test_excel_sep_line_and_one_column_files_with_bare_carriage_returns(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", b"sep=|\rVendor|Country\rACME, Inc.|US\r")
    assert rows(path, "parties") == [InputRow(2, {"name": "ACME, Inc.", "country": "US"})]
    path = write(tmp_path, "names.csv", b"Vendor\rACME, Inc.\rDahua\r")
    assert rows(path, "parties") == [InputRow(2, {"name": "ACME, Inc."}), InputRow(3, {"name": "Dahua"})]


# --- empty files and limits --------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    (b"", "is empty: no rows to screen"),
    (b"Vendor,Country\r\n", "has a header row but no rows to screen"),
    (b"Vendor,Country\r\n\r\n,\r\n", "has a header row but no rows to screen"),
    (b"\r\n\r\n", "has only blank lines: no rows to screen"),
])
def test_no_rows(tmp_path: Path, content: bytes, reason: str) -> None:
    path = write(tmp_path, "vendors.csv", content)
    with pytest.raises(InputError) as e:
        open_table(path, "parties")
    assert str(e.value) == f"{path}: {reason}"


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", "Vendor\n" + "Apple Inc.\n" * 100)
    with pytest.raises(InputError, match=r"is 1,107 bytes, more than the limit of 1,000 bytes"):
        open_table(path, "parties", max_bytes=1000)


def test_huge_cell_names_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", "Vendor,Notes\nApple Inc.,ok\nSony," + "x" * 10_001 + "\n")
    table = open_table(path, "parties")
    with pytest.raises(InputError) as e:
        list(table.rows())
    assert (e.value.row, e.value.field) == (3, "Notes")
    assert "cell has 10,001 characters (limit 10,000)" in str(e.value)


def test_cell_beyond_the_csv_module_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.csv", "Vendor\nApple Inc.\n" + "y" * 1_100_000 + "\n")
    # the csv module's own limit may already have been raised in this process: either way the
    # cell is refused on its line, never read
    with pytest.raises(InputError, match=r"line 3(, field 'Vendor')?: (a )?cell has (more than )?1,[01]\d\d,\d{3} characters"):
        list(open_table(path, "parties").rows())


# --- XLSX --------------------------------------------------------------------------------

def make_workbook(path: Path) -> Path:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Exported from SAP"
    ws = wb.create_sheet("Vendors")
    ws.append(["Vendor No.", "Vendor Name", "Country", "Created", "DUNS", "Check"])
    ws.append([1001.0, "Hangzhou Hikvision Digital Technology Co., Ltd.", "CN",
               datetime(2019, 10, 9), 544412345, "=B2"])
    ws.append([])
    ws.append([1003, "  Apple Inc.  ", "US", date(2020, 1, 2), 60704780.0, None])
    wb.save(path)
    return path


def test_xlsx_by_sheet_name_with_dates_numbers_and_formulas(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "vendors.xlsx")
    table = open_table(path, "parties", sheet="Vendors")
    assert table.format == "xlsx"
    assert table.columns == {"name": "Vendor Name", "country": "Country", "duns": "DUNS",
                             "id": "Vendor No."}
    got = list(table.rows())
    assert [r.number for r in got] == [2, 4]  # the empty row 3 is skipped
    assert got[0].fields == {"id": "1001", "name": "Hangzhou Hikvision Digital Technology Co., Ltd.",
                             "country": "CN", "duns": "544412345"}
    assert got[1].fields["name"] == "Apple Inc." and got[1].fields["duns"] == "60704780"
    # Read as data only: "=B2" was written by openpyxl, which stores no cached value, so the cell
    # reads as empty. The formula is neither evaluated nor passed on as text.
    raw = list(table._records())
    assert raw[1] == (2, ["1001", "Hangzhou Hikvision Digital Technology Co., Ltd.", "CN",
                          "2019-10-09", "544412345", ""])
    assert raw[2][1][3] == "2020-01-02"


def test_xlsx_first_sheet_and_unknown_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "vendors.xlsx")
    with pytest.raises(InputError) as e:  # the first sheet holds only a note
        open_table(path, "parties")
    assert str(e.value) == (f"{path}: has a header row but no rows to screen (this is the first "
                            "sheet, 'Notes'; the sheets are: 'Notes', 'Vendors': choose one with --sheet)")
    with pytest.raises(InputError, match="has no worksheet 'Sheet1'; the sheets are: 'Notes', 'Vendors'"):
        open_table(path, "parties", sheet="Sheet1")


def test_xlsx_stopping_early_closes_the_workbook(tmp_path: Path) -> None:
    table = open_table(make_workbook(tmp_path / "vendors.xlsx"), "parties", sheet="Vendors")
    reader = table.rows()
    assert next(reader).number == 2
    reader.close()  # an unclosed workbook would raise ResourceWarning (an error under -W error)


def zeros(size: int, chunk: int = 1 << 20):
    for _ in range(size // chunk):
        yield bytes(chunk)


def test_xlsx_zip_bomb_is_refused_before_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "invoice.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as member:
            for block in zeros(60 << 20):
                member.write(block)
    assert path.stat().st_size < 1 << 20
    with pytest.raises(HostileInputError, match=r"xl/worksheets/sheet1.xml expands .* times to "
                                                r"62,914,560 bytes; refused as a zip bomb"):
        open_table(path, "parties")


def test_xlsx_with_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "XLSX_MAX_MEMBERS", 5)
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(6):
            z.writestr(f"xl/media/image{n}.png", b"")
    with pytest.raises(HostileInputError, match="has 7 members"):
        open_table(path, "parties")


def test_xlsx_with_an_entity_declaration_is_hostile(tmp_path: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    plain, evil = tmp_path / "plain.xlsx", tmp_path / "vendors.xlsx"
    wb = Workbook()
    wb.active.append(["Vendor"])
    wb.active.append(["Sony"])
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(evil, "w") as dst:
        for member in src.infolist():
            data = src.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                        + data.replace(b"Sony", b"&b;"))
            dst.writestr(member, data)
    with pytest.raises(HostileInputError, match=r"forbidden XML \(EntitiesForbidden"):
        open_table(evil, "parties")


def test_csv_renamed_to_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.xlsx", "Vendor,Country\nApple Inc.,US\n")
    with pytest.raises(InputError) as e:
        open_table(path, "parties")
    assert str(e.value) == (f"{path}: is not an XLSX workbook (it looks like CSV or plain text): "
                            "rename it to .csv")


def test_html_saved_as_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path, "report.xlsx", "<!DOCTYPE html><html><table><tr><td>Vendor</td></tr>")
    with pytest.raises(InputError, match=r"it looks like an HTML page\): open it in Excel"):
        open_table(path, "parties")


def test_old_xls_asks_for_xlsx_or_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError) as e:
        open_table(path, "parties")
    assert "an old Excel 97-2003 .xls file" in str(e.value)
    assert "save it as .xlsx or .csv" in str(e.value)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "vendors.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError, match=r"it looks like an OpenDocument spreadsheet \(.ods\)"):
        open_table(path, "parties")


# --- bibliographies ----------------------------------------------------------------------

def test_bibtex_one_row_per_author() -> None:
    table = open_table(FIXTURES / "papers.bib", "collaborators")
    assert table.format == "bibtex"
    assert [(r.number, r.fields) for r in table.rows()] == [
        # a single affiliation string (here built from an @string macro) goes to every author
        (4, {"person": "Li, Wei", "affiliation": "Tsinghua University, Beijing, China",
             "id": "li2021gait"}),
        (4, {"person": "Müller, Jörg", "affiliation": "Tsinghua University, Beijing, China",
             "id": "li2021gait"}),
        # one braced group per author is paired author by author
        (12, {"person": "Chen, Ming", "affiliation": "Megvii Technology Limited",
              "id": "chen2020faces"}),
        (12, {"person": "Smith, Anna", "affiliation": "Université de Montréal",
              "id": "chen2020faces"}),
    ]
    assert table.count() == 4


def test_bibtex_affiliation_with_and_is_not_cut(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@article{a, author={A. One and B. Two}, affiliation="
                                       "{Dept. of Physics and Astronomy, Zhejiang University}}")
    assert {r.fields["affiliation"] for r in rows(path, "collaborators")} == {
        "Dept. of Physics and Astronomy, Zhejiang University"}


def test_bibtex_without_affiliations_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@article{a, author={A. One}, title={T}}")
    with pytest.raises(InputError, match="Behind screens affiliations, not people"):
        open_table(path, "collaborators")


def test_bibtex_unclosed_entry_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "\n\n@article{a,\n author = {A. One,\n affiliation = {X}\n")
    with pytest.raises(InputError) as e:
        open_table(path, "collaborators")
    assert e.value.row == 3


def test_bibliography_needs_kind_collaborators() -> None:
    with pytest.raises(InputError, match="is BibTeX: screen it with --kind collaborators"):
        open_table(FIXTURES / "papers.bib", "parties")


def test_openalex_works_one_row_per_authorship() -> None:
    table = open_table(FIXTURES / "openalex_works.json", "collaborators")
    assert table.format == "openalex"
    assert [(r.number, r.fields) for r in table.rows()] == [
        (1, {"person": "Zhang Wei", "affiliation": "SenseTime Group (China); Chinese University of "
             "Hong Kong", "id": "https://openalex.org/W3001"}),
        # no institution matched: the raw affiliation strings are used
        (1, {"person": "Maria Rossi", "affiliation": "Politecnico di Milano, Italy",
             "id": "https://openalex.org/W3001"}),
        (2, {"person": "Liu Yang", "affiliation": "iFlytek (China)", "id": "https://openalex.org/W3002"}),
    ]
    assert [r.number for r in table.rows(skip=2)] == [2]


def test_openalex_plain_list_and_bad_json(tmp_path: Path) -> None:
    works = '[{"id": "W1", "authorships": [{"author": {"display_name": "A"}, ' \
            '"institutions": [{"display_name": "Hikvision"}]}]}]'
    assert rows(write(tmp_path, "works.json", works), "collaborators") == [
        InputRow(1, {"person": "A", "affiliation": "Hikvision", "id": "W1"})]
    with pytest.raises(InputError, match="is not valid JSON"):
        open_table(write(tmp_path, "broken.json", '{"results": [}'), "collaborators")
