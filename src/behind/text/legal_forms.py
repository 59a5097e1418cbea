"""Legal forms (``LTD``, ``S.A.``, ``obshchestvo s ogranichennoi otvetstvennostyu``, 有限公司),
from ``legal_forms.yaml``: found as whole phrases, abbreviations read in full, misspellings allowed."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from behind import resources
from behind.text.abbreviations import canonical_words


@lru_cache(maxsize=1)
def _legal_phrases() -> tuple[tuple[str, ...], ...]:
    phrases = {tuple(p.split()) for p in resources.load("legal_forms")["phrases"]}
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))  # longest first, then in word order


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _legal_phrases():  # longest first
        out.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _legal_expansions() -> dict[str, tuple[str, ...]]:
    return {k: tuple(str(v).split()) for k, v in resources.load("legal_forms")["expand"].items()}


@lru_cache(maxsize=1)
def han_legal_forms() -> tuple[str, ...]:
    """Han-script legal forms (股份有限公司, 有限公司...), in the file's order: the first that ends a name wins."""
    return tuple(str(f) for f in resources.load("legal_forms")["han"])


@lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Words of six letters or more that occur in legal forms: targets of the misspelling check."""
    return frozenset(w for p in _legal_phrases() for w in p if len(w) >= 6)


@lru_cache(maxsize=100_000)
def legal_spellings(word: str) -> frozenset[str]:
    """The legal-form words that ``word`` may misspell (``limtied`` -> ``limited``).

    One edit away; words that are themselves known vocabulary (``corps``,
    ``technologies``) are left alone. Several answers are possible (``limitde``
    is one edit from ``limited`` and ``limitee``): the phrase around it decides.
    """
    if len(word) < 5 or word in canonical_words() or word in legal_words():
        return frozenset()
    by_length = _legal_words_by_length()
    return frozenset(form for size in (len(word) - 1, len(word), len(word) + 1) for form in by_length.get(size, ())
                     if DamerauLevenshtein.distance(word, form) <= 1)


@lru_cache(maxsize=1)
def _legal_words_by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for form in legal_words():
        out.setdefault(len(form), []).append(form)
    return {k: tuple(v) for k, v in out.items()}


def _readings(word: str) -> tuple[frozenset[str], ...]:
    """The words ``word`` may be read as, one set for each word it stands for (``jsc``: three)."""
    full = _legal_expansions().get(word)
    if full:
        return tuple(frozenset((x,)) for x in full)
    return (frozenset((word,)) | legal_spellings(word),)


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(_phrases_by_first_word())


def _starting(readings: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The legal-form phrases a word of these readings may begin, longest first."""
    return () if readings.isdisjoint(_first_words()) else _phrases_starting(readings)


@lru_cache(maxsize=10_000)
def _phrases_starting(readings: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    by_first = _phrases_by_first_word()
    starts = [p for w in sorted(readings) for p in by_first.get(w, ())]  # sorted: same answer every run
    return tuple(sorted(starts, key=len, reverse=True))


def strip_legal_forms(words: list[str]) -> tuple[list[int], list[str]]:
    """Positions of the name words, and the legal-form words found, as whole phrases.

    Abbreviations are read in full first (``jsc`` -> ``joint stock company``) and
    misspelt legal words are allowed for (``JOINT STOCK COMANY``).
    """
    expanded = [(pos, r) for pos, w in enumerate(words) for r in _readings(w)]  # (position in words, readings)
    legal_pos: set[int] = set()
    legal: list[str] = []
    i = 0
    while i < len(expanded):
        for phrase in _starting(expanded[i][1]):
            n = len(phrase)
            if i + n <= len(expanded) and all(phrase[k] in expanded[i + k][1] for k in range(n)):
                legal.extend(phrase)
                legal_pos.update(p for p, _ in expanded[i:i + n])
                i += n
                break
        else:
            i += 1
    return [p for p in range(len(words)) if p not in legal_pos], legal


__all__ = ["han_legal_forms", "legal_spellings", "legal_words", "strip_legal_forms"]
