"""``behind demo``: the main job on bundled real data, start to finish.

Loads every bundled list that is not loaded yet, then screens one bundled
sample file of each kind (a vendor master, purchase orders, a camera inventory,
a fund's holdings, a list of co-authors) with real cases planted, prints each
alert with its reason, and writes an HTML and a JSON report per file. It opens
nothing; it prints where the reports are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from behind.config import Settings
from behind.ingest.update import load_bundled
from behind.model.results import Report
from behind.reports.run import run_screen
from behind.screening.request import ScreenRequest
from behind.sources.registry import SOURCES, data_path
from behind.store.sqlite import Store

#: sample file -> kind; each has real cases planted (see src/behind/data/samples/README.md)
SAMPLES = (
    ("samples/vendors.csv", "parties"),
    ("samples/purchase_orders.csv", "products"),
    ("samples/assets.csv", "devices"),
    ("samples/holdings.csv", "holdings"),
    ("samples/coauthors.csv", "collaborators"),
)


def run_demo(settings: Settings, output: Path, console: Console) -> dict[str, Any]:
    with Store(settings.store_path, keep_versions=settings.keep_versions) as store:
        loaded = {v.source for v in store.active_versions()}
        for name, spec in SOURCES.items():
            if name not in loaded:
                outcome = load_bundled(store, spec)
                assert outcome.result is not None
                console.print(f"loaded bundled {name}: {outcome.result.version.record_count:,} records "
                              f"(snapshot of {spec.bundled_vintage})")
    output.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {}
    for sample, kind in SAMPLES:
        path = data_path(sample)
        html = output / f"{path.stem}.html"
        report = output / f"{path.stem}.json"
        meta = run_screen(settings, ScreenRequest(input=path, kind=kind, output=report, fmt="json", restart=True,
                                                  also=((html, "html"),)))
        rows = Report.model_validate_json(report.read_text(encoding="utf-8")).rows
        table = Table(title=f"{path.name} ({kind}): {meta.alerts} of {meta.rows} rows alert")
        for col in ("row", "input", "status", "why"):
            table.add_column(col)
        for r in rows:
            label = " | ".join(v for k, v in r.input.items() if k not in ("date", "id", "weight"))[:60]
            table.add_row(str(r.row), escape(label),
                          "[red]alert[/]" if r.status == "alert" else "[green]clear[/]", escape(r.summary[:160]))
        console.print(table)
        summary[kind] = {"rows": meta.rows, "alerts": meta.alerts, "html": str(html),
                         "json": str(output / f"{path.stem}.json")}
    console.print("HTML reports (open them in a browser):")
    for kind, s in summary.items():
        console.print(f"  {kind:<14} {s['html']}")
    return summary


__all__ = ["SAMPLES", "run_demo"]
