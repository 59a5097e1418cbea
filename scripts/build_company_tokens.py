#!/usr/bin/env python3
"""Build ``src/behind/data/reference/company_tokens.tsv``: how many ordinary company names use each word.

usage: python scripts/build_company_tokens.py SEC_COMPANY_TICKERS_JSON

The names are those of every company that files with the SEC and has a ticker
(``company_tickers.json``, published by the SEC at https://www.sec.gov/files/company_tickers.json,
a US government work in the public domain) together with the bundled Nasdaq and S&P 500 files
(``nasdaq-listed.csv``, ``sp500-constituents.csv``, PDDL). Each distinct name is read as the
matcher reads it (:func:`behind.text.name_forms`: canonical words, legal forms set aside) and
every word counts once per name (its document frequency). Only the counts are bundled, not the
names. The header records the inputs' sha256 and the number of names.
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


def names(sec: Path) -> set[str]:
    out = {str(v["title"]).strip() for v in json.loads(sec.read_text(encoding="utf-8")).values()}
    with (REFERENCE / "nasdaq-listed.csv").open(encoding="utf-8") as fh:
        # "Apple Inc. - Common Stock": the security's name before " - " is the company's
        out |= {row["Security Name"].split(" - ")[0].strip() for row in csv.DictReader(fh)}
    with (REFERENCE / "sp500-constituents.csv").open(encoding="utf-8") as fh:
        out |= {row["Security"].strip() for row in csv.DictReader(fh)}
    return {n for n in out if n}


def main(argv: list[str]) -> int:
    sec = Path(argv[1])
    counts: Counter[str] = Counter()
    seen: set[tuple[str, ...]] = set()
    for name in sorted(names(sec)):
        tokens = name_forms(name)[0]
        if not tokens or tokens in seen:  # one count per distinct name as the matcher reads it
            continue
        seen.add(tokens)
        counts.update(set(tokens))
    lines = [
        "# Document frequency of words in ordinary company names (one count per distinct name).",
        f"# names: {len(seen)}",
        f"# sec company_tickers.json sha256 {_sha(sec)}",
        f"# nasdaq-listed.csv sha256 {_sha(REFERENCE / 'nasdaq-listed.csv')}",
        f"# sp500-constituents.csv sha256 {_sha(REFERENCE / 'sp500-constituents.csv')}",
        "# built by scripts/build_company_tokens.py",
    ]
    lines += [f"{tok}\t{n}" for tok, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(counts)} words over {len(seen)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
