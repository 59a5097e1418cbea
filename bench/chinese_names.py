#!/usr/bin/env python3
"""Measure Chinese names: registered and short names of listed Chinese companies, in Han script and
in pinyin, found; ordinary Chinese companies' names not alerted.

usage: python bench/chinese_names.py [--misses] [--syllables-apart]

Positives: for every curated entity that carries a listing (NS-CMIC, 1260H, Entity List, NDAA 889)
and a Han-script name, each of its Han names (the registered name and the short name, each with the
exchange filing or company page cited in ``src/behind/data/curated/ecosystem.yaml``), the same name
without its leading province or city (杭州海康威视数字技术股份有限公司 -> 海康威视数字技术股份有限公司),
the traditional-character form of each (as Hong Kong and Taiwan filings write it, reported apart),
and the pinyin of each, written as company names are (``Hangzhou Haikang Weishi Shuzi Jishu
Gufen Youxian Gongsi``; see :func:`pinyin`). A positive is found when
the entity's record is among the hits at the default threshold. Negatives:
``bench/chinese_negatives.csv``, registered and short names of ordinary listed Chinese companies
(with their exchange codes) and their pinyin; any hit is a false alert.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HAN = re.compile(r"[\u4e00-\u9fff]")


SUFFIXES = (("股份有限公司", "Gufen Youxian Gongsi"), ("集团有限公司", "Jituan Youxian Gongsi"),
            ("有限公司", "Youxian Gongsi"), ("集团公司", "Jituan Gongsi"), ("集团", "Jituan"), ("公司", "Gongsi"))


#: leading places written as one word, longest first (set by :func:`main` from the divisions table)
PLACES: tuple[str, ...] = ()
#: also write every name with its syllables apart (``--syllables-apart``)
APART = False


def _words(run: list[str]) -> list[str]:
    """Single characters that pypinyin's phrase list does not join, written in words of two syllables,
    an odd run starting with a word of three (东方红 卫星, 中科大 讯飞: "Dongfanghong Weixing")."""
    head = 3 if len(run) % 2 and len(run) >= 3 else 0
    out = ["".join(run[:head])] if head else []
    return out + ["".join(run[i:i + 2]) for i in range(head, len(run), 2)]


def pinyin(name: str) -> str:
    """Pinyin as companies write it (``Hangzhou Haikang Weishi Shuzi Jishu Gufen Youxian Gongsi``):
    the legal form as usual; a leading province or city as one word, with its 市 or 省 joined
    (``Xiamenshi``); the rest in words: pypinyin's phrases, and single characters in words of two
    syllables (three for the first of an odd run; see :func:`_words`)."""
    from pypinyin import lazy_pinyin
    from pypinyin.seg.mmseg import seg

    tail = ""
    for han, latin in SUFFIXES:
        if name.endswith(han):
            name, tail = name[: -len(han)], latin
            break
    words: list[str] = []
    place = next((p for p in PLACES if name.startswith(p) and len(name) > len(p)), "")
    if place:
        name = name[len(place):]
        if name[:1] in ("市", "省"):
            place, name = place + name[0], name[1:]
        words.append("".join(lazy_pinyin(place)))
    single: list[str] = []
    for part in seg.cut(name):
        syllables = [x for x in lazy_pinyin(part) if x.strip() and not HAN.search(x)]
        if len(syllables) == 1 and HAN.search(part):
            single.append(syllables[0])
            continue
        words += _words(single)
        single = []
        words.append("".join(syllables))
    words += _words(single)
    return " ".join([*(w.capitalize() for w in words if w.strip("()（） ")), *([tail] if tail else [])])


def syllables_apart(name: str) -> str:
    """The name's pinyin with every syllable written apart, as shipping and customs records often
    write it (``Zhong Xing Tong Xun Gu Fen You Xian Gong Si``)."""
    from pypinyin import lazy_pinyin

    return " ".join(s.capitalize() for s in lazy_pinyin(name) if s.isascii() and s.isalpha())


def positives(curated: Path, prefixes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    import yaml

    d = yaml.safe_load(curated.read_text(encoding="utf-8"))
    listed = {x["entity"] for x in d["listings"]}
    out: list[tuple[str, str, str]] = []
    for e in d["entities"]:
        if e["id"] not in listed:
            continue
        for name in dict.fromkeys(n for n in e["names"] + (e.get("aliases") or []) if HAN.search(n)):
            forms = {"han": name}
            bare = next((name[len(p):] for p in prefixes if name.startswith(p) and len(name) - len(p) >= 4), None)
            if bare:
                forms["han, no place"] = bare
            for kind, form in list(forms.items()):
                forms[kind.replace("han", "pinyin")] = pinyin(form)
            if APART:
                forms["pinyin, syllables apart"] = syllables_apart(name)
            if traditional(name) != name:  # as a Hong Kong or Taiwan filing writes it
                forms["han, traditional"] = traditional(name)
            out.extend((kind, form, f"curated:{e['id']}") for kind, form in forms.items() if form)
    return out


def traditional(name: str) -> str:
    """``name`` in traditional characters (OpenCC's simplified-to-traditional table)."""
    from opencc import OpenCC

    return str(OpenCC("s2t").convert(name))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--syllables-apart", action="store_true",
                    help="also every name with its syllables written apart (Zhong Xing Tong Xun), reported apart")
    args = ap.parse_args(argv)

    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.matching.match import Index, Query
    from behind.sources.registry import SOURCES, data_path
    from behind.store.sqlite import Store
    from behind.text.divisions import units

    prefixes = tuple(sorted({u.name for u in units().values() if u.level in ("province", "prefecture")}
                            | {u.name[:-1] for u in units().values() if u.level in ("province", "prefecture")
                               and u.name.endswith(("省", "市"))}, key=len, reverse=True))
    global PLACES, APART
    APART = args.syllables_apart
    roots = {re.sub(r"(壮族|回族|维吾尔)?(自治区|省|市)$", "", u.name) for u in units().values() if u.level == "province"}
    PLACES = tuple(sorted(set(prefixes) | {r for r in roots if len(r) >= 2}, key=len, reverse=True))
    cases = positives(data_path("curated/ecosystem.yaml"), prefixes)
    negatives = []
    for row in csv.DictReader((HERE / "chinese_negatives.csv").open(encoding="utf-8")):
        negatives += [("han negative", row["name"], ""), ("pinyin negative", pinyin(row["name"]), "")]
        negatives += [("han negative, traditional", traditional(row["name"]), "")] \
            if traditional(row["name"]) != row["name"] else []
        negatives += [("pinyin negative, syllables apart", syllables_apart(row["name"]), "")] if APART else []
    with tempfile.TemporaryDirectory(prefix="behind-zh-") as tmp, \
            Store(Settings(data_dir=Path(tmp)).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        index = Index.from_store(store)
        found: dict[str, list[int]] = {}
        for kind, name, expect in cases + negatives:
            hits = [m.entity.key for m in index.search(Query(name=name))]
            ok = (expect in hits) if expect else not hits
            found.setdefault(kind, []).append(ok)
            if args.misses and not ok:
                print(f"MISS {kind:<18} {name!r} expect {expect or 'no hit'}; got {hits[:3]}", file=sys.stderr)
    for kind, oks in sorted(found.items()):
        print(f"{kind:<20} {sum(oks):>4}/{len(oks):<4} as expected ({sum(oks) / len(oks):.3f})")
    for label, extra in (("found", ""), ("traditional characters: found", "traditional"),
                         ("syllables apart: found", "apart")):  # the last with --syllables-apart
        def mine(kind: str) -> bool:
            return extra in kind if extra else not ("apart" in kind or "traditional" in kind)
        pos = [ok for k, v in found.items() if "negative" not in k and mine(k) for ok in v]
        neg = [not ok for k, v in found.items() if "negative" in k and mine(k) for ok in v]
        if pos:
            print(f"{label} {sum(pos)}/{len(pos)} ({sum(pos) / len(pos):.3f}); negatives alerted {sum(neg)}/{len(neg)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
