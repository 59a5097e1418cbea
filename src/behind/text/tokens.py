"""Words of a name written in Latin letters (after :func:`~behind.text.fold.normalize_name`).

The normalised name is split into words, runs of single letters are joined
(``T.M.G.`` -> ``tmg``), legal forms are set aside (``LTD``, ``S.A.``,
``obshchestvo s ogranichennoi otvetstvennostyu``, misspelt ones like ``LIMTIED``
too) and each word is mapped to its canonical form (``INTL`` -> ``international``,
``TECHNOLOGIES`` -> ``technology``). Numbers written in words become digits
(:mod:`~behind.text.numbers`).
"""

from __future__ import annotations

from functools import lru_cache

from behind.text.abbreviations import canonical_words
from behind.text.legal_forms import strip_legal_forms
from behind.text.numbers import number_words_to_digits


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


@lru_cache(maxsize=200_000)
def name_forms_of(normalized: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(canonical tokens, the same words as written) of a normalised name, without legal forms;
    all words if the name is nothing but legal forms. Numbers written in words become digits
    (``brigade forty four``: ``brigade 44``)."""
    words = number_words_to_digits(join_initials(normalized.split()))
    kept, _ = strip_legal_forms(words)
    surface = [words[p] for p in kept] or words
    canon = canonical_words()
    return tuple(canon.get(w, w) for w in surface), tuple(surface)


def tokens_of(normalized: str) -> tuple[str, ...]:
    """Canonical tokens of an already normalised name (see :func:`name_forms_of`)."""
    return name_forms_of(normalized)[0]


__all__ = ["join_initials", "name_forms_of", "tokens_of"]
