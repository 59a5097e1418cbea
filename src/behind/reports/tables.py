"""The CSV and XLSX reports: one line per input row, then the result columns.

- ``csv``: UTF-8 with a byte-order mark (so Excel reads it as UTF-8): the row number,
  every input field (the union of the rows' fields, in first-seen order), status,
  summary, the best hit (list, id, name, score, matched on), the regimes applied, the
  exposure paths as text, the evidence, the source URLs and, for a supplier tree, each node's
  path to the top and the findings below it.
- ``xlsx``: sheet ``Results`` (the CSV's columns), ``Lists`` (list versions) and
  ``Method`` (as-of date, engine, threshold, the matching configuration, regimes);
  written with openpyxl's write-only mode, so memory stays bounded; every string cell
  is typed as a string.

Every text cell drops control characters and neutralises formulas
(:func:`~behind.reports.cells.safe_cell`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from behind.model.results import RowResult, RunMeta
from behind.reports.cells import RESULT_COLUMNS, result_cells, safe_cell, strip_controls

XLSX_MAX_CELL = 32_767  # Excel's limit on the characters of one cell


def write_csv(rows: Iterable[RowResult], fields: list[str], headers: dict[str, str], fh: IO[str]) -> None:
    writer = csv.writer(fh)
    writer.writerow([safe_cell(c) for c in ["row", *(headers[f] for f in fields), *RESULT_COLUMNS]])
    for row in rows:
        cells = [row.row, *(row.input.get(f, "") for f in fields), *result_cells(row)]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])


def _xlsx_text(value: str) -> str:
    text = strip_controls(value)  # with the characters XML 1.0 (so XLSX) cannot carry
    if len(text) > XLSX_MAX_CELL - 1:
        text = text[: XLSX_MAX_CELL - 2] + "…"
    return safe_cell(text)


def _xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for one sheet row: strings neutralised and typed ``s`` explicitly, numbers as numbers."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    cells = []
    for v in values:
        if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
            cell = WriteOnlyCell(ws, value=_xlsx_text("" if v is None else str(v)))
            cell.data_type = "s"
        else:
            cell = WriteOnlyCell(ws, value=v)
            cell.data_type = "n"
        cells.append(cell)
    return cells


def write_xlsx(meta: RunMeta, rows: Iterable[RowResult], fields: list[str], headers: dict[str, str],
               part: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Results")
    ws.append(_xlsx_row(ws, ["row", *(headers[f] for f in fields), *RESULT_COLUMNS]))
    for row in rows:
        ws.append(_xlsx_row(ws, [row.row, *(row.input.get(f, "") for f in fields), *result_cells(row)]))
    lists = wb.create_sheet("Lists")
    lists.append(_xlsx_row(lists, ["source", "version", "records", "fetched_at", "published", "sha256"]))
    for v in meta.lists:
        lists.append(_xlsx_row(lists, [v.source, v.version, v.records, v.fetched_at, v.published, v.sha256]))
    method = wb.create_sheet("Method")
    for key, value in (("input", meta.input), ("kind", meta.kind), ("as_of", meta.as_of), ("engine", meta.engine),
                       ("threshold", meta.threshold), ("rows", meta.rows), ("alerts", meta.alerts),
                       ("started_at", meta.started_at), ("finished_at", meta.finished_at),
                       ("behind_version", meta.behind_version)):
        method.append(_xlsx_row(method, [key, value]))
    method.append(_xlsx_row(method, []))
    method.append(_xlsx_row(method, ["matching setting", "value"]))
    for name, value in meta.matching.model_dump().items():
        method.append(_xlsx_row(method, [name, str(value) if isinstance(value, bool) else value]))
    method.append(_xlsx_row(method, []))
    method.append(_xlsx_row(method, ["regime", "name", "applied", "why", "source", "url"]))
    for r in meta.regimes:
        method.append(_xlsx_row(method, [r.id, r.name, "yes" if r.applied else "no", r.why, r.source, r.url]))
    wb.save(part)


__all__ = ["XLSX_MAX_CELL", "write_csv", "write_xlsx"]
