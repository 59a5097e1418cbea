"""Which words of a listed organisation's name are its distinctive name, measured; and what the
other words of a name are: places, generic business words or legal forms. Pure functions.

A word is *distinctive* when it is rare among ordinary companies (at most
``RARE_MAX`` of the reference companies use it: ``data/reference/company_tokens.tsv``, built by
``scripts/build_company_tokens.py`` from the SEC's, Nasdaq's and the S&P 500's company names, the
IEEE OUI register's and the Isle of Man Companies Registry's, less those found on the lists; a
company's register entries that share a :func:`core` and a place count once) and,
on the lists, it is the only rare word in at least ``ALONE_SHARE`` of the listed names that carry
it, and in at least ``MIN_ALONE`` of them. ``huawei``, ``hikvision`` and ``zte`` name one group of companies wherever they occur;
``export``, ``plant`` or ``committee`` are rare in US company names but stand on the lists beside
other rare words (``SEPEHR EXPORT``), so they are not a name of their own. An ordinary word of
English (``mine``, ``globe``, ``seasons``: ``data/reference/ordinary_words.tsv``, measured from
wordfreq's frequencies by ``scripts/build_ordinary_words.py``) is rare enough to count beside the
others but is no one's distinctive name: Mine Site Technologies is no unit of the Bank of Industry
and Mine. Nothing is listed by hand.

The other words of a name are classified: ``place`` (countries and territories, their capitals,
regions and subregions from rigour; China's provinces and prefectures from the GB/T 2260 table;
endonyms, world regions and business cities from ``resources/place_words.yaml``), ``generic``
(used by at least ``GENERIC_MIN`` reference names, function words, the business words of
Chinese names: ``technology``, ``digital``, ``holdings``, and of company names in other languages from
``resources/generic_words.yaml``: ``comercio``, ``guvenlik``), or ``other``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Literal

from behind import resources
from behind.text.chinese import business_words, region_words
from behind.text.divisions import units
from behind.text.fold import normalize_name
from behind.text.scripts import has_han

WordClass = Literal["distinctive", "place", "generic", "partner", "legal form", "other"]
REFERENCE_TABLE = ("data", "reference", "company_tokens.tsv")
ORDINARY_TABLE = ("data", "reference", "ordinary_words.tsv")
#: at most this many reference names may use a distinctive word (one in about 62,000: a listed group's
#: own joint venture or unit in a register, not another company's name)
RARE_MAX = 1
#: a generic word is used by at least this many reference names
GENERIC_MIN = 3
#: share of the listed names carrying a word in which it is the only rare word
ALONE_SHARE = 0.5
#: and the least number of such names: a word names an organisation when several of its listed names
#: (its names and aliases across lists, or its units') rest on it alone; two: a curated brand written two
#: ways (Hikstorage, HikStorage) is a name of its own (measured: bench/affiliates.py sweep units 5 -> 6 of 12,
#: look-alikes, homonyms and the benchmark's answers unchanged)
MIN_ALONE = 2
MIN_LENGTH = 3
NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "de", "la", "del", "du", "des", "di", "da", "le", "les",
                            "y", "et", "und", "van", "von"})


@dataclass(frozen=True)
class Measure:
    """How a word was found distinctive: the listed names carrying it, those where it is the only
    rare word, and the reference names using it."""

    word: str
    listed: int
    alone: int
    reference: int


@lru_cache(maxsize=1)
def reference_counts() -> tuple[dict[str, tuple[int, int, int]], int]:
    """(word -> (reference companies using it, exchange-listed ones using it, companies it names alone),
    number of reference companies)."""
    text = importlib_resources.files("behind").joinpath(*REFERENCE_TABLE).read_text(encoding="utf-8")
    counts: dict[str, tuple[int, int, int]] = {}
    total = 0
    for line in text.splitlines():
        if line.startswith("# names:"):
            total = int(line.split(":", 1)[1])
        elif line and not line.startswith("#"):
            word, n, *more = line.split("\t")
            listed = int(more[0]) if more else int(n)
            counts[word] = (int(n), listed, int(more[1]) if len(more) > 1 else 0)
    return counts, total


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """The ordinary words of English (frequent in English text, and much more so than in other
    languages, as a brand's or a person's name is not)."""
    text = importlib_resources.files("behind").joinpath(*ORDINARY_TABLE).read_text(encoding="utf-8")
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#"))


def reference_count(word: str) -> int:
    """How many ordinary companies (exchange registers, the IEEE register, the Isle of Man register) use ``word``."""
    return reference_counts()[0].get(word, (0, 0, 0))[0]


def listed_company_count(word: str) -> int:
    """How many exchange-listed companies (SEC, Nasdaq, S&P 500: names spelt with care) use ``word``."""
    return reference_counts()[0].get(word, (0, 0, 0))[1]


def names_a_company(word: str) -> bool:
    """Whether ``word`` is, alone, what some ordinary company's name comes to once places, business words
    and legal forms are set aside (``symantec``: Symantec Corporation; ``prama``: Prama India Private
    Limited): a company's name, as a joint venture's name carries its partner's."""
    return reference_counts()[0].get(word, (0, 0, 0))[2] > 0


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Words of place names (single words, folded): ``deutschland``, ``usa``, ``hangzhou``, ``europe``."""
    from rigour.territories import get_territories  # loaded on first use

    names: set[str] = set()
    for t in get_territories():
        names.update(x for x in (t.name, t.full_name, t.region, t.subregion, *(t.places or [])) if x)
    for unit in units().values():
        if unit.level in ("province", "prefecture"):
            names.add(unit.short)
    raw = resources.load("place_words")
    for key in ("endonyms", "exonyms", "regions", "cities"):
        names.update(str(w) for w in raw[key])
    out: set[str] = set(region_words())
    for name in names:  # a Chinese city's Han name would be read syllable by syllable (哈尔滨: "ha er bin");
        if not has_han(name):  # region_words has them as words
            out.update(normalize_name(name).split())
    return frozenset(w for w in out if len(w) > 1 or w in {"us", "uk"}) - FUNCTION_WORDS


@lru_cache(maxsize=1)
def foreign_business_words() -> frozenset[str]:
    """Business words of company names in other languages (``comercio``, ``guvenlik``, ``sistemleri``, ``do``:
    ``resources/generic_words.yaml``), folded as names are."""
    out: set[str] = set()
    for words in resources.load("generic_words").values():
        for w in words:
            out.update(normalize_name(str(w)).split())
    return frozenset(out)


def word_class(word: str, list_generic: frozenset[str] = frozenset()) -> WordClass:
    """``place``, ``generic`` or ``other`` for one canonical word of a name. ``list_generic``: words
    the lists use as generic ones (see :func:`measure`)."""
    if word in place_words():
        return "place"
    return "generic" if common_word(word) or word in list_generic else "other"


def common_word(word: str) -> bool:
    """A function word, a number, a business word or a word many ordinary companies use (``alpha``,
    ``group``, ``china``): :func:`word_class`'s generic words, places aside (the place table is not read)."""
    return (word in FUNCTION_WORDS or is_number(word) or reference_count(word) >= GENERIC_MIN
            or word in business_words() or word in foreign_business_words())


def is_number(word: str) -> bool:
    """A number or an ordinal (``2020``, ``41st``): around a listed name, the 41st Institute of CETC is CETC's
    whatever its number. (On the lists an ordinal stays part of a name: ``7th of Tir`` is not ``Tir``.)"""
    return NUMBER.fullmatch(word) is not None


def core(tokens: Iterable[str]) -> tuple[str, ...]:
    """The words of a name that are neither places, numbers, function words nor business words (the
    fixed vocabularies, no counts): what names the organisation. ``Inspur Software Group`` and
    ``Inspur (Shandong) Electronic Information`` are both ``inspur``."""
    return tuple(t for t in tokens if not (t in FUNCTION_WORDS or is_number(t) or t in place_words()
                                           or t in business_words()))


def rare(word: str) -> bool:
    """Could this word be a name of its own: long enough, not a number, place, function or business
    word, and used by at most ``RARE_MAX`` reference names."""
    return (len(word) >= MIN_LENGTH and not word.isdigit() and reference_count(word) <= RARE_MAX
            and word not in FUNCTION_WORDS and word not in place_words())


def rare_words(tokens: Iterable[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if rare(t))


def measure(names: Iterable[tuple[str, ...]]) -> tuple[dict[str, Measure], frozenset[str]]:
    """The distinctive words of a set of listed organisation names (canonical words), with the figures
    that made each distinctive; and the words the lists use as generic ones: rare among ordinary
    company names, but in at least ``GENERIC_MIN`` listed names, and seldom alone (``export``,
    ``committee``, ``department``). An ordinary word of English (:func:`ordinary_words`) that
    listed names rest on alone (``FOUR SEASONS DAMASCUS``) is neither: no affiliate evidence."""
    listed: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for tokens in names:
        found = rare_words(tokens)
        listed.update(found)
        if len(found) == 1:
            alone.update(found)
    named = {w for w, n in listed.items() if alone[w] >= max(MIN_ALONE, ALONE_SHARE * n)}
    ordinary = ordinary_words()
    distinctive = {w: Measure(w, listed[w], alone[w], reference_count(w)) for w in named if w not in ordinary}
    generic = frozenset(w for w, n in listed.items() if n >= GENERIC_MIN and w not in named)
    return distinctive, generic


def classify(tokens: Iterable[str], shared: Iterable[str],
             list_generic: frozenset[str] = frozenset()) -> list[tuple[str, WordClass]]:
    """Each word of a name with its class: the ``shared`` ones distinctive, the rest place, generic or other."""
    mine = set(shared)
    return [(t, "distinctive" if t in mine else word_class(t, list_generic)) for t in tokens]


__all__ = ["ALONE_SHARE", "FUNCTION_WORDS", "GENERIC_MIN", "MIN_ALONE", "Measure", "RARE_MAX", "WordClass",
           "classify", "common_word", "core", "foreign_business_words", "is_number", "listed_company_count", "measure", "names_a_company",
           "ordinary_words", "place_words", "rare", "rare_words", "reference_count", "reference_counts",
           "word_class"]
