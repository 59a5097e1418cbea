#!/usr/bin/env python3
"""Time the eCFR Entity List reader on a supplement as large as the real one.

usage: python bench/entity_list_reader.py [--copies 63] [--runs 3]

The real Supplement No. 4 to Part 744 has about 3,400 rows; the bundled excerpt has 55. This
script writes the excerpt's rows ``--copies`` times over (each copy's names made distinct) into
one file of the eCFR's structure in a temporary folder, reads it with
:func:`behind.sources.ecfr_entity_list.read_entity_list` ``--runs`` times and prints the row
count, the file size and the median time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from behind.sources.ecfr_entity_list import SPEC, read_entity_list
from behind.sources.registry import data_path


def big_supplement(copies: int, out: Path) -> Path:
    xml = data_path(SPEC.bundled["part744.xml"]).read_text(encoding="utf-8")
    head, rest = xml.split("<TBODY>\n", 1)
    body, tail = rest.split("\n</TBODY>", 1)
    rows = body.split("\n")
    many = [r if i == 0 else r.replace("</TD><TD class=\"left\">", f"</TD><TD class=\"left\">Copy {i} ", 1)
            for i in range(copies) for r in rows]
    out.write_text(head + "<TBODY>\n" + "\n".join(many) + "\n</TBODY>" + tail, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=63)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = big_supplement(args.copies, Path(tmp) / "part744.xml")
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            parsed = read_entity_list(path)
            times.append(time.perf_counter() - start)
        print(f"{len(parsed):,} rows, {path.stat().st_size / 1e6:.1f} MB: median {statistics.median(times):.2f} s "
              f"over {args.runs} runs (min {min(times):.2f} s)")


if __name__ == "__main__":
    main()
