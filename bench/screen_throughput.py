#!/usr/bin/env python3
"""Throughput and peak memory of `behind screen` on large vendor files.

usage: python bench/screen_throughput.py [--sizes 10000,100000,1000000] [--engines local,local2,spark]

Vendor files are built from real company names (the bundled Nasdaq and S&P 500
reference lists, with the spellings vendor masters use: upper case, legal-form
variants, abbreviations) with real list names planted in 1% of the rows. Each run
is a separate `behind screen` process timed with /usr/bin/time -v (wall clock, CPU time of the
process and its workers, and maximum resident set size of the largest process). On a shared
machine the CPU time is the steadier figure: "cpu rows/s" is rows per CPU second, so with
``--workers 2`` on two idle cores the wall-clock rate approaches twice that figure.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from behind.sources.ofac.reader import read_ofac
from behind.sources.registry import data_path

LEGAL = ["Inc.", "INC", "Corp", "Corporation", "LLC", "Ltd", "Limited", "Co., Ltd.", ""]


def reference_names() -> list[str]:
    names = []
    for ref, col in (("reference/nasdaq-listed.csv", "Security Name"), ("reference/sp500-constituents.csv", "Security")):
        with data_path(ref).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = re.split(r" - | Common Stock| Class [A-Z]| Ordinary Shares| American Depositary", row[col])[0]
                if name.strip():
                    names.append(name.strip())
    return names


def build(path: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    clean = reference_names()
    listed = [e.name for src, folder in (("us_ofac_sdn", "ofac/sdn"), ("us_ofac_cons", "ofac/consolidated"))
              for e in read_ofac(data_path(folder), src).entities if e.schema != "Person"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Vendor ID", "Vendor Name", "Country"])
        for i in range(n):
            if rng.random() < 0.01:
                name = rng.choice(listed)
            else:
                base = re.sub(r"\b(Inc|Corp|Corporation|Ltd|Limited|plc|N\.V\.|S\.A\.)\.?,?$", "", rng.choice(clean))
                name = f"{base.strip(' ,')} {rng.choice(LEGAL)}".strip()
                if rng.random() < 0.3:
                    name = name.upper()
            w.writerow([f"V{i:07d}", name, rng.choice(["US", "DE", "CN", "GB", "JP", ""])])


def run(path: Path, engine: str, data_dir: Path) -> tuple[float, float, int, str]:
    out = path.with_suffix(f".{engine}.json")
    args = [sys.executable, "-m", "behind.cli", "screen", str(path), "--kind", "parties", "--output", str(out),
            "--data-dir", str(data_dir), "--restart"]
    if engine == "local2":
        args += ["--workers", "2"]
    elif engine == "spark":
        args += ["--engine", "spark", "--workers", "2"]
    proc = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    assert wall
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))  # type: ignore[union-attr]
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
    summary = proc.stdout.strip().splitlines()[-1]
    return seconds, cpu, rss, summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--engines", default="local,local2,spark")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="behind-throughput-"))
    data_dir = work / "data"
    subprocess.run([sys.executable, "-m", "behind.cli", "update", "--bundled", "--data-dir", str(data_dir)],
                   check=True, capture_output=True)
    print(f"{'rows':>10} {'engine':>7} {'wall s':>8} {'rows/s':>8} {'cpu s':>8} {'cpu rows/s':>10} {'max RSS MB':>11}  result")
    for n in (int(s) for s in args.sizes.split(",")):
        path = work / f"vendors_{n}.csv"
        build(path, n)
        for engine in args.engines.split(","):
            seconds, cpu, rss, summary = run(path, engine, data_dir)
            print(f"{n:>10,} {engine:>7} {seconds:>8.1f} {n / seconds:>8,.0f} {cpu:>8.1f} {n / cpu:>10,.0f} "
                  f"{rss / 1024:>11,.0f}  {summary}", flush=True)


if __name__ == "__main__":
    main()
