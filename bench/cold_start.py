#!/usr/bin/env python3
"""What a cold ``behind search NAME`` costs: each run a fresh process, as a user types it.

usage: python bench/cold_start.py [--data-dir DIR] [--runs 7] [--src SRC ...] [NAME ...]

The data folder (made with ``behind update --bundled`` when it has no store yet; a
temporary one by default) is searched for each name in a fresh ``python -m behind.cli``
process, the runs of the names and of the checkouts (``--src``, default this one's ``src``)
taking turns; ``import behind.cli`` alone is timed the same way. Printed per name and
checkout: the median wall time, CPU time (user + system, steadier on a shared machine) and
peak memory (max RSS) of the process. Python writes its bytecode cache as usual unless
``PYTHONDONTWRITEBYTECODE`` is set, when every run also compiles Behind's modules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = ["Huawei Technologies", "Acme Widgets Inc", "华为技术有限公司"]
IMPORT = "(import behind.cli)"


def run_once(src: Path, data_dir: Path, name: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one fresh process."""
    args = [sys.executable, "-c", "import behind.cli"] if name == IMPORT else \
        [sys.executable, "-m", "behind.cli", "search", name, "--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{name!r} with {src} failed ({proc.returncode}): {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", default=NAMES)
    ap.add_argument("--data-dir", type=Path, help="data folder (default: a temporary one with the bundled lists)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--src", type=Path, action="append", help="a checkout's src folder (repeat to compare)")
    opts = ap.parse_args()
    srcs = opts.src or [HERE.parent / "src"]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = opts.data_dir or Path(tmp) / "data"
        if not (data_dir / "behind.db").exists():
            print(f"loading the bundled lists into {data_dir} ...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "behind.cli", "update", "--bundled", "--data-dir", str(data_dir)],
                           env={**os.environ, "PYTHONPATH": str(srcs[0])}, check=True, stdout=subprocess.DEVNULL)
        names = [*opts.names, IMPORT]
        for src in srcs:  # the first run of each maps (or builds) that code's index and writes bytecode
            for name in names:
                run_once(src, data_dir, name)
        runs: dict[tuple[Path, str], list[tuple[float, float, float]]] = {}
        for _ in range(opts.runs):
            for name in names:
                for src in srcs:
                    runs.setdefault((src, name), []).append(run_once(src, data_dir, name))
        print(f"{'name':<24} {'checkout':<40} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}")
        for name in names:
            for src in srcs:
                r = runs[(src, name)]
                print(f"{name:<24} {str(src)[-40:]:<40} {statistics.median(x[0] for x in r):7.2f} "
                      f"{statistics.median(x[1] for x in r):7.2f} {statistics.median(x[2] for x in r):8.0f}")


if __name__ == "__main__":
    main()
