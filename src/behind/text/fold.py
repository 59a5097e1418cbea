"""Fold a name in any script to lower-case ASCII words: the first step of every comparison.

Steps of :func:`normalize_name`, in order:

1. Unicode NFKC (folds full-width letters and digits, ligatures), ``&`` read as "and";
2. Han characters to pinyin syllables (pypinyin), every other script to Latin
   (anyascii: Cyrillic, Arabic, Greek...);
3. case folding; apostrophes dropped, every other punctuation becomes a space;
4. whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from pypinyin import lazy_pinyin

from behind.text.scripts import HAN_RUN, has_han

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Fold a name to lower-case ASCII words separated by single spaces. ``""`` if nothing is left."""
    text = unicodedata.normalize("NFKC", text).replace("&", " and ")
    if has_han(text):
        text = HAN_RUN.sub(lambda m: " " + " ".join(lazy_pinyin(m.group(0))) + " ", text)
    text = anyascii(text).casefold()
    text = text.replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", text).strip()


__all__ = ["normalize_name"]
