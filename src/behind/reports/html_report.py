"""The HTML screening report: one self-contained, printable page.

Inline CSS and inline SVG only: no scripts, no fonts, no images, no style sheets
loaded from anywhere. Links to sources are plain ``<a href>`` anchors, and only
``http``/``https`` addresses become links (a ``javascript:`` URL on a list is shown
as text). Every value is HTML-escaped: listed names carry ``<``, ``&`` and quotes.

Order: title; summary (rows screened, alerts, alerts by list and by regime, as-of
date, input file); each alert with its explanation (matches with scores and what
they matched on, evidence, exposure paths drawn as an SVG and listed edge by edge
with dates, shares and sources); the clear rows, collapsed (a count only when
there are more than :data:`CLEAR_ROWS_SHOWN`); the methodology and regimes; the
list versions. Alerts are held in memory; clear rows beyond the limit are only counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import IO, Any
from urllib.parse import urlsplit

from behind.reports.writer import edge_label, entity_names, exposure_target, input_headers, matched_on, threshold
from behind.model.results import RowResult, RunMeta

CLEAR_ROWS_SHOWN = 1000
LABEL_FIELDS = ("name", "vendor_name", "vendor", "company", "partner", "holding", "brand", "product", "model")
BOX_W, BOX_H, GAP_X, GAP_Y, PAD, LINE = 270, 46, 200, 22, 16, 12

CSS = """
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1f24;
       max-width: 1180px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; border-bottom: 2px solid #d0d7de;
     padding-bottom: 4px; margin-top: 32px; } h3 { font-size: 16px; margin: 0 0 6px; } h4 { margin: 12px 0 4px; }
.meta { color: #57606a; margin: 0 0 12px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 10px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; } .card.alert b { color: #b42318; }
.alert-item { border: 1px solid #e5b3ae; border-left: 6px solid #c62828; border-radius: 6px; padding: 10px 14px;
              margin: 14px 0; break-inside: avoid; page-break-inside: avoid; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
.badge.alert { background: #fde2e1; color: #8c1d18; } .badge.clear { background: #dcf5e3; color: #1a5e2c; }
.badge.no { background: #eee; color: #555; }
.kv { color: #57606a; } .kv span { margin-right: 14px; } code { font-size: 12px; }
ul.edges { margin: 4px 0; padding-left: 20px; } .why { color: #57606a; }
.svgwrap { overflow-x: auto; margin: 6px 0; } svg { max-width: 100%; height: auto; }
details summary { cursor: pointer; color: #0b57a4; }
a { color: #0b57a4; overflow-wrap: anywhere; }
.sha { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; } a { color: inherit; }
  details::details-content { content-visibility: visible; display: block; } details summary { display: none; }
  h2 { break-after: avoid; }
}
"""


def write_html(meta: RunMeta, rows: Iterable[RowResult], fh: IO[str], *, title_input: str = "") -> None:
    """Consume ``rows`` and write the page to ``fh``."""
    alerts: list[RowResult] = []
    clear: list[RowResult] = []
    n_rows = n_clear = 0
    for row in rows:
        n_rows += 1
        if row.status == "alert":
            alerts.append(row)
        else:
            n_clear += 1
            if n_clear <= CLEAR_ROWS_SHOWN:
                clear.append(row)
            elif clear:
                clear = []  # more than the limit: counted only
    name = (title_input or meta.input).replace("\\", "/").rsplit("/", 1)[-1]
    w = fh.write
    w(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
      f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
      f"<title>Behind screening report: {_e(name)} as of {_e(meta.as_of)}</title>\n<style>{CSS}</style>\n"
      f"</head>\n<body>\n<header>\n<h1>Behind screening report: {_e(name)}</h1>\n"
      f'<p class="meta">{_e(meta.kind)} file <code>{_e(meta.input)}</code>, screened as of '
      f"<b>{_e(meta.as_of)}</b> · engine {_e(meta.engine)} · started {_e(meta.started_at)}"
      f"{' · finished ' + _e(meta.finished_at) if meta.finished_at else ''}</p>\n</header>\n")
    _summary(w, meta, alerts, n_rows, n_clear)
    w(f'<section id="alerts">\n<h2>Alerts ({len(alerts):,})</h2>\n')
    if not alerts:
        w("<p>No row alerted: no exposure was found in the loaded lists as of this date.</p>\n")
    for row in alerts:
        _alert(w, row)
    w("</section>\n")
    _clear_rows(w, meta, clear, n_clear)
    _method(w, meta)
    w('<footer class="meta"><p>Behind never says "compliant": <i>clear</i> means no exposure was found in the '
      f"loaded lists as of the date. Behind {_e(meta.behind_version)}.</p></footer>\n</body>\n</html>\n")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _link(url: Any, text: Any = None) -> str:
    """An anchor for an http(s) URL; anything else is shown as escaped text."""
    label = _e(text if text else url)
    if not url:
        return label
    parts = urlsplit(str(url).strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return f'<a href="{_e(str(url).strip())}" rel="noopener noreferrer">{label}</a>'
    return label


def _label(row: RowResult) -> str:
    for key in LABEL_FIELDS:
        if row.input.get(key):
            return row.input[key]
    return next((v for v in row.input.values() if v), f"row {row.row}")


def _lists_of(row: RowResult) -> set[str]:
    lists = {str(h.get("source")) for h in row.hits if h.get("status", "listed") == "listed" and h.get("source")}
    lists |= {str(x["listing"].get("list")) for x in row.exposures if x.get("applied") and x.get("listing")}
    return lists or {"(product evidence only)" if row.evidence else "(no list named)"}


def _regimes_of(row: RowResult) -> set[str]:
    regimes = {str(x.get("regime_name") or x.get("regime")) for x in row.exposures if x.get("applied")}
    if any(h.get("status", "listed") == "listed" for h in row.hits):
        regimes.add("direct listing (no regime needed)")
    return regimes or {"(product evidence only)" if row.evidence else "(none)"}


def _counts_table(title: str, counts: Counter[str]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="num">{v:,}</td></tr>' for k, v in sorted(
        counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"<table><tr><th>{_e(title)}</th><th>alerts</th></tr>{body or '<tr><td colspan=2>none</td></tr>'}</table>"


def _summary(w: Any, meta: RunMeta, alerts: list[RowResult], n_rows: int, n_clear: int) -> None:
    by_list: Counter[str] = Counter(x for row in alerts for x in _lists_of(row))
    by_regime: Counter[str] = Counter(x for row in alerts for x in _regimes_of(row))
    w('<section id="summary">\n<h2>Summary</h2>\n<div class="cards">'
      f'<div class="card"><b>{n_rows:,}</b>rows screened</div>'
      f'<div class="card alert"><b>{len(alerts):,}</b>alerts</div>'
      f'<div class="card"><b>{n_clear:,}</b>clear</div>'
      f'<div class="card"><b>{_e(meta.as_of)}</b>as of</div></div>\n'
      f'<p class="kv"><span>input: <code>{_e(meta.input)}</code></span><span>kind: {_e(meta.kind)}</span>'
      f"<span>lists: {len(meta.lists)}</span></p>\n"
      f'<div class="cards">{_counts_table("list", by_list)}{_counts_table("regime", by_regime)}</div>\n'
      "</section>\n")


def _alert(w: Any, row: RowResult) -> None:
    names = entity_names(row)
    inputs = "".join(f"<span>{_e(k)}: <b>{_e(v)}</b></span>" for k, v in row.input.items() if v)
    w(f'<article class="alert-item" id="row-{row.row}">\n<h3>Row {row.row}: {_e(_label(row))} '
      f'<span class="badge alert">alert</span></h3>\n<p>{_e(row.summary)}</p>\n<p class="kv">{inputs}</p>\n')
    if row.hits:
        w("<h4>Matches</h4>\n<table><tr><th>score</th><th>list</th><th>id</th><th>name</th><th>matched on</th>"
          "<th>status</th><th>programs</th><th>list version</th></tr>\n")
        for h in row.hits:
            score = h.get("score")
            version = h.get("list_version") or {}
            ver = f"{version.get('id', '')} {str(version.get('sha256') or '')[:12]}".strip() if version else ""
            w(f'<tr><td class="num">{_e(f"{score:.2f}" if isinstance(score, (int, float)) else score)}</td>'
              f"<td>{_e(h.get('source'))}</td><td>{_e(h.get('source_id'))}</td>"
              f"<td>{_link(h.get('source_url'), h.get('name'))}</td><td>{_matched(h)}</td>"
              f"<td>{_e(h.get('status', ''))}</td><td>{_e(', '.join(map(str, h.get('programs') or [])))}</td>"
              f'<td class="sha">{_e(ver)}</td></tr>\n')
        w("</table>\n")
    if row.evidence:
        w("<h4>Evidence</h4>\n<ul>\n")
        for ev in row.evidence:
            who = f" · entity {_e(names.get(ev.entity, ev.entity))}" if ev.entity else ""
            src = f" · source: {_link(ev.source)}" if ev.source else ""
            w(f"<li><b>{_e(ev.kind)}</b> ({_e(ev.level)}): {_e(ev.detail)}{who}{src}</li>\n")
        w("</ul>\n")
    if row.exposures:
        w("<h4>Exposure paths</h4>\n")
        svg = path_svg(row, names)
        if svg:
            w(f'<div class="svgwrap">{svg}</div>\n')
        w("<ol>\n")
        for x in row.exposures:
            _exposure(w, x, names)
        w("</ol>\n")
    w("</article>\n")


def _matched(hit: dict[str, Any]) -> str:
    ex = hit.get("explanation") or {}
    name = ex.get("name")
    if name:
        sc = name.get("score")
        return (f"name “{_e(name.get('query'))}” ~ “{_e(name.get('listed'))}”"
                + (f" ({sc:.2f})" if isinstance(sc, (int, float)) else ""))
    return _e(matched_on(hit))


def _exposure(w: Any, x: dict[str, Any], names: dict[str, str]) -> None:
    badge = ('<span class="badge alert">applied</span>' if x.get("applied")
             else '<span class="badge no">not applied</span>')
    w(f"<li><b>{_e(x.get('regime_name') or x.get('regime'))}</b> {badge} <span class=\"why\">"
      f"({_e(x.get('why'))})</span> → <code>{_e(exposure_target(x))}</code>")
    listing = x.get("listing")
    if listing:
        bits = [b for b in (listing.get("list"), listing.get("program"),
                            f"since {listing['date']}" if listing.get("date") else None,
                            f"until {listing['end']}" if listing.get("end") else None) if b]
        w(f"<br>listing: {_e(', '.join(map(str, bits)))}"
          + (f" · {_link(listing.get('source_url'), listing.get('citation'))}" if listing.get("citation")
             or listing.get("source_url") else ""))
    if x.get("aggregate_share") is not None:
        w(f"<br>aggregate share of listed owners: {x['aggregate_share']:g}%")
    w('<ul class="edges">\n')
    for e in x.get("path") or []:
        srcs = [(s.get("url"), s.get("title") or s.get("url")) if isinstance(s, dict) else (s, s)
                for s in e.get("sources") or []]
        links = "; ".join(_link(u, t) for u, t in srcs if u or t)
        w(f"<li>{_e(names.get(e.get('subject'), e.get('subject')))} —<b>{_e(edge_label(e))}</b>→ "
          f"{_e(names.get(e.get('object'), e.get('object')))}"
          + (f' <span class="why">(dates from the {_e(e["dates_from"])} relation)</span>' if e.get("dates_from")
             else "") + (f"<br>sources: {links}" if links else "") + "</li>\n")
    w("</ul></li>\n")


def path_svg(row: RowResult, names: dict[str, str]) -> str:
    """Boxes and arrows for a row's exposure paths: depth left to right, listed parties red, paths of
    exposures not applied dashed; '' when no exposure has a path."""
    cols: dict[str, int] = {}
    edges: dict[tuple[str, str, str], bool] = {}  # (subject, object, label) -> part of an applied exposure
    listed: set[str] = set()
    for x in row.exposures:
        path = x.get("path") or []
        for e in path:
            a, b = str(e.get("subject")), str(e.get("object"))
            cols.setdefault(a, 0)
            cols.setdefault(b, cols[a] + 1)
            k = (a, b, edge_label(e))
            edges[k] = edges.get(k, False) or bool(x.get("applied"))
        if path and x.get("listing"):
            rec = str(x["listing"].get("record"))
            listed.add(rec if rec in cols else str(path[-1].get("object")))
        listed |= {str(o.get("owner")) for o in x.get("owners") or [] if o.get("blocked_because") == "listed"}
    if not edges:
        return ""
    by_col: dict[int, list[str]] = {}
    for key, col in cols.items():
        by_col.setdefault(col, []).append(key)
    top = PAD + 22
    pos: dict[str, tuple[int, int]] = {k: (PAD + c * (BOX_W + GAP_X), top + r * (BOX_H + GAP_Y))
                                       for c, ks in by_col.items() for r, k in enumerate(ks)}
    ncols = max(by_col) + 1
    width = PAD * 2 + ncols * BOX_W + (ncols - 1) * GAP_X
    height = top + max(len(v) for v in by_col.values()) * (BOX_H + GAP_Y) - GAP_Y + PAD
    mid = f"arrow-{row.row}"
    title = f"Exposure paths of row {row.row}: {_label(row)}"
    out = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{_e(title)}" font-family="sans-serif" font-size="12"><title>{_e(title)}</title>',
           f'<defs><marker id="{mid}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
           f'<text x="{PAD}" y="{PAD + 4}" font-size="11" fill="#555">red: listed party · solid: exposure '
           "applied on the date · dashed: not applied</text>"]
    stacked: Counter[tuple[str, str]] = Counter()
    for (a, b, label), live in edges.items():
        (x1, y1), (x2, y2) = pos[a], pos[b]
        sx: float
        sy: float
        ex: float
        ey: float
        if x2 > x1:
            sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
        else:  # a back or same-column edge: from the bottom of one box to the top of the other
            sx, sy, ex, ey = x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2
        n = stacked[(a, b)]
        stacked[(a, b)] += 1
        style = 'stroke="#444"' if live else 'stroke="#999" stroke-dasharray="5,4"'
        out.append(f'<line x1="{sx:g}" y1="{sy:g}" x2="{ex:g}" y2="{ey:g}" {style} stroke-width="1.5" '
                   f'marker-end="url(#{mid})"/>')
        out.append(f'<text x="{(sx + ex) / 2:g}" y="{(sy + ey) / 2 - 5 - n * LINE:g}" text-anchor="middle" '
                   f'font-size="10" fill="{"#222" if live else "#777"}">{_e(_short(label, 40))}</text>')
    for key, (bx, by) in pos.items():
        fill, stroke = ("#fde2e1", "#c62828") if key in listed else ("#eef3f8", "#4a6785")
        name = names.get(key, key)
        out.append(f'<g><title>{_e(name)} ({_e(key)})</title><rect x="{bx}" y="{by}" width="{BOX_W}" '
                   f'height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}"/>'
                   f'<text x="{bx + 8}" y="{by + 19}" font-weight="bold">{_e(_short(name, 37))}</text>'
                   f'<text x="{bx + 8}" y="{by + 36}" font-size="10" fill="#555">{_e(_short(key, 30))}'
                   f'{" · listed" if key in listed else ""}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clear_rows(w: Any, meta: RunMeta, clear: list[RowResult], n_clear: int) -> None:
    w(f'<section id="clear">\n<h2>Clear rows ({n_clear:,})</h2>\n')
    if n_clear > CLEAR_ROWS_SHOWN:
        w(f"<p>{n_clear:,} rows are clear: more than {CLEAR_ROWS_SHOWN:,}, so they are counted here, not listed; "
          "the CSV, XLSX and JSON reports list every row.</p>\n</section>\n")
        return
    if not clear:
        w("<p>None.</p>\n</section>\n")
        return
    fields = list(dict.fromkeys(k for r in clear for k in r.input))
    heads = input_headers(fields, meta.columns)
    w(f"<details><summary>Show the {n_clear:,} clear rows</summary>\n<table><tr><th>row</th>"
      + "".join(f"<th>{_e(heads[f])}</th>" for f in fields) + "<th>result</th></tr>\n")
    for r in clear:
        w(f'<tr><td class="num">{r.row}</td>' + "".join(f"<td>{_e(r.input.get(f, ''))}</td>" for f in fields)
          + f'<td><span class="badge clear">clear</span> {_e(r.summary)}</td></tr>\n')
    w("</table></details>\n</section>\n")


def _method(w: Any, meta: RunMeta) -> None:
    w('<section id="method">\n<h2>Methodology</h2>\n'
      "<p>Names are normalised (scripts, legal forms, abbreviations; Chinese names rendered in English and "
      "pinyin), candidates are drawn from an index of rare words and scored by the weighted share of both names "
      "whose words pair up, while identifiers such as ISIN, USCC or LEI match on their own. A row alerts when a "
      "hit is listed, or exposed to a listing through dated, sourced ownership, brand or relabel relations under a "
      "regime in effect on the as-of date, or when product evidence ties it to a covered manufacturer.</p>\n"
      f'<p class="kv"><span>as of: <b>{_e(meta.as_of)}</b></span><span>engine: {_e(meta.engine)}</span>'
      f"<span>threshold: {_e(threshold(meta))}</span></p>\n"
      "<table><tr><th>regime</th><th>applied</th><th>why</th><th>source</th></tr>\n")
    for r in meta.regimes:
        badge = '<span class="badge alert">applied</span>' if r.get("applied") else '<span class="badge no">no</span>'
        w(f"<tr><td>{_e(r.get('name') or r.get('id'))}</td><td>{badge}</td><td>{_e(r.get('why'))}</td>"
          f"<td>{_link(r.get('url'), r.get('source') or r.get('url'))}</td></tr>\n")
    w('</table>\n</section>\n<section id="lists">\n<h2>List versions</h2>\n'
      "<table><tr><th>source</th><th>version</th><th>records</th><th>fetched at</th><th>sha256</th></tr>\n")
    for v in meta.lists:
        rec = v.get("records")
        w(f"<tr><td>{_e(v.get('source'))}</td><td>{_e(v.get('version'))}</td>"
          f'<td class="num">{_e(f"{rec:,}" if isinstance(rec, int) else rec)}</td>'
          f"<td>{_e(v.get('fetched_at'))}</td><td class=\"sha\">{_e(v.get('sha256'))}</td></tr>\n")
    w("</table>\n</section>\n")


__all__ = ["CLEAR_ROWS_SHOWN", "path_svg", "write_html"]
