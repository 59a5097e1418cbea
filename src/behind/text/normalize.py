"""The names this module offered before :mod:`behind.text` was split, kept importable.

New code imports from :mod:`behind.text`; the functions live in
:mod:`~behind.text.fold` (:func:`normalize_name`), :mod:`~behind.text.tokens`,
:mod:`~behind.text.legal_forms`, :mod:`~behind.text.abbreviations`,
:mod:`~behind.text.names` and :mod:`~behind.text.identifiers`.
"""

from __future__ import annotations

from behind.text.abbreviations import canonical_words
from behind.text.fold import normalize_name
from behind.text.identifiers import normalize_identifier, normalize_ticker
from behind.text.legal_forms import legal_spellings, legal_words, strip_legal_forms
from behind.text.names import has_legal_form, legal_form_words, name_forms, name_tokens
from behind.text.scripts import has_han
from behind.text.tokens import join_initials, name_forms_of, tokens_of

__all__ = ["canonical_words", "has_han", "has_legal_form", "join_initials", "legal_form_words", "legal_spellings",
           "legal_words", "name_forms", "name_forms_of", "name_tokens", "normalize_identifier", "normalize_name",
           "normalize_ticker", "strip_legal_forms", "tokens_of"]
