#!/usr/bin/env python3
"""Time the EU FSF and UK Sanctions List readers on files the size of the publishers' lists.

usage: PYTHONPATH=src python bench/xml_readers.py [--records 6000]

The publishers' files cannot be bundled in full, so each bundled excerpt is repeated (its ids made
distinct) until it holds about ``--records`` records: the EU file of mid-2026 has some 6,200
``sanctionEntity`` records (25 MB), the UK list some 5,000 designations (21 MB). Prints records,
megabytes and seconds per reader; run it once or twice and quote the median.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from behind.sources.eu_fsf import read_eu_fsf
from behind.sources.gb_fcdo import read_gb_fcdo
from behind.sources.registry import data_path


def _repeat(text: str, open_tag: str, close_root: str, ident: str, copies: int) -> str:
    head, rest = text.split(open_tag, 1)
    body = open_tag + rest.rsplit(close_root, 1)[0]
    pattern = re.compile(ident)
    return head + "".join(pattern.sub(lambda m, i=i: f"{m.group(0)[:-1]}-{i}{m.group(0)[-1]}", body)
                          for i in range(copies)) + close_root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6000)
    args = parser.parse_args()
    cases = [
        ("eu_fsf", read_eu_fsf, "eu_fsf/eu_fsf_excerpt.xml", "<sanctionEntity", "</export>", r'logicalId="\d+"', 4),
        ("gb_fcdo", read_gb_fcdo, "gb_fcdo/UK-Sanctions-List-excerpt.xml", "<Designation>", "</Designations>",
         r"<UniqueID>[^<]+<", 5),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, read, rel, open_tag, close_root, ident, per_copy in cases:
            text = _repeat(data_path(rel).read_text(encoding="utf-8"), open_tag, close_root, ident,
                           max(1, args.records // per_copy))
            path = Path(tmp) / f"{name}.xml"
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            parsed = read(path)
            took = time.perf_counter() - start
            print(f"{name}: {len(parsed):,} records, {path.stat().st_size / 1e6:.1f} MB, {took:.2f} s")


if __name__ == "__main__":
    main()
