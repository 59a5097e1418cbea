#!/usr/bin/env python3
"""How index build time, memory and query time grow with the number of listed entities.

usage: python bench/scale.py [--sizes 100000,1000000] [--queries bench/queries.jsonl] [--sample 2000]

Each size runs in a fresh process: the bundled real lists plus synthetic entities
built from real name parts (words of real listed and reference company names,
given names and surnames of listed people, real legal forms), so token
frequencies look like a real list's. Prints one row per size: build seconds, peak
memory (max RSS), queries per second on one core, p50 latency, and the benchmark's
recall and false alerts at that size (the synthetic names are noise the matcher
must not alert on).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEGAL = ["LTD", "LIMITED", "CO., LTD.", "INC.", "LLC", "S.A.", "GMBH", "JSC", "CORPORATION", "COMPANY", "OOO", ""]


def name_parts(entities: list) -> tuple[list[str], list[str], list[str]]:
    from behind.sources.registry import data_path

    org_words: list[str] = []
    given: list[str] = []
    family: list[str] = []
    for e in entities:
        if e.schema == "Person" and "," in e.name:
            last, first = e.name.split(",", 1)
            family.append(last.strip())
            given.extend(first.split())
        elif e.schema != "Person":
            org_words.extend(w for w in e.name.replace(",", " ").split() if len(w) > 2)
    for ref in ("reference/nasdaq-listed.csv", "reference/sp500-constituents.csv"):
        with data_path(ref).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = row.get("Security Name") or row.get("Security") or row.get("Name") or ""
                org_words.extend(w for w in name.replace(",", " ").split() if len(w) > 2 and w.isalpha())
    return org_words, given, family


def synthetic(n: int, entities: list, seed: int = 7) -> list:
    from behind.model.entity import Entity

    rng = random.Random(seed)
    org_words, given, family = name_parts(entities)
    out = []
    for i in range(n):
        if rng.random() < 0.6:
            words = " ".join(rng.choice(org_words) for _ in range(rng.randint(2, 4)))
            out.append(Entity("synthetic", f"s{i}", "Organization", f"{words} {rng.choice(LEGAL)}".strip().upper()))
        else:
            name = f"{rng.choice(family).upper()}, {rng.choice(given)} {rng.choice(given) if rng.random() < 0.4 else ''}"
            out.append(Entity("synthetic", f"s{i}", "Person", name.strip()))
    return out


def one_size(size: int, queries_path: Path, sample: int) -> dict:
    from behind.config import Settings
    from behind.matching.match import Index, Query
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store
    from behind.ingest.update import load_bundled

    data_dir = Path(tempfile.mkdtemp(prefix="behind-scale-"))
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        real = list(store.entities())
    extra = synthetic(max(0, size - len(real)), real)
    t0 = time.perf_counter()
    index = Index(real + extra)
    build = time.perf_counter() - t0
    queries = [json.loads(line) for line in queries_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = queries[:: max(1, len(queries) // sample)]
    latencies = []
    answers = []
    for q in queries:
        s = time.perf_counter()
        hits = index.search(Query(name=q.get("name") or "", schema=q.get("schema"),
                                  identifiers=q.get("identifiers") or {}))
        latencies.append(time.perf_counter() - s)
        answers.append({"id": q["id"], "hits": [{"source": h.entity.source, "source_id": h.entity.source_id,
                                                 "score": h.score} for h in hits]})
    qfile, rfile = data_dir / "q.jsonl", data_dir / "r.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    rfile.write_text("".join(json.dumps(a) + "\n" for a in answers), encoding="utf-8")
    scored = json.loads(subprocess.run([sys.executable, str(HERE / "score.py"), str(qfile), str(rfile), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    return {"entities": len(index), "build_s": round(build, 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "qps": round(len(queries) / sum(latencies)), "p50_ms": round(1000 * statistics.median(latencies), 2),
            "queries": len(queries), "recall": scored["recall"], "fa_per_1000": scored["false_alerts_per_1000"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0,100000,1000000", help="0 means the bundled lists alone")
    ap.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one_size(args.one, args.queries, args.sample)))
        return
    print(f"{'entities':>10} {'build s':>8} {'max RSS MB':>11} {'queries/s':>10} {'p50 ms':>7} {'recall':>7} {'FA/1000':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--queries", str(args.queries),
                              "--sample", str(args.sample)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['entities']:>10,} {r['build_s']:>8} {r['max_rss_mb']:>11,} {r['qps']:>10,} {r['p50_ms']:>7} "
              f"{r['recall']:>7} {r['fa_per_1000']:>8}", flush=True)


if __name__ == "__main__":
    main()
