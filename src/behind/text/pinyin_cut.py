"""Pinyin read whatever word boundaries its writer chose (cut again along known words).

People write the same Chinese name in pinyin with different word boundaries: 科大讯飞 is
"Keda Xunfei", "Kedaxunfei" or "Ke Da Xun Fei"; 厦门市 is "Xiamenshi" or "Xiamen Shi";
新疆维吾尔自治区 is "Xinjiangweiwuerzizhiqu". Matching word by word misses them, so a name whose
words are all made of pinyin syllables is cut again (:func:`resegment`): its letters are split into
the fewest pieces, each a known word (a dictionary word or a word of a listed Han-script name,
see :func:`han_pinyin_words`), one of the writer's own words, or a single syllable. Known words are
then rendered as their Han-script original is (信息 ``xinxi`` -> information).

Ordinary English words that happen to be pinyin ("Long", "Men", "Chang", "Bin") are kept from
making new matches: a name is only cut again when at least one known word of two syllables or more
crosses or splits the writer's word boundaries, and the new reading must still score as a whole
name against a listed one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from behind import resources
from behind.text.chinese import MAX_VARIANTS, han_words, pinyin_words
from behind.text.fold import normalize_name
from behind.text.legal_forms import strip_legal_forms
from behind.text.pinyin import joined_pinyin, lazy_pinyin
from behind.text.tokens import tokens_of

#: letters beyond which a name is not cut again (cost stays linear in practice, but bounded anyway)
MAX_LETTERS = 80
#: cost of a piece: a known word 1; the writer's own word or a lone syllable 1 or 0.7, plus 0.1 a letter,
#: so known words win where they cover the letters, and an unknown word is not split into syllables
#: legal forms in pinyin, longest first, set aside when written in syllables apart
_PINYIN_LEGAL_FORMS = ("gufenyouxiangongsi", "youxianzerengongsi", "youxiangongsi", "gongsi")
_WORD_COST, _SYLLABLE_COST, _LETTER_COST = 1.0, 0.7, 0.1
#: syllables a name written as one word needs to be read along known words (中兴 "Zhongxing", two, is not)
MIN_ALONE = 3
#: endings that make a pinyin name a company's: its legal form, or 股份 ("shares") that ends an exchange's
#: short name (伊利股份 "Yili Gufen")
_COMPANY_ENDINGS = (*_PINYIN_LEGAL_FORMS[:3], "gufen")


def table_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, computed from pypinyin's readings of the CJK Unified Ideographs
    (what ``resources/pinyin_syllables.txt`` keeps: ``python -m behind.text.pinyin_cut > src/behind/resources/pinyin_syllables.txt``)."""
    return frozenset(s for s in lazy_pinyin("".join(chr(c) for c in range(0x4E00, 0xA000))) if s.isascii()
                     and s.isalpha())


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (about 400), from the kept table (no pypinyin import)."""
    return frozenset(resources.load_lines("pinyin_syllables"))


@lru_cache(maxsize=1)
def _syllable_run() -> re.Pattern[str]:
    alternatives = "|".join(sorted(syllables(), key=len, reverse=True))
    return re.compile(f"(?:{alternatives})+")


@lru_cache(maxsize=100_000)
def is_pinyin(word: str) -> bool:
    """True when ``word`` is wholly made of pinyin syllables (``xunfei``, ``long``; not ``apple``)."""
    return len(word) <= MAX_LETTERS and _syllable_run().fullmatch(word) is not None


def syllable_count(word: str) -> int:
    """How many pinyin syllables ``word`` is made of (the fewest), or 0 when it is not wholly pinyin."""
    table = syllables()
    best = [0] + [0] * len(word)
    for i in range(1, len(word) + 1):
        counts = [best[j] + 1 for j in range(max(0, i - 6), i) if (j == 0 or best[j]) and word[j:i] in table]
        best[i] = min(counts) if counts else 0
    return best[len(word)] if word else 0


def han_pinyin_words(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Known pinyin words: the business and place words of the dictionary, and the words of the given
    Han-script names (trade names such as 大疆 ``dajiang``), each with its renderings."""
    out = dict(pinyin_words())

    def add(piece: str, renderings: Iterable[str]) -> None:
        key = joined_pinyin(piece)
        if key.isascii() and key.isalpha():
            out[key] = tuple(dict.fromkeys([*out.get(key, ()), *(r for r in renderings if r)]))

    for name in names:
        words = han_words(name)
        for piece, renderings in words:
            if len(piece) >= 2:
                add(piece, renderings)
        # a one-character word is written joined to its neighbour (工程局 "gongchengju", 核建 "hejian"):
        # the pair is a known word, rendered as the two words are
        for (left, lr), (right, rr) in zip(words, words[1:]):
            if (len(left) == 1 or len(right) == 1) and lr[:1] and rr[:1] and (lr[0] != joined_pinyin(left)
                                                                             or rr[0] != joined_pinyin(right)):
                add(left + right, [f"{lr[0]} {rr[0]}"])
    return out


def _cut(letters: str, own: frozenset[str], known: dict[str, tuple[str, ...]],
         starts: frozenset[int] = frozenset()) -> list[str] | None:
    """The fewest-cost pieces of ``letters`` (known words, the writer's words, single syllables). As in
    pinyin spelling, a syllable that begins with a, e or o inside a written word starts no piece
    (``jiang`` is never ``ji ang``; ``xian`` may be ``xi an``)."""
    n = len(letters)
    table = syllables()
    longest = max(24, max((len(w) for w in own), default=0))
    best: list[tuple[float, int] | None] = [(0.0, 0)] + [None] * n
    for i in range(1, n + 1):
        for j in range(max(0, i - longest), i):
            prev = best[j]
            if prev is None or (letters[j] in "aeo" and j not in starts):
                continue
            piece = letters[j:i]
            cost = (_WORD_COST if piece in known else _WORD_COST + _LETTER_COST * len(piece) if piece in own
                    else _SYLLABLE_COST + _LETTER_COST * len(piece) if piece in table else None)
            if cost is not None and (best[i] is None or prev[0] + cost < best[i][0]):  # type: ignore[index]
                best[i] = (prev[0] + cost, j)
    if best[n] is None:
        return None
    pieces, i = [], n
    while i:
        j = best[i][1]  # type: ignore[index]
        pieces.append(letters[j:i])
        i = j
    return pieces[::-1]


def pinyin_legal_form(normalized: str) -> bool:
    """True when a pinyin name ends with a legal form, in words or syllables apart (``... gu fen you xian
    gong si``), or with 股份 (``Yi Li Gu Fen``): it names a company, never a person."""
    words = normalized.split()
    letters = "".join(words[-6:])
    return len(words) >= 2 and letters.endswith(_COMPANY_ENDINGS) and all(is_pinyin(w) for w in words[-6:])


def _reads_anew(piece: str, known: dict[str, tuple[str, ...]], core: list[str], alone: bool) -> bool:
    """Does this piece of a cut change the reading? A known word of two syllables or more that is not one
    of the writer's words, or that is two of a listed name's words joined, one of them translated ("hejian":
    核建). A name written as one word is read anew only where a known word renders it otherwise (京东方
    "Jingdongfang", 中广核 "Zhongguanghe" CGN; never 中兴 "Zhongxing", a word many companies use)."""
    if piece not in known or syllable_count(piece) < 2:
        return False
    renderings = known[piece]
    if alone:
        return any(r != piece for r in renderings)
    return piece not in core or any(" " in r for r in renderings)


def resegment(normalized: str, known: dict[str, tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Renderings of a pinyin name cut again along known words; empty when the name is not wholly
    pinyin, has fewer than two words (save one word of :data:`MIN_ALONE` syllables or more that a known
    word renders otherwise), or no known word of two syllables changes its boundaries."""
    words = normalized.split()
    other = sum(1 for w in words if not is_pinyin(w))
    alone = len(words) == 1 and not other and syllable_count(words[0]) >= MIN_ALONE
    if not alone and (len(words) - other < 2 or other > 3):  # two pinyin words at least, at most a legal form
        return ()
    # a name all in syllables keeps every word: a legal form that is also a syllable is one there (制造
    # "zhi zao", not the Russian ZAO); its legal form in pinyin is cut below
    keep = range(len(words)) if not other else strip_legal_forms(words)[0]
    core = [words[i] for i in keep]
    letters = "".join(core)
    if not core or len(letters) > MAX_LETTERS or not all(is_pinyin(w) for w in core):
        return ()
    for form in _PINYIN_LEGAL_FORMS:  # a legal form written in syllables apart (you xian gong si)
        if letters.endswith(form) and len(letters) > len(form):
            letters = letters[: -len(form)]
            break
    starts = frozenset(itertools.accumulate(len(w) for w in core[:-1])) | {0}
    pieces = _cut(letters, frozenset(core), known, starts)
    if not pieces:
        return ()
    if not any(_reads_anew(p, known, core, alone) for p in pieces):
        return ()
    options = [known.get(p, (p,)) for p in pieces]
    variants: list[tuple[str, ...]] = []
    for combo in itertools.islice(itertools.product(*options), MAX_VARIANTS):
        toks = tokens_of(normalize_name(" ".join(combo)))
        if toks and toks not in variants:
            variants.append(toks)
    return tuple(variants)


__all__ = ["MAX_LETTERS", "MIN_ALONE", "han_pinyin_words", "is_pinyin", "pinyin_legal_form", "resegment", "syllable_count",
           "syllables", "table_syllables"]


if __name__ == "__main__":
    print("\n".join(sorted(table_syllables())))
