#!/usr/bin/env python3
"""Build ``src/behind/data/reference/company_tokens.tsv``: how many ordinary company names use each word.

usage: python scripts/build_company_tokens.py SEC_COMPANY_TICKERS_JSON [--leave-out QUERIES.jsonl --out FILE]

The names are those of every company that files with the SEC and has a ticker
(``company_tickers.json``, published by the SEC at https://www.sec.gov/files/company_tickers.json,
a US government work in the public domain), the bundled Nasdaq and S&P 500 files
(``nasdaq-listed.csv``, ``sp500-constituents.csv``, PDDL), and every organisation in the IEEE
Registration Authority's MA-L (OUI) register (``oui.txt``, as the installed netaddr package carries
it). Names the matcher finds on the bundled lists at its default threshold (the listed companies and
their curated units: HUAWEI TECHNOLOGIES CO.,LTD, Huawei Device Co., Ltd.) are left out: they are
not ordinary company names. Each distinct name is read as the matcher reads it
(:func:`behind.text.name_forms`: canonical words, legal forms set aside) and every word counts
once per name (its document frequency). Only the counts are bundled, not the names. The header
records the inputs' sha256 and the number of names. ``--leave-out`` drops the names of a benchmark's
negative queries (``"expect": []``), to measure false alerts on names the table has not seen.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from behind.text import name_forms  # noqa: E402

REFERENCE = ROOT / "src" / "behind" / "data" / "reference"
OUT = REFERENCE / "company_tokens.tsv"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def oui_path() -> Path:
    import netaddr

    return Path(netaddr.__file__).parent / "eui" / "oui.txt"


def oui_names() -> set[str]:
    out = set()
    for line in oui_path().read_text(encoding="utf-8", errors="replace").splitlines():
        if "(base 16)" in line:
            out.add(line.split("(base 16)", 1)[1].strip())
    return out


def listed(names: set[str]) -> set[str]:
    """The names the matcher finds on the bundled lists (at its default threshold)."""
    import tempfile

    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.matching.match import Index, Query
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Settings(data_dir=Path(tmp)).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        index = Index.from_store(store)
        return {n for n in names if any(m.affiliate is None for m in index.search(Query(name=n), limit=1))}


def exchange_names(sec: Path) -> set[str]:
    out = {str(v["title"]).strip() for v in json.loads(sec.read_text(encoding="utf-8")).values()}
    with (REFERENCE / "nasdaq-listed.csv").open(encoding="utf-8") as fh:
        # "Apple Inc. - Common Stock": the security's name before " - " is the company's
        out |= {row["Security Name"].split(" - ")[0].strip() for row in csv.DictReader(fh)}
    with (REFERENCE / "sp500-constituents.csv").open(encoding="utf-8") as fh:
        out |= {row["Security"].strip() for row in csv.DictReader(fh)}
    return {n for n in out if n}


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("sec", type=Path)
    ap.add_argument("--leave-out", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv[1:])
    sec, out_path = args.sec, args.out
    unseen: set[tuple[str, ...]] = set()
    if args.leave_out:
        for line in args.leave_out.read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else {}
            if q and not q.get("expect"):
                unseen.add(name_forms(q.get("name") or "")[0])
    counts: Counter[str] = Counter()
    seen: set[tuple[str, ...]] = set()
    exchange = exchange_names(sec)
    everything = exchange | oui_names()
    on_lists = listed(everything)
    listed_counts: Counter[str] = Counter()  # words of exchange-listed names only (spelt with care)
    for name in sorted(everything - on_lists):
        tokens = name_forms(name)[0]
        if not tokens or tokens in seen or tokens in unseen:  # one count per distinct name as the matcher reads it
            continue
        seen.add(tokens)
        counts.update(set(tokens))
        if name in exchange:
            listed_counts.update(set(tokens))
    lines = [
        "# Document frequency of words in ordinary company names (one count per distinct name).",
        f"# names: {len(seen)}",
        f"# left out as found on the bundled lists: {len(on_lists)}",
        f"# sec company_tickers.json sha256 {_sha(sec)}",
        f"# nasdaq-listed.csv sha256 {_sha(REFERENCE / 'nasdaq-listed.csv')}",
        f"# sp500-constituents.csv sha256 {_sha(REFERENCE / 'sp500-constituents.csv')}",
        f"# IEEE MA-L oui.txt (netaddr) sha256 {_sha(oui_path())}",
        "# built by scripts/build_company_tokens.py",
    ]
    lines.append("# columns: word, names using it, exchange-listed names (SEC, Nasdaq, S&P 500) using it")
    lines += [f"{tok}\t{n}\t{listed_counts[tok]}" for tok, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(counts)} words over {len(seen)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
