"""Chinese company names in Han script or pinyin, rendered so they can meet English list records.

A Han-script name is split into known words by longest match against two
dictionaries (``zh_words.yaml``: business words with their English renderings;
``zh_regions.yaml``: place names), after its legal form (股份有限公司, 有限公司...)
is set aside. Business words become English (科技 -> technology, 电子 ->
electronics); places become their usual romanisation (浙江 -> zhejiang); what no
dictionary knows is a trade name and becomes one pinyin word (大华 -> dahua).

A name written in pinyin ("Fujian Huoju Dianzi Keji Gufen Youxian Gongsi") is
recognised by its pinyin legal form or by several dictionary words, and its
business words are rendered in English the same way.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import lru_cache


from behind import resources
from behind.text.fold import normalize_name
from behind.text.legal_forms import han_legal_forms
from behind.text.pinyin import joined_pinyin, lazy_pinyin
from behind.text.scripts import has_han
from behind.text.tokens import tokens_of

MAX_VARIANTS = 8


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, ...]]:
    words: dict[str, tuple[str, ...]] = {}
    for han, english in resources.load("zh_regions").items():
        words[han] = tuple(e.strip() for e in str(english).split("|"))
    for han, english in resources.load("zh_words").items():
        words[han] = tuple(e.strip() for e in str(english).split("|"))
    return words


@lru_cache(maxsize=1)
def _max_word() -> int:
    return max(len(w) for w in _dictionary())


@lru_cache(maxsize=1)
def region_words() -> frozenset[str]:
    """Romanised place names (single words), weighed lightly in scoring."""
    out: set[str] = set()
    for english in resources.load("zh_regions").values():
        out.update(normalize_name(str(english).replace("|", " ")).split())
    return frozenset(out - {"china", "national"})


@lru_cache(maxsize=1)
def _pinyin_words() -> dict[str, tuple[str, ...]]:
    """pinyin spelling of each dictionary business word -> its English renderings."""
    out: dict[str, tuple[str, ...]] = {}
    for han, english in [*resources.load("zh_words").items(), *resources.load("zh_regions").items()]:
        if len(han) >= 2:  # words that sound alike keep every rendering (中兴 zte, 重型 heavy: zhongxing)
            key = joined_pinyin(han)
            out[key] = tuple(dict.fromkeys([*out.get(key, ()), *(e.strip() for e in str(english).split("|"))]))
    for han, english in resources.load("zh_regions").items():  # written with 市 or 省 joined: Xiamenshi
        if len(han) >= 2 and not han.endswith(("市", "省")):
            for suffix in ("shi", "sheng"):
                out.setdefault(joined_pinyin(han) + suffix, tuple(e.strip() for e in str(english).split("|")))
    return out


def pinyin_words() -> dict[str, tuple[str, ...]]:
    """The pinyin of each dictionary word of two characters or more -> its renderings."""
    return _pinyin_words()


@lru_cache(maxsize=1)
def business_words() -> frozenset[str]:
    """English words the business-word dictionary renders (technology, group, industry...):
    in a name rendered from Chinese they may be missing from the English form."""
    out: set[str] = set()
    for english in resources.load("zh_words").values():
        for alt in str(english).split("|"):
            out.update(tokens_of(normalize_name(alt)))
    return frozenset(out)


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    from opencc import OpenCC  # loaded on first use (about 15 ms)

    convert: Callable[[str], str] = OpenCC("t2s").convert
    return convert


def simplified(text: str) -> str:
    """Han text in simplified characters (OpenCC's traditional-to-simplified table: 溢達紡織 -> 溢达纺织), so
    that a name written in traditional characters (Hong Kong, Taiwan filings) reads as its simplified form."""
    return _t2s()(text)


def _strip_han_legal_form(text: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", lambda m: m.group(0)[1:-1], text)  # (集团) -> 集团
    for form in han_legal_forms():
        if text.endswith(form) and len(text) > len(form):
            return text[: -len(form)]
    return text


def _trade_name(run: str) -> tuple[str, ...]:
    """A run no dictionary knows: a trade name, rendered in pinyin as one word and, for runs of
    two or three characters, also as its initials, as English names often abbreviate them
    (彩虹 -> "caihong" or "ch": Aerospace CH UAV)."""
    syllables = lazy_pinyin(run)
    whole = "".join(syllables)
    if 2 <= len(run) <= 3:
        return (whole, "".join(s[0] for s in syllables if s))
    return (whole,)


def segment(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Split Han text into (segment, renderings): dictionary words, or trade-name runs in pinyin."""
    words = _dictionary()
    out: list[tuple[str, tuple[str, ...]]] = []
    run = ""
    i = 0
    while i < len(text):
        for size in range(min(_max_word(), len(text) - i), 0, -1):
            piece = text[i:i + size]
            if piece in words:
                break
        else:
            piece = ""
        if piece:
            if run:
                out.append((run, _trade_name(run)))
                run = ""
            out.append((piece, words[piece]))
            i += len(piece)
        else:
            if has_han(text[i]):
                run += text[i]
            elif run:
                out.append((run, _trade_name(run)))
                run = ""
            i += 1
    if run:
        out.append((run, _trade_name(run)))
    return out


def glued(segments: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """``segments`` with each one-character dictionary word that touches a trade-name run read as part
    of it: in 新疆中和 the 和 is the trade name's (Zhonghe), not "and". Empty when no such word is found."""
    words = _dictionary()
    out: list[tuple[str, tuple[str, ...]]] = []
    trade: list[bool] = []  # whether each of ``out`` is a trade-name run
    glue = False  # whether the last of ``out`` ends with a glued word (a run after it joins it)
    for piece, renderings in segments:
        run = piece not in words
        single = len(piece) == 1 and not run and any(renderings)
        if (single or (run and glue)) and out and trade[-1]:
            merged = out[-1][0] + piece
            out[-1], glue = (merged, _trade_name(merged)), single
        elif single:  # joins the run after it, if one follows
            out.append((piece, renderings))
            trade.append(False)
            glue = True
        elif run and glue and out:  # a word waiting before this run
            merged = out[-1][0] + piece
            out[-1], trade[-1], glue = (merged, _trade_name(merged)), True, False
        else:
            out.append((piece, renderings))
            trade.append(run)
            glue = False
    return out if len(out) < len(segments) else []


def han_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The words of a Han-script name without its legal form (see :func:`segment`)."""
    return segment(_strip_han_legal_form(simplified(text.strip())))


def _combine(options: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    variants: list[tuple[str, ...]] = []
    for combo in itertools.islice(itertools.product(*options), MAX_VARIANTS):
        toks = tokens_of(normalize_name(" ".join(combo)))
        if toks and toks not in variants:
            variants.append(toks)
    return variants


@lru_cache(maxsize=50_000)
def han_variants(text: str) -> tuple[tuple[str, ...], ...]:
    """Token variants of a Han-script name, the most usual rendering first."""
    segments = han_words(text)
    variants = _combine([r for _, r in segments])
    other = _combine([r for _, r in glued(segments)])  # a one-character word read into a trade name
    if other:  # its usual rendering second, before the default's less usual ones
        variants = [*variants[:1], *(v for v in [*other, *variants[1:]] if v != variants[0])]
    return tuple(dict.fromkeys(variants))[:MAX_VARIANTS]


#: a word of one to three pinyin syllables (``shangtang``, ``zhongxing``; not ``hikvision``)
_PINYIN_WORD = re.compile(r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|"
                          r"ue|ve|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|er|a|o|e|i|u|v)){1,3}$")


@lru_cache(maxsize=50_000)
def pinyin_variants(normalized: str) -> tuple[tuple[str, ...], ...]:
    """English renderings of a name written in pinyin; empty when the name does not look like pinyin."""
    words = normalized.split()
    if len(words) < 2:
        return ()
    table = _pinyin_words()
    legal = {"gongsi", "youxian", "gufen", "zeren"}
    known = sum(1 for w in words if w in table)
    if not (legal & set(words)) and known < 2 and not (known and all(_PINYIN_WORD.match(w) for w in words)):
        return ()  # a short name ("Shangtang Keji") passes when every word is made of pinyin syllables
    # merge two-syllable words written apart ("dian zi") when the merge is a dictionary word
    options: list[tuple[str, ...]] = []
    i = 0
    while i < len(words):
        pair = "".join(words[i:i + 2])
        if i + 1 < len(words) and pair in table:
            options.append(table[pair])
            i += 2
        else:
            options.append(table.get(words[i], (words[i],)))
            i += 1
    if all(len(o) == 1 and o[0] in words for o in options):
        return ()
    return tuple(_combine(options))


__all__ = ["business_words", "glued", "han_variants", "han_words", "pinyin_words", "pinyin_variants", "region_words", "segment", "simplified"]
