#!/usr/bin/env python3
"""Regenerate ``src/behind/resources/name_groups.txt``: forms of one person's name, from rigour.

usage: python bench/name_groups.py [--out src/behind/resources/name_groups.txt]

rigour (OpenSanctions' maintained name library) tags each word of a person's name with the name
groups it belongs to: Wikidata given-name and family-name items, nicknames and name particles,
so ``muhammad``, ``mohamed`` and ``mohammed`` share one group. Loading rigour's tagger takes
seconds, too long for every ``behind search``; so this script asks it once, for a vocabulary of
person-name words, and writes the groups as data: one line per group, its forms separated by
spaces. The vocabulary is every word of a person's name on the bundled lists (OFAC SDN and
consolidated, UN, CSL, DPL), the US Census 1990 first names and the 20,000 most common
surnames (the ``names`` package), and spelling variants of those words that rigour confirms
(another vowel, a doubled or single consonant, ``-iy``/``-i``/``-y``, ``kh``/``h``, ``ou``/``u``...).
Only groups with two or more forms in the vocabulary are written.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "src" / "behind" / "resources" / "name_groups.txt"
_VOWELS = "aeiou"
_SWAPS = (("kh", "h"), ("h", "kh"), ("ou", "u"), ("u", "ou"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("f", "ph"),
          ("j", "dj"), ("dj", "j"), ("y", "i"), ("i", "y"), ("iy", "i"), ("iy", "y"), ("ii", "i"), ("w", "v"),
          ("v", "w"), ("ks", "x"), ("x", "ks"), ("q", "k"), ("k", "q"), ("c", "k"), ("k", "c"), ("sh", "ch"),
          ("ch", "sh"), ("ch", "tch"), ("zh", "j"), ("j", "zh"), ("ie", "i"), ("ei", "ey"), ("ey", "ei"),
          ("ai", "ay"), ("ay", "ai"), ("ah", "a"), ("a", "ah"), ("el", "al"), ("al", "el"), ("ul", "al"))


def list_vocabulary(data_dir: Path) -> set[str]:
    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store
    from behind.text import normalize_name

    words: set[str] = set()
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        for e in store.entities():
            if e.schema == "Person":
                for name in e.all_names():
                    words.update(w for w in normalize_name(name).split() if w.isalpha() and len(w) >= 2)
    return words


def census_vocabulary(last_names: int = 20_000) -> set[str]:
    import names  # the US Census 1990 name files
    folder = Path(names.__file__).parent
    words: set[str] = set()
    for file, limit in (("dist.male.first", None), ("dist.female.first", None), ("dist.all.last", last_names)):
        lines = (folder / file).read_text(encoding="ascii").splitlines()
        words.update(line.split()[0].lower() for line in lines[:limit] if line.strip())
    return words


def variants(word: str) -> set[str]:
    """Spellings one step from ``word``: another vowel, a consonant doubled or single, a swap."""
    out: set[str] = set()
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            out.update(word[:i] + v + word[i + 1:] for v in _VOWELS if v != ch)
        elif i + 1 < len(word) and word[i + 1] == ch:
            out.add(word[:i] + word[i + 1:])
        elif ch.isalpha():
            out.add(word[:i] + ch + word[i:])
    for a, b in _SWAPS:
        for m in re.finditer(re.escape(a), word):
            out.add(word[:m.start()] + b + word[m.end():])
    out.discard(word)
    return {w for w in out if len(w) >= 2}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    from rigour.names import NameTypeTag, analyze_names
    from importlib.metadata import version

    def symbols(word: str) -> set[str]:
        out = set()
        for name in analyze_names(NameTypeTag.PER, [word], phonetics=False, numerics=False, rewrite=False):
            for span in name.spans:
                cat = span.symbol.category.value
                if len(span.parts) == 1 and cat in ("NAME", "NICK"):
                    out.add(f"{cat}:{span.symbol.id}")
        return out

    t0 = time.time()
    base = list_vocabulary(Path(tempfile.mkdtemp(prefix="behind-groups-"))) | census_vocabulary()
    print(f"{len(base):,} words from the lists and the census", file=sys.stderr)
    groups: dict[str, set[str]] = defaultdict(set)
    tagged: dict[str, set[str]] = {}
    for word in sorted(base):
        tagged[word] = symbols(word)
        for s in tagged[word]:
            groups[s].add(word)
    confirmed = 0
    for word in sorted(base):
        mine = tagged[word]
        if not mine:
            continue
        for v in sorted(variants(word)):
            if v in tagged:
                continue
            theirs = symbols(v)
            if theirs & mine:
                confirmed += 1
                tagged[v] = theirs
                for s in theirs & mine:
                    groups[s].add(v)
    print(f"{confirmed:,} variant spellings confirmed; {time.time() - t0:.0f} s", file=sys.stderr)
    lines = sorted({("nick: " if symbol.startswith("NICK:") else "") + " ".join(sorted(forms))
                    for symbol, forms in groups.items() if len(forms) >= 2})
    header = [
        "# Forms of one person's name: one group per line, its forms separated by spaces; a line that",
        "# begins 'nick:' is a given name and its nicknames (theodore, ted, teddy).",
        f"# Generated by bench/name_groups.py from rigour {version('rigour')}"
        " (OpenSanctions; Wikidata given-name and family-name items, nicknames),",
        "# over the person-name words of the bundled lists, the US Census 1990 first names and most common",
        "# surnames, and the spelling variants of those words that rigour confirms. Do not edit by hand.",
    ]
    args.out.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(lines):,} groups written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
