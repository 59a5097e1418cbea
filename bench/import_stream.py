#!/usr/bin/env python3
"""Time and peak memory of ``behind import`` on a large FtM file.

usage: python bench/import_stream.py [--sizes 100000,1000000] [--src src] [--keep DIR] [--cli]

For each size, writes an OpenSanctions-shaped FtM JSON lines file of that many screened things
(companies and people named from words of real company names, 60/40; each followed by its
``Sanction`` line; one in ten with an ``Ownership`` of another thing, one in twenty with an
``Address`` entity, and one in a hundred split into two fragments far apart in the file), then, in a
fresh process under ``/usr/bin/time -v``, loads it into an empty store: the import alone
(``behind.ingest.import_ftm``, what the streaming changes) and, with ``--cli``, the whole
``behind import`` command, which also builds the match index of the new version afterwards.
Prints wall seconds and peak RSS (MB). ``--src`` chooses the code (a ``src`` folder: compare an
older checkout's). The machine's other load shows in wall time: quote the median of a few runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
LEGAL = ["LTD", "LIMITED", "CO., LTD.", "INC.", "LLC", "S.A.", "GMBH", "JSC", "CORPORATION", "COMPANY", ""]
GIVEN = ["Ivan", "Olga", "Wei", "Li", "Ahmad", "Maria", "Sergei", "Yuki", "Hassan", "Elena", "Jorge", "Anna"]


def words() -> list[str]:
    sys.path.insert(0, str(HERE.parent / "src"))
    import csv

    from behind.sources.registry import data_path

    out: list[str] = []
    for ref in ("reference/nasdaq-listed.csv", "reference/sp500-constituents.csv"):
        with data_path(ref).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = row.get("Security Name") or row.get("Security") or row.get("Name") or ""
                out.extend(w for w in name.replace(",", " ").split() if len(w) > 2 and w.isalpha())
    return out


def line(pid: str, schema: str, props: dict, **context: object) -> str:
    return json.dumps({"id": pid, "schema": schema, "properties": props, **context}, ensure_ascii=False) + "\n"


def write_file(n: int, path: Path, seed: int = 7) -> int:
    """An FtM file of ``n`` things (plus their sanctions, links and addresses); answers its size."""
    rng, vocab = random.Random(seed), words()
    late: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            pid = f"bench-{i:07d}"
            if rng.random() < 0.6:
                name = f"{' '.join(rng.choice(vocab) for _ in range(rng.randint(2, 4)))} {rng.choice(LEGAL)}".strip()
                schema, props = "Company", {"name": [name], "jurisdiction": [rng.choice(["cn", "ru", "ir", "ae"])],
                                            "registrationNumber": [str(rng.randrange(10**9, 10**10))]}
            else:
                name = f"{rng.choice(GIVEN)} {rng.choice(vocab)}"
                schema, props = "Person", {"name": [name], "nationality": [rng.choice(["cn", "ru", "ir"])]}
            if i % 20 == 0:
                props["addressEntity"] = [f"{pid}-addr"]
                out.write(line(f"{pid}-addr", "Address", {"full": [f"{i} Bench Street, Moscow"], "country": ["ru"]}))
            if i % 100 == 0:  # a fragment far down the file
                late.append(line(pid, schema, {"alias": [f"{name} GROUP"], "notes": ["second fragment"]}))
            out.write(line(pid, schema, props, caption=name, datasets=["bench"], target=True))
            out.write(line(f"{pid}-sanction", "Sanction", {"entity": [pid], "program": ["BENCH-EO1"],
                                                           "authority": ["Bench Authority"],
                                                           "startDate": ["2024-01-02"]}))
            if i % 10 == 0 and n > 1:
                other = f"bench-{rng.randrange(n):07d}"
                out.write(line(f"{pid}-own", "Ownership", {"owner": [pid], "asset": [other], "percentage": ["51"]}))
        out.writelines(late)
    return path.stat().st_size


def measure(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``cmd`` under /usr/bin/time -v: wall seconds and peak RSS in MB."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))  # type: ignore[union-attr]
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", proc.stderr).group(1)  # type: ignore[union-attr]
    secs = sum(float(p) * 60**i for i, p in enumerate(reversed(wall.split(":"))))
    return {"wall_s": round(secs, 1), "rss_mb": round(rss / 1024)}


LOAD = ("import sys; from pathlib import Path; from behind.config import FetchSettings, Settings;"
        " from behind.ingest import import_ftm; from behind.store.sqlite import Store\n"
        "with Store(Settings(data_dir=Path(sys.argv[2])).store_path) as store:\n"
        "    out = import_ftm(store, sys.argv[1], 'bench_import', settings=FetchSettings(max_bytes=8 << 30))\n"
        "print(out.status, out.result.version.record_count)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--src", default=str(HERE.parent / "src"), help="the src folder whose code runs")
    ap.add_argument("--keep", type=Path, help="write the files here and keep them")
    ap.add_argument("--cli", action="store_true", help="also time the whole `behind import` (with the index)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="behind-import-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(Path(args.src).resolve())}
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            path = base / f"ftm-{n}.json"
            size = path.stat().st_size if path.exists() else write_file(n, path)
            data = base / f"data-{n}"
            shutil.rmtree(data, ignore_errors=True)
            load = measure([sys.executable, "-c", LOAD, str(path), str(data)], env)
            row = {"entities": n, "file_mb": round(size / 2**20), "import": load}
            if args.cli:
                shutil.rmtree(data, ignore_errors=True)
                env_cli = {**env, "BEHIND_DATA_DIR": str(data)}
                config = base / "config.toml"  # a file over the 200 MiB default of fetch.max_bytes
                config.write_text("[fetch]\nmax_bytes = 8589934592\n", encoding="utf-8")
                row["cli"] = measure([sys.executable, "-m", "behind.cli", "import", str(path), "--source", "bench_import",
                                      "--config", str(config)], env_cli)
            shutil.rmtree(data, ignore_errors=True)
            print(json.dumps(row), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
