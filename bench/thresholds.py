#!/usr/bin/env python3
"""Recall and false alerts per 1,000 negatives at several thresholds, from one low-threshold run.

usage: thresholds.py QUERIES.jsonl RESULTS.jsonl   (RESULTS made with `behind match --threshold 0.6`)
"""
import json
import sys

COVERED = ("us_ofac_sdn", "us_ofac_cons", "curated")


def main() -> None:
    queries = {q["id"]: q for q in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
    pos, neg = [], []
    for r in map(json.loads, open(sys.argv[2], encoding="utf-8")):
        q = queries[r["id"]]
        keys = {f"{h['source']}:{h['source_id']}": h["score"] for h in r["hits"]}
        if q["expect"]:
            pos.append((max((keys.get(k, 0.0) for k in q["expect"]), default=0.0), q))
        else:
            neg.append((max((s for k, s in keys.items() if k.split(":")[0] in COVERED), default=0.0), q))
    print(f"{'threshold':>9} {'recall':>8} {'FA/1000':>8}")
    for t in [x / 100 for x in range(70, 96)]:
        rec = sum(s >= t for s, _ in pos) / len(pos)
        fa = 1000 * sum(s >= t for s, _ in neg) / len(neg)
        print(f"{t:>9.2f} {rec:>8.4f} {fa:>8.2f}")
    if "--show" in sys.argv:
        t = float(sys.argv[sys.argv.index("--show") + 1])
        for s, q in sorted(neg, key=lambda x: -x[0]):
            if s >= t - 0.05:
                print(f"NEG {s:.3f} {q['variant']} {q['name']!r}")
        for s, q in sorted(pos, key=lambda x: x[0]):
            if s < t + 0.05:
                print(f"POS {s:.3f} {q['variant']} {q['name']!r} {q['expect']}")


if __name__ == "__main__":
    main()
