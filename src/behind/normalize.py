"""Pure functions that turn names and identifiers into comparable forms.

Steps of :func:`normalize_name`, in order:

1. Unicode NFKC (folds full-width letters and digits, ligatures);
2. Han characters to pinyin syllables (pypinyin), every other script to
   Latin (anyascii: Cyrillic, Arabic, Greek...);
3. case folding; apostrophes dropped, every other punctuation becomes a space;
4. whitespace collapsed.

:func:`name_tokens` then splits the result into words and sets aside legal
forms (``LTD``, ``CO``, ``S.A.``...) so they are not compared as name words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

#: legal-form words set aside from name comparison (already normalised)
LEGAL_FORMS = frozenset("""
co company companies corp corporation inc incorporated ltd limited llc llp lp plc
sa s a sas sarl srl spa bv nv ag gmbh kg ohg ab as asa oy oyj pte pty bhd sdn
jsc ojsc cjsc pjsc oao zao ooo pao tov fze fzco fzc fzllc est wll
sociedad anonima anonyme limitada ltda cia sac
""".split())

_LEGAL_PHRASES = (
    ("s", "a"), ("s", "a", "s"), ("s", "r", "l"), ("s", "p", "a"), ("b", "v"), ("n", "v"),
    ("l", "l", "c"), ("p", "l", "c"), ("s", "a", "c"), ("c", "a"), ("s", "l"),
)


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Fold a name to lower-case ASCII words separated by single spaces. ``""`` if nothing is left."""
    text = unicodedata.normalize("NFKC", text)
    if _HAN.search(text):
        text = _HAN.sub(lambda m: " " + " ".join(lazy_pinyin(m.group(0))) + " ", text)
    text = anyascii(text).casefold()
    text = text.replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", text).strip()


def _merge_initials(words: list[str]) -> list[str]:
    """Join runs of single letters that spell a legal form (``s a`` -> ``sa``)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase in sorted(_LEGAL_PHRASES, key=len, reverse=True):
            n = len(phrase)
            if tuple(words[i:i + n]) == phrase:
                out.append("".join(phrase))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """Name words without legal forms. Keeps all words if the name is nothing but legal forms."""
    words = _merge_initials(normalize_name(text).split())
    kept = tuple(w for w in words if w not in LEGAL_FORMS)
    return kept or tuple(words)


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


__all__ = ["LEGAL_FORMS", "name_tokens", "normalize_identifier", "normalize_name", "normalize_ticker"]
