"""Vocabulary words related to a query word other than by a typo: for candidate retrieval.

Built once per index from its vocabulary: which listed words of people's names are forms of one
name (rigour's name groups), which sound alike (Metaphone), and which share a consonant
skeleton (for queries read from scripts that leave vowels out); and which two listed words a
joined query word splits into (``ramimakhlouf`` -> ``rami`` + ``makhlouf``, ``alqaeda`` ->
``al`` + ``qaeda``, ``hikvisiondigital`` -> ``hikvision`` + ``digital``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from behind.model.matching import MatchingConfig
from behind.text.persons import name_symbols, phonetic_key, read_skeletons, skeleton

#: shortest part a joined word is split into
MIN_SPLIT_PART = 2
#: most vocabulary words one key may stand for before it says too little to retrieve by
MAX_KEY_WORDS = 200
#: how alike a word read from another script and a listed word of a common skeleton are spelt
SPELT_ALIKE = 0.6
#: query words whose sound-alike words are kept (a process meets the same words again and again)
MAX_KEPT = 200_000


class WordTable(Protocol):
    """A key -> the vocabulary words filed under it (a dict while building, compact arrays after)."""

    def get(self, key: str, default: Sequence[str], /) -> Sequence[str]: ...


class RelatedTokens:
    """Maps from name groups, sounds and skeletons to the vocabulary words that have them."""

    def __init__(self, vocabulary: Iterable[str], person_vocabulary: Iterable[str],
                 config: MatchingConfig | None = None) -> None:
        self.config = config or MatchingConfig()
        name_symbols(""), phonetic_key("warm"), skeleton("warm")  # load the tables now, not on a first query
        symbols: dict[str, list[str]] = {}
        sounds: dict[str, list[str]] = {}
        skeletons: dict[str, list[str]] = {}
        for word in person_vocabulary:
            if len(word) > self.config.max_fuzzy_length:
                continue
            for symbol in name_symbols(word):
                symbols.setdefault(str(symbol), []).append(word)
            key = phonetic_key(word)
            if key:
                sounds.setdefault(key, []).append(word)
        for word in vocabulary:
            if len(word) <= self.config.max_fuzzy_length:
                key = skeleton(word)
                if key:
                    skeletons.setdefault(key, []).append(word)
        self._symbols: WordTable = symbols
        self._sounds: WordTable = sounds
        self._skeletons: WordTable = skeletons
        self._sounding: dict[str, list[tuple[str, float]]] = {}  # word -> sounds_like, for words met again

    @classmethod
    def from_tables(cls, symbols: WordTable, sounds: WordTable, skeletons: WordTable,
                    config: MatchingConfig | None = None) -> RelatedTokens:
        """Related tokens read from tables made from :meth:`tables` (a compact index's)."""
        self = cls((), (), config)
        self._symbols, self._sounds, self._skeletons = symbols, sounds, skeletons
        return self

    def tables(self) -> tuple[WordTable, WordTable, WordTable]:
        """The name-group symbol (as a string), sound and skeleton tables, in the order built."""
        return self._symbols, self._sounds, self._skeletons

    def equivalents(self, word: str) -> list[tuple[str, float]]:
        """Listed words of people's names that are forms of the same name (``mohamed`` for ``muhammad``)."""
        out: dict[str, float] = {}
        if len(word) > self.config.max_fuzzy_length:
            return []
        for symbol in name_symbols(word):
            words = self._symbols.get(str(symbol), ())
            if len(words) <= MAX_KEY_WORDS:
                for w in words:
                    if w != word:
                        out[w] = self.config.equivalent_similarity
        return list(out.items())

    def sounds_like(self, word: str) -> list[tuple[str, float]]:
        """Listed words with the same Metaphone key or consonant skeleton as ``word``, spelt at least
        ``phonetic_min_similarity`` alike (``yusuf`` / ``youssef``, ``aleksandr`` / ``alexander``)."""
        if len(word) > self.config.max_fuzzy_length or len(word) < 3:
            return []
        found = self._sounding.get(word)
        if found is None:
            found = self._sounds_like(word)
            if len(self._sounding) < MAX_KEPT:
                self._sounding[word] = found
        return list(found)

    def _sounds_like(self, word: str) -> list[tuple[str, float]]:
        words: list[str] = []
        for table, key in ((self._sounds, phonetic_key(word)), (self._skeletons, skeleton(word))):
            found: Sequence[str] = table.get(key, ()) if len(key) >= 3 else ()
            if len(found) <= MAX_KEY_WORDS:
                words.extend(found)
        floor = self.config.phonetic_min_similarity
        return [(w, self.config.phonetic_similarity) for w in sorted(set(words))
                if w != word and DamerauLevenshtein.normalized_similarity(word, w) >= floor]

    def same_skeleton(self, word: str) -> list[tuple[str, float]]:
        """Listed words with a consonant skeleton the word may stand for (for a query read from a
        script without vowels: :func:`~behind.text.persons.read_skeletons`); where a skeleton is
        shared by too many words to say anything (``sr``: salah, sara, ser...), those spelt at
        least ``SPELT_ALIKE`` alike."""
        if len(word) > self.config.max_fuzzy_length:
            return []
        out: set[str] = set()
        for key in read_skeletons(word):
            words: Sequence[str] = self._skeletons.get(key, ())
            if len(words) > MAX_KEY_WORDS:
                words = [w for w, _, _ in process.extract(word, words, scorer=DamerauLevenshtein.normalized_similarity,
                                                          score_cutoff=SPELT_ALIKE, limit=MAX_KEY_WORDS)]
            out.update(words)
        out.discard(word)
        return [(w, self.config.skeleton_similarity) for w in sorted(out)]  # sorted: one answer in every process


def splits(word: str, vocabulary: Container[str], max_length: int) -> list[tuple[str, str]]:
    """Ways to read ``word`` as two listed words written together, the most even split first;
    none for a word that is itself listed or longer than ``max_length``."""
    if word in vocabulary or len(word) > max_length or len(word) < 2 * MIN_SPLIT_PART:
        return []
    out = [(word[:k], word[k:]) for k in range(MIN_SPLIT_PART, len(word) - MIN_SPLIT_PART + 1)
           if word[:k] in vocabulary and word[k:] in vocabulary]
    return sorted(out, key=lambda ab: abs(len(ab[0]) - len(ab[1])))


__all__ = ["MAX_KEY_WORDS", "MIN_SPLIT_PART", "SPELT_ALIKE", "RelatedTokens", "WordTable", "splits"]
