#!/usr/bin/env python3
"""Build ``src/behind/data/reference/ordinary_words.tsv``: the ordinary words of English.

usage: python scripts/build_ordinary_words.py [--min-zipf 3.5] [--min-margin 0.5] [--out FILE]

A listed name's word that is an ordinary dictionary word (``mine``, ``globe``, ``seasons``,
``torch``) is not evidence that another company using it is an affiliate: Mine Site Technologies is
not a unit of the Bank of Industry and Mine. The words are measured with the ``wordfreq`` package
(install the ``build`` extra; it is not needed at run time): a word is ordinary when its Zipf
frequency in English is at least ``MIN_ZIPF`` (about once in 300,000 words of text) and it is at
least ``MIN_MARGIN`` more frequent in English than the median of Spanish, French, German,
Portuguese and Italian. The margin tells a word of the language from a name: a brand or a person's
name is written alike and used about as often in every language (``huawei``: 3.3 in English, 3.4 to
3.8 in the others; ``leon``, ``emma``), an English word is not (``seasons``: 4.5, the others 3.0 at
most). English only: in French ``smic`` (the minimum wage) and ``autel`` (altar) are ordinary words,
and they are the listed SMIC's and Autel Robotics' names. Words are folded as the matcher folds
them; only words of at least three letters are kept.

wordfreq's code is Apache-2.0 and its data CC BY-SA 4.0 (https://github.com/rspeer/wordfreq/); the
table, derived from that data, is CC BY-SA 4.0 with the attribution given in the data README.
"""

from __future__ import annotations

import sys
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from behind.text.fold import normalize_name  # noqa: E402

OUT = ROOT / "src" / "behind" / "data" / "reference" / "ordinary_words.tsv"
#: Zipf frequency in English at or above which a word is ordinary
MIN_ZIPF = 3.5
#: and how much more frequent in English than the median of the other languages
MIN_MARGIN = 0.5
OTHERS = ("es", "fr", "de", "pt", "it")
MIN_LENGTH = 3


def ordinary_words(min_zipf: float = MIN_ZIPF, min_margin: float = MIN_MARGIN) -> list[tuple[str, float, float]]:
    """(folded word, Zipf frequency in English, median Zipf frequency in the other languages)."""
    from wordfreq import top_n_list, zipf_frequency

    best: dict[str, tuple[float, float]] = {}
    for word in top_n_list("en", 100_000):
        en = zipf_frequency(word, "en")
        if en < min_zipf:
            break
        folded = normalize_name(word)
        if len(folded) < MIN_LENGTH or not folded.isalpha():
            continue
        other = median(zipf_frequency(word, lang) for lang in OTHERS)
        if en - other >= min_margin and folded not in best:
            best[folded] = (en, other)
    return sorted(((w, en, other) for w, (en, other) in best.items()), key=lambda x: (-x[1], x[0]))


def main(argv: list[str]) -> int:
    import argparse

    from importlib.metadata import version

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-zipf", type=float, default=MIN_ZIPF)
    ap.add_argument("--min-margin", type=float, default=MIN_MARGIN)
    args = ap.parse_args(argv[1:])
    rows = ordinary_words(args.min_zipf, args.min_margin)
    lines = [
        "# Ordinary words of English: Zipf frequency in English at least "
        f"{args.min_zipf}, and at least {args.min_margin} above the",
        f"# median of {', '.join(OTHERS)} (a name is used alike in every language, a word of English is not).",
        f"# wordfreq {version('wordfreq')} (https://github.com/rspeer/wordfreq/): "
        "code Apache-2.0, data CC BY-SA 4.0;",
        "# this table is derived from its data and shared under CC BY-SA 4.0. wordfreq's sources include",
        "# Wikipedia, Google Books Ngram Viewer, OpenSubtitles and the SUBTLEX lists (Marc Brysbaert et al.),",
        "# credited in src/behind/data/README.md.",
        "# built by scripts/build_ordinary_words.py",
        "# columns: word (folded), Zipf frequency in English, median Zipf frequency in the other languages",
    ]
    lines += [f"{w}\t{en:.2f}\t{other:.2f}" for w, en, other in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} ordinary words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
