"""People's names: which words are particles, which name forms are one name, how a name sounds.

- :func:`particles`: words that join or introduce a name part (``al``, ``bin``, ``de``,
  ``van``), from ``person_particles.yaml``; a query may leave them out and they weigh little;
- :func:`name_symbols`: the name groups a word belongs to, from ``name_groups.txt``, generated
  by ``bench/name_groups.py`` from rigour's person-name tables (OpenSanctions' maintained,
  Wikidata-derived groups of given and family names, and nicknames). Two words that share a
  group are forms of one name: ``muhammad`` and ``mohamed``, ``aleksandr`` and ``alexander``,
  ``sergey`` and ``sergei``, ``ted`` and ``theodore``, ``usama`` and ``osama``;
- :func:`phonetic_key`: the Metaphone key of a Latin word (rigour's maintained implementation),
  so ``yusuf`` meets ``youssef`` (both ``YSF``);
- :func:`skeleton`: the consonant skeleton of a romanised word, for names written in scripts
  that leave vowels out or whose romanisations disagree on them (Arabic, Hebrew, Thai, Korean,
  Japanese kana): ``mhmd`` (محمد) and ``mohamed`` both give ``mhmd``; :func:`read_skeletons`,
  those a word read from such a script may stand for (ו is v or a vowel, ㅈ is j or z);
- :func:`strip_titles`: honorifics and titles before a person's name (``Dr``, ``Sheikh``),
  from rigour's list of person-name prefixes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.names import remove_person_prefixes
from rigour.text.phonetics import metaphone

from behind import resources

#: digraphs read as one consonant before the skeleton is taken
_DIGRAPHS = (("sch", "s"), ("x", "ks"), ("kh", "k"), ("gh", "k"), ("sh", "s"), ("ch", "c"), ("th", "t"),
             ("dh", "d"), ("ph", "p"), ("ck", "k"), ("ts", "c"), ("tz", "c"), ("dj", "j"))
#: consonants that romanisations of one sound disagree on, folded together (labials, velars,
#: liquids, sibilants): Korean and Japanese have no l/r or b/v contrast, Arabic q and k meet
_FOLD = str.maketrans({"b": "p", "v": "p", "f": "p", "g": "k", "q": "k", "c": "k", "l": "r",
                       "z": "s"})
_VOWELS = re.compile(r"[aeiouyw]")
#: c before e, i, y is s (Cecilia, Valencia: written with s in scripts that spell by sound)
_SOFT_C = re.compile(r"c(?=[eiy])")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """Name particles (``al``, ``bin``, ``de``, ``van``...): they join or introduce a name part."""
    table = resources.load("person_particles")
    return frozenset(str(w) for words in table.values() for w in words)


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for number, line in enumerate(resources.load_lines("name_groups"), start=1):
        nick = line.startswith("nick:")
        for form in line.removeprefix("nick:").split():
            out.setdefault(form, set()).add(-number if nick else number)
    return {form: frozenset(groups) for form, groups in out.items()}


def name_symbols(word: str) -> frozenset[int]:
    """The name groups one word of a person's name belongs to (one group holds ``muhammad``,
    ``mohamed`` and ``mohammed``; a group of a given name and its nicknames, ``theodore`` and
    ``ted``, has a negative number); empty for a word the table does not know."""
    return _groups().get(word, frozenset())


@lru_cache(maxsize=200_000)
def phonetic_key(word: str) -> str:
    """The Metaphone key of a Latin word (``YSF`` for ``yusuf`` and ``youssef``); ``""`` for a
    word of fewer than three letters or with digits."""
    if len(word) < 3 or not word.isalpha():
        return ""
    return metaphone(word)


@lru_cache(maxsize=200_000)
def skeleton(word: str, digraphs: bool = True) -> str:
    """The consonant skeleton of a romanised word: digraphs read as one consonant, consonants
    romanisations disagree on folded together, doubled letters and vowels (and ``y``, ``w``)
    dropped, a final ``h`` dropped (``abdullah``, ``عبد الله``); a c before e, i or y is s. ``""`` when no consonant is left."""
    word = _SOFT_C.sub("s", word.lower())
    if digraphs:  # off for letters read one by one from a script without vowels (ط ه "th": t, h)
        for digraph, single in _DIGRAPHS:
            word = word.replace(digraph, single)
    word = _REPEATS.sub(r"\1", word.translate(_FOLD))
    word = _REPEATS.sub(r"\1", _VOWELS.sub("", word))
    if len(word) > 1 and word.endswith("h"):
        word = word[:-1]
    return word


#: letters a script without vowels, or one written by sound, uses for more than one Latin
#: letter: Hebrew ו and Thai ว are v and w (a vowel), Korean ㅈ and Japanese ジ are j and z,
#: Arabic ج is j and g, and h written for kh (Korean ㅎ, Greek χ)
_READ_AS = (("v", "w"), ("w", "v"), ("j", "z"), ("j", "g"), ("h", "kh"))


@lru_cache(maxsize=200_000)
def read_skeletons(word: str) -> frozenset[str]:
    """The consonant skeletons a word read from another script may stand for: its own and, for
    each letter that script uses for two Latin ones, the other (``mvstfnjd``: ``mpstpnjd`` and
    ``mstpnjd`` for "Mostafanejad"); one letter changed at a time."""
    out = {skeleton(word)}
    for a, b in _READ_AS:
        start = word.find(a)
        while start >= 0:
            out.add(skeleton(word[:start] + b + word[start + len(a):]))
            start = word.find(a, start + 1)
    out.discard("")
    return frozenset(out)


def strip_titles(name: str) -> str:
    """A person's name without the titles and honorifics before it (``Dr.``, ``Sheikh``,
    ``Colonel``); the name itself when nothing is left."""
    stripped = remove_person_prefixes(name).strip()
    return stripped or name


__all__ = ["name_symbols", "particles", "phonetic_key", "read_skeletons", "skeleton", "strip_titles"]
