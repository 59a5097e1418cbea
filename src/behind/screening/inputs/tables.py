"""Read the file a user screens (``behind screen FILE --kind KIND``), safely, as a stream of rows.

Formats are told by content, not by extension alone: an XLSX workbook is a ZIP archive with
``xl/workbook.xml``; ``.bib`` is BibTeX and ``.json`` an OpenAlex works export (both for
``--kind collaborators``, see :mod:`behind.screening.inputs.bibliography`); anything else must be text, read
as CSV with the delimiter sniffed among ``,`` ``;`` tab and ``|``.

The user's column headers are mapped to Behind's fields by the synonyms in :data:`FIELDS`
(case, spaces, underscores and punctuation ignored); ``--column field=Header`` overrides.

Row numbers are what a spreadsheet user sees: the header row is 1, the first data row 2;
blank rows are skipped but keep their number, and a record whose quoted cell spans several
lines counts as one row (as Excel and LibreOffice show it).

Safety: a size limit on the file and on every cell; text must decode (UTF-8 with or without
BOM, UTF-16 with BOM, or the ``encoding`` given), checked before the first row is read;
XLSX archives are inspected for zip bombs before openpyxl opens them, read with
``read_only=True, data_only=True`` (formulas are read as the value Excel cached, never
evaluated) and openpyxl parses their XML with defusedxml. Values are stripped and otherwise
kept verbatim: reports neutralise formulas when they write cells.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from behind.screening.inputs.bibliography import authorships, check_bibliography
from behind.errors import HostileInputError, InputError

_ID = ("id", "vendor id", "supplier id", "number", "no")
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "parties": {
        "name": ("vendor", "vendor name", "supplier", "supplier name", "company", "company name",
                 "customer", "party", "legal name", "name"),
        "country": ("country", "country code", "nation"),
        "address": ("address", "street", "addr"),
        "uscc": ("uscc", "unified social credit code", "credit code"),
        "lei": ("lei",),
        "duns": ("duns", "d-u-n-s", "duns number"),
        "isin": ("isin",),
        "tax_id": ("tax id", "vat", "tin"),
        "id": _ID + ("vendor number", "supplier number", "vendor no", "supplier no"),
    },
    "products": {
        "model": ("model", "model number", "part number", "sku", "mpn"),
        "brand": ("brand", "make", "trade name"),
        "manufacturer": ("manufacturer", "maker", "oem", "vendor"),
        "description": ("description", "item", "product"),
        "date": ("date", "po date", "order date", "invoice date"),
        "id": ("id", "item id", "line id", "number", "no"),
    },
    "devices": {
        "mac": ("mac", "mac address", "hw address", "hardware address", "physical address"),
        "vendor": ("vendor", "manufacturer", "make", "oui vendor"),
        "banner": ("banner", "server", "http server", "onvif", "product", "model", "firmware"),
        "hostname": ("hostname", "host", "name"),
        "ip": ("ip", "ip address"),
    },
    "holdings": {
        "isin": ("isin",),
        "ticker": ("ticker", "symbol", "equity ticker"),
        "issuer": ("issuer", "issuer name", "security name", "name", "holding", "company"),
        "weight": ("weight", "%", "weight %", "% of net assets", "portfolio weight"),
        "id": ("id", "holding id", "position id", "number", "no"),
    },
    "collaborators": {
        "person": ("author", "name", "person", "co-author", "researcher"),
        "affiliation": ("affiliation", "affiliations", "institution", "organisation",
                        "organization", "employer", "sponsor", "funder"),
        "id": ("id", "doi", "work id", "paper id", "number", "no"),
    },
}
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "parties": (("name", "uscc", "lei", "duns", "isin", "tax_id"),),
    "products": (("model", "brand", "manufacturer", "description"),),
    "devices": (("mac", "vendor", "banner"),),
    "holdings": (("isin", "ticker", "issuer"),),
    "collaborators": (("affiliation",),),
}
FORMATS = ("csv", "xlsx", "bibtex", "openalex")

XLSX_MAX_TOTAL = 1 << 30          # bytes, all members uncompressed
XLSX_MAX_RATIO = 200              # compression ratio refused ...
XLSX_RATIO_MIN_SIZE = 50 << 20    # ... for a member larger than this uncompressed
XLSX_MAX_MEMBERS = 10_000
_DELIMITERS = (",", ";", "\t", "|")
_NO_DELIMITER = "\x1f"  # the ASCII unit separator, for a one-column file
_OLE = b"\xd0\xcf\x11\xe0"
_CHUNK = 1 << 20
_FIXED_COLUMNS = {
    "bibtex": {"person": "author", "affiliation": "affiliation", "id": "key"},
    "openalex": {"person": "author.display_name", "affiliation": "institutions[].display_name",
                 "id": "id"},
}


@dataclass(frozen=True)
class InputRow:
    """One data row: its number as the user sees it and its mapped, non-empty, stripped values."""

    number: int
    fields: dict[str, str]


@dataclass
class Table:
    """An opened input file: its format, the column mapping, and its rows on demand."""

    path: Path
    kind: str
    format: str
    columns: dict[str, str]  # field -> source header
    headers: list[str]
    encoding: str | None = field(default=None, repr=False)
    delimiter: str = field(default=",", repr=False)
    sheet: str | None = field(default=None, repr=False)
    max_cell_chars: int = field(default=10_000, repr=False)
    _skip_lines: int = field(default=0, repr=False)
    _sheets: list[str] = field(default_factory=list, repr=False)

    def rows(self, skip: int = 0) -> Generator[InputRow, None, None]:
        """The data rows in file order; ``skip=n`` leaves out the first ``n`` (to resume)."""
        if self.format in _FIXED_COLUMNS:
            yield from self._authorship_rows(skip)
            return
        index = {f: self.headers.index(h) for f, h in self.columns.items()}
        with closing(self._records()) as records:
            _header(records, self.path)
            for seen, (number, cells) in enumerate(records, start=1):
                if seen > skip:
                    yield self._row(number, cells, index)

    def _row(self, number: int, cells: list[str], index: dict[str, int]) -> InputRow:
        if len(cells) > len(self.headers) and any(c.strip() for c in cells[len(self.headers):]):
            extra = [c for c in cells[len(self.headers):] if c.strip()]
            hint = f"; quote cells that contain {self.delimiter!r}" if self.format == "csv" else ""
            columns = f"{len(self.headers)} column{'s' if len(self.headers) > 1 else ''}"
            raise InputError(f"row has {len(cells)} cells but the header has {columns} "
                             f"(extra values: {', '.join(map(repr, extra[:3]))}){hint}",
                             file=str(self.path), row=number)
        for i, cell in enumerate(cells):
            name = self.headers[i] if i < len(self.headers) else f"column {i + 1}"
            _check_cell(cell, self.max_cell_chars, self.path, number, name)
        values = {f: cells[i].strip() for f, i in index.items() if i < len(cells)}
        return InputRow(number, {f: v for f, v in values.items() if v})

    def count(self) -> int:
        """The number of data rows :meth:`rows` yields (reads the file once more)."""
        return sum(1 for _ in self.rows())

    def _records(self) -> Generator[tuple[int, list[str]], None, None]:
        """(row number, cells) of every non-blank record, the header included."""
        source = self._xlsx_records() if self.format == "xlsx" else self._csv_records()
        with closing(source):  # closes the file or workbook when the reader stops early
            for number, cells in source:
                if any(c.strip() for c in cells):
                    yield number, cells

    def _csv_records(self) -> Generator[tuple[int, list[str]], None, None]:
        limit = max(csv.field_size_limit(), self.max_cell_chars * 10, 1 << 20)
        csv.field_size_limit(limit)
        with open(self.path, encoding=self.encoding, newline="") as f:
            for _ in range(self._skip_lines):
                f.readline()
            reader, number = csv.reader(f, delimiter=self.delimiter), 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as e:
                    message = (f"a cell has more than {limit:,} characters (limit "
                               f"{self.max_cell_chars:,})" if "field limit" in str(e)
                               else f"cannot be read as CSV: {e}")
                    raise InputError(message, file=str(self.path), row=number + 1) from None
                number += 1
                yield number, cells

    def _xlsx_records(self) -> Generator[tuple[int, list[str]], None, None]:
        wb = _load_workbook(self.path)
        try:
            ws = _worksheet(wb, self.sheet, self.path)
            self.sheet, self._sheets = ws.title, list(wb.sheetnames)
            ws.reset_dimensions()  # the dimension tag some writers leave is not trusted
            rows, number = ws.iter_rows(values_only=True), 0
            while True:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    values = _xlsx_call(lambda: next(rows, None), self.path)
                if values is None:
                    return
                number += 1
                yield number, [_cell_text(v) for v in values]
        finally:
            wb.close()
            wb._behind_handle.close()

    def _authorship_rows(self, skip: int) -> Iterator[InputRow]:
        text = _read_text(self.path, self.encoding)
        for n, a in enumerate(authorships(self.format, text, file=str(self.path)), start=1):
            if n <= skip:
                continue
            values = {"person": a.person, "affiliation": a.affiliation, "id": a.id}
            for f, v in values.items():
                _check_cell(v, self.max_cell_chars, self.path, a.number, self.columns[f])
            yield InputRow(a.number, {f: v for f, v in values.items() if v})


def open_table(path: Path, kind: str, *, mapping: dict[str, str] | None = None,
               encoding: str | None = None, sheet: str | None = None,
               max_cell_chars: int = 10_000, max_bytes: int = 500 * 1024 * 1024) -> Table:
    """Open ``path`` as a ``kind`` file: check it, detect its format and map its columns.

    Raises :class:`InputError` for anything the user must fix (the message says how) and
    :class:`HostileInputError` for a zip bomb.
    """
    path, file = Path(path), str(path)
    if kind not in FIELDS:
        raise InputError(f"unknown kind {kind!r}; the kinds are: {', '.join(FIELDS)}", file=file)
    mapping = dict(mapping or {})
    unknown = [f for f in mapping if f not in FIELDS[kind]]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r} for --kind {kind}; "
                         f"the fields are: {', '.join(FIELDS[kind])}", file=file, field=unknown[0])
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(8192)
    except FileNotFoundError:
        raise InputError("no such file", file=file) from None
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=file) from None
    if size > max_bytes:
        raise InputError(f"is {size:,} bytes, more than the limit of {max_bytes:,} bytes", file=file)
    if size == 0:
        raise InputError("is empty: no rows to screen", file=file)
    fmt = _detect_format(path, head)
    if sheet is not None and fmt != "xlsx":
        raise InputError(f"--sheet applies to XLSX workbooks, and this file is {fmt.upper()}", file=file)
    table = Table(path, kind, fmt, {}, [], sheet=sheet, max_cell_chars=max_cell_chars)
    if fmt in _FIXED_COLUMNS:
        return _open_bibliography(table, kind, mapping, head, encoding)
    if fmt == "csv":
        table.encoding = _text_encoding(path, head, encoding)
        table.delimiter, table._skip_lines = _sniff_delimiter(path, table.encoding)
    records = table._records()
    try:
        header_number, header = _header(records, path)
        first = next(records, None)
        if first is None:
            raise InputError("has a header row but no rows to screen", file=file)
        for cell in header:
            _check_cell(cell, max_cell_chars, path, header_number, cell[:40])
        table.headers = [h.strip() for h in header]
        table.columns = _map_columns(kind, table.headers, mapping, file, header_number, first[1])
    except InputError as e:
        if sheet is None and len(table._sheets) > 1:  # the data may be on another sheet
            raise InputError(f"{e.reason} (this is the first sheet, {table.sheet!r}; the sheets "
                             f"are: {', '.join(map(repr, table._sheets))}: choose one with --sheet)",
                             file=e.file, row=e.row, field=e.field) from None
        raise
    finally:
        records.close()
    return table


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["name=Vendor Name", "country=Ctry"]`` -> ``{"name": "Vendor Name", "country": "Ctry"}``."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, header = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not name or not header.strip():
            raise InputError(f"--column {item!r}: expected FIELD=HEADER, e.g. --column name=\"Vendor Name\"")
        if name in mapping:
            raise InputError(f"--column {item!r}: field {name!r} is already mapped to {mapping[name]!r}")
        mapping[name] = header.strip()
    return mapping


def _header(records: Iterator[tuple[int, list[str]]], path: Path) -> tuple[int, list[str]]:
    """The first non-blank record: the header row (a stray BOM dropped)."""
    first = next(records, None)
    if first is None:
        raise InputError("has only blank lines: no rows to screen", file=str(path))
    number, cells = first
    if cells and cells[0].startswith("\ufeff"):
        cells = [cells[0][1:], *cells[1:]]
    return number, cells


def _norm(header: str) -> str:
    return re.sub(r"[^\w%]|_", "", header.casefold())


def _map_columns(kind: str, headers: list[str], mapping: dict[str, str], file: str,
                 row: int, sample: list[str]) -> dict[str, str]:
    """field -> header: ``mapping`` first, then each field's best synonym (``sample``, the first
    data row, picks the example in the error for a missing column)."""
    columns: dict[str, str] = {}
    for name, wanted in mapping.items():
        found = _find_header(headers, wanted)
        if found is None:
            raise InputError(f"no column {wanted!r} (from --column {name}=\"{wanted}\"); the headers "
                             f"are: {', '.join(map(repr, headers))}", file=file, row=row, field=name)
        columns[name] = found
    normalized = [_norm(h) for h in headers]
    for name, synonyms in FIELDS[kind].items():
        if name in columns:
            continue
        for synonym in map(_norm, synonyms):
            hits = [h for h, n in zip(headers, normalized) if n == synonym and h not in columns.values()]
            if hits:
                columns[name] = hits[0]
                break
    for group in REQUIRED[kind]:
        if not any(f in columns for f in group):
            need = (f"a {group[0]} column" if len(group) == 1
                    else f"at least one of these columns: {', '.join(group)}")
            free = [(h, v) for h, v in zip(headers, sample) if h and h not in columns.values()]
            example = next((h for h, v in free if re.search(r"[^\W\d_]", v)),
                           free[0][0] if free else "Header")
            shown = ", ".join(repr(h) for h in FIELDS[kind][group[0]][:4])
            raise InputError(
                f"no column to screen: a {kind} file needs {need} (headers such as {shown} are "
                f"recognised). The headers found are: {', '.join(map(repr, headers))}. Say which "
                f"column to use with --column field=Header, e.g. --column {group[0]}=\"{example}\"",
                file=file, row=row, field=group[0])
    return {f: columns[f] for f in FIELDS[kind] if f in columns}


def _find_header(headers: list[str], wanted: str) -> str | None:
    for same in (lambda h: h == wanted, lambda h: h.casefold() == wanted.strip().casefold(),
                 lambda h: bool(_norm(wanted)) and _norm(h) == _norm(wanted)):
        hits = [h for h in headers if same(h)]
        if hits:
            return hits[0]
    return None


def _check_cell(value: str, limit: int, path: Path, row: int, name: str) -> None:
    if len(value) > limit:
        raise InputError(f"cell has {len(value):,} characters (limit {limit:,})",
                         file=str(path), row=row, field=name)


def _looks_like(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(_OLE):
        return "an old Excel 97-2003 .xls file or a password-protected workbook"
    if head.startswith(b"PK"):
        return "a ZIP archive"
    if head.startswith(b"\x1f\x8b"):
        return "a gzip archive (decompress it first)"
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:1024]:
        return "an HTML page"
    if text.startswith(b"<"):
        return "XML"
    if text.startswith((b"{", b"[")):
        return "JSON"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return "CSV or plain text"


def _detect_format(path: Path, head: bytes) -> str:
    file, suffix = str(path), path.suffix.lower()
    if head.startswith(b"PK"):
        return _check_xlsx_zip(path)
    what = _looks_like(head)
    if suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        advice = ("rename it to .csv" if what == "CSV or plain text"
                  else "open it in Excel and save it as .xlsx or .csv")
        raise InputError(f"is not an XLSX workbook (it looks like {what}): {advice}", file=file)
    if what not in ("CSV or plain text", "JSON", "a binary file"):
        detail = " (Behind does not read the old format)" if head.startswith(_OLE) else ""
        raise InputError(f"is {what}, not a table Behind can read{detail}: open it in Excel and "
                         f"save it as .xlsx or .csv", file=file)
    if suffix == ".bib" or re.match(rb"\s*@\s*[A-Za-z]+\s*[{(]", head.lstrip(b"\xef\xbb\xbf")):
        return "bibtex"
    if suffix == ".json" or (what == "JSON" and suffix not in (".csv", ".tsv", ".txt")):
        return "openalex"
    return "csv"


def _check_xlsx_zip(path: Path) -> str:
    """Refuse what is not an XLSX workbook, and zip bombs, before openpyxl sees the file."""
    file = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"is not an XLSX workbook (a damaged ZIP archive: {e})", file=file) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        what = ("an OpenDocument spreadsheet (.ods)" if "content.xml" in names
                else "a Word document" if "word/document.xml" in names else "a ZIP archive")
        raise InputError(f"is not an XLSX workbook (it looks like {what}, with no xl/workbook.xml):"
                         f" save it as .xlsx or .csv", file=file)
    if len(members) > XLSX_MAX_MEMBERS:
        raise HostileInputError(f"XLSX archive has {len(members):,} members (limit "
                                f"{XLSX_MAX_MEMBERS:,}); refused as a possible zip bomb", file=file)
    total = sum(m.file_size for m in members)
    if total > XLSX_MAX_TOTAL:
        raise HostileInputError(f"XLSX archive would expand to {total:,} bytes (limit "
                                f"{XLSX_MAX_TOTAL:,}); refused as a possible zip bomb", file=file)
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > XLSX_RATIO_MIN_SIZE and ratio > XLSX_MAX_RATIO:
            raise HostileInputError(f"XLSX member {m.filename} expands {ratio:,.0f} times to "
                                    f"{m.file_size:,} bytes; refused as a zip bomb", file=file)
    return "xlsx"


def _xlsx_call(call: Any, path: Path) -> Any:
    """Run an openpyxl call, turning its failures into Behind's errors (openpyxl wraps the
    XML parser's errors, so the whole chain of causes is looked at)."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    try:
        return call()
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, EOFError, OSError,
            SyntaxError, DefusedXmlException) as e:  # ElementTree's ParseError is a SyntaxError
        chain: list[BaseException] = [e]
        while (cause := chain[-1].__cause__ or chain[-1].__context__) and len(chain) < 10:
            chain.append(cause)
        hostile = next((c for c in chain if isinstance(c, DefusedXmlException)), None)
        if hostile is not None:
            raise HostileInputError(f"XLSX contains forbidden XML ({type(hostile).__name__}: "
                                    "entity or DTD declarations, as XML bombs use); refused",
                                    file=str(path)) from None
        reason = "; ".join(dict.fromkeys(str(c).splitlines()[0] for c in chain if str(c)))
        raise InputError(f"cannot be read as an XLSX workbook: {reason}", file=str(path)) from None


def _load_workbook(path: Path) -> Any:
    """Open a workbook read-only. The file handle is ours, so a workbook that fails half-way
    through loading (a hostile one) never leaves it open."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    fh = path.open("rb")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            wb = _xlsx_call(lambda: load_workbook(fh, read_only=True, data_only=True), path)
    except BaseException:
        fh.close()
        raise
    wb._behind_handle = fh  # closed with the workbook
    return wb


def _worksheet(wb: Any, sheet: str | None, path: Path) -> Any:
    if sheet is None:
        sheets = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        if not (sheets or wb.worksheets):
            raise InputError("has no worksheet: no rows to screen", file=str(path))
        return (sheets or wb.worksheets)[0]
    if sheet not in wb.sheetnames or sheet not in [ws.title for ws in wb.worksheets]:
        raise InputError(f"has no worksheet {sheet!r}; the sheets are: "
                         f"{', '.join(map(repr, wb.sheetnames))}", file=str(path))
    return wb[sheet]


def _cell_text(value: Any) -> str:
    """A cell value as the text a user sees: dates as YYYY-MM-DD, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _text_encoding(path: Path, head: bytes, encoding: str | None) -> str:
    """The codec to read a text file with, checked over the whole file."""
    file = str(path)
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (try utf-8, cp1252 or latin-1)",
                             file=file) from None
        if codec == "utf-8" and head.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
    elif head.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        codec = "utf-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif b"\x00" in head:
        sample = head[:1024]
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if max(odd, even) < len(sample) // 4:
            raise InputError("is a binary file, not CSV text: save it as .xlsx or .csv", file=file)
        codec = "utf-16-le" if odd > even else "utf-16-be"
    else:
        codec = "utf-8"
    _check_decodes(path, codec, explicit=bool(encoding))
    return codec


def _check_decodes(path: Path, codec: str, *, explicit: bool) -> None:
    """Decode the whole file once, so a wrong encoding is reported before the first row."""
    decoder, lines = codecs.getincrementaldecoder(codec)(), 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                lines += decoder.decode(chunk, final=not chunk).count("\n")
            except UnicodeDecodeError as e:
                data, start = e.object, e.start
                line = lines + codecs.decode(data[:start], e.encoding, "replace").count("\n") + 1
                bad = " ".join(f"0x{b:02X}" for b in data[start:e.end])
                if explicit or codec.startswith(("utf-16", "utf-32")):
                    raise InputError(f"cannot be decoded as {codec} (byte {bad}); check --encoding",
                                     file=str(path), row=line) from None
                begin = data.rfind(b"\n", 0, start) + 1
                end = data.find(b"\n", start)
                text = data[begin:end if end >= 0 else start + 60][:120].decode("cp1252", "replace")
                raise InputError(
                    f"is not UTF-8 (byte {bad}); read as cp1252 this line is {text.strip()!r}. "
                    "Pass --encoding cp1252 (what Excel on Windows writes for 'CSV') or "
                    "--encoding latin-1, or save the file as 'CSV UTF-8'",
                    file=str(path), row=line) from None
            if not chunk:
                return


def _sniff_delimiter(path: Path, codec: str) -> tuple[str, int]:
    """(delimiter, lines to skip): Excel's ``sep=;`` first line wins, else the candidate that
    splits the header into most columns consistently over the first records."""
    with open(path, encoding=codec, newline="") as f:
        sample = f.read(1 << 16)
    first = sample.split("\n", 1)[0].strip("\r\ufeff")
    if re.fullmatch(r"sep=.", first):
        return first[4], 1
    best, best_score = ",", (0, 0)
    for d in _DELIMITERS:
        try:
            records = [r for _, r in zip(range(50), csv.reader(io.StringIO(sample), delimiter=d)) if r]
        except csv.Error:
            continue
        width = len(records[0]) if records else 0
        score = (sum(len(r) == width for r in records[1:]), width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = d, score
    # no candidate splits the header: one column, whose values may well hold commas
    return (best if best_score > (0, 0) else _NO_DELIMITER), 0


def _read_text(path: Path, codec: str | None) -> str:
    with open(path, encoding=codec or "utf-8") as f:
        return f.read()


def _open_bibliography(table: Table, kind: str, mapping: dict[str, str], head: bytes,
                       encoding: str | None) -> Table:
    file, name = str(table.path), "BibTeX" if table.format == "bibtex" else "an OpenAlex export"
    if kind != "collaborators":
        raise InputError(f"is {name}: screen it with --kind collaborators", file=file)
    if mapping:
        raise InputError(f"--column applies to CSV and XLSX files; {name} has fixed fields", file=file)
    table.encoding = _text_encoding(table.path, head, encoding)
    table.columns = dict(_FIXED_COLUMNS[table.format])
    table.headers = list(table.columns.values())
    check_bibliography(table.format, _read_text(table.path, table.encoding), file=file)
    return table


__all__ = ["FIELDS", "FORMATS", "REQUIRED", "InputRow", "Table", "open_table", "parse_mapping"]
