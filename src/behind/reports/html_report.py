"""The HTML screening report: one self-contained, printable page.

Inline CSS and inline SVG only: no scripts, no fonts, no images, no style sheets
loaded from anywhere. Links to sources are plain ``<a href>`` anchors, and only
``http``/``https`` addresses become links (a ``javascript:`` URL on a list is shown
as text). Every value is HTML-escaped (listed names carry ``<``, ``&`` and quotes) and
loses its control characters.

Order: title; summary (rows screened, alerts, alerts by list and by regime, as-of
date, input file); each alert with its explanation (matches with scores and what
they matched on, evidence, exposure paths drawn as an SVG and listed edge by edge
with dates, shares and sources); for a supplier tree, the tree with its risky branches in
red (clear nodes only counted beyond the limit); the clear rows, collapsed (a count only when
there are more than :data:`CLEAR_ROWS_SHOWN`); the methodology and regimes; the
list versions. Alerts are held in memory; clear rows beyond the limit are only counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from html import escape
from typing import IO, Any
from urllib.parse import urlsplit

from behind.model.matching import describe
from behind.model.results import Exposure, Hit, RowResult, RunMeta
from behind.reports.cells import entity_names, input_headers, strip_controls
from behind.reports.svg import row_svg

CLEAR_ROWS_SHOWN = 1000
LABEL_FIELDS = ("name", "vendor_name", "vendor", "company", "partner", "holding", "brand", "product", "model")
Writer = Callable[[str], Any]

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
ul.edges { margin: 4px 0; padding-left: 20px; } ul.tree { margin: 0; padding-left: 18px; }
.risk { color: #b42318; font-weight: 600; } .why { color: #57606a; }
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
    tree = _TreeNodes()
    n_rows = n_clear = 0
    for row in rows:
        n_rows += 1
        if row.path:
            tree.add(row)
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
    if tree.nodes:
        tree.write(w)
    _clear_rows(w, meta, clear, n_clear)
    _method(w, meta)
    w('<footer class="meta"><p>Behind never says "compliant": <i>clear</i> means no exposure was found in the '
      f"loaded lists as of the date. Behind {_e(meta.behind_version)}.</p></footer>\n</body>\n</html>\n")


class _TreeNodes:
    """The nodes of a supplier tree as the page draws them: every alerting node, and the clear ones
    while there are at most :data:`CLEAR_ROWS_SHOWN` (beyond, clear nodes are only counted)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[tuple[str, ...], int, bool, str]] = []  # path from the top, row, alert, product
        self.n_clear = 0

    def add(self, row: RowResult) -> None:
        alert = row.status == "alert"
        if not alert:
            self.n_clear += 1
            if self.n_clear > CLEAR_ROWS_SHOWN:
                if self.n_clear == CLEAR_ROWS_SHOWN + 1:
                    self.nodes = [n for n in self.nodes if n[2]]
                return
        self.nodes.append((tuple(reversed(row.path)), row.row, alert, row.input.get("product", "")))

    def write(self, w: Writer) -> None:
        """A nested list from the top tier down; alerting nodes (the risky branches) in red, linked to their alert."""
        w('<section id="tree">\n<h2>Supplier tree</h2>\n<p class="kv">Each node lists its suppliers below it; '
          '<span class="risk">red</span> nodes alert, on their own or through a supplier below them.</p>\n')
        if self.n_clear > CLEAR_ROWS_SHOWN:
            w(f"<p>{self.n_clear:,} clear nodes are counted, not drawn: only the risky branches are.</p>\n")
        open_li: list[bool] = []  # per open list: whether its last item is still open
        for path, number, alert, product in sorted(self.nodes):
            while len(open_li) > len(path):
                w("</li></ul>\n" if open_li.pop() else "</ul>\n")
            if len(open_li) == len(path) and open_li[-1]:
                w("</li>\n")
            while len(open_li) < len(path):
                w('<ul class="tree">\n')
                open_li.append(False)
            name = _e(path[-1]) + (f" <span class=\"why\">({_e(product)})</span>" if product else "")
            label = f'<a class="risk" href="#row-{number}">{name}</a>' if alert else name
            w(f"<li>{label} <span class=\"why\">row {number}</span>")
            open_li[-1] = True
        while open_li:
            w("</li></ul>\n" if open_li.pop() else "</ul>\n")
        w("</section>\n")


def _e(value: Any) -> str:
    return escape(strip_controls("" if value is None else str(value)), quote=True)


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
    lists = {h.source for h in row.hits if h.status == "listed"}
    lists |= {x.listing.list for x in row.exposures if x.applied and x.listing is not None}
    return lists or {"(product evidence only)" if row.evidence else "(no list named)"}


def _regimes_of(row: RowResult) -> set[str]:
    regimes = {x.regime_name or x.regime for x in row.exposures if x.applied}
    if any(h.status == "listed" for h in row.hits):
        regimes.add("direct listing (no regime needed)")
    return regimes or {"(product evidence only)" if row.evidence else "(none)"}


def _counts_table(title: str, counts: Counter[str]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="num">{v:,}</td></tr>' for k, v in sorted(
        counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"<table><tr><th>{_e(title)}</th><th>alerts</th></tr>{body or '<tr><td colspan=2>none</td></tr>'}</table>"


def _summary(w: Writer, meta: RunMeta, alerts: list[RowResult], n_rows: int, n_clear: int) -> None:
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


def _alert(w: Writer, row: RowResult) -> None:
    names = entity_names(row)
    inputs = "".join(f"<span>{_e(k)}: <b>{_e(v)}</b></span>" for k, v in row.input.items() if v)
    w(f'<article class="alert-item" id="row-{row.row}">\n<h3>Row {row.row}: {_e(_label(row))} '
      f'<span class="badge alert">alert</span></h3>\n<p>{_e(row.summary)}</p>\n<p class="kv">{inputs}</p>\n')
    if row.hits:
        w("<h4>Matches</h4>\n<table><tr><th>score</th><th>list</th><th>id</th><th>name</th><th>matched on</th>"
          "<th>status</th><th>programs</th><th>list version</th></tr>\n")
        for h in row.hits:
            v = h.list_version
            ver = f"{v.version_id} {v.sha256[:12]}" if v is not None else ""
            w(f'<tr><td class="num">{h.score:.2f}</td>'
              f"<td>{_e(h.source)}</td><td>{_e(h.source_id)}</td>"
              f"<td>{_link(h.source_url, h.name)}</td><td>{_matched(h)}</td>"
              f"<td>{_e(h.status or '')}</td><td>{_e(', '.join(h.programs))}</td>"
              f'<td class="sha">{_e(ver)}</td></tr>\n')
        w("</table>\n")
    if row.evidence:
        w("<h4>Evidence</h4>\n<ul>\n")
        for ev in row.evidence:
            who = f" · entity {_e(names.get(ev.entity, ev.entity))}" if ev.entity else ""
            src = f" · source: {_link(ev.source)}" if ev.source else ""
            w(f"<li><b>{_e(ev.kind)}</b> ({_e(ev.level)}): {_e(ev.detail)}{who}{src}</li>\n")
        w("</ul>\n")
        if not row.exposures and any(ev.kind == "name_affiliate" for ev in row.evidence):
            w(f'<div class="svgwrap">{row_svg(row, names, _label(row))}</div>\n')  # the dotted "name" edge
    if row.exposures:
        w("<h4>Exposure paths</h4>\n")
        svg = row_svg(row, names, _label(row))
        if svg:
            w(f'<div class="svgwrap">{svg}</div>\n')
        w("<ol>\n")
        for x in row.exposures:
            _exposure(w, x, names)
        w("</ol>\n")
    w("</article>\n")


def _matched(hit: Hit) -> str:
    name = hit.explanation.name
    if name is not None:
        return f"name “{_e(name.query)}” ~ “{_e(name.listed)}” ({name.score:.2f})"
    return _e(hit.matched_on())


def _exposure(w: Writer, x: Exposure, names: dict[str, str]) -> None:
    badge = ('<span class="badge alert">applied</span>' if x.applied
             else '<span class="badge no">not applied</span>')
    w(f"<li><b>{_e(x.regime_name or x.regime)}</b> {badge} <span class=\"why\">"
      f"({_e(x.why)})</span> → <code>{_e(x.target())}</code>")
    listing = x.listing
    if listing is not None:
        bits = [b for b in (listing.list, listing.program, f"since {listing.date}" if listing.date else None,
                            f"until {listing.end}" if listing.end else None) if b]
        w(f"<br>listing: {_e(', '.join(bits))}"
          + (f" · {_link(listing.source_url, listing.citation)}" if listing.citation or listing.source_url else ""))
    if x.aggregate_share is not None:
        w(f"<br>aggregate share of listed owners: {x.aggregate_share:g}%")
    w('<ul class="edges">\n')
    for e in x.path:
        links = "; ".join(_link(s.url, s.title or s.url) for s in e.sources if s.url or s.title)
        w(f"<li>{_e(names.get(e.subject, e.subject))} —<b>{_e(e.label())}</b>→ "
          f"{_e(names.get(e.object, e.object))}"
          + (f' <span class="why">(dates from the {_e(e.dates_from)} relation)</span>' if e.dates_from else "")
          + (f"<br>sources: {links}" if links else "") + "</li>\n")
    w("</ul></li>\n")


def _clear_rows(w: Writer, meta: RunMeta, clear: list[RowResult], n_clear: int) -> None:
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


def _method(w: Writer, meta: RunMeta) -> None:
    w('<section id="method">\n<h2>Methodology</h2>\n'
      "<p>Names are normalised (scripts, legal forms, abbreviations; Chinese names rendered in English and "
      "pinyin), candidates are drawn from an index of rare words and scored by the weighted share of both names "
      "whose words pair up, while identifiers such as ISIN, USCC or LEI match on their own. A row alerts when a "
      "hit is listed, or exposed to a listing through dated, sourced ownership, brand or relabel relations under a "
      "regime in effect on the as-of date, or when product evidence ties it to a covered manufacturer.</p>\n"
      f'<p class="kv"><span>as of: <b>{_e(meta.as_of)}</b></span><span>engine: {_e(meta.engine)}</span>'
      f"<span>threshold: {_e(meta.threshold)}</span></p>\n"
      "<table><tr><th>regime</th><th>applied</th><th>why</th><th>source</th></tr>\n")
    for r in meta.regimes:
        badge = '<span class="badge alert">applied</span>' if r.applied else '<span class="badge no">no</span>'
        w(f"<tr><td>{_e(r.name or r.id)}</td><td>{badge}</td><td>{_e(r.why)}</td>"
          f"<td>{_link(r.url, r.source or r.url)}</td></tr>\n")
    w("</table>\n<details><summary>Matching configuration</summary>\n<table><tr><th>setting</th><th>value</th>"
      "<th>what it does</th></tr>\n")
    for item in describe(meta.matching):
        w(f"<tr><td><code>{_e(item['name'])}</code></td><td class=\"num\">{_e(item['value'])}</td>"
          f"<td>{_e(item['description'])}</td></tr>\n")
    w('</table></details>\n</section>\n<section id="lists">\n<h2>List versions</h2>\n'
      "<table><tr><th>source</th><th>version</th><th>records</th><th>fetched at</th><th>sha256</th></tr>\n")
    for v in meta.lists:
        w(f"<tr><td>{_e(v.source)}</td><td>{_e(v.version)}</td>"
          f'<td class="num">{v.records:,}</td>'
          f"<td>{_e(v.fetched_at)}</td><td class=\"sha\">{_e(v.sha256)}</td></tr>\n")
    w("</table>\n</section>\n")


__all__ = ["CLEAR_ROWS_SHOWN", "write_html"]
