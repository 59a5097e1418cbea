#!/usr/bin/env python3
"""Throughput of the Xinjiang nexus check (address and USCC) on one core.

usage: python bench/region.py [--nodes 100000] [--seed 13]

Builds a supplier file's worth of nodes (address, USCC) from real material: the addresses of
the bundled OFAC files (14,000 addresses in 170 countries, Chinese ones included), Xinjiang
addresses in Chinese, pinyin and English built from the gazetteer's names (1 node in 10), the
look-alikes (streets named after Xinjiang in other cities, restaurants abroad), and valid
USCCs for half the nodes (a Xinjiang division for some). Then times
:func:`behind.evidence.region.xinjiang_nexus` over all of them in this process (one core),
after a warm-up that loads the gazetteer and the division table, and reports nodes per
second, the nexus count and the process's peak resident memory.

The target context: a 100,000-node supplier tree screened at >= 2,000 nodes/s on one core.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
import resource
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from behind import resources
from behind.evidence.region import xinjiang_nexus
from behind.text.divisions import units
from behind.text.uscc import CHARSET, check_character

LOOK_ALIKES = [
    "山东省青岛市市北区新疆路{n}号", "{n} Xinjiang Road, Shibei District, Qingdao, Shandong, China",
    "上海市静安区乌鲁木齐中路{n}号", "Urumqi Noodle House, {n} Main St, Brooklyn, NY 11201",
    "Hami Melon Imports, {n} S Alameda St, Los Angeles, CA 90021", "Aksu, Antalya, Turkey",
    "北京市海淀区三里河路{n}号新疆大厦", "Aksu, Pavlodar Region, Kazakhstan",
]


def data_path(relative: str) -> Path:
    return Path(str(importlib_resources.files("behind") / "data" / relative))


def ofac_addresses() -> list[str]:
    out: list[str] = []
    for folder, name in (("ofac/sdn", "add.csv"), ("ofac/consolidated", "cons_add.csv")):
        with (data_path(folder) / name).open(encoding="latin-1", newline="") as fh:
            for row in csv.reader(fh):
                parts = [p.strip() for p in row[2:5] if p.strip() and p.strip() != "-0-"]
                if parts:
                    out.append(", ".join(parts))
    return out


def xinjiang_addresses(rng: random.Random, n: int) -> list[str]:
    raw: dict[str, Any] = resources.load("xinjiang_gazetteer")
    zh = [a for p in raw["places"] for a in p.get("zh", [])]
    latin = [a for p in raw["places"] for a in p.get("latin", [])]
    out = []
    for i in range(n):
        if i % 2:
            out.append(f"新疆维吾尔自治区{rng.choice(zh)}人民路{rng.randint(1, 300)}号")
        else:
            postcode = rng.choice(["", " 830000"])
            out.append(f"No. {rng.randint(1, 300)} Renmin Road, {rng.choice(latin)}, Xinjiang{postcode}")
    return out


def usccs(rng: random.Random, n: int) -> list[str]:
    codes = [c for c, u in units().items() if u.level == "county" and u.current]
    out = []
    for _ in range(n):
        body = "91" + rng.choice(codes) + "MA" + "".join(rng.choice(CHARSET) for _ in range(7))
        out.append(body + check_character(body))
    return out


def build(n: int, seed: int) -> list[tuple[str | None, str | None]]:
    rng = random.Random(seed)
    real = ofac_addresses()
    xinjiang = xinjiang_addresses(rng, n // 10)
    ids = usccs(rng, n // 2)
    nodes: list[tuple[str | None, str | None]] = []
    for i in range(n):
        r = rng.random()
        if r < 0.1:
            address = xinjiang[i % len(xinjiang)]
        elif r < 0.2:
            address = rng.choice(LOOK_ALIKES).format(n=rng.randint(1, 300))
        elif r < 0.95:
            address = rng.choice(real)
        else:
            address = None
        nodes.append((address, ids[i % len(ids)] if i % 2 else None))
    return nodes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    t0 = time.perf_counter()
    xinjiang_nexus("Aksu, Xinjiang", "916501002999341738")  # loads the gazetteer and the table
    warm = time.perf_counter() - t0
    nodes = build(args.nodes, args.seed)
    t0 = time.perf_counter()
    by_registry = by_address = 0
    for address, uscc in nodes:
        for evidence in xinjiang_nexus(address, uscc):
            if evidence.level == "registry":
                by_registry += 1
            else:
                by_address += 1
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"nodes: {len(nodes):,} ({sum(1 for a, _ in nodes if a):,} addresses, "
          f"{sum(1 for _, u in nodes if u):,} USCCs)")
    print(f"warm-up (gazetteer and division table): {warm:.2f} s")
    print(f"checked in {elapsed:.2f} s: {len(nodes) / elapsed:,.0f} nodes/s on one core")
    print(f"nexus: {by_address:,} by address, {by_registry:,} by USCC; "
          f"peak resident memory of the process {peak:.0f} MiB (nodes included; the check keeps no state)")


if __name__ == "__main__":
    main()
