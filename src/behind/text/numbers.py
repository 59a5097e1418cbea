"""Numbers written in English words inside a name: ``Brigade Forty-Four`` is ``Brigade 44``.

:func:`number_words_to_digits` replaces each run of English number words that makes a compound
number (a tens word and a unit, ``forty four``; or a count of hundreds, ``two hundred``) by its
digits. A single number word stays a word: ``One Bank``, ``Seven Seas`` and ``Twenty First
Century Fox`` are names, not numbers. Common misspellings of the tens are read too (``fourty``,
``ninty``).
"""

from __future__ import annotations

_UNITS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90, "ninty": 90}


def _parse(words: list[str], start: int) -> tuple[int, int] | None:
    """(value, words used) of a compound number beginning at ``start``; None if there is none."""
    i = start
    value = 0
    compound = False
    if i < len(words) and words[i] in _UNITS and i + 1 < len(words) and words[i + 1] == "hundred":
        value = _UNITS[words[i]] * 100
        i += 2
        compound = True
        if i < len(words) and words[i] == "and" and i + 1 < len(words) and (words[i + 1] in _TENS
                                                                             or words[i + 1] in _UNITS):
            i += 1
    if i < len(words) and words[i] in _TENS:
        value += _TENS[words[i]]
        i += 1
        if i < len(words) and words[i] in _UNITS and 0 < _UNITS[words[i]] < 10:
            value += _UNITS[words[i]]
            i += 1
            compound = True
    elif compound and i < len(words) and words[i] in _UNITS and _UNITS[words[i]] > 0:
        value += _UNITS[words[i]]
        i += 1
    return (value, i - start) if compound else None


def number_words_to_digits(words: list[str]) -> list[str]:
    """Lower-case words with each compound English number (``forty four``, ``two hundred and
    ten``) written in digits (``44``, ``210``); other words unchanged."""
    if not any(w in _TENS or w == "hundred" for w in words):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        found = _parse(words, i)
        if found is None:
            out.append(words[i])
            i += 1
        else:
            out.append(str(found[0]))
            i += found[1]
    return out


__all__ = ["number_words_to_digits"]
