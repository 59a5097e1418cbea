"""Text: names and identifiers in any script, turned into comparable forms. Pure functions.

- :mod:`~behind.text.scripts`: the one Han-script test (:func:`has_han`);
- :mod:`~behind.text.fold`: :func:`normalize_name`, a name folded to lower-case ASCII words;
- :mod:`~behind.text.abbreviations`: canonical spellings of words (``INTL`` -> ``international``);
- :mod:`~behind.text.legal_forms`: legal forms found and set aside, misspelt ones too;
- :mod:`~behind.text.tokens`: the words of a Latin-script name;
- :mod:`~behind.text.chinese`: Han-script and pinyin names rendered in English words;
- :mod:`~behind.text.pinyin`: Han characters to pinyin syllables (pypinyin on first use, a kept table before);
- :mod:`~behind.text.pinyin_cut`: pinyin names cut again whatever word boundaries their writers chose;
- :mod:`~behind.text.names`: the words of a name in any script (Han or Latin);
- :mod:`~behind.text.persons`: people's names: particles, forms of one name, sounds, consonant skeletons;
- :mod:`~behind.text.romanize`: names in other scripts read in Latin letters by standard schemes;
- :mod:`~behind.text.identifiers`: identifiers compared, publishers' labels mapped to schemes.
"""

from behind.text.abbreviations import canonical_words
from behind.text.chinese import business_words, han_variants, pinyin_variants, region_words, segment
from behind.text.fold import normalize_name, strip_controls
from behind.text.identifiers import (
    IDENTIFIER_LABELS,
    document_scheme,
    identifier_in_name,
    identifier_scheme,
    imo_valid,
    normalize_identifier,
    normalize_ticker,
)
from behind.text.legal_forms import han_legal_forms, legal_spellings, legal_words, strip_legal_forms
from behind.text.names import has_legal_form, legal_form_words, name_forms, name_tokens
from behind.text.persons import name_symbols, particles, phonetic_key, skeleton, strip_titles
from behind.text.romanize import Reading, han_person_readings, readings, script_of
from behind.text.scripts import HAN, HAN_RUN, has_han
from behind.text.tokens import join_initials, name_forms_of, tokens_of

__all__ = [
    "HAN",
    "HAN_RUN",
    "IDENTIFIER_LABELS",
    "Reading",
    "business_words",
    "canonical_words",
    "document_scheme",
    "han_legal_forms",
    "han_person_readings",
    "han_variants",
    "has_han",
    "has_legal_form",
    "identifier_in_name",
    "identifier_scheme",
    "imo_valid",
    "join_initials",
    "legal_form_words",
    "legal_spellings",
    "legal_words",
    "name_forms",
    "name_forms_of",
    "name_symbols",
    "name_tokens",
    "normalize_identifier",
    "normalize_name",
    "normalize_ticker",
    "particles",
    "phonetic_key",
    "pinyin_variants",
    "readings",
    "region_words",
    "script_of",
    "segment",
    "skeleton",
    "strip_controls",
    "strip_legal_forms",
    "strip_titles",
    "tokens_of",
]
