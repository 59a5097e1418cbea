"""Pure functions that turn names and identifiers into comparable forms.

Steps of :func:`normalize_name`, in order:

1. Unicode NFKC (folds full-width letters and digits, ligatures), ``&`` read as "and";
2. Han characters to pinyin syllables (pypinyin), every other script to Latin
   (anyascii: Cyrillic, Arabic, Greek...);
3. case folding; apostrophes dropped, every other punctuation becomes a space;
4. whitespace collapsed.

:func:`name_tokens` then splits the result into words, joins runs of single
letters (``T.M.G.`` -> ``tmg``), sets legal forms aside (``LTD``, ``S.A.``,
``obshchestvo s ogranichennoi otvetstvennostyu``, misspelt ones like
``LIMTIED`` too) and maps each word to its canonical form (``INTL`` ->
``international``, ``TECHNOLOGIES`` -> ``technology``). Han-script names go
through :mod:`behind.text.chinese` first, which renders business words in English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin
from rapidfuzz.distance import DamerauLevenshtein

from behind import resources

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@lru_cache(maxsize=1)
def _legal_phrases() -> tuple[tuple[str, ...], ...]:
    phrases = {tuple(p.split()) for p in resources.load("legal_forms")["phrases"]}
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _legal_phrases():  # longest first
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Words of six letters or more that occur in legal forms: targets of the misspelling check."""
    return frozenset(w for p in _legal_phrases() for w in p if len(w) >= 6)


@lru_cache(maxsize=1)
def _legal_expansions() -> dict[str, tuple[str, ...]]:
    return {k: tuple(str(v).split()) for k, v in resources.load("legal_forms")["expand"].items()}


@lru_cache(maxsize=1)
def canonical_words() -> dict[str, str]:
    """variant -> canonical word, from ``abbreviations.yaml``."""
    out: dict[str, str] = {}
    for canonical, variants in resources.load("abbreviations").items():
        for v in variants:
            out[normalize_name(str(v))] = canonical
        out[canonical] = canonical
    return out


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Fold a name to lower-case ASCII words separated by single spaces. ``""`` if nothing is left."""
    text = unicodedata.normalize("NFKC", text).replace("&", " and ")
    if has_han(text):
        text = _HAN_RUN.sub(lambda m: " " + " ".join(lazy_pinyin(m.group(0))) + " ", text)
    text = anyascii(text).casefold()
    text = text.replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", text).strip()


def join_initials(words: list[str]) -> list[str]:
    """``t m g`` -> ``tmg``: runs of two or more single letters become one word."""
    out: list[str] = []
    run: list[str] = []
    for w in words + [""]:
        if len(w) == 1 and w.isalpha():
            run.append(w)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=100_000)
def legal_spellings(word: str) -> frozenset[str]:
    """The legal-form words that ``word`` may misspell (``limtied`` -> ``limited``).

    One edit away; words that are themselves known vocabulary (``corps``,
    ``technologies``) are left alone. Several answers are possible (``limitde``
    is one edit from ``limited`` and ``limitee``): the phrase around it decides.
    """
    if len(word) < 5 or word in canonical_words() or word in legal_words():
        return frozenset()
    return frozenset(form for form in legal_words()
                     if abs(len(word) - len(form)) <= 1 and DamerauLevenshtein.distance(word, form) <= 1)


def strip_legal_forms(words: list[str]) -> tuple[list[int], list[str]]:
    """Positions of the name words, and the legal-form words found, as whole phrases.

    Abbreviations are read in full first (``jsc`` -> ``joint stock company``) and
    misspelt legal words are allowed for (``JOINT STOCK COMANY``).
    """
    expansions = _legal_expansions()
    expanded: list[tuple[int, frozenset[str]]] = []  # (position in words, readings of the word)
    for pos, w in enumerate(words):
        full = expansions.get(w)
        if full:
            expanded.extend((pos, frozenset((x,))) for x in full)
        else:
            expanded.append((pos, frozenset((w,)) | legal_spellings(w)))
    by_first = _phrases_by_first_word()
    legal_pos: set[int] = set()
    legal: list[str] = []
    i = 0
    while i < len(expanded):
        starts = [p for w in expanded[i][1] for p in by_first.get(w, ())]
        for phrase in sorted(starts, key=len, reverse=True):
            n = len(phrase)
            if i + n <= len(expanded) and all(phrase[k] in expanded[i + k][1] for k in range(n)):
                legal.extend(phrase)
                legal_pos.update(p for p, _ in expanded[i:i + n])
                i += n
                break
        else:
            i += 1
    return [p for p in range(len(words)) if p not in legal_pos], legal


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Canonical name words without legal forms; all words if the name is nothing but legal forms."""
    if has_han(text):
        from behind.text.chinese import han_variants
        variants = han_variants(text)
        return variants[0] if variants else ()
    return tokens_of(normalize_name(text))


def name_forms(text: str, person: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(canonical tokens, surface tokens) of any name; Han names use their first rendering.

    A person's name keeps every word: ``PAO`` and ``AG`` are names there, not legal forms.
    """
    if has_han(text):
        toks = name_tokens(text)
        return toks, toks
    if person:
        words = tuple(normalize_name(text).split())
        return words, words
    return name_forms_of(normalize_name(text))


def tokens_of(normalized: str) -> tuple[str, ...]:
    """Tokens of an already normalised string (see :func:`name_tokens`)."""
    return name_forms_of(normalized)[0]


@lru_cache(maxsize=200_000)
def name_forms_of(normalized: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(canonical tokens, the same words as written) of a normalised name."""
    words = join_initials(normalized.split())
    kept, _ = strip_legal_forms(words)
    surface = [words[p] for p in kept] or words
    canon = canonical_words()
    return tuple(canon.get(w, w) for w in surface), tuple(surface)


@lru_cache(maxsize=100_000)
def legal_form_words(text: str) -> frozenset[str]:
    """The legal-form words of a name (``{"public", "joint", "stock", "company"}``)."""
    if has_han(text):
        return frozenset(f for f in resources.load("legal_forms")["han"] if f in text)
    return frozenset(strip_legal_forms(join_initials(normalize_name(text).split()))[1])


def has_legal_form(text: str) -> bool:
    """True when the name carries a legal form (so it names an organisation)."""
    if has_han(text):
        return any(form in text for form in resources.load("legal_forms")["han"])
    return bool(strip_legal_forms(join_initials(normalize_name(text).split()))[1])


def normalize_identifier(value: str) -> str:
    """Identifiers compare on upper-case letters and digits only (``CNE100000PM8``)."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", value).upper())


def normalize_ticker(value: str) -> str:
    """``002415 CN``, ``SZSE:002415`` and ``002415.SZ`` all become ``002415``."""
    value = value.strip().upper()
    if ":" in value:
        value = value.rsplit(":", 1)[1]
    value = re.split(r"[\s.]", value)[0]
    return normalize_identifier(value)


__all__ = ["canonical_words", "has_han", "has_legal_form", "legal_form_words", "join_initials", "legal_spellings", "name_forms", "name_forms_of",
           "name_tokens", "normalize_identifier", "normalize_name", "normalize_ticker", "strip_legal_forms",
           "tokens_of"]
