#!/usr/bin/env python3
"""Throughput and peak memory of `behind screen --kind suppliers` on a large supplier tree.

usage: python bench/suppliers.py [--nodes 100000] [--data-dir DIR] [--format json]

Builds a supplier tree of ``--nodes`` rows: finished goods on top (tier 1), each with fabric,
trim and packaging suppliers, theirs below, down to tier 5 (about five suppliers per node),
with company names made from Chinese, Vietnamese, Bangladeshi and Turkish places and trade
words, real addresses in their provinces, and 0.5% of the nodes in Xinjiang (Aksu, Kashgar,
Shihezi...). Screens it in this process on one core (``--workers 1``) against every bundled
list, and prints nodes per second over the whole run (tree, screening, carrying findings up,
the report) and the peak resident memory. ``--data-dir`` reuses a store already loaded with
the bundled lists; without it one is loaded into a temporary folder first (not timed).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

PLACES = [("Nantong, Jiangsu", "CN"), ("Shaoxing, Zhejiang", "CN"), ("Foshan, Guangdong", "CN"),
          ("Qingdao, Shandong", "CN"), ("Binh Duong", "VN"), ("Dong Nai", "VN"), ("Gazipur", "BD"),
          ("Narayanganj", "BD"), ("Bursa", "TR"), ("Denizli", "TR"), ("Tirupur, Tamil Nadu", "IN")]
XINJIANG = ["Aksu City, Xinjiang", "Kashgar, Xinjiang", "Shihezi, Xinjiang", "Korla, Bayingolin, Xinjiang",
            "Hotan, Xinjiang", "Awati County, Aksu Prefecture, Xinjiang"]
WORDS = ["Huafang", "Tianyuan", "Golden", "Sunrise", "Evergreen", "Harmony", "Pacific", "Great Wall", "Jade",
         "Lotus", "Phoenix", "Silver Star", "Orient", "Delta", "Bright", "Unity", "Crescent", "Anatolia"]
TRADES = ["Textile", "Spinning", "Weaving", "Dyeing", "Garment", "Trims", "Packaging", "Cotton", "Knitting"]
PRODUCTS = {1: ["Men's cotton shirt", "Women's denim jeans", "Cotton bath towel", "Bed sheet set"],
            2: ["cotton fabric", "denim fabric", "buttons", "zippers", "cartons"],
            3: ["cotton yarn", "polyester yarn", "dyes", "brass wire"],
            4: ["cotton lint", "polyester staple", "pulp"],
            5: ["raw cotton", "PTA", "caustic soda"]}


def build(path: Path, nodes: int, seed: int = 13) -> int:
    """Write the tree; return how many nodes are in Xinjiang."""
    rng = random.Random(seed)
    top = max(1, nodes // 781)  # 1 + 5 + 25 + 125 + 625 nodes under each finished good
    in_xinjiang = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Supplier ID", "Supplier", "Customer", "Tier", "Product", "Country", "Address"])
        level: list[str] = []
        written = 0
        tier = 1
        while written < nodes:
            parents, level = level, []
            for i in range(top if tier == 1 else len(parents) * 5):
                if written >= nodes:
                    break
                customer = "buyer" if tier == 1 else parents[i // 5]
                place, country = rng.choice(PLACES)
                if tier > 2 and rng.random() < 0.005:
                    place, country = rng.choice(XINJIANG), "CN"
                    in_xinjiang += 1
                trade = rng.choice(TRADES)
                name = f"{place.split(',')[0]} {rng.choice(WORDS)} {trade} Co. No. {written}"
                address = f"No. {rng.randint(1, 999)} {rng.choice(WORDS)} Road, {place}"
                w.writerow([f"S{written:07d}", name, customer, tier, rng.choice(PRODUCTS[min(tier, 5)]), country,
                            address])
                level.append(name)
                written += 1
            tier += 1
    return in_xinjiang


def loaded_store(folder: Path) -> Path:
    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store

    with Store(Settings(data_dir=folder).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--format", default="json", choices=("json", "csv", "html", "xlsx"))
    args = ap.parse_args()
    from datetime import date

    from behind.config import Settings
    from behind.reports import run_screen
    from behind.screening import ScreenRequest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data_dir = args.data_dir or loaded_store(folder / "data")
        src = folder / "suppliers.csv"
        xj = build(src, args.nodes)
        out = folder / f"report.{args.format}"
        started = time.perf_counter()
        meta = run_screen(Settings(data_dir=data_dir), ScreenRequest(
            input=src, kind="suppliers", output=out, fmt=args.format, as_of=date(2024, 1, 1), workers=1))
        wall = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"nodes": meta.rows, "in_xinjiang": xj, "alerts": meta.alerts, "seconds": round(wall, 1),
                          "nodes_per_s": round(meta.rows / wall), "peak_rss_mib": round(rss),
                          "format": args.format, "command": " ".join([sys.executable, *sys.argv])}))


if __name__ == "__main__":
    main()
