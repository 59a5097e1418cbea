#!/usr/bin/env python3
"""Load on the team service: many concurrent clients POST yente-style /match queries for a while.

usage: python bench/service_load.py [--clients 200] [--duration 60] [--workers 1] [--url URL --key KEY]

Without ``--url`` it starts ``behind serve`` on a free loopback port over a fresh data folder
loaded with the bundled lists (``behind update --bundled``) and creates an admin key in its team
database; with ``--url`` and ``--key`` it loads a running service instead. Each client sends one
query at a time (one company or person name from the samples and the bundled lists, with a
country where known) and waits for the answer. Printed: requests, errors (any answer but 200, or
a failed connection), latency p50/p90/p99/max and requests per second. Loopback only: nothing
here is sent off the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
SAMPLES = SRC / "behind" / "data" / "samples"
EXTRA = [("Huawei Technologies Co., Ltd.", "cn"), ("Hikvision", "cn"), ("Dahua Technology", "cn"),
         ("ZTE Corporation", "cn"), ("Kaspersky Lab", "ru"), ("Rosneft", "ru"), ("Apple Inc.", "us"),
         ("Siemens AG", "de"), ("SenseTime", "cn"), ("China Mobile", "cn"), ("Sberbank", "ru"),
         ("Acme Trading Ltd", "gb"), ("Iran Air", "ir"), ("Hytera Communications", "cn")]


def queries() -> list[dict[str, object]]:
    out = []
    with (SAMPLES / "vendors.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.append((row["name"], row.get("country") or ""))
    out.extend(EXTRA)
    return [{"queries": {"q": {"schema": "Company",
                               "properties": {"name": [n], **({"country": [c]} if c else {})}}}} for n, c in out]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, str]:
    sys.path.insert(0, str(SRC))
    from behind.team.db import open_team_db
    from behind.team.keys import create_key

    env = {**os.environ, "PYTHONPATH": str(SRC), "BEHIND_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "behind.cli", "update", "--bundled"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open_team_db(None, data_dir) as db:
        _, key = create_key(db, "load test", "viewer", created_by="bench")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "behind.cli", "serve", "--port", str(port), "--workers",
                             str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}", key


async def wait_ready(url: str, timeout: float = 120) -> None:
    import httpx
    end = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < end:
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.25)
    raise SystemExit(f"{url} did not answer /healthz in {timeout:.0f} s")


async def load(url: str, key: str, clients: int, duration: float) -> tuple[list[float], int, int, float]:
    import httpx

    bodies = queries()
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"ApiKey {key}"}, limits=limits,
                                 timeout=60) as client:
        # one warm-up round, not counted
        await asyncio.gather(*(client.post("/match/default", json=b) for b in bodies[:10]))
        start = time.perf_counter()
        stop_at = start + duration

        async def one(worker: int) -> None:
            nonlocal errors
            i = worker
            while time.perf_counter() < stop_at:
                body = bodies[i % len(bodies)]
                i += clients
                t0 = time.perf_counter()
                try:
                    r = await client.post("/match/default", json=body)
                    ok = r.status_code == 200 and "responses" in r.json()
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        await asyncio.gather(*(one(w) for w in range(clients)))
        elapsed = time.perf_counter() - start
    return latencies, errors, len(latencies), elapsed


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    ap.add_argument("--url", help="a running service (default: start one on loopback)")
    ap.add_argument("--key", help="an API key of the running service")
    ap.add_argument("--workers", type=int, default=1, help="server processes of the service started here")
    args = ap.parse_args()
    proc = None
    tmp = None
    if args.url:
        if not args.key:
            raise SystemExit("--url needs --key")
        url, key = args.url.rstrip("/"), args.key
    else:
        tmp = tempfile.TemporaryDirectory(prefix="behind-load-")
        proc, url, key = start_server(Path(tmp.name), args.workers)
    try:
        asyncio.run(wait_ready(url))
        latencies, errors, n, elapsed = asyncio.run(load(url, key, args.clients, args.duration))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(30)
        if tmp is not None:
            tmp.cleanup()
    ms = [x * 1000 for x in latencies]
    print(f"{args.clients} clients, {elapsed:.1f} s on {url}/match/default"
          + (f" ({args.workers} server processes)" if not args.url else ""))
    print(f"requests: {n:,}  errors: {errors:,}  requests/s: {n / elapsed:,.1f}")
    print(f"latency ms: p50 {pct(ms, 50):.0f}  p90 {pct(ms, 90):.0f}  p99 {pct(ms, 99):.0f}  "
          f"max {max(ms):.0f}  mean {statistics.fmean(ms):.0f}")


if __name__ == "__main__":
    main()
