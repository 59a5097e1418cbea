"""Open the file a user screens (``behind screen FILE --kind KIND``), safely, as a stream of rows.

:func:`open_table` checks the file (size, format, encoding, header, columns) before the first
row is read, and answers a :class:`Table` whose :meth:`Table.rows` yields :class:`InputRow`
in file order. The format is told by content (:mod:`~behind.screening.inputs.formats`); text
is read by :mod:`~behind.screening.inputs.csvfile`, workbooks by
:mod:`~behind.screening.inputs.xlsx`, bibliographies by
:mod:`~behind.screening.inputs.bibliography`; headers are mapped to the kind's fields by
:mod:`~behind.screening.inputs.columns`.

Row numbers are what a spreadsheet user sees: the header row is 1, the first data row 2;
blank rows are skipped but keep their number.

Safety: a size limit on the file and on every cell (:class:`~behind.errors.InputError`
naming file, row and column); zip bombs and XML bombs raise
:class:`~behind.errors.HostileInputError`. Values are stripped and otherwise kept verbatim:
reports neutralise formulas when they write cells.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from behind.errors import InputError
from behind.screening.inputs.bibliography import authorships, check_bibliography
from behind.screening.inputs.columns import check_mapping, header_row, map_columns
from behind.screening.inputs.csvfile import csv_records, read_text, sniff_delimiter, text_encoding
from behind.screening.inputs.formats import detect_format
from behind.screening.inputs.kinds import check_kind
from behind.screening.inputs.xlsx import xlsx_records

MAX_CELL_CHARS = 10_000
MAX_BYTES = 500 * 1024 * 1024
#: the fields of a bibliography row and where each comes from
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


def check_cell(value: str, limit: int, path: Path, row: int, name: str) -> None:
    """Refuse a cell longer than ``limit`` characters, naming its row and column."""
    if len(value) > limit:
        raise InputError(f"cell has {len(value):,} characters (limit {limit:,})",
                         file=str(path), row=row, field=name)


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
    max_cell_chars: int = field(default=MAX_CELL_CHARS, repr=False)
    _skip_lines: int = field(default=0, repr=False)
    _sheets: list[str] = field(default_factory=list, repr=False)

    def rows(self, skip: int = 0) -> Generator[InputRow, None, None]:
        """The data rows in file order; ``skip=n`` leaves out the first ``n`` (to resume)."""
        if self.format in _FIXED_COLUMNS:
            yield from self._authorship_rows(skip)
            return
        index = {f: self.headers.index(h) for f, h in self.columns.items()}
        with closing(self._records()) as records:
            header_row(records, self.path)
            for seen, (number, cells) in enumerate(records, start=1):
                if seen > skip:
                    yield self._row(number, cells, index)

    def count(self) -> int:
        """The number of data rows :meth:`rows` yields (reads the file once more, without making the rows)."""
        if self.format in _FIXED_COLUMNS:
            return sum(1 for _ in self.rows())
        with closing(self._records()) as records:
            header_row(records, self.path)
            return sum(1 for _ in records)

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
            check_cell(cell, self.max_cell_chars, self.path, number, name)
        values = {f: cells[i].strip() for f, i in index.items() if i < len(cells)}
        return InputRow(number, {f: v for f, v in values.items() if v})

    def _opened_sheet(self, title: str, sheets: list[str]) -> None:
        self.sheet, self._sheets = title, sheets

    def _records(self) -> Generator[tuple[int, list[str]], None, None]:
        """(row number, cells) of every non-blank record, the header included."""
        source = (xlsx_records(self.path, self.sheet, self._opened_sheet) if self.format == "xlsx"
                  else csv_records(self.path, encoding=self.encoding, delimiter=self.delimiter,
                                   skip_lines=self._skip_lines, max_cell_chars=self.max_cell_chars))
        with closing(source):  # closes the file or workbook when the reader stops early
            for number, cells in source:
                if any(c.strip() for c in cells):
                    yield number, cells

    def _authorship_rows(self, skip: int) -> Iterator[InputRow]:
        text = read_text(self.path, self.encoding)
        for n, a in enumerate(authorships(self.format, text, file=str(self.path)), start=1):
            if n <= skip:
                continue
            values = {"person": a.person, "affiliation": a.affiliation, "id": a.id}
            for f, v in values.items():
                check_cell(v, self.max_cell_chars, self.path, a.number, self.columns[f])
            yield InputRow(a.number, {f: v for f, v in values.items() if v})


def open_table(path: Path, kind: str, *, mapping: dict[str, str] | None = None,
               encoding: str | None = None, sheet: str | None = None,
               max_cell_chars: int = MAX_CELL_CHARS, max_bytes: int = MAX_BYTES) -> Table:
    """Open ``path`` as a ``kind`` file: check it, detect its format and map its columns.

    Raises :class:`~behind.errors.UsageError` for an unknown kind, :class:`InputError` for
    anything the user must fix (the message says how) and
    :class:`~behind.errors.HostileInputError` for a zip or XML bomb.
    """
    path, file = Path(path), str(path)
    check_kind(kind)
    mapping = dict(mapping or {})
    check_mapping(kind, mapping, file)
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
    fmt = detect_format(path, head)
    if sheet is not None and fmt != "xlsx":
        raise InputError(f"--sheet applies to XLSX workbooks, and this file is {fmt.upper()}", file=file)
    table = Table(path, kind, fmt, {}, [], sheet=sheet, max_cell_chars=max_cell_chars)
    if fmt in _FIXED_COLUMNS:
        return _open_bibliography(table, kind, mapping, head, encoding)
    if fmt == "csv":
        table.encoding = text_encoding(path, head, encoding)
        table.delimiter, table._skip_lines = sniff_delimiter(path, table.encoding)
    records = table._records()
    try:
        header_number, header = header_row(records, path)
        first = next(records, None)
        if first is None:
            raise InputError("has a header row but no rows to screen", file=file)
        for cell in header:
            check_cell(cell, max_cell_chars, path, header_number, cell[:40])
        table.headers = [h.strip() for h in header]
        table.columns = map_columns(kind, table.headers, mapping, file, header_number, first[1])
    except InputError as e:
        if sheet is None and len(table._sheets) > 1:  # the data may be on another sheet
            raise InputError(f"{e.reason} (this is the first sheet, {table.sheet!r}; the sheets "
                             f"are: {', '.join(map(repr, table._sheets))}: choose one with --sheet)",
                             file=e.file, row=e.row, field=e.field) from None
        raise
    finally:
        records.close()
    return table


def _open_bibliography(table: Table, kind: str, mapping: dict[str, str], head: bytes,
                       encoding: str | None) -> Table:
    file, name = str(table.path), "BibTeX" if table.format == "bibtex" else "an OpenAlex export"
    if kind != "collaborators":
        raise InputError(f"is {name}: screen it with --kind collaborators", file=file)
    if mapping:
        raise InputError(f"--column applies to CSV and XLSX files; {name} has fixed fields", file=file)
    table.encoding = text_encoding(table.path, head, encoding)
    table.columns = dict(_FIXED_COLUMNS[table.format])
    table.headers = list(table.columns.values())
    check_bibliography(table.format, read_text(table.path, table.encoding), file=file)
    return table


__all__ = ["MAX_BYTES", "MAX_CELL_CHARS", "InputRow", "Table", "check_cell", "open_table"]
