"""A row of a screening report as text: the cells of the CSV and XLSX reports, safe to open.

Every spreadsheet cell goes through :func:`safe_cell`: control characters are dropped
(:func:`strip_controls`), then formulas are neutralised (OWASP "CSV injection"). The HTML
report drops the same characters. Entity names: an exposure path's edges name entities by key
(``curated:lorex``); the readable name of a key is taken from the exposure's ``names``,
its ``owners`` and the row's hits; a key nothing names is shown as the key itself.
"""

from __future__ import annotations

import re

from behind.model.results import Exposure, Hit, RowResult

#: columns after the input fields, in order
RESULT_COLUMNS = ("status", "summary", "best_list", "best_id", "best_name", "best_score", "best_matched_on",
                  "regimes_applied", "exposure_paths", "evidence", "source_urls", "path", "findings_below")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates and the
#: non-characters U+FFFE/U+FFFF (which UTF-8 and XML cannot carry)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_controls(value: str) -> str:
    """``value`` without control characters: C0 (but tab, LF and CR), DEL and C1, and lone surrogates.

    A bell or an escape sequence in a listed name or an input cell never reaches a report."""
    return _CONTROLS.sub("", value)


def safe_cell(value: str) -> str:
    """A spreadsheet cell's text: controls dropped (:func:`strip_controls`), then a formula neutralised.

    A cell starting with = + - @ (or tab/CR) gets a leading apostrophe, OWASP's "CSV
    injection" defence: the apostrophe makes Excel, LibreOffice and Google Sheets read the
    cell as text, so ``=HYPERLINK(...)`` is shown, never run. Controls go first, so one
    hiding a formula (``"\\x07=1"``) cannot slip past.
    """
    value = strip_controls(value)
    return "'" + value if value[:1] in _FORMULA_START else value


def input_headers(fields: list[str], columns: dict[str, str]) -> dict[str, str]:
    """An input field's column header: the run's header for it (``RunMeta.columns``) or its name,
    written ``input: name`` where it would clash with a result column."""
    taken = {"row", *RESULT_COLUMNS}
    heads = {f: str(columns.get(f) or f) for f in fields}
    return {f: f"input: {h}" if h in taken else h for f, h in heads.items()}


def entity_names(row: RowResult) -> dict[str, str]:
    """``{entity key: readable name}`` from everything the row carries."""
    names: dict[str, str] = {h.key: h.name for h in row.hits if h.name}
    for x in row.exposures:
        for o in x.owners:
            names[o.owner] = o.name
        names.update({k: v for k, v in x.names.items() if v})
    return names


def path_text(x: Exposure, names: dict[str, str]) -> str:
    """One exposure as a line: ``A -subsidiary_of (2018-02 → 2022-11-24)→ B [us_ndaa_889 via ndaa_889]``;
    edges that do not continue the chain (an aggregate's owners) start a new ``; ``-separated segment."""
    if not x.path:
        return f"[{x.target()}]"
    text, last = "", None
    for e in x.path:  # a chain; an aggregate's edges each start from the entity, so a new segment each
        if e.subject != last:
            text += ("; " if text else "") + names.get(e.subject, e.subject)
        text += f" -{e.label()}→ {names.get(e.object, e.object)}"
        last = e.object
    return text + f" [{x.target()}]"


def source_urls(row: RowResult) -> list[str]:
    """Every source URL a row cites (hits, listings, path edges, evidence), once each, in order."""
    urls: dict[str, None] = {}
    for h in row.hits:
        if h.source_url:
            urls.setdefault(h.source_url, None)
    for x in row.exposures:
        for e in x.path:
            for s in e.sources:
                if s.url:
                    urls.setdefault(s.url, None)
        if x.listing is not None and x.listing.source_url:
            urls.setdefault(x.listing.source_url, None)
    for ev in row.evidence:
        if ev.source:
            urls.setdefault(ev.source, None)
    return list(urls)


def regimes_applied(row: RowResult) -> list[str]:
    """Ids of the regimes that made one of the row's exposures count, once each."""
    return list(dict.fromkeys(x.regime for x in row.exposures if x.applied))


def result_cells(row: RowResult) -> list[str | int | float]:
    """The values of :data:`RESULT_COLUMNS` for one row (not yet neutralised)."""
    best: Hit | None = row.hits[0] if row.hits else None
    names = entity_names(row)
    return [row.status, row.summary, best.source if best else "", best.source_id if best else "",
            best.name if best else "", best.score if best else "", best.matched_on() if best else "",
            "; ".join(regimes_applied(row)), " | ".join(path_text(x, names) for x in row.exposures),
            "; ".join(f"{ev.kind}: {ev.detail}" for ev in row.evidence), " ".join(source_urls(row)),
            " → ".join(row.path), " | ".join(row.findings_below)]


__all__ = ["RESULT_COLUMNS", "entity_names", "input_headers", "path_text", "regimes_applied", "result_cells",
           "safe_cell", "source_urls", "strip_controls"]
