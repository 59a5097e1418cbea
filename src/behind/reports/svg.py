"""A picture of an entity's exposure paths, as a self-contained SVG (no fonts or scripts loaded).

Columns are path depth: the screened entity on the left, its parents, owners,
brand owners or manufacturers to the right. Listed records are red, edges in
force are solid, relations not in force on the date are dashed grey.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from behind.graph.exposure import Explanation
from behind.graph.graph import Graph

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 260, 54, 120, 26, 20


def _label(text: str, limit: int = 38) -> str:
    return escape(text if len(text) <= limit else text[: limit - 1] + "…")


def render(explanation: Explanation, graph: Graph) -> str:
    start = explanation.entity
    nodes: dict[str, int] = {start: 0}  # key -> column
    edges: list[tuple[str, str, str, bool]] = []  # (from, to, label, in force)
    listed = {start} if explanation.listings else set()
    for exposure in explanation.exposures:
        for i, e in enumerate(exposure.path):
            nodes.setdefault(e.subject, i)
            nodes.setdefault(e.object, i + 1)
            edges.append((e.subject, e.object, _edge_label(e.relation, e.start, e.end, e.share), True))
        if exposure.listing is not None:
            listing = exposure.listing
            listed.add(listing.record if listing.record in nodes else exposure.path[-1].object)
    for up in explanation.ownership_upward:
        for i, e in enumerate(up["path"]):
            nodes.setdefault(e["subject"], i)
            nodes.setdefault(e["object"], i + 1)
            edges.append((e["subject"], e["object"], _edge_label(e["relation"], e["start"], e["end"], e["share"]),
                          True))
        if up["listings"]:
            listed.add(up["owner"])
    for h in explanation.history:
        if h["kind"] != "relation":
            continue
        e = h["edge"]
        col = nodes.get(e["subject"], 0)
        nodes.setdefault(e["subject"], col)
        nodes.setdefault(e["object"], col + 1)
        edges.append((e["subject"], e["object"], _edge_label(e["relation"], e["start"], e["end"], e["share"]), False))
    columns: dict[int, list[str]] = {}
    for key, col in nodes.items():
        columns.setdefault(col, []).append(key)
    pos = {key: (PAD + col * (BOX_W + GAP_X), PAD + 30 + row * (BOX_H + GAP_Y))
           for col, keys in columns.items() for row, key in enumerate(keys)}
    width = PAD * 2 + (max(columns) + 1) * BOX_W + max(columns) * GAP_X
    height = PAD * 2 + 30 + max(len(v) for v in columns.values()) * (BOX_H + GAP_Y)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
           f'<text x="{PAD}" y="{PAD + 8}" font-size="14" font-weight="bold">'
           f'{_label(graph.entities[start].name, 80)}: exposure paths as of {explanation.as_of}</text>']
    seen_edges = set()
    for a, b, label, live in edges:
        if (a, b, label) in seen_edges or a not in pos or b not in pos:
            continue
        seen_edges.add((a, b, label))
        (x1, y1), (x2, y2) = pos[a], pos[b]
        sx, sy, ex, ey = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
        style = 'stroke="#444"' if live else 'stroke="#aaa" stroke-dasharray="5,4"'
        out.append(f'<line x1="{sx}" y1="{sy}" x2="{ex}" y2="{ey}" {style} stroke-width="1.5" '
                   'marker-end="url(#arrow)"/>')
        out.append(f'<text x="{(sx + ex) / 2}" y="{(sy + ey) / 2 - 6}" text-anchor="middle" '
                   f'fill="{"#222" if live else "#888"}" font-size="10">{escape(label)}</text>')
    for key, (x, y) in pos.items():
        entity = graph.entities[key]
        fill, stroke = ("#fde2e1", "#c62828") if key in listed else ("#eef3f8", "#4a6785")
        out.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{x + 8}" y="{y + 20}" font-weight="bold">{_label(entity.name)}</text>')
        out.append(f'<text x="{x + 8}" y="{y + 38}" fill="#555" font-size="10">{_label(key, 44)}'
                   f'{" · listed" if key in listed else ""}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _edge_label(relation: str, start: str | None, end: str | None, share: float | None) -> str:
    label = relation
    if share is not None:
        label += f" {share:g}%"
    if start or end:
        label += f" ({start or '?'} → {end or 'now'})"
    return label


__all__ = ["render"]
