"""Write a screening run (:class:`~behind.model.results.RunMeta` and its :class:`~behind.model.results.RowResult` rows) as a report.

Four formats, one entry point, :func:`write_report`:

- ``csv``: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), one line per
  input row: the row number, every input field (the union of the rows' fields, in
  first-seen order), status, summary, the best hit (list, id, name, score, matched
  on), the regimes applied, the exposure paths as text, the evidence and the source
  URLs.
- ``xlsx``: sheet ``Results`` (the CSV's columns), ``Lists`` (list versions) and
  ``Method`` (as-of date, engine, regimes, threshold); written with openpyxl's
  write-only mode, so memory stays bounded; every string cell is typed as a string.
- ``json``: ``{"meta": RunMeta.to_dict(), "rows": [RowResult.to_dict(), ...]}``,
  streamed row by row.
- ``html``: one self-contained, printable page (see :mod:`behind.reports.html_report`).

Every spreadsheet cell (CSV and XLSX) goes through :func:`safe_cell` against
formula injection (OWASP "CSV injection"). Reports are written atomically: to
``<out>.part`` first, renamed to ``<out>`` when complete; on any error the part
file is removed and ``<out>`` is left as it was.

Entity names: an exposure path's edges name entities by key (``curated:lorex``).
The readable name of a key is taken from, in order, an edge's ``subject_name`` /
``object_name``, the exposure's ``names`` map (``{key: name}``), its ``owners``,
its ``entity`` when that is a dict, and the row's hits; a key nothing names is
shown as the key itself.
"""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from behind.model.results import RowResult, RunMeta

FORMATS = ("csv", "xlsx", "json", "html")
#: columns after the input fields, in order
RESULT_COLUMNS = ("status", "summary", "best_list", "best_id", "best_name", "best_score", "best_matched_on",
                  "regimes_applied", "exposure_paths", "evidence", "source_urls")
XLSX_MAX_CELL = 32_767  # Excel's limit on the characters of one cell
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 (so XLSX) cannot carry


def safe_cell(value: str) -> str:
    """Neutralise a spreadsheet formula: a cell starting with = + - @ (or tab/CR) gets a leading apostrophe.

    OWASP's "CSV injection" defence: the apostrophe makes Excel, LibreOffice and
    Google Sheets read the cell as text, so ``=HYPERLINK(...)`` is shown, never run.
    """
    return "'" + value if value[:1] in _FORMULA_START else value


def write_report(meta: RunMeta, rows: Iterable[RowResult], out: Path, fmt: str) -> Path:
    """Write ``meta`` and ``rows`` to ``out`` as ``fmt`` (csv, xlsx, json or html), atomically; return ``out``.

    ``rows`` is consumed once, as it comes: CSV and XLSX spool rows to an anonymous
    temporary file to learn the input columns, JSON streams them, HTML keeps the
    alerts and counts clear rows beyond the first 1,000.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with _atomic(out) as part:
        if fmt == "json":
            with part.open("w", encoding="utf-8", newline="\n") as fh:
                _write_json(meta, rows, fh)
                _sync(fh)
        elif fmt == "html":
            from behind.reports.html_report import write_html  # imported here: report_html uses this module's helpers

            with part.open("w", encoding="utf-8", newline="\n") as fh:
                write_html(meta, rows, fh, title_input=meta.input)
                _sync(fh)
        else:
            with _spooled(rows, meta.columns) as (spool, fields, headers):
                if fmt == "csv":
                    with part.open("w", encoding="utf-8-sig", newline="") as fh:
                        _write_csv(spool, fields, headers, fh)
                        _sync(fh)
                else:
                    _write_xlsx(meta, spool, fields, headers, part)
    return out


# --- atomic writes and spooling ----------------------------------------------------------------


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """Yield ``<out>.part``; rename it to ``out`` on success, remove it on any error."""
    part = out.with_name(out.name + ".part")
    try:
        yield part
        os.replace(part, out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _sync(fh: IO[str]) -> None:
    fh.flush()
    os.fsync(fh.fileno())


@contextmanager
def _spooled(rows: Iterable[RowResult],
             columns: dict[str, str]) -> Iterator[tuple[Iterable[RowResult], list[str], dict[str, str]]]:
    """Spool rows to an anonymous temp file as JSON lines, learning the input fields on the way.

    Yields (an iterator over the rows read back, the fields in first-seen order,
    their column headers).
    """
    fields: dict[str, None] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for row in rows:
            for key in row.input:
                fields.setdefault(key, None)
            spool.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        spool.seek(0)
        names = list(fields)
        yield (RowResult.from_dict(json.loads(line)) for line in spool), names, input_headers(names, columns)


def input_headers(fields: list[str], columns: dict[str, str]) -> dict[str, str]:
    """An input field's column header: the run's header for it (``RunMeta.columns``) or its name,
    written ``input: name`` where it would clash with a result column."""
    taken = {"row", *RESULT_COLUMNS}
    heads = {f: str(columns.get(f) or f) for f in fields}
    return {f: f"input: {h}" if h in taken else h for f, h in heads.items()}


# --- text of a row ----------------------------------------------------------------------------


def entity_names(row: RowResult) -> dict[str, str]:
    """``{entity key: readable name}`` from everything the row carries (see the module docstring)."""
    names: dict[str, str] = {}
    for h in row.hits:
        if h.get("source") and h.get("source_id") is not None and h.get("name"):
            names.setdefault(f"{h['source']}:{h['source_id']}", str(h["name"]))
    for x in row.exposures:
        ent = x.get("entity")
        if isinstance(ent, dict) and ent.get("name"):
            key = ent.get("key") or (f"{ent['source']}:{ent['source_id']}" if ent.get("source") else None)
            if key:
                names[str(key)] = str(ent["name"])
        for o in x.get("owners") or []:
            if o.get("owner") and o.get("name"):
                names[str(o["owner"])] = str(o["name"])
        names.update({str(k): str(v) for k, v in (x.get("names") or {}).items() if v})
        for e in x.get("path") or []:
            for side in ("subject", "object"):
                if e.get(f"{side}_name") and e.get(side):
                    names[str(e[side])] = str(e[f"{side}_name"])
    return names


def edge_label(edge: dict[str, Any]) -> str:
    """``subsidiary_of 30% (2018-02 → 2022-11-24)``: relation, share, dates."""
    label = str(edge.get("relation", "related_to"))
    if edge.get("share") is not None:
        label += f" {edge['share']:g}%"
    if edge.get("start") or edge.get("end"):
        label += f" ({edge.get('start') or '?'} → {edge.get('end') or 'now'})"
    return label


def exposure_target(x: dict[str, Any]) -> str:
    """``us_ndaa_889 via ndaa_889``, or ``ofac_50: aggregate 55%`` for an ownership aggregate."""
    listing = x.get("listing")
    if listing:
        text = f"{listing.get('list')} via {x.get('regime')}"
    elif x.get("aggregate_share") is not None:
        text = f"{x.get('regime')}: aggregate {x['aggregate_share']:g}%"
    else:
        text = str(x.get("regime"))
    return text if x.get("applied") else f"{text}, not applied: {x.get('why')}"


def path_text(x: dict[str, Any], names: dict[str, str]) -> str:
    """One exposure as a line: ``A -subsidiary_of (2018-02 → 2022-11-24)→ B [us_ndaa_889 via ndaa_889]``;
    edges that do not continue the chain (an aggregate's owners) start a new ``; ``-separated segment."""
    path = x.get("path") or []
    if not path:
        return f"[{exposure_target(x)}]"
    text, last = "", None
    for e in path:  # a chain; an aggregate's edges each start from the entity, so a new segment each
        if e.get("subject") != last:
            text += ("; " if text else "") + names.get(e.get("subject"), str(e.get("subject")))
        text += f" -{edge_label(e)}→ {names.get(e.get('object'), str(e.get('object')))}"
        last = e.get("object")
    return text + f" [{exposure_target(x)}]"


def matched_on(hit: dict[str, Any]) -> str:
    """What a hit matched on: the listed name, an identifier, or the record it is linked to."""
    ex = hit.get("explanation") or {}
    if ex.get("name"):
        return str(ex["name"].get("listed") or "")
    if ex.get("identifier"):
        ident = ex["identifier"]
        return f"{ident.get('scheme')} {ident.get('value')}" if isinstance(ident, dict) else str(ident)
    if ex.get("linked"):
        ln = ex["linked"]
        return f"linked to {ln.get('source')}:{ln.get('source_id')} ({ln.get('reason')})"
    return ""


def source_urls(row: RowResult) -> list[str]:
    """Every source URL a row cites (hits, listings, path edges, evidence), once each, in order."""
    urls: dict[str, None] = {}
    for h in row.hits:
        if h.get("source_url"):
            urls.setdefault(str(h["source_url"]), None)
    for x in row.exposures:
        for e in x.get("path") or []:
            for s in e.get("sources") or []:
                url = s.get("url") if isinstance(s, dict) else s
                if url:
                    urls.setdefault(str(url), None)
        if x.get("listing") and x["listing"].get("source_url"):
            urls.setdefault(str(x["listing"]["source_url"]), None)
    for ev in row.evidence:
        if ev.source:
            urls.setdefault(ev.source, None)
    return list(urls)


def regimes_applied(row: RowResult) -> list[str]:
    """Ids of the regimes that made one of the row's exposures count, once each."""
    return list(dict.fromkeys(str(x.get("regime")) for x in row.exposures if x.get("applied")))


def result_cells(row: RowResult) -> list[str | int | float]:
    """The values of :data:`RESULT_COLUMNS` for one row (not yet neutralised)."""
    best = row.hits[0] if row.hits else {}
    names = entity_names(row)
    score = best.get("score")
    return [row.status, row.summary, str(best.get("source") or ""), str(best.get("source_id") or ""),
            str(best.get("name") or ""), score if isinstance(score, (int, float)) else "",
            matched_on(best) if best else "", "; ".join(regimes_applied(row)),
            " | ".join(path_text(x, names) for x in row.exposures),
            "; ".join(f"{ev.kind}: {ev.detail}" for ev in row.evidence), " ".join(source_urls(row))]


# --- CSV, XLSX, JSON --------------------------------------------------------------------------


def _write_csv(rows: Iterable[RowResult], fields: list[str], headers: dict[str, str], fh: IO[str]) -> None:
    writer = csv.writer(fh)
    writer.writerow([safe_cell(c) for c in ["row", *(headers[f] for f in fields), *RESULT_COLUMNS]])
    for row in rows:
        cells = [row.row, *(row.input.get(f, "") for f in fields), *result_cells(row)]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])


def _xlsx_text(value: str) -> str:
    text = _ILLEGAL_XML.sub("", value)
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


def _write_xlsx(meta: RunMeta, rows: Iterable[RowResult], fields: list[str], headers: dict[str, str],
                part: Path) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Results")
    ws.append(_xlsx_row(ws, ["row", *(headers[f] for f in fields), *RESULT_COLUMNS]))
    for row in rows:
        ws.append(_xlsx_row(ws, [row.row, *(row.input.get(f, "") for f in fields), *result_cells(row)]))
    lists = wb.create_sheet("Lists")
    lists.append(_xlsx_row(lists, ["source", "version", "records", "fetched_at", "sha256"]))
    for v in meta.lists:
        lists.append(_xlsx_row(lists, [v.get("source"), v.get("version"), v.get("records"), v.get("fetched_at"),
                                       v.get("sha256")]))
    method = wb.create_sheet("Method")
    for key, value in (("input", meta.input), ("kind", meta.kind), ("as_of", meta.as_of), ("engine", meta.engine),
                       ("threshold", threshold(meta)), ("rows", meta.rows), ("alerts", meta.alerts),
                       ("started_at", meta.started_at), ("finished_at", meta.finished_at),
                       ("behind_version", meta.behind_version)):
        method.append(_xlsx_row(method, [key, value]))
    method.append(_xlsx_row(method, []))
    method.append(_xlsx_row(method, ["regime", "name", "applied", "why", "source", "url"]))
    for r in meta.regimes:
        method.append(_xlsx_row(method, [r.get("id"), r.get("name"), "yes" if r.get("applied") else "no",
                                         r.get("why"), r.get("source"), r.get("url")]))
    wb.save(part)


def threshold(meta: RunMeta) -> str:
    """The match threshold as the engine string states it (``... threshold 0.85``), else the default."""
    found = re.search(r"threshold[ =:]*([0-9]*\.?[0-9]+)", meta.engine)
    return found.group(1) if found else "0.85 (default)"


def _write_json(meta: RunMeta, rows: Iterable[RowResult], fh: IO[str]) -> None:
    fh.write('{"meta": ')
    fh.write(json.dumps(meta.to_dict(), ensure_ascii=False))
    fh.write(', "rows": [')
    for i, row in enumerate(rows):
        fh.write(",\n" if i else "\n")
        fh.write(json.dumps(row.to_dict(), ensure_ascii=False))
    fh.write("\n]}\n")


__all__ = ["FORMATS", "RESULT_COLUMNS", "safe_cell", "write_report"]
