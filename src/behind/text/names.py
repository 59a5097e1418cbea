"""Words of a name in any script: Han names go through :mod:`behind.text.chinese` (business
words rendered in English), every other name through :mod:`behind.text.tokens`."""

from __future__ import annotations

from functools import lru_cache

from behind.text.chinese import han_variants
from behind.text.fold import normalize_name
from behind.text.legal_forms import han_legal_forms, strip_legal_forms
from behind.text.scripts import has_han
from behind.text.tokens import join_initials, name_forms_of, tokens_of


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Canonical name words without legal forms; all words if the name is nothing but legal forms.
    A Han name gives its most usual rendering (``大华技术`` -> ``("dahua", "technology")``)."""
    if has_han(text):
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


@lru_cache(maxsize=100_000)
def legal_form_words(text: str) -> frozenset[str]:
    """The legal-form words of a name (``{"public", "joint", "stock", "company"}``)."""
    if has_han(text):
        return frozenset(f for f in han_legal_forms() if f in text)
    return frozenset(strip_legal_forms(join_initials(normalize_name(text).split()))[1])


def has_legal_form(text: str) -> bool:
    """True when the name carries a legal form (so it names an organisation)."""
    return bool(legal_form_words(text))  # kept: the ranking reads the query's legal form again


__all__ = ["has_legal_form", "legal_form_words", "name_forms", "name_tokens"]
