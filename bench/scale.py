#!/usr/bin/env python3
"""How index build time, memory and query time grow with the number of listed entities.

usage: python bench/scale.py [--sizes 100000,1000000] [--queries bench/queries.jsonl] [--sample 2000]
                             [--in-memory] [--warm N] [--keep DIR]

Each size gets a store of its own: the bundled real lists plus, as a list named
``synthetic``, entities built from real name parts (words of real listed and reference
company names, given names and surnames of listed people, real legal forms), so token
frequencies look like a real list's. Then, each in a fresh process: the index is built
and written beside the store (what `behind update` does once per list version: "build s",
"build MB" its peak memory), and a process starts as `behind search` does, mapping the
index ("start s"), and runs the benchmark queries: peak memory (max RSS), queries per
second on one core (wall clock, and CPU time: "cpu q/s", steadier on a shared machine),
p50 latency, and the benchmark's recall and false alerts at that size (the synthetic
names are noise the matcher must not alert on). The first line says whether the matcher runs
compiled (see ``behind.matching.compiled``); ``BEHIND_PURE_PYTHON=1`` measures the pure-Python modules. ``--in-memory`` measures what every
process did before the index had files: build it in memory at start.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import resource
import shutil
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


def make_store(size: int, data_dir: Path) -> int:
    """A store in ``data_dir`` with the bundled lists and, as a list named ``synthetic``, enough
    synthetic entities to make ``size`` in all. Answers the number of entities."""
    from behind.config import Settings
    from behind.ingest.fetch import FileInfo
    from behind.ingest.update import load_bundled
    from behind.sources.base import ParsedList
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store

    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        real = list(store.entities())
        extra = synthetic(max(0, size - len(real)), real)
        if extra:
            digest = hashlib.sha256(f"bench/scale.py synthetic {len(extra)} seed 7".encode()).hexdigest()
            store.load(ParsedList("synthetic", extra), [FileInfo("synthetic", "bench/scale.py", digest, 0)])
        return len(real) + len(extra)


def _rss_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def build_phase(data_dir: Path, in_memory: bool) -> dict:
    """What `behind update` adds: the index built and written beside the store (or, ``in_memory``,
    what every process did before the index had files: built it in memory)."""
    from behind.config import Settings
    from behind.matching.match import Index
    from behind.store.sqlite import Store

    with Store(Settings(data_dir=data_dir).store_path) as store:
        t0 = time.perf_counter()
        Index.from_store(store, files=not in_memory)
        return {"build_s": round(time.perf_counter() - t0, 1), "build_rss_mb": _rss_mb()}


def query_phase(data_dir: Path, queries_path: Path, sample: int, in_memory: bool, warm: int = 0) -> dict:
    """A process starting: the index mapped from its files (or built in memory), then queries; with
    ``warm``, that many other queries of the file (none of the timed ones) are answered first, untimed,
    as in a server or a screening that has been running a while."""
    from behind.config import Settings
    from behind.matching.match import Index, Query
    from behind.store.sqlite import Store

    with Store(Settings(data_dir=data_dir).store_path) as store:
        t0 = time.perf_counter()
        index = Index.from_store(store, files=not in_memory)
        load = time.perf_counter() - t0
    queries = [json.loads(line) for line in queries_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(queries) // sample)
    others, queries = [q for i, q in enumerate(queries) if i % step], queries[::step]
    for q in others[:warm]:
        index.search(Query(name=q.get("name") or "", schema=q.get("schema"), identifiers=q.get("identifiers") or {}))
    latencies, cpu, answers = [], 0.0, []
    for q in queries:
        s, c = time.perf_counter(), time.process_time()
        hits = index.search(Query(name=q.get("name") or "", schema=q.get("schema"),
                                  identifiers=q.get("identifiers") or {}))
        latencies.append(time.perf_counter() - s)
        cpu += time.process_time() - c
        answers.append({"id": q["id"], "hits": [{"source": h.entity.source, "source_id": h.entity.source_id,
                                                 "score": h.score} for h in hits]})
    qfile, rfile = data_dir / "q.jsonl", data_dir / "r.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    rfile.write_text("".join(json.dumps(a) + "\n" for a in answers), encoding="utf-8")
    scored = json.loads(subprocess.run([sys.executable, str(HERE / "score.py"), str(qfile), str(rfile), "--json"],
                                       check=True, capture_output=True, text=True).stdout)
    return {"entities": len(index), "load_s": round(load, 2), "max_rss_mb": _rss_mb(),
            "qps": round(len(queries) / sum(latencies)), "cpu_qps": round(len(queries) / cpu),
            "p50_ms": round(1000 * statistics.median(latencies), 2),
            "queries": len(queries), "recall": scored["recall"], "fa_per_1000": scored["false_alerts_per_1000"]}


def _child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="0,100000,1000000", help="0 means the bundled lists alone")
    ap.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--in-memory", action="store_true", help="build the index in every process (no index files)")
    ap.add_argument("--warm", type=int, default=0,
                    help="answer this many other queries of the file, untimed, before the timed ones")
    ap.add_argument("--keep", type=Path, default=None,
                    help="make the stores in this folder (DIR/SIZE) and keep them, e.g. to time `behind search`")
    ap.add_argument("--phase", nargs=2, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase is not None:
        kind, where = args.phase
        if kind == "store":
            print(json.dumps({"entities": make_store(int(Path(where).name), Path(where))}))
        elif kind == "build":
            print(json.dumps(build_phase(Path(where), args.in_memory)))
        else:
            print(json.dumps(query_phase(Path(where), args.queries, args.sample, args.in_memory, args.warm)))
        return
    flags = ["--queries", str(args.queries), "--sample", str(args.sample), "--warm", str(args.warm),
             *(["--in-memory"] if args.in_memory else [])]
    from behind.matching.compiled import describe
    print(f"matcher: {describe()}")
    print(f"{'entities':>10} {'build s':>8} {'build MB':>9} {'start s':>8} {'max RSS MB':>11} {'queries/s':>10} "
          f"{'cpu q/s':>8} {'p50 ms':>7} {'recall':>7} {'FA/1000':>8}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="behind-scale-"))
    for size in (int(s) for s in args.sizes.split(",")):
        where = root / str(size)
        if not (where / "behind.db").exists():
            _child("--phase", "store", str(where))
        b = _child("--phase", "build", str(where), *flags)
        r = _child("--phase", "query", str(where), *flags)
        print(f"{r['entities']:>10,} {b['build_s']:>8} {b['build_rss_mb']:>9,} {r['load_s']:>8} {r['max_rss_mb']:>11,} "
              f"{r['qps']:>10,} {r['cpu_qps']:>8,} {r['p50_ms']:>7} {r['recall']:>7} {r['fa_per_1000']:>8}", flush=True)
        if args.keep is None:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
