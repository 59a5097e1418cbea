"""Pictures of exposure paths, as self-contained SVG (no fonts, scripts or images loaded).

One renderer serves ``behind explain --svg`` and the HTML report. Columns are path
depth: the screened entity on the left, its parents, owners, brand owners or
manufacturers to the right. Listed parties are red; edges of exposures that apply on
the date are solid, others (not applied, or relations not in force) dashed grey; an edge that
only a name suggests ("name suggests affiliate") is dotted orange, never solid.
Every text is XML-escaped and loses its control characters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from html import escape

from behind.model.explanation import EntityExplanation
from behind.model.results import Edge, RowResult
from behind.reports.cells import strip_controls

BOX_W, BOX_H, GAP_X, GAP_Y, PAD, LINE = 270, 46, 200, 22, 16, 12
LEGEND = ("red: listed party · solid: exposure applied on the date · dashed: not applied or not in force · "
          "dotted orange: name suggests affiliate")
AFFILIATE_STYLE = 'stroke="#d46b08" stroke-dasharray="2,3"'
QUERY = "query"


def _e(text: str) -> str:
    return escape(strip_controls(text), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(title: str, edges: Iterable[tuple[Edge, bool]], names: Mapping[str, str], listed: set[str],
           *, start: str | None = None, marker: str = "arrow") -> str:
    """Boxes and arrows for ``edges`` (each with whether it is live); ``""`` when there is none.

    ``start`` is drawn in the first column even when no edge leaves it; ``marker`` names the
    arrow-head definition (unique per picture when several share one page)."""
    cols: dict[str, int] = {start: 0} if start else {}
    drawn: dict[tuple[str, str, str], bool] = {}  # (subject, object, label) -> live
    affiliate: set[tuple[str, str, str]] = set()
    for e in edges:
        edge, live = e
        if edge.evidence == "name affiliate":
            affiliate.add((edge.subject, edge.object, edge.label()))
        cols.setdefault(edge.subject, 0)
        cols.setdefault(edge.object, cols[edge.subject] + 1)
        k = (edge.subject, edge.object, edge.label())
        drawn[k] = drawn.get(k, False) or live
    if not drawn:
        return ""
    by_col: dict[int, list[str]] = {}
    for key, col in cols.items():
        by_col.setdefault(col, []).append(key)
    top = PAD + 22
    pos = {k: (PAD + c * (BOX_W + GAP_X), top + r * (BOX_H + GAP_Y)) for c, ks in by_col.items()
           for r, k in enumerate(ks)}
    ncols = max(by_col) + 1
    width = PAD * 2 + ncols * BOX_W + (ncols - 1) * GAP_X
    height = top + max(len(v) for v in by_col.values()) * (BOX_H + GAP_Y) - GAP_Y + PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" font-family="sans-serif" '
           f'font-size="12"><title>{_e(title)}</title>',
           f'<defs><marker id="{_e(marker)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
           f'<text x="{PAD}" y="{PAD + 4}" font-size="11" fill="#555">{_e(_short(title, 120))} — {LEGEND}</text>']
    stacked: Counter[tuple[str, str]] = Counter()
    for (a, b, label), live in drawn.items():
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
        style = AFFILIATE_STYLE if (a, b, label) in affiliate else 'stroke="#444"' if live else \
            'stroke="#999" stroke-dasharray="5,4"'
        out.append(f'<line x1="{sx:g}" y1="{sy:g}" x2="{ex:g}" y2="{ey:g}" {style} stroke-width="1.5" '
                   f'marker-end="url(#{_e(marker)})"/>')
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


def affiliate_edge(query: str, entity: str) -> Edge:
    """The dotted edge from a screened name to the listed organisation its name suggests it belongs to."""
    return Edge(subject=query, relation="name_affiliate", object=entity, evidence="name affiliate")


class _Plus(Mapping[str, str]):
    """``names`` with one more (or another) name, without copying them (they may be read on demand)."""

    def __init__(self, names: Mapping[str, str], key: str, name: str) -> None:
        self.names, self.key, self.name = names, key, name

    def __getitem__(self, key: str) -> str:
        return self.name if key == self.key else self.names[key]

    def __iter__(self) -> Iterator[str]:
        yield self.key
        yield from (k for k in self.names if k != self.key)

    def __len__(self) -> int:
        return len(self.names) + (self.key not in self.names)


def row_svg(row: RowResult, names: Mapping[str, str], label: str) -> str:
    """A report row's exposure paths and name affiliates; ``""`` when there is none."""
    edges: list[tuple[Edge, bool]] = []
    listed: set[str] = set()
    for ev in row.evidence:
        if ev.kind == "name_affiliate" and ev.entity:
            edges.append((affiliate_edge(QUERY, ev.entity), True))
            names = _Plus(names, QUERY, _short(label, 37))
    for x in row.exposures:
        edges.extend((e, x.applied) for e in x.path)
        if x.path and x.listing is not None:
            listed.add(x.listing.record if any(x.listing.record in (e.subject, e.object) for e in x.path)
                       else x.path[-1].object)
        listed |= {o.owner for o in x.owners if o.blocked_because == "listed"}
    return render(f"Exposure paths of row {row.row}: {label}", edges, names, listed, marker=f"arrow-{row.row}")


def explanation_svg(explanation: EntityExplanation, names: Mapping[str, str]) -> str:
    """An entity's exposure paths, owners upward and relations no longer in force, as of the date."""
    edges: list[tuple[Edge, bool]] = []
    listed = {explanation.entity} if explanation.listings else set()
    for x in explanation.exposures:
        edges.extend((e, x.applied) for e in x.path)
        if x.path and x.listing is not None:
            listed.add(x.listing.record if any(x.listing.record in (e.subject, e.object) for e in x.path)
                       else x.path[-1].object)
        listed |= {o.owner for o in x.owners if o.blocked_because == "listed"}
    for up in explanation.ownership_upward:
        edges.extend((e, True) for e in up.path)
        if up.listings:
            listed.add(up.owner)
    edges.extend((h.edge, False) for h in explanation.history if h.edge is not None)
    start = explanation.entity
    if explanation.affiliate is not None:
        edges.insert(0, (explanation.affiliate, True))
        names = _Plus(names, explanation.affiliate.subject, explanation.query or explanation.affiliate.subject)
        start = explanation.affiliate.subject
    title = f"{names.get(explanation.entity, explanation.entity)}: exposure paths as of {explanation.as_of}"
    return render(title, edges, names, listed, start=start)


__all__ = ["QUERY", "affiliate_edge", "explanation_svg", "render", "row_svg"]
