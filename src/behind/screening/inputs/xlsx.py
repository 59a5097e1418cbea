"""XLSX workbooks, read safely.

The archive is inspected for zip bombs (too many members, too large a total, a member that
expands too much) before openpyxl sees it. Workbooks are read with ``read_only=True,
data_only=True``: formulas are read as the value Excel cached, never evaluated, and openpyxl
parses their XML with defusedxml, so an entity or DTD declaration is refused as hostile.
Cell values become the text a user sees (dates as YYYY-MM-DD, 12.0 as 12).
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Generator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from behind.errors import HostileInputError, InputError

XLSX_MAX_TOTAL = 1 << 30          # bytes, all members uncompressed
XLSX_MAX_RATIO = 200              # compression ratio refused ...
XLSX_RATIO_MIN_SIZE = 50 << 20    # ... for a member larger than this uncompressed
XLSX_MAX_MEMBERS = 10_000


def check_xlsx_zip(path: Path) -> None:
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


def _xlsx_call(call: Callable[[], Any], path: Path) -> Any:
    """Run an openpyxl call, turning its failures into Behind's errors (openpyxl wraps the
    XML parser's errors, so the whole chain of causes is looked at)."""
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]

    try:
        return call()
    except Exception as e:  # noqa: BLE001 - openpyxl parses a hostile file: BadZipFile, KeyError,
        # ValueError, TypeError, AttributeError, IndexError, zlib.error, XML parse errors (a SyntaxError)
        # and DefusedXmlException have all been seen, found by fuzzing; each one means "not a workbook"
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

    try:
        fh = path.open("rb")
    except OSError as e:
        raise InputError(f"cannot be read: {e.strerror or e}", file=str(path)) from None
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


def cell_text(value: Any) -> str:
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


def xlsx_records(path: Path, sheet: str | None,
                 opened: Callable[[str, list[str]], None] | None = None,
                 ) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) of every row of ``sheet`` (default: the first visible one), blank
    rows included. ``opened(title, sheet names)`` is called once the sheet is chosen. The
    workbook is closed when the generator ends or is closed."""
    wb = _load_workbook(path)
    try:
        ws = _worksheet(wb, sheet, path)
        if opened is not None:
            opened(ws.title, list(wb.sheetnames))
        ws.reset_dimensions()  # the dimension tag some writers leave is not trusted
        rows, number = ws.iter_rows(values_only=True), 0
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = _xlsx_call(lambda: next(rows, None), path)
            if values is None:
                return
            number += 1
            yield number, [cell_text(v) for v in values]
    finally:
        wb.close()
        wb._behind_handle.close()


__all__ = ["XLSX_MAX_MEMBERS", "XLSX_MAX_RATIO", "XLSX_MAX_TOTAL", "XLSX_RATIO_MIN_SIZE", "cell_text",
           "check_xlsx_zip", "xlsx_records"]
