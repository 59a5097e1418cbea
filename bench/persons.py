#!/usr/bin/env python3
"""The person-name benchmark: people's names as users type them, Behind and the peer side by side.

usage:
  python bench/persons.py build [--out bench/persons.jsonl] [--seed 10]
  python bench/persons.py run [--queries bench/persons.jsonl] [--no-peer] [--peer-sample N] [--out DIR]

``build`` makes the query set from the bundled lists (OFAC SDN individuals, UN individuals):

- ``partial``: the first given name and the first surname, as a person types them
  (``MADURO MOROS, Nicolas`` -> ``Nicolas Maduro``), for names of three words or more;
- ``transliteration``: the full name with one or more words spelt as another romanisation
  spells them (Muhammad/Mohamed, Aleksandr/Alexander, Sergey/Sergei, Abdul/Abd al, -iy/-y...,
  the rules in :data:`RULES`);
- ``other_script``: the name in another script: the UN list's own original-script names
  (Arabic, mostly), and SDN names written in Greek, Arabic, Hebrew, Thai, Hangul and Katakana
  as a person transcribes a foreign name there (``script_writer.py``: by sound, with each
  script's own conventions; ICU's Latin-to-script transforms, used before, spell letter for
  letter as nobody writes), and in Cyrillic by ICU's BGN/PCGN transform (PyICU). Both matchers see
  the lists without their original-script aliases, so such a query must be romanised to meet
  the Latin forms;
- ``person_negative``: common names (US Census 1990 first names and surnames, the ``names``
  package), half of them sharing one name with a listed person (a listed given name with a
  common surname, or a common first name with a listed surname). A negative that names a
  subset of a listed person's names is left out: it would be a partial name of that person.

Each positive expects its own record. ``run`` answers every query with Behind (default
threshold) and the peer (nomenklatura ``logic-v2``, as in ``bench/run.py``) on the same lists,
and prints found rates by variant and false alerts per 1,000 negatives (a hit on any list
counts).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from script_writer import write  # noqa: E402

#: one romanisation's spelling -> another's, applied to whole words (the second form is written)
RULES: tuple[tuple[str, str], ...] = (
    ("muhammad", "mohamed"), ("mohammad", "muhammad"), ("mohammed", "mohamad"), ("mohamed", "mohammed"),
    ("muhammed", "mohammad"), ("ahmad", "ahmed"), ("ahmed", "ahmad"), ("hassan", "hasan"), ("hasan", "hassan"),
    ("hussein", "husayn"), ("husayn", "hussein"), ("husain", "hussain"), ("hussain", "husain"),
    ("abdul", "abd al"), ("abdel", "abdul"), ("abdullah", "abdallah"), ("abdallah", "abdullah"),
    ("yusuf", "youssef"), ("yousef", "yusuf"), ("youssef", "yusif"), ("osama", "usama"), ("usama", "osama"),
    ("omar", "umar"), ("umar", "omar"), ("mahmoud", "mahmud"), ("mahmud", "mahmood"), ("khalid", "khaled"),
    ("khaled", "khalid"), ("said", "saeed"), ("saeed", "said"), ("ali", "aly"), ("hamid", "hamed"),
    ("aleksandr", "alexander"), ("alexander", "aleksandr"), ("aleksey", "alexei"), ("alexey", "aleksei"),
    ("sergey", "sergei"), ("sergei", "sergey"), ("dmitriy", "dmitry"), ("dmitry", "dmitri"),
    ("yuriy", "yuri"), ("yuri", "yury"), ("andrey", "andrei"), ("andrei", "andrey"), ("nikolay", "nikolai"),
    ("evgeniy", "yevgeny"), ("yevgeniy", "evgeny"), ("mikhail", "michail"), ("valeriy", "valery"),
    ("vitaliy", "vitaly"), ("anatoliy", "anatoly"), ("grigoriy", "grigory"), ("vasiliy", "vasily"),
)
SUFFIX_RULES: tuple[tuple[str, str], ...] = (("iy", "y"), ("yevich", "evich"), ("iyevich", "ievich"),
                                             ("ov", "off"), ("ovich", "ovitch"))
#: ICU transforms from Latin to another script, and whether to drop the vowel signs it writes
#: (none: written by sound, as a person writes a foreign name there: ``script_writer.py``; ICU's
#: Latin-Greek, -Hebrew, -Arabic, -Thai, -Hangul and -Katakana transforms spell letter for letter,
#: as nobody writes)
SCRIPTS: tuple[tuple[str, str | None, bool], ...] = (
    ("cyrillic", "Latin-Russian/BGN", False), ("greek", None, False),
    ("arabic", None, False), ("hebrew", None, False), ("hangul", None, False),
    ("katakana", None, False), ("thai", None, False),
)


def load_entities(data_dir: Path) -> list:
    from behind.config import Settings
    from behind.ingest.update import load_bundled
    from behind.sources.registry import SOURCES
    from behind.store.sqlite import Store
    with Store(Settings(data_dir=data_dir).store_path) as store:
        for spec in SOURCES.values():
            load_bundled(store, spec)
        return list(store.entities())


def without_original_script(entities: list) -> list:
    """The entities without their original-script aliases (so a query in another script must be romanised)."""
    from dataclasses import replace
    return [replace(e, aliases=[a for a in e.aliases if a.kind != "original"]) for e in entities]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text) if w]


#: particles a surname may begin with; a person types them with the word they introduce
PARTICLES = {"al", "el", "ad", "as", "ash", "at", "ar", "az", "bin", "ben", "ibn", "de", "del", "la", "da", "di",
             "van", "von", "du", "dos", "das"}


def partial_name(name: str) -> str | None:
    """``MADURO MOROS, Nicolas`` -> ``Nicolas Maduro``: first given name, first surname (with the
    particle that begins it: ``AL HOUTHI, Abdul Malik`` -> ``Abdul al-Houthi``)."""
    if "," not in name:
        return None
    surnames, given = name.split(",", 1)
    s, g = _words(surnames), _words(given)
    if not s or not g or len(s) + len(g) < 3:
        return None
    surname = s[0].title()
    if s[0].lower() in PARTICLES and len(s) > 1:
        if len(s) + len(g) < 4:
            return None
        sep = "-" if s[0].lower() in ("al", "el") else " "
        surname = f"{s[0].lower()}{sep}{s[1].title()}"
    return f"{g[0].title()} {surname}"


def transliterate_variant(name: str, rng: random.Random) -> str | None:
    words = _words(name.replace(",", " , "))
    out, changed = [], False
    table = dict(RULES)
    for w in words:
        low = w.lower()
        new = table.get(low)
        if new is None:
            for suffix, repl in SUFFIX_RULES:
                if low.endswith(suffix) and len(low) > len(suffix) + 3 and rng.random() < 0.5:
                    new = low[: -len(suffix)] + repl
                    break
        if new is not None and new != low:
            out.append(new.title() if w[:1].isupper() else new)
            changed = True
        else:
            out.append(w)
    return " ".join(out).replace(" , ", ", ") if changed else None


#: a Latin h that is no part of a digraph: BGN/PCGN has no letter for it (it romanises х as kh),
#: so the reverse transform leaves it Latin ("Hернандез"); Russian writes it х
_LONE_H = re.compile(r"(?<![kszcgtdp])h", re.I)


def to_script(name: str, transform, drop_marks: bool, cyrillic: bool = False) -> str:
    if cyrillic:
        name = _LONE_H.sub(lambda m: "kh" if m.group(0) == "h" else "Kh", name)
    text = " ".join(transform.transliterate(w) for w in name.replace(",", " ").title().split())
    if drop_marks:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text)


def census(limit_last: int = 2000) -> tuple[list[str], list[str]]:
    import names
    folder = Path(names.__file__).parent
    first = [ln.split()[0].title() for f in ("dist.male.first", "dist.female.first")
             for ln in (folder / f).read_text().splitlines()[:600]]
    last = [ln.split()[0].title() for ln in (folder / "dist.all.last").read_text().splitlines()[:limit_last]]
    return first, last


def build(args: argparse.Namespace) -> None:
    import icu

    from behind.text import normalize_name
    rng = random.Random(args.seed)
    entities = load_entities(Path(tempfile.mkdtemp(prefix="behind-persons-")))
    people = [e for e in entities if e.schema == "Person" and e.source in ("us_ofac_sdn", "un_sc")]
    rng.shuffle(people)
    queries: list[dict] = []

    def add(name: str, variant: str, expect: list[str], **extra: str) -> None:
        queries.append({"id": f"p{len(queries):06d}", "name": name, "schema": "Person", "variant": variant,
                        "expect": expect, **extra})

    sdn = [e for e in people if e.source == "us_ofac_sdn"]
    n = 0
    for e in sdn:
        q = partial_name(e.name)
        if q and n < args.partial:
            add(q, "partial", [f"{e.source}:{e.source_id}"], listed=e.name)
            n += 1
    n = 0
    for e in people:
        q = transliterate_variant(e.name, rng)
        if q and normalize_name(q) not in {normalize_name(x) for x in e.all_names()} and n < args.translit:
            add(q, "transliteration", [f"{e.source}:{e.source_id}"], listed=e.name)
            n += 1
    originals = [(e, a.name) for e in people if e.source == "un_sc" for a in e.aliases if a.kind == "original"]
    for e, name in originals[: args.original]:
        add(name, "other_script", [f"{e.source}:{e.source_id}"], listed=e.name, script="original")
    transforms = [(label, icu.Transliterator.createInstance(tid) if tid else None, marks)
                  for label, tid, marks in SCRIPTS]
    picks = [e for e in sdn if "," in e.name and 2 <= len(_words(e.name)) <= 4]
    for k, e in enumerate(picks[: args.per_script * len(transforms)]):
        label, transform, marks = transforms[k % len(transforms)]
        text = write(e.name, label) if transform is None else to_script(e.name, transform, marks, label == "cyrillic")
        add(text, "other_script", [f"{e.source}:{e.source_id}"], listed=e.name, script=label)
    # negatives: common names, half sharing one name with a listed person
    first, last = census()
    listed_sets = [frozenset(normalize_name(x).split()) for e in entities if e.schema == "Person"
                   for x in e.all_names()]
    by_word: dict[str, list[frozenset[str]]] = defaultdict(list)
    for s in listed_sets:
        for w in s:
            by_word[w].append(s)
    given = [_words(e.name.split(",", 1)[1])[0].title() for e in sdn if "," in e.name and _words(e.name.split(",", 1)[1])]
    surnames = [_words(e.name.split(",", 1)[0])[0].title() for e in sdn if "," in e.name]
    seen: set[str] = set()
    while sum(1 for q in queries if q["variant"] == "person_negative") < args.negatives:
        kind = rng.random()
        if kind < 0.5:
            name = f"{rng.choice(first)} {rng.choice(last)}"
        elif kind < 0.75:
            name = f"{rng.choice(given)} {rng.choice(last)}"
        else:
            name = f"{rng.choice(first)} {rng.choice(surnames)}"
        words = frozenset(normalize_name(name).split())
        if name in seen or len(words) < 2 or any(words <= s for w in words for s in by_word.get(w, ())):
            continue
        seen.add(name)
        add(name, "person_negative", [])
    with args.out.open("w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for q in queries:
        counts[q["variant"]] += 1
    print(f"{len(queries)} queries written to {args.out}: {dict(counts)}")


def answer_ours(queries: list[dict], entities: list, out: Path) -> dict:
    from behind.matching.match import Index, Query
    t0 = time.perf_counter()
    index = Index(entities)
    t1 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for q in queries:
            hits = index.search(Query(name=q["name"], schema=q.get("schema"), birth_date=q.get("birth_date")))
            fh.write(json.dumps({"id": q["id"], "hits": [
                {"source": h.entity.source, "source_id": h.entity.source_id, "score": h.score} for h in hits]}) + "\n")
    return {"index_s": t1 - t0, "qps": len(queries) / (time.perf_counter() - t1)}


def score(queries: list[dict], results: Path) -> dict:
    answers = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        answers[r["id"]] = [f"{h['source']}:{h['source_id']}" for h in r["hits"]]
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    for q in queries:
        keys = answers.get(q["id"], [])
        s = stats[q["variant"]]
        s[0] += 1
        if q["expect"]:
            if set(keys) & set(q["expect"]):
                s[1] += 1
            else:
                misses.append(q)
            s[2] += bool(keys) and keys[0] in q["expect"]
        elif keys:
            s[1] += 1
            misses.append(q)
    return {"stats": dict(stats), "misses": misses}


def run(args: argparse.Namespace) -> None:
    from run import run_peer
    queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = args.out or Path(tempfile.mkdtemp(prefix="behind-persons-run-"))
    out.mkdir(parents=True, exist_ok=True)
    data_dir = out / "data"
    entities = without_original_script(load_entities(data_dir))
    ours = answer_ours(queries, entities, out / "behind.jsonl")
    rows = {"behind": (score(queries, out / "behind.jsonl"), ours)}
    if not args.no_peer:
        sample = queries[:: args.peer_sample] if args.peer_sample else queries
        peer = run_peer(sample, data_dir, out / "peer.jsonl", strip_original=True)
        rows["peer logic-v2"] = (score(sample, out / "peer.jsonl"), peer)
        if args.peer_sample:
            ids = {q["id"] for q in sample}
            lines = [ln for ln in (out / "behind.jsonl").read_text().splitlines() if json.loads(ln)["id"] in ids]
            (out / "behind.sample.jsonl").write_text("\n".join(lines) + "\n")
            rows["behind (same sample)"] = (score(sample, out / "behind.sample.jsonl"), ours)
    names = list(rows)
    variants = sorted({v for r, _ in rows.values() for v in r["stats"]})
    print(f"{'variant':<18}" + "".join(f"{n:>24}" for n in names))
    for v in variants:
        cells = []
        for n in names:
            s = rows[n][0]["stats"].get(v)
            if not s:
                cells.append("-")
            elif "negative" in v:
                cells.append(f"{s[1]}/{s[0]} ({1000 * s[1] / s[0]:.1f}/1000)")
            else:
                cells.append(f"{s[1]}/{s[0]} ({s[1] / s[0]:.3f})")
        print(f"{v:<18}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'queries/s':<18}" + "".join(f"{rows[n][1]['qps']:>24.0f}" for n in names))
    if args.misses:
        for q in rows["behind"][0]["misses"][: args.misses]:
            print("MISS" if q["expect"] else "FALSE", q["variant"], q.get("script", ""), repr(q["name"]),
                  "->", q.get("listed", ""))
    print(f"answers in {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--out", type=Path, default=HERE / "persons.jsonl")
    b.add_argument("--seed", type=int, default=10)
    b.add_argument("--partial", type=int, default=400)
    b.add_argument("--translit", type=int, default=200)
    b.add_argument("--original", type=int, default=150)
    b.add_argument("--per-script", type=int, default=25)
    b.add_argument("--negatives", type=int, default=2000)
    r = sub.add_parser("run")
    r.add_argument("--queries", type=Path, default=HERE / "persons.jsonl")
    r.add_argument("--no-peer", action="store_true")
    r.add_argument("--peer-sample", type=int, default=0)
    r.add_argument("--misses", type=int, default=0, help="print this many of Behind's misses and false alerts")
    r.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    build(args) if args.command == "build" else run(args)


if __name__ == "__main__":
    main()
