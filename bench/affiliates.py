#!/usr/bin/env python3
"""Measure affiliate evidence: real subsidiaries and units alert, real look-alikes do not.

usage: python bench/affiliates.py [--cases bench/affiliates.csv] [--as-of 2026-12-01] [--misses]

To measure on names the word table has not seen, build it without them first:
``python scripts/build_company_tokens.py SEC_JSON --leave-out bench/affiliates.csv``.

``affiliates.csv`` holds real company names, each with its source: subsidiaries and units of
listed companies (those in the curated graph, whose relations carry a primary source and a quote,
and units named in public registers, the IEEE OUI registry and ECHONET's manufacturer codes, that
are in none of the bundled lists: ``held_out``), and real look-alike companies from the SEC's,
Taiwan's and Australia's exchange registers (Sensata, Senstar, ZTO Express, Flytech, Hitron,
Megaport...). ``expect`` is ``alert`` or ``clear`` as of the date (a divested unit, Lorex since
2022-11-24, is ``clear``). Groups marked ``(other parent)`` belong to listed companies other than the
five that NDAA section 889 names with "any subsidiary or affiliate" (CETC and Inspur on the 1260H
list, iFlytek, DJI, CloudWalk...): no regime extends their listings to a subsidiary whose share is
unknown, so a sourced subsidiary of theirs is not exposed, and their figures are shown apart.
``added`` tells the two sets apart: ``issue 11`` (the set the mechanism was built against) and
``register sweep`` (added later from the IEEE MA-L, MA-M, MA-S and IAB registers and the USB and
PCI ID repositories: units of listed
parents that the curated graph lacks, look-alikes whose names share letters with listed names, and
``homonym``s, real companies whose names carry a listed name's measured distinctive word as a whole
word: Shanghai Dahua Scale Factory, Cosco Electronics in Seoul); each set is reported apart. Every
name is screened as a party against the bundled lists with
``behind screen``'s own code; the figures are the share of each group that comes out as expected,
and how each alert was reached (listed, exposed through a sourced path, or name affiliate).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def how(row: dict) -> str:
    if row["status"] != "alert":
        return "clear"
    if any(e["kind"] == "name_affiliate" for e in row["evidence"]):
        return "name affiliate"
    if row["exposures"]:
        return "exposed (sourced path)"
    return "listed"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=Path, default=HERE / "affiliates.csv")
    ap.add_argument("--as-of", default="2026-12-01")
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args(argv)

    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.reports import run_screen
    from behind.screening.request import ScreenRequest
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store

    cases = list(csv.DictReader(args.cases.open(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="behind-affiliates-") as tmp:
        data = Path(tmp) / "data"
        with Store(Settings(data_dir=data).store_path) as store:
            for spec in SOURCES.values():
                load_bundled(store, spec)
        vendors = Path(tmp) / "vendors.csv"
        with vendors.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["name"])
            w.writerows([c["name"]] for c in cases)
        out = Path(tmp) / "out.json"
        run_screen(Settings(data_dir=data), ScreenRequest(input=vendors, kind="parties", output=out, fmt="json",
                                                          as_of=date.fromisoformat(args.as_of)))
        rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    results = Counter()
    totals = Counter()
    ways: Counter[tuple[str, str]] = Counter()
    for case, row in zip(cases, rows):
        key = (case.get("added", ""), case["group"], case["held_out"], case["expect"])
        totals[key] += 1
        ok = row["status"] == case["expect"]
        results[key] += ok
        ways[(case["group"], how(row))] += 1
        if args.misses and not ok:
            print(f"MISS {case.get('added', ''):<15} {case['group']:<13} expect {case['expect']:<5} got {row['status']:<5} {case['name']!r}: "
                  f"{row['summary'][:160]}", file=sys.stderr)
    print(f"as of {args.as_of}; {len(cases)} real names")
    print(f"{'added':<16}{'group':<30}{'held out':<10}{'expect':<8}{'as expected':>14}")
    for key in sorted(totals):
        print(f"{key[0]:<16}{key[1]:<30}{key[2]:<10}{key[3]:<8}{results[key]:>5}/{totals[key]:<4} "
              f"({results[key] / totals[key]:.3f})")

    def share(keys: list[tuple[str, ...]]) -> str:
        ok, n = sum(results[k] for k in keys), sum(totals[k] for k in keys)
        return f"{ok}/{n}" + (f" ({ok / n:.3f})" if n else "")

    for added in sorted({k[0] for k in totals}):
        mine = [k for k in totals if k[0] == added]
        five = [k for k in mine if k[3] == "alert" and "other parent" not in k[1]]
        held = [k for k in mine if k[3] == "alert" and k[2] == "yes"]
        looks = [k for k in mine if k[1] == "look-alike"]
        homs = [k for k in mine if k[1] == "homonym"]
        print(f"{added or 'all'}: units of the NDAA 889 five alerting {share(five)}; held-out units of any listed "
              f"parent alerting {share(held)}; look-alikes alerting {sum(totals[k] - results[k] for k in looks)}/"
              f"{sum(totals[k] for k in looks)}; homonyms alerting {sum(totals[k] - results[k] for k in homs)}/"
              f"{sum(totals[k] for k in homs)}")
    print("how: " + "; ".join(f"{g} {w}: {n}" for (g, w), n in sorted(ways.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
