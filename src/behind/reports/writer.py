"""Write a screening run (:class:`~behind.model.results.RunMeta` and its rows) as a report.

Four formats, one entry point, :func:`write_report`: ``csv`` and ``xlsx`` (see
:mod:`behind.reports.tables`), ``json`` (exactly the serialisation of
:class:`~behind.model.results.Report`, streamed row by row) and ``html`` (one
self-contained, printable page, see :mod:`behind.reports.html_report`).

Reports are written atomically: to ``<out>.part`` first, renamed to ``<out>`` when
complete; on any error the part file is removed and ``<out>`` is left as it was. A report
that cannot be written (a folder in the way, a disk full) raises
:class:`~behind.errors.OutputError` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from behind.errors import OutputError, UsageError
from behind.model.results import RowResult, RunMeta
from behind.reports.files import spooled, sync
from behind.sources.files import atomic_file
from behind.reports.html_report import write_html
from behind.reports.tables import write_csv, write_xlsx

FORMATS = ("csv", "xlsx", "json", "html")


def write_report(meta: RunMeta, rows: Iterable[RowResult], out: Path, fmt: str,
                 lines: Iterable[str] | None = None) -> Path:
    """Write ``meta`` and ``rows`` to ``out`` as ``fmt`` (csv, xlsx, json or html), atomically; return ``out``.

    ``rows`` is consumed once, as it comes: CSV and XLSX spool rows to an anonymous
    temporary file to learn the input columns, JSON streams them, HTML keeps the
    alerts and counts clear rows beyond the first 1,000. ``lines``, when given, are the same rows
    as JSON text (``RowResult.model_dump_json()``, a checkpoint's lines): a JSON report copies them
    instead of reading and writing each row again (and ``rows`` is left unread).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}", option="--format")
    out = Path(out)
    try:
        _write(meta, (row.model_dump_json() for row in rows) if lines is None else lines, rows, out, fmt)
    except IsADirectoryError:
        raise OutputError(f"cannot write the report {out}: it is a folder; give the report a file name",
                          path=str(out)) from None
    except OSError as exc:
        raise OutputError(f"cannot write the report {out} ({exc.strerror or exc})", path=str(out)) from None
    return out


def _write(meta: RunMeta, lines: Iterable[str], rows: Iterable[RowResult], out: Path, fmt: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out) as part:
        if fmt == "json":
            with part.open("w", encoding="utf-8", newline="\n") as fh:
                write_json_lines(meta, lines, fh)
                sync(fh)
        elif fmt == "html":
            with part.open("w", encoding="utf-8", newline="\n") as fh:
                write_html(meta, rows, fh, title_input=meta.input)
                sync(fh)
        else:
            with spooled(rows, meta.columns) as (spool, fields, headers):
                if fmt == "csv":
                    with part.open("w", encoding="utf-8-sig", newline="") as fh:
                        write_csv(spool, fields, headers, fh)
                        sync(fh)
                else:
                    write_xlsx(meta, spool, fields, headers, part)


def write_json(meta: RunMeta, rows: Iterable[RowResult], fh: IO[str]) -> None:
    """``Report(meta, rows)`` as JSON, one row per line, without holding the rows."""
    write_json_lines(meta, (row.model_dump_json() for row in rows), fh)


def write_json_lines(meta: RunMeta, lines: Iterable[str], fh: IO[str]) -> None:
    """:func:`write_json` of rows given as their JSON text."""
    fh.write('{"meta": ')
    fh.write(meta.model_dump_json())
    fh.write(', "rows": [')
    for i, line in enumerate(lines):
        fh.write(",\n" if i else "\n")
        fh.write(line)
    fh.write("\n]}\n")


__all__ = ["FORMATS", "write_json", "write_json_lines", "write_report"]
