#!/usr/bin/env python3
"""Build ``src/behind/data/reference/company_tokens.tsv``: how many ordinary companies use each word.

usage: python scripts/build_company_tokens.py SEC_COMPANY_TICKERS_JSON [--ieee REGISTER.txt ...] [--ids FILE.ids ...]
       [--register NAMES.csv ...] [--leave-out QUERIES.jsonl|CASES.csv ... --out FILE]

The names are those of every company that files with the SEC and has a ticker
(``company_tickers.json``, published by the SEC at https://www.sec.gov/files/company_tickers.json,
a US government work in the public domain), the bundled Nasdaq and S&P 500 files
(``nasdaq-listed.csv``, ``sp500-constituents.csv``, PDDL), and every organisation in the IEEE
Registration Authority's MA-L (OUI) register (``oui.txt``, as the installed netaddr package carries
it), and with ``--ieee`` the IEEE's other registers in the same text format (MA-M ``mam.txt``, MA-S
``oui36.txt``, IAB ``iab.txt``, CID ``cid.txt``), and with ``--ids`` the vendors of the PCI and USB ID
repositories (``pci.ids``, ``usb.ids``) and of the PNP ID registry (``pnp.ids``), as the hwdata project
carries them, and with ``--register`` the names of a company register's extract (a CSV with ``Name`` and
``Number`` columns: the Isle of Man Companies Registry's, as gathered by the repository
dankarran/isleofman-opendata; a company's current and previous names share its number and count as
one organisation). Names the matcher finds on the bundled lists at its default threshold (the listed companies and
their curated units: HUAWEI TECHNOLOGIES CO.,LTD, Huawei Device Co., Ltd.) are left out: they are
not ordinary company names. Each distinct name is read as the matcher reads it
(:func:`behind.text.name_forms`: canonical words, legal forms set aside) and every word counts
once per organisation (its document frequency): register entries with the same core and the same
place are one organisation (:func:`organisation_counts`), so a listed group's many register
entries do not make its name look ordinary; a vendor name of the ID files (no address) whose core
another name already has counts with it, not as another organisation. Only the counts are bundled, not the names. The header
records the inputs' sha256 and the number of organisations. ``--leave-out`` (repeatable) drops the names of a benchmark's
negative queries (``"expect": []``), or every name of a ``.csv`` with a ``name`` column
(``bench/affiliates.csv``), to measure on names the table has not seen.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from behind.text import name_forms  # noqa: E402
from behind.text.fold import normalize_name  # noqa: E402
from behind.text.distinctive import core  # noqa: E402

REFERENCE = ROOT / "src" / "behind" / "data" / "reference"
OUT = REFERENCE / "company_tokens.tsv"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def oui_path() -> Path:
    import netaddr

    return Path(netaddr.__file__).parent / "eui" / "oui.txt"


def oui_entries(path: Path | None = None) -> list[tuple[str, str]]:
    """(organisation name, place) of each entry of an IEEE register in its text format (``oui.txt``,
    ``mam.txt``, ``oui36.txt``, ``iab.txt``, ``cid.txt``; the MA-L register netaddr ships by default): the
    place is the entry's country and city (``CN jinan``), empty when the entry has no address (private
    entries)."""
    out = []
    name, block = "", []
    text = (path or oui_path()).read_text(encoding="utf-8", errors="replace")
    for line in [*text.splitlines(), ""]:
        if "(base 16)" in line:
            name, block = line.split("(base 16)", 1)[1].strip(), []
        elif name and line.strip():
            block.append(line.strip())
        elif name:
            place = ""
            if len(block) >= 2 and len(block[-1]) == 2:
                city = re.split(r"\s{2,}|\t", block[-2])[0]
                place = f"{block[-1]} {normalize_name(city)}"
            out.append((name, place))
            name = ""
    return out


ID_VENDOR = re.compile(r"([0-9a-f]{4}|[A-Z@]{3})(?:  |\t)(\S.*)")


def id_vendors(path: Path) -> set[str]:
    """The vendor names of a PCI or USB ID file (``8086  Intel Corporation``: a line that starts with
    four hex digits; devices, indented, and the class and language tables that follow are not vendors)
    or of the PNP ID registry (``AAA<TAB>Avolites Ltd``)."""
    out = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = ID_VENDOR.fullmatch(line.rstrip())
        if m:
            out.add(m.group(2).strip())
    return out


def register_names(paths: list[Path]) -> dict[str, set[str]]:
    """Company number -> its names (current and previous), from CSV extracts of a register."""
    out: dict[str, set[str]] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                name, number = (row.get("Name") or "").strip(), (row.get("Number") or "").strip()
                if name and number:
                    out.setdefault(number, set()).add(name)
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


def organisation_counts(forms: dict[tuple[str, ...], bool],
                        places: dict[tuple[str, ...], set[str]],
                        placeless: frozenset[tuple[str, ...]] = frozenset(),
                        same: Iterable[Iterable[tuple[str, ...]]] = ()
                        ) -> tuple[Counter[str], Counter[str], Counter[str], int]:
    """(word -> organisations using it, word -> exchange-listed organisations using it, word ->
    organisations it names alone, organisations). A word names an organisation alone when it is the
    whole core of one of its names (``symantec`` for Symantec Corporation).

    ``forms``: each distinct name as the matcher reads it, and whether an exchange spells it;
    ``places``: the register places of the names found in the IEEE register. Register entries that
    share a core (:func:`behind.text.distinctive.core`: the words left once places, business words,
    function words and numbers are set aside) and a place (country and city) are one organisation:
    Inspur's five entries in Jinan (``Inspur Software Group``, ``Inspur Communication Technology``...)
    count once, while ``Crystal Semiconductor`` (Austin), ``Crystal Group`` and ``Crystal Vision``
    (Cambridge) stay three companies. Every other distinct name is one organisation. The core reads
    fixed vocabularies only, not these counts, so the grouping does not depend on what it measures.

    ``placeless``: names known only from registers without addresses (the PCI, USB and PNP ID files).
    Such a name whose core another name has joins that name's organisation (``Realtek Semiconductor
    Co., Ltd.`` there is the ``Realtek Semiconductor Corp.`` of the IEEE register); one whose core is new
    is an organisation of its own, and those of them that share a core are one. ``same``: sets of
    names a register gives as one company's (its current and previous names)."""
    parent: dict[object, object] = {}

    def root(x: object) -> object:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for tokens in forms:
        if tokens in placeless:
            continue
        root(tokens)
        kept = core(tokens)
        for place in places.get(tokens, ()):
            if kept and place:
                parent[root(tokens)] = root((kept, place))
    for names in same:
        known = [t for t in names if t in forms]
        for t in known[1:]:
            parent[root(t)] = root(known[0])
    by_core: dict[tuple[str, ...], object] = {}
    for tokens in forms:
        if tokens not in placeless:
            by_core.setdefault(core(tokens), tokens)
    for tokens in sorted(placeless & forms.keys()):
        kept = core(tokens)
        parent[root(tokens)] = root(by_core.get(kept, ("placeless", kept)) if kept else tokens)
    groups: dict[object, set[str]] = {}
    spelt: dict[object, set[str]] = {}  # the words of each organisation's exchange-listed names
    for tokens, by_exchange in forms.items():
        key = root(tokens)
        groups.setdefault(key, set()).update(tokens)
        if by_exchange:
            spelt.setdefault(key, set()).update(tokens)
    counts = Counter(w for words in groups.values() for w in words)
    listed_counts = Counter(w for words in spelt.values() for w in words)
    named = {(kept[0], root(tokens)) for tokens in forms for kept in [core(tokens)] if len(kept) == 1}
    alone = Counter(w for w, _ in named)
    return counts, listed_counts, alone, len(groups)


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("sec", type=Path)
    ap.add_argument("--ieee", type=Path, action="append", default=[],
                    help="another IEEE register in oui.txt's format (mam.txt, oui36.txt, iab.txt, cid.txt)")
    ap.add_argument("--ids", type=Path, action="append", default=[],
                    help="a PCI or USB ID file or the PNP ID registry (pci.ids, usb.ids, pnp.ids): its vendors")
    ap.add_argument("--register", type=Path, action="append", default=[],
                    help="a company register's extract: CSV with Name and Number columns")
    ap.add_argument("--leave-out", type=Path, action="append", default=[])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv[1:])
    sec, out_path = args.sec, args.out
    unseen: set[tuple[str, ...]] = set()
    for path in args.leave_out:
        if path.suffix == ".csv":  # bench/affiliates.csv: every name
            with path.open(encoding="utf-8") as fh:
                unseen.update(name_forms(row["name"])[0] for row in csv.DictReader(fh))
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line) if line.strip() else {}
            if q and not q.get("expect"):
                unseen.add(name_forms(q.get("name") or "")[0])
    exchange = exchange_names(sec)
    entries = oui_entries() + [e for path in args.ieee for e in oui_entries(path)]
    vendors = {name for path in args.ids for name in id_vendors(path)}
    register = register_names(args.register)
    addressed = exchange | {name for name, _ in entries} | {n for names in register.values() for n in names}
    everything = addressed | vendors
    on_lists = listed(everything)
    forms: dict[tuple[str, ...], bool] = {}  # distinct names as the matcher reads them -> spelt by an exchange
    placeless: set[tuple[str, ...]] = set()
    for name in sorted(everything - on_lists):
        tokens = name_forms(name)[0]
        if tokens and tokens not in unseen:
            forms[tokens] = forms.get(tokens, False) or name in exchange
            if name not in addressed:
                placeless.add(tokens)
    for name in addressed - on_lists:
        placeless.discard(name_forms(name)[0])
    places: dict[tuple[str, ...], set[str]] = {}
    for name, place in entries:
        if name not in on_lists:
            places.setdefault(name_forms(name)[0], set()).add(place)
    same = [{name_forms(n)[0] for n in names - on_lists} for names in register.values() if len(names) > 1]
    counts, listed_counts, alone, organisations = organisation_counts(forms, places, frozenset(placeless), same)
    lines = [
        "# Document frequency of words in ordinary company names: one count per organisation, the names",
        "# that share a core (less places, business words, legal forms) and a register place being one.",
        f"# names: {organisations}",
        f"# distinct names read: {len(forms)}",
        f"# left out as found on the bundled lists: {len(on_lists)}",
        f"# sec company_tickers.json sha256 {_sha(sec)}",
        f"# nasdaq-listed.csv sha256 {_sha(REFERENCE / 'nasdaq-listed.csv')}",
        f"# sp500-constituents.csv sha256 {_sha(REFERENCE / 'sp500-constituents.csv')}",
        f"# IEEE MA-L oui.txt (netaddr) sha256 {_sha(oui_path())}",
        *(f"# IEEE {path.name} sha256 {_sha(path)}" for path in args.ieee),
        *(f"# {path.name} sha256 {_sha(path)}" for path in args.ids),
        *(f"# register {path.name} sha256 {_sha(path)}" for path in args.register),
        "# built by scripts/build_company_tokens.py",
    ]
    lines.append("# columns: word, organisations using it, exchange-listed ones (SEC, Nasdaq, S&P 500) using it, "
                 "organisations it names alone (the whole core of a name)")
    lines += [f"{tok}\t{n}\t{listed_counts[tok]}\t{alone[tok]}"
              for tok, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(counts)} words over {organisations} organisations ({len(forms)} distinct names)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
