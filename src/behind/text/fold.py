"""Fold a name in any script to lower-case ASCII words: the first step of every comparison.

Steps of :func:`normalize_name`, in order:

1. control characters: the C0 and C1 controls that are whitespace in Unicode (tab, line feed,
   carriage return, the information separators U+001C-U+001F, next line U+0085) become a
   space; every other control (``\\x01``, ``\\x1b``, ``\\x07``...) and every format character
   (zero-width space, soft hyphen, joiners, direction marks) is dropped, so it joins the
   letters around it: ``Hik\\x01vision`` is ``hikvision``, and ``Hikvision\\x07Digital`` is the
   one word ``hikvisiondigital``, which retrieval splits again into words it knows;
2. Unicode NFKC (folds full-width letters and digits, ligatures), ``&`` read as "and";
3. Han characters to pinyin syllables (pypinyin), every other script to Latin
   (anyascii: Cyrillic, Arabic, Greek...);
4. case folding; apostrophes dropped, every other punctuation becomes a space;
5. whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from behind.text.pinyin import lazy_pinyin
from behind.text.scripts import HAN_RUN, has_han

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: C0 and C1 controls that Unicode counts as whitespace: they separate words
_SPACE_CONTROLS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85]")
#: every other C0/C1 control, and the format characters (Cf: zero-width space, soft hyphen,
#: joiners, bidirectional marks): they join the letters around them
_JOINING = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def strip_controls(text: str) -> str:
    """``text`` without control or format characters: whitespace controls become a space, the
    others are dropped (they join the letters around them, as a zero-width space does)."""
    return _JOINING.sub("", _SPACE_CONTROLS.sub(" ", text))


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Fold a name to lower-case ASCII words separated by single spaces. ``""`` if nothing is left."""
    text = unicodedata.normalize("NFKC", strip_controls(text)).replace("&", " and ")
    if has_han(text):
        text = HAN_RUN.sub(lambda m: " " + " ".join(lazy_pinyin(m.group(0))) + " ", text)
    text = anyascii(text).casefold()
    text = text.replace("'", "").replace("`", "")
    return _NON_ALNUM.sub(" ", text).strip()


__all__ = ["normalize_name", "strip_controls"]
