"""``behind demo``: the main job on bundled real data, start to finish.

Loads every bundled list that is not loaded yet, screens the bundled sample
vendor file, prints each alert with its explanation and writes a JSON and a
CSV report.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from behind.config import Settings
from behind.exposure import explain
from behind.graph import Graph
from behind.match import Index, Query
from behind.sources.registry import SOURCES, data_path
from behind.store import Store
from behind.update import load_bundled

SAMPLE = "samples/vendors.csv"
IDENTIFIER_COLUMNS = ("isin", "uscc", "lei", "ticker")


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or tab/CR) gets a leading quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def run_demo(settings: Settings, output: Path, console: Console) -> dict[str, Any]:
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        loaded = {v.source for v in store.active_versions()}
        for name, spec in SOURCES.items():
            if name not in loaded:
                outcome = load_bundled(store, spec)
                assert outcome.result is not None
                console.print(f"loaded bundled {name}: {outcome.result.version.record_count:,} records "
                              f"(snapshot of {spec.bundled_vintage})")
        index = Index.from_store(store)
        graph = Graph.build(index.entities)
        today = date.today()
        versions = [{"source": v.source, "version": v.id, "records": v.record_count, "fetched_at": v.fetched_at,
                     "sha256": v.sha256} for v in store.active_versions()]

    sample = data_path(SAMPLE)
    rows_out: list[dict[str, Any]] = []
    with sample.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            idents = {k: row[k] for k in IDENTIFIER_COLUMNS if row.get(k)}
            hits = index.search(Query(name=row["name"], identifiers=idents))
            exposure = explain(graph, hits[0].entity.key, today).to_dict() if hits else None
            alert = exposure is not None and exposure["status"] in ("listed", "exposed")
            rows_out.append({"row": row, "status": "alert" if alert else "clear",
                             "hits": [h.to_dict() for h in hits], "exposure": exposure})

    table = Table(title=f"Screening {sample.name} as of {date.today().isoformat()}")
    for col in ("vendor", "status", "listed record", "why", "score"):
        table.add_column(col)
    for r in rows_out:
        row = r["row"]
        label = f"{row['vendor_id']} " + (
            row["name"] or ", ".join(f"{k} {row[k]}" for k in IDENTIFIER_COLUMNS if row.get(k)))
        if not r["hits"]:
            table.add_row(label, "[green]clear[/]", "", "", "")
            continue
        if r["status"] == "clear":
            h = r["hits"][0]
            table.add_row(label, "[green]clear[/]", f"{h['source']}:{h['source_id']} {h['name']}",
                          f"related record, {r['exposure']['status']} as of {today}", f"{h['score']:.2f}")
            continue
        exposed = [x for x in r["exposure"]["exposures"] if x["applied"] and x["listing"]]
        if not r["exposure"]["listings"] and exposed:
            x = exposed[0]
            edge = x["path"][0]
            table.add_row(label, "[red]alert[/]", f"{edge['object']} via {edge['relation']}",
                          f"exposed: {x['regime_name']} ({x['listing']['list']})", f"{r['hits'][0]['score']:.2f}")
            continue
        for i, h in enumerate(r["hits"][:3]):
            ex = h["explanation"]
            why = (f"name ~ {ex['name']['listed']}" if "name" in ex else "") + (
                f" {ex['identifier']['scheme']} {ex['identifier']['value']}" if "identifier" in ex else "") + (
                f" same entity as {ex['linked']['source']}:{ex['linked']['source_id']} ({ex['linked']['reason']})"
                if "linked" in ex and "name" not in ex and "identifier" not in ex else "")
            table.add_row(label if i == 0 else "", "[red]alert[/]" if i == 0 else "",
                          f"{h['source']}:{h['source_id']} {h['name']}"
                          + (f" [{', '.join(h['programs'][:2])}]" if h['programs'] else ""),
                          why.strip(), f"{h['score']:.2f}")
    console.print(table)

    output.mkdir(parents=True, exist_ok=True)
    report = {"as_of": date.today().isoformat(), "input": SAMPLE, "lists": versions, "rows": rows_out,
              "summary": {"rows": len(rows_out), "alerts": sum(r["status"] == "alert" for r in rows_out)}}
    (output / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    with (output / "report.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["vendor_id", "name", "status", "list", "source_id", "listed_name", "score", "programs",
                         "source_url"])
        for r in rows_out:
            row = r["row"]
            for h in r["hits"] or [None]:
                cells = [row["vendor_id"], row["name"], r["status"]]
                if h:
                    cells += [h["source"], h["source_id"], h["name"], f"{h['score']:.4f}",
                              "; ".join(h["programs"]), h["source_url"] or ""]
                writer.writerow([safe_cell(str(c)) for c in cells])
    s = report["summary"]
    console.print(f"{s['alerts']} of {s['rows']} vendors alerted. Report: {output / 'report.json'} "
                  f"and {output / 'report.csv'}")
    return report


__all__ = ["run_demo", "safe_cell"]
