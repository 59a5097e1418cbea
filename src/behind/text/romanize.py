"""Names written in other scripts, read in Latin letters by the schemes their romanisations use.

:func:`readings` gives each Latin reading of a name written in another script, with whether it
is *lossy* (the script leaves vowels out, or its romanisations disagree on them, so a
comparison falls back on consonant skeletons, :func:`~behind.text.persons.skeleton`, at a
penalty):

- Cyrillic, Greek, Armenian, Georgian: rigour's transliteration (``Сергей`` -> ``Sergei``;
  OpenSanctions' maintained tables) and anyascii's (``Sergey``); not lossy;
- Arabic, Hebrew, Thai: anyascii (a Thai letter silenced by the thanthakhat mark dropped) (``محمد علي`` -> ``mhmd `ly``, ``משה`` -> ``msh``,
  ``สมชาย`` -> ``smchay``), the Arabic article written onto a word read apart
  (``التكريتي`` -> ``al-tkryty``; before a "sun letter" also as it is pronounced, ``الدين``
  -> ``a-dyn`` for "uddin"), and an Arabic-script name also with the letters' Persian and
  Urdu values (``ثاقب`` -> ``sqb`` as well as ``thqb``); lossy;
- Hangul: syllable by syllable in the Revised Romanization, a family name first with the
  spellings people use for it (``ko_surnames.yaml``: 김 Kim, 박 Park, 이 Lee); lossy;
- Japanese kana: Hepburn romaji (anyascii, with the small ya, yu, yo of チョ, キョ read as one
  syllable: cho, kyo, and the small tsu doubling the next consonant: ッマ "mma"); lossy;
- Hebrew: ו read as a consonant (v) and as w, a vowel letter.

Greek is lossy too: its romanisations disagree on b/mp, d/nt and ch/kh/h (a Greek name is also
read with the Modern Greek digraphs μπ b, ντ d or nt, γκ g, ου ou, and τζ j, τσ ch, χ h as foreign
names are written); a Greek name is also
read without its nominative ending (Αλέξανδρος: ``Alexandr``, to meet "Alexander").

Han script is read by :mod:`behind.text.chinese` and :func:`~behind.text.fold.normalize_name`;
a short Han-script name that may be a person's also has :func:`han_person_readings`: the Chinese
reading in pinyin, family name first and given name as one word (习近平 -> ``xi jinping``),
the Japanese reading in Hepburn romaji (pykakasi's dictionary: 山田太郎 -> ``yamada taro``),
and the Korean reading of a name written in Hanja with a Korean family name (``hanja_hangul.txt``,
the readings of the 4,888 Hanja of KS X 1001: 金正恩 -> 김정은 -> ``kim jeong eun``).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any, NamedTuple

from anyascii import anyascii
from rigour.text.translit import maybe_ascii

from behind import resources
from behind.text.fold import strip_controls
from behind.text.pinyin import lazy_pinyin
from behind.text.scripts import HAN_RUN

#: (script, character ranges), Unicode blocks
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("cyrillic", "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"),
    ("greek", "\u0370-\u03ff\u1f00-\u1fff"),
    ("armenian", "\u0530-\u058f"),
    ("georgian", "\u10a0-\u10ff\u1c90-\u1cbf"),
    ("arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    ("hebrew", "\u0590-\u05ff\ufb1d-\ufb4f"),
    ("thai", "\u0e00-\u0e7f"),
    ("hangul", "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"),
    ("kana", "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"),
)
_SCRIPT_RES = tuple((name, re.compile(f"[{ranges}]")) for name, ranges in _SCRIPTS)
_LOSSY = frozenset({"arabic", "hebrew", "thai", "hangul", "kana", "greek"})
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7af]")
#: a kana syllable written with a small ya, yu or yo, as anyascii spells it letter by letter
#: (チョ "chiyo", キョ "kiyo", ジュ "jiyu"), and the Hepburn spelling (cho, kyo, ju)
_SMALL_Y = re.compile(r"(ch|sh|j)iy([aou])|([kgnhbpmr])iy([aou])")
#: the Arabic article written onto its word (التكريتي): read as "al-" so it meets "AL-TIKRITI"
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])\u0627\u0644(?!\u0644\u0647(?![\u0600-\u06ff]))"
                             r"(?=[\u0600-\u06ff]{2,})")
#: the "sun letters" (t, th, d, dh, r, z, s, sh, s, d, t, z, l, n): the article before them is
#: pronounced as the letter itself, and often written so (نور الدين "Nuruddin", "Nur ad-Din")
_SUN_ARTICLE = re.compile("(?<![\u0600-\u06ff])\u0627\u0644(?!\u0644\u0647(?![\u0600-\u06ff]))(?=[\u062a\u062b\u062f\u0630\u0631\u0632\u0633"
                          "\u0634\u0635\u0636\u0637\u0638\u0644\u0646][\u0600-\u06ff])")
#: alif at the start of a word (ا أ إ): the word begins with a vowel, a (i under إ)
_INITIAL_ALIF = re.compile("(?<![\u0600-\u06ff])[\u0627\u0623\u0625](?=[\u0600-\u06ff])")
#: Arabic letters as Persian and Urdu read them (ث s, ذ ض ظ z, ص s, ط t, ح h): the second
#: reading of an Arabic-script name, so ثاقب meets "SAQIB" as well as "THAQIB"
_PERSIAN_VALUES = str.maketrans({"\u062b": "\u0633", "\u0630": "\u0632", "\u0636": "\u0632", "\u0638": "\u0632",
                                 "\u0635": "\u0633", "\u0637": "\u062a", "\u062d": "\u0647"})
#: the nominative endings of Greek names (-os, -as, -is, -es), which Latin forms often drop
_GREEK_ENDING = re.compile(r"(?<=\w{3})(os|as|is|es)\b", re.I)
#: a Thai consonant silenced by the thanthakhat mark (U+0E4C), with the vowel sign it carries:
#: not pronounced, so not romanised (จันทร์ "chan")
_THAI_SILENT = re.compile("[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4b]?\u0e4c")
#: the small tsu (ッ, っ) doubles the consonant after it (ムハッマド "muhammado")
_SMALL_TSU = re.compile("[\u30c3\u3063](.)")
#: Modern Greek digraphs for b, d, g, u (ELOT 743): Αμπντούλ is "Abdoul", not "Ampntoul"
_GREEK_DIGRAPHS = (("μπ", "b"), ("ΜΠ", "B"), ("Μπ", "B"), ("ντ", "d"), ("ΝΤ", "D"), ("Ντ", "D"), ("γκ", "g"),
                   ("ΓΚ", "G"), ("Γκ", "G"), ("ου", "ou"), ("ού", "ou"))
#: how Greek writes sounds it has no letter for, in foreign names: τζ j (Τζον "John"), τσ ch
#: (Σάντσεθ "Sanchez"), and χ for h as well as kh (Μεχντί "Mehdi", Χασάν "Hassan")
_GREEK_FOREIGN = (("τζ", "j"), ("Τζ", "J"), ("ΤΖ", "J"), ("τσ", "ch"), ("Τσ", "Ch"), ("ΤΣ", "CH"), ("χ", "h"),
                  ("Χ", "H"))
#: a Thai vowel written before the consonant it follows in speech (เ e, แ ae, โ o, ใ ไ ai):
#: read after it (โมเช "mo-she", not "om-esh")
_THAI_LEADING = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
#: อ carrying a vowel at the start of a syllable is silent (อีวาน "Iwan")
_THAI_CARRIER = re.compile("(?<![\u0e01-\u0e2e\u0e31-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e])\u0e2d(?=[\u0e30-\u0e39\u0e40-\u0e44])")
#: Hebrew letters with a geresh for sounds Hebrew has no letter for: ג' j, צ' ch, ז' zh, ת' th
_HEBREW_GERESH = re.compile("([\u05d2\u05e6\u05e5\u05d6\u05ea])['\u05f3\u2019]")
_GERESH_SOUNDS = {"\u05d2": "j", "\u05e6": "ch", "\u05e5": "ch", "\u05d6": "zh", "\u05ea": "th"}
#: a doubled vav inside a word is the consonant v (אלכסנדרוביץ', "-ovich" as וו)
_HEBREW_VAV = re.compile("\u05d5\u05d5")
#: ディ, ティ, ドゥ: a vowel letter written small after a consonant ("deii" -> "di")
_SMALL_VOWEL = re.compile(r"([dt])ei")
#: most readings of one name kept
MAX_READINGS = 6


class Reading(NamedTuple):
    """One Latin reading of a name written in another script."""

    text: str
    #: the script leaves vowels out or its romanisations disagree on them: compare skeletons too
    lossy: bool


def script_of(text: str) -> str | None:
    """The first script other than Latin and Han that ``text`` is written in, or None."""
    for name, pattern in _SCRIPT_RES:
        if pattern.search(text):
            return name
    return None


def _bare_eu(ch: str, latin: str) -> str:
    """A Hangul syllable of a consonant, the vowel ㅡ and no final consonant, read as the
    consonant alone (스 "s", 르 "r"); another syllable as ``latin``."""
    code = ord(ch) - 0xAC00
    if 0 <= code < 11172 and code % 28 == 0 and (code // 28) % 21 == 18 and code // 588 != 11:
        return latin.removesuffix("eu")
    return latin


@lru_cache(maxsize=1)
def _korean_surnames() -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(v) for v in vs) for k, vs in resources.load("ko_surnames").items()}


def _hangul(text: str) -> list[str]:
    """Readings of a Hangul name: each word as one word in the Revised Romanization
    (브라디밀 "beuladimil"); and a one-word name of two to four syllables as a Korean family
    name and given names (김정은 "kim jeong eun"), the family name read with each usual spelling."""
    words = text.split()
    syllables = [[anyascii(ch).lower() for ch in w] for w in words]
    plain = " ".join("".join(s) for s in syllables)
    out = [plain]
    # a foreign name's consonant with no vowel is written with the vowel ㅡ (eu), and the
    # consonant alone stands for it: 바르보사 "barbosa", 살라흐 "sallah"
    bare = " ".join("".join(_bare_eu(ch, s) for ch, s in zip(w, ss)) for w, ss in zip(words, syllables))
    if bare != plain:
        out.append(bare)
    surnames = _korean_surnames()
    if len(words) != 1 or not 2 <= len(words[0]) <= 4 or words[0][0] not in surnames \
            or not all(_HANGUL_SYLLABLE.match(c) for c in words[0]):
        return out
    given = syllables[0][1:]
    options: list[tuple[str, ...]] = [surnames[words[0][0]], (" ".join(given), "".join(given))]
    for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
        reading = " ".join(combo)
        if reading not in out:
            out.append(reading)
    return out


#: Han characters in a person's name, at most
MAX_HAN_PERSON = 5
_LONG_VOWELS = re.compile(r"(?<=[aeiou])[uh](?=\b|[^aeiou])|(?<=o)o")


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    import pykakasi  # loaded on first use: its dictionary takes a second to read
    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=20_000)
def han_person_readings(text: str, japanese: bool = True) -> tuple[Reading, ...]:
    """Readings of a short Han-script name as a person's: Chinese (``xi jinping``) and, with
    ``japanese`` (a person's name), Japanese (``yamada taro``, long vowels written short as the
    lists do) and Korean (``kim jeong eun``); empty for other text."""
    han = "".join(HAN_RUN.findall(text))
    if not 2 <= len(han) <= MAX_HAN_PERSON or len(han) < len(re.sub(r"[\s\u00b7\u30fb]", "", text)):
        return ()
    syllables = lazy_pinyin(han)
    out = [Reading(f"{syllables[0]} {''.join(syllables[1:])}", False)]
    if japanese:
        romaji = " ".join(str(item["hepburn"]) for item in _kakasi().convert(han) if item.get("hepburn"))
        romaji = _LONG_VOWELS.sub("", romaji)
        if romaji and romaji != out[0].text:
            out.append(Reading(romaji, True))
        for text in _korean_readings(han)[:MAX_KOREAN]:
            if all(r.text != text for r in out):
                out.append(Reading(text, True))
    return tuple(out)


#: Korean readings of a Hanja name kept (the name as one word, then family and given names)
MAX_KOREAN = 3
#: a family name read otherwise than the character's usual reading (金 is 금, as a family name 김)
_HANJA_FAMILY = {"金": "김"}


@lru_cache(maxsize=1)
def _hanja() -> dict[str, str]:
    return {pair[0]: pair[1] for line in resources.load_lines("hanja_hangul") for pair in line.split()}


def _korean_readings(han: str) -> list[str]:
    """A Han-script name read as a Korean name written in Hanja (金正恩 -> 김정은 -> ``kim jeong
    eun``): only when every character has a Korean reading, there are two to four, and the first is
    a Korean family name; empty otherwise."""
    table = _hanja()
    if not 2 <= len(han) <= 4 or any(c not in table for c in han):
        return []
    hangul = _HANJA_FAMILY.get(han[0], table[han[0]]) + "".join(table[c] for c in han[1:])
    if hangul[0] not in _korean_surnames():
        return []
    return _hangul(hangul)


def _small_y(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1) + m.group(2)
    return m.group(3) + "y" + m.group(4)


@lru_cache(maxsize=20_000)
def readings(text: str) -> tuple[Reading, ...]:
    """The Latin readings of a name written in another script, the usual one first; empty for a
    name in Latin (or Han) script."""
    text = strip_controls(text)
    script = script_of(text)
    if script is None:
        return ()
    lossy = script in _LOSSY
    if script == "hangul":
        texts = _hangul(text)
    elif script in ("cyrillic", "greek", "armenian", "georgian"):
        texts = [maybe_ascii(text), anyascii(text)]
        if script == "greek":  # Αλέξανδρος "Alexandros", in English "Alexander": the stems too
            for table in (_GREEK_FOREIGN + _GREEK_DIGRAPHS, _GREEK_FOREIGN):  # ντ: d (Ντμίτρι) or nt (Αντόνιο)
                modern = text
                for digraph, latin in table:
                    modern = modern.replace(digraph, latin)
                if modern != text:
                    texts.insert(1, maybe_ascii(modern))
            words = texts[0].split()
            for k in range(min(len(words), MAX_READINGS - 2)):  # one word's stem at a time
                texts.append(" ".join(_GREEK_ENDING.sub("", w) if i == k else w for i, w in enumerate(words)))
            texts.append(_GREEK_ENDING.sub("", texts[0]))
    elif script == "kana":
        doubled = _SMALL_TSU.sub(lambda m: anyascii(m.group(1))[:1] + m.group(1), text)
        texts = [_SMALL_VOWEL.sub(r"\1i", _SMALL_Y.sub(_small_y, anyascii(doubled).lower()))]
    elif script == "hebrew":  # ו is v, w or a vowel: read both ways
        text = _HEBREW_GERESH.sub(lambda m: _GERESH_SOUNDS[m.group(1)], text)
        texts = [anyascii(text), anyascii(_HEBREW_VAV.sub("v", text).replace("\u05d5", "w"))]
    elif script == "thai":
        thai = _THAI_CARRIER.sub("", _THAI_LEADING.sub(r"\2\1", text))
        # a letter under the thanthakhat is silent, but in a foreign name it keeps the letter the
        # name is spelt with (คาร์ลอส "Carlos"): read both ways
        texts = [anyascii(_THAI_SILENT.sub("", thai)), anyascii(thai.replace("\u0e4c", ""))]
    elif script == "arabic":
        # a word that begins with alif begins with a vowel (أحمد "ahmd" meets Ahmad before Hammud)
        arabic = _INITIAL_ALIF.sub(lambda m: "i" if m.group(0) == "\u0625" else "a", _ARABIC_ARTICLE.sub("al-", text))
        texts = [anyascii(arabic), anyascii(arabic.translate(_PERSIAN_VALUES))]
        if "\u062c" in arabic:  # ج is g in Egypt and in foreign names (جوستافو "Gustavo")
            texts.append(anyascii(arabic.replace("\u062c", "g")))
        if _SUN_ARTICLE.search(text):  # the article assimilated: "shms a-dyn" meets "SHAMSUDDIN"
            assimilated = _ARABIC_ARTICLE.sub("al-", _SUN_ARTICLE.sub("a-", text))
            texts += [anyascii(assimilated), anyascii(assimilated.translate(_PERSIAN_VALUES))]
    else:
        texts = [anyascii(text)]
    out: list[Reading] = []
    for t in texts:
        if t and all(r.text != t for r in out):
            out.append(Reading(t, lossy))
    return tuple(out[:MAX_READINGS])


__all__ = ["MAX_HAN_PERSON", "MAX_KOREAN", "MAX_READINGS", "Reading", "han_person_readings", "readings", "script_of"]
