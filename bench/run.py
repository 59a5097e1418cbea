#!/usr/bin/env python3
"""Run the name-matching benchmark: Behind and the peer (nomenklatura logic-v2) side by side.

usage: python bench/run.py [--queries bench/queries.jsonl] [--no-peer] [--peer-sample N] [--out DIR]

Both matchers see the same bundled lists. Behind answers with its default threshold.
The peer is OpenSanctions' nomenklatura ``logic-v2`` (the ``best`` algorithm of
yente) at threshold 0.70, scoring the 50 best candidates by rapidfuzz
token-set ratio (plus exact identifier look-ups), as in the benchmark's README.
Each answer file is scored by ``bench/score.py``; figures are printed side by side.
The peer is installed only for the benchmark: ``pip install -e ".[bench]"``.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_THRESHOLD = 0.70
PEER_CANDIDATES = 50


def load_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(queries: Path, results: Path) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "score.py"), str(queries), str(results), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def run_ours(queries: list[dict], data_dir: Path, out: Path) -> dict:
    from behind.config import Settings
    from behind.matching.match import Index, Query
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store
    from behind.ingest.update import load_bundled

    t0 = time.perf_counter()
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        t1 = time.perf_counter()
        index = Index.from_store(store)
    t2 = time.perf_counter()
    latencies = []
    with out.open("w", encoding="utf-8") as fh:
        for q in queries:
            query = Query(name=q.get("name") or "", schema=q.get("schema"), identifiers=q.get("identifiers") or {})
            s = time.perf_counter()
            hits = index.search(query)
            latencies.append(time.perf_counter() - s)
            fh.write(json.dumps({"id": q["id"], "hits": [
                {"source": h.entity.source, "source_id": h.entity.source_id, "score": h.score} for h in hits]}) + "\n")
    total = sum(latencies)
    return {"load_s": t1 - t0, "index_s": t2 - t1, "entities": len(index), "qps": len(queries) / total,
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * statistics.quantiles(latencies, n=20)[18]}


def run_peer(queries: list[dict], data_dir: Path, out: Path, strip_original: bool = False) -> dict:
    """The peer's answers; ``strip_original`` drops the lists' original-script aliases (as bench/persons.py
    does for Behind)."""
    from followthemoney import model
    from nomenklatura.matching.logic_v2.model import LogicV2
    from nomenklatura.matching.types import ScoringConfig
    from rapidfuzz import fuzz, process, utils

    from behind.config import Settings
    from behind.sources.ftm import write_ftm
    from behind.store.sqlite import Store

    covered = ("us_ofac_sdn", "us_ofac_cons", "curated", "un_sc", "us_trade_csl", "us_bis_dpl")
    with Store(Settings(data_dir=data_dir).store_path) as store:
        entities = [e for s in covered for e in store.entities(s)]
    if strip_original:
        from dataclasses import replace
        entities = [replace(e, aliases=[a for a in e.aliases if a.kind != "original"]) for e in entities]
    proxies, owner = [], {}
    for e in entities:  # one record at a time, so each proxy maps back to its list record exactly
        buf = io.StringIO()
        write_ftm([e], buf)
        proxy = model.get_proxy(json.loads(buf.getvalue().splitlines()[0]))
        owner[len(proxies)] = f"{e.source}:{e.source_id}"
        proxies.append(proxy)
    names, name_owner = [], []
    id_index: dict[str, list[int]] = {}
    for i, p in enumerate(proxies):
        for prop in ("name", "alias", "weakAlias", "previousName"):
            for n in p.get(prop, quiet=True):
                names.append(n)
                name_owner.append(i)
        for prop in ("isinCode", "registrationNumber", "ticker", "leiCode"):
            for v in p.get(prop, quiet=True):
                id_index.setdefault(v.upper(), []).append(i)
    config = ScoringConfig.defaults()
    props = {"isin": "isinCode", "uscc": "registrationNumber", "ticker": "ticker", "lei": "leiCode"}
    start = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for q in queries:
            qp = model.make_entity(q.get("schema") or "Company")
            qp.id = f"query-{q['id']}"  # nomenklatura caches per entity id
            if q.get("name"):
                qp.add("name", q["name"])
            cands: dict[int, None] = {}
            for scheme, value in (q.get("identifiers") or {}).items():
                if props.get(scheme) and qp.schema.get(props[scheme]):
                    qp.add(props[scheme], value, quiet=True)
                for i in id_index.get(value.upper(), []):
                    cands[i] = None
            if q.get("name"):
                for _, _, pos in process.extract(q["name"], names, scorer=fuzz.token_set_ratio,
                                                  processor=utils.default_process,
                                                  limit=PEER_CANDIDATES):
                    cands[name_owner[pos]] = None
            hits = []
            for i in cands:
                if owner.get(i) is None:
                    continue
                s = LogicV2.compare(qp, proxies[i], config).score
                if s >= PEER_THRESHOLD:
                    src, sid = owner[i].split(":", 1)
                    hits.append({"source": src, "source_id": sid, "score": s})
            hits.sort(key=lambda h: -h["score"])
            fh.write(json.dumps({"id": q["id"], "hits": hits}) + "\n")
    return {"qps": len(queries) / (time.perf_counter() - start)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--queries", type=Path, default=HERE / "queries.jsonl")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--peer-sample", type=int, default=0, help="score the peer on every Nth query only")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="behind-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    queries = load_queries(args.queries)
    data_dir = out / "data"
    ours = run_ours(queries, data_dir, out / "behind.jsonl")
    rows = {"behind": (score(args.queries, out / "behind.jsonl"), ours)}
    if not args.no_peer:
        sample = queries[:: args.peer_sample] if args.peer_sample else queries
        qfile = out / "queries.sample.jsonl"
        qfile.write_text("".join(json.dumps(q) + "\n" for q in sample), encoding="utf-8")
        peer = run_peer(sample, data_dir, out / "peer.jsonl")
        rows["peer logic-v2"] = (score(qfile, out / "peer.jsonl"), peer)
        if args.peer_sample:  # score ours on the same sample too, for a like-for-like row
            ids = {q["id"] for q in sample}
            lines = [ln for ln in (out / "behind.jsonl").read_text().splitlines() if json.loads(ln)["id"] in ids]
            (out / "behind.sample.jsonl").write_text("\n".join(lines) + "\n")
            rows["behind (same sample)"] = (score(qfile, out / "behind.sample.jsonl"), ours)
    print(f"lists loaded in {ours['load_s']:.2f} s; index of {ours['entities']:,} entities built in "
          f"{ours['index_s']:.2f} s; single query p50 {ours['p50_ms']:.2f} ms, p95 {ours['p95_ms']:.2f} ms")
    variants = sorted({v for r, _ in rows.values() for v in r["by_variant"]})
    names = list(rows)
    print(f"{'variant':<18}" + "".join(f"{n:>22}" for n in names))
    for v in variants:
        cells = []
        for n in names:
            d = rows[n][0]["by_variant"].get(v)
            cells.append(f"{d['found_or_alerted']}/{d['n']} ({d['found_or_alerted'] / d['n']:.3f})" if d else "-")
        print(f"{v:<18}" + "".join(f"{c:>22}" for c in cells))
    for label, key in (("recall", "recall"), ("top-1", "top1"), ("false alerts/1000", "false_alerts_per_1000")):
        print(f"{label:<18}" + "".join(f"{rows[n][0][key]:>22}" for n in names))
    print(f"{'queries/s (1 core)':<18}" + "".join(f"{rows[n][1]['qps']:>22.0f}" for n in names))
    print(f"answers in {out}")


if __name__ == "__main__":
    main()
