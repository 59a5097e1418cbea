"""Which place an address names, and whether it lies in Xinjiang. Pure functions.

The data is ``behind/resources/xinjiang_gazetteer.yaml`` (Xinjiang's region, prefectures,
cities, XPCC divisions and cities, with their spellings; the ambiguous names; the words that
turn a place name into a street or a business name) and the GB/T 2260 table of
:mod:`behind.text.divisions` (every Xinjiang county's Chinese name; the provinces and
prefecture-level units elsewhere in China, whose names place an address outside Xinjiang).

:func:`read_address` finds the mentions, in Chinese script (as written) and in Latin script
(whole words, folded: ``Ürümqi`` = ``urumqi``), each of one kind: ``xinjiang``, ``china`` (the
country), ``other`` (another Chinese place) or ``foreign`` (another country, a US state, a
Japanese or Korean script). Then:

1. a name followed by a street word (新疆路, ``Xinjiang Road``, ``Wulumuqi Zhonglu``), a
   business or product word (哈密瓜, ``Urumqi Noodle House``, ``Hami Melon``) or a smaller
   place word (塔城镇) is not the place; a shorter name at the same spot may still be;
2. an ambiguous name (``Aksu``, ``Hami``, ``Kashi``) counts only with context: China, another
   Chinese place, a plain Xinjiang name or a Xinjiang postcode; a name shared with places
   elsewhere in China (北屯, ``Shuanghe``) only beside a plain Xinjiang name;
3. an address naming a country other than China (and not China) is abroad;
4. the address's own place decides between Xinjiang and another Chinese place: the first one
   in Chinese script (written big to small), else the last one in Latin script (small to big):
   ``青岛市新疆路`` and ``Xinjiang Building, Beijing`` are not in Xinjiang.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from behind import resources
from behind.text.divisions import Unit, split_name, units
from behind.text.scripts import HAN_RUN

#: how specific a place is: the most specific Xinjiang mention is the one reported
_SPECIFIC = {"county": 0, "county-level city": 1, "prefecture-level city": 2, "prefecture": 3,
             "xpcc division": 4, "xpcc": 5, "region": 6}
_NOT_FOREIGN = {"cn", "hk", "mo", "tw", "cn-xz"}
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")
_GAP = re.compile(r"[,;:()\[\]/|\n]")
_BUSINESS = "a business or product name"
#: administrative suffixes: a name that ends with one is a place, whatever follows it
_HAN_ADMIN = ("市", "县", "縣", "区", "區", "州", "盟", "旗")
_LATIN_ADMIN = frozenset({"city", "prefecture", "county", "district", "region", "shi", "diqu", "xian", "zhou"})


@dataclass(frozen=True)
class Place:
    """A Xinjiang place of the gazetteer (or a county of the division table)."""

    id: str
    code: str | None
    level: str
    name: str       #: short English name: Kashgar
    english: str    #: Kashgar Prefecture
    source: str
    xpcc: bool = False


@dataclass(frozen=True)
class Mention:
    """A place-like name found in an address."""

    kind: str               #: xinjiang, china, other or foreign
    text: str               #: as written
    script: str             #: han or latin
    position: int           #: character (han) or word (latin) offset: the order within its script
    needs: str = ""         #: for xinjiang mentions: "", "china" or "xinjiang" (see the gazetteer)
    place: Place | None = None


@dataclass(frozen=True)
class AddressReading:
    """What an address names, and whether that puts it in Xinjiang."""

    mentions: tuple[Mention, ...]   #: the mentions kept (after the street and context rules)
    nexus: Mention | None           #: the most specific Xinjiang mention, when the address is in Xinjiang
    why: str                        #: the reason, in words
    set_aside: tuple[str, ...] = ()  #: names that were not places (streets, businesses...), in words


@dataclass(frozen=True)
class _Index:
    han: dict[str, list[tuple[str, Mention]]]             # first character -> [(alias, template)], longest first
    latin: dict[str, list[tuple[tuple[str, ...], Mention]]]  # first word -> [(words, template)], longest first
    upper: dict[str, Mention]                              # words that count only in capitals
    han_street: re.Pattern[str]
    han_name: re.Pattern[str]
    han_smaller: re.Pattern[str]
    directions: frozenset[str]
    street: frozenset[str]
    name_words: frozenset[str]
    smaller: frozenset[str]
    scripts: re.Pattern[str]
    postcode: re.Pattern[str]
    state_codes: re.Pattern[str]


def fold_words(text: str) -> tuple[str, ...]:
    """Latin words of ``text``, folded to lower-case ASCII, apostrophes dropped (Han is left out)."""
    return tuple(w for w, _, _ in _words(text))


def _words(text: str) -> list[tuple[str, str, bool]]:
    """(folded word, word as written, whether punctuation separates it from the word before)."""
    text = HAN_RUN.sub(" , ", unicodedata.normalize("NFKC", text))
    text = anyascii(text).replace("&", " and ")
    out: list[tuple[str, str, bool]] = []
    last = 0
    for m in _TOKEN.finditer(text):
        gap = bool(_GAP.search(text, last, m.start())) if out else False
        word = m.group(0)
        out.append((word.replace("'", "").lower(), word, gap))
        last = m.end()
    return out


def _add_han(index: dict[str, list[tuple[str, Mention]]], alias: str, mention: Mention) -> None:
    alias = unicodedata.normalize("NFKC", alias)
    if alias and all(a != alias for a, _ in index.get(alias[0], [])):
        index.setdefault(alias[0], []).append((alias, mention))


def _add_latin(index: dict[str, list[tuple[tuple[str, ...], Mention]]], alias: str, mention: Mention) -> None:
    words = fold_words(alias)
    if words and all(w != words for w, _ in index.get(words[0], [])):
        index.setdefault(words[0], []).append((words, mention))


def _place(raw: dict[str, Any]) -> Place:
    return Place(id=str(raw["id"]), code=str(raw["code"]) if raw.get("code") else None, level=str(raw["level"]),
                 name=str(raw["name"]), english=str(raw["en"]), source=str(raw["source"]),
                 xpcc=bool(raw.get("xpcc")) or str(raw["level"]).startswith("xpcc"))


def _table_place(unit: Unit) -> Place:
    return Place(id=unit.code, code=unit.code, level="county", name=unit.english, english=unit.english,
                 source=unit.source)


def _other_names(table: dict[str, Unit], skip: frozenset[str]) -> tuple[set[str], set[str]]:
    """Han and Latin names of Chinese places outside Xinjiang: provinces and prefecture-level
    units (full name, short name), and county-level names found once in the whole table."""
    han: set[str] = set()
    latin: set[str] = set()
    counts: dict[str, int] = {}
    for unit in table.values():
        counts[unit.name] = counts.get(unit.name, 0) + 1
    for unit in table.values():
        if unit.code.startswith("65") or "直辖" in unit.name or unit.name in {"市辖区", "县"}:
            continue
        if unit.level == "county":
            if len(unit.name) >= 3 and counts[unit.name] == 1:
                han.add(unit.name)
            continue
        han.add(unit.name)
        root = split_name(unit.name)[0]
        if len(root) >= 2 and root not in skip:
            han.add(root)
        folded = "".join(fold_words(unit.short))
        if len(folded) >= 4 and folded not in skip:
            latin.add(unit.short)
    return han, latin


@lru_cache(maxsize=1)
def _index() -> _Index:
    raw: dict[str, Any] = resources.load("xinjiang_gazetteer")
    needs: dict[str, str] = {}
    for entry in raw["ambiguous"]:
        needs[str(entry["name"])] = str(entry["needs"])
        needs[" ".join(fold_words(str(entry["name"])))] = str(entry["needs"])
    han: dict[str, list[tuple[str, Mention]]] = {}
    latin: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}
    table = units()
    places = [_place(p) for p in raw["places"]]
    for place, entry in zip(places, raw["places"], strict=True):
        for alias in entry.get("zh", []):
            _add_han(han, alias, Mention("xinjiang", alias, "han", 0, needs.get(alias, ""), place))
        for alias in entry.get("latin", []):
            key = " ".join(fold_words(str(alias)))
            _add_latin(latin, str(alias), Mention("xinjiang", str(alias), "latin", 0, needs.get(key, ""), place))
    by_code = {p.code: p for p in places if p.code}
    elsewhere = {u.name for u in table.values() if not u.code.startswith("65")}
    for unit in table.values():  # every Xinjiang unit's own Chinese name, unless it names a place elsewhere too
        if unit.code.startswith("65") and len(unit.name) >= 3 and unit.name not in elsewhere and "直辖" not in unit.name:
            place = by_code.get(unit.code) or _table_place(unit)
            _add_han(han, unit.name, Mention("xinjiang", unit.name, "han", 0, needs.get(unit.name, ""), place))
    for alias in raw["china"]["han"]:
        _add_han(han, alias, Mention("china", alias, "han", 0))
    for alias in raw["china"]["latin"]:
        _add_latin(latin, str(alias), Mention("china", str(alias), "latin", 0))
    other = raw["other_china"]
    other_han, other_latin = _other_names(table, frozenset(str(n) for n in other["not_names"])
                                          | frozenset("".join(fold_words(str(n))) for n in other["not_names"]))
    for alias in sorted(other_han | set(other["han"])):
        _add_han(han, alias, Mention("other", alias, "han", 0))
    for alias in sorted(other_latin | {str(a) for a in other["latin"]}):
        _add_latin(latin, alias, Mention("other", alias, "latin", 0))
    foreign = raw["foreign"]
    from followthemoney.types import registry  # loaded when addresses are first read: it takes about a second

    labels = [label for code, label in registry.country.names.items() if code not in _NOT_FOREIGN]
    for alias in [*labels, *(str(a) for a in foreign["latin"]), *raw["us_states"].values()]:
        _add_latin(latin, str(alias), Mention("foreign", str(alias), "latin", 0))
    for alias in foreign["han"]:
        _add_han(han, alias, Mention("foreign", alias, "han", 0))
    for han_list in han.values():
        han_list.sort(key=lambda item: -len(item[0]))
    for latin_list in latin.values():
        latin_list.sort(key=lambda item: -len(item[0]))
    rules = raw["not_places"]
    codes = "|".join(sorted(raw["us_states"]))
    return _Index(
        han=han, latin=latin,
        upper={str(a).lower(): Mention("foreign", str(a), "latin", 0) for a in foreign["latin_upper"]},
        han_street=re.compile(rules["han_street"]), han_name=re.compile(rules["han_name"]),
        han_smaller=re.compile(rules["han_smaller_place"]),
        directions=frozenset(rules["latin_directions"]), street=frozenset(rules["latin_street"]),
        name_words=frozenset(rules["latin_name"]), smaller=frozenset(rules["latin_smaller_place"]),
        scripts=re.compile(foreign["scripts"]), postcode=re.compile(raw["postcode"]),
        state_codes=re.compile(rf"\b(?:{codes})\b(?=\s+\d{{5}}(?:-\d{{4}})?\b|\s*(?:,?\s*(?:USA|U\.S\.A\.?|US|"
                               rf"United States))?\s*\.?\s*$)"),
    )


def _not_a_place_han(ix: _Index, rest: str, admin: bool) -> str:
    """Why the name before ``rest`` is not a place ("" when it is one); a name with its
    administrative suffix (石河子市) is followed by streets, it is not one (石河子市北四路)."""
    if not admin and ix.han_street.match(rest):
        return "a street"
    if ix.han_name.match(rest):
        return _BUSINESS
    if ix.han_smaller.match(rest):
        return "a smaller place of that name"
    return ""


def _scan_han(ix: _Index, text: str, set_aside: list[str]) -> list[Mention]:
    out: list[Mention] = []
    for run in HAN_RUN.finditer(text):  # every name is in Han script: look only at Han runs
        _scan_run(ix, text, run.start(), run.end(), out, set_aside)
    return out


def _scan_run(ix: _Index, text: str, i: int, end: int, out: list[Mention], set_aside: list[str]) -> None:
    while i < end:
        candidates = ix.han.get(text[i])
        matched = [(a, m) for a, m in candidates or () if text.startswith(a, i)]
        if not matched:
            i += 1
            continue
        for alias, template in matched:
            reason = _not_a_place_han(ix, text[i + len(alias):i + len(alias) + 4], alias.endswith(_HAN_ADMIN))
            if not reason:
                out.append(Mention(template.kind, alias, "han", i, template.needs, template.place))
                i += len(alias)
                break
            set_aside.append(f"{text[i:i + len(alias) + 2]}: {alias} is {reason}")
            if reason != _BUSINESS:  # a street or a smaller place takes the whole name
                i += len(matched[0][0])
                break
        else:
            i += len(matched[0][0])


def _not_a_place_latin(ix: _Index, words: list[tuple[str, str, bool]], end: int) -> str:
    if words[end - 1][0] in _LATIN_ADMIN:
        return ""
    k = end
    while k < len(words) and k < end + 2 and not words[k][2] and words[k][0] in ix.directions:
        k += 1
    if k < len(words) and not words[k][2]:
        word = words[k][0]
        if word in ix.street:
            return "a street"
        if k == end and word in ix.name_words:
            return _BUSINESS
        if k == end and word in ix.smaller:
            return "a smaller place of that name"
    return ""


def _scan_latin(ix: _Index, text: str, set_aside: list[str]) -> list[Mention]:
    words = _words(text)
    folded = [w for w, _, _ in words]
    out: list[Mention] = []
    i = 0
    while i < len(words):
        upper = ix.upper.get(folded[i])
        if upper is not None and words[i][1].isupper():
            out.append(Mention("foreign", words[i][1], "latin", i))
        matched = [(a, m) for a, m in ix.latin.get(folded[i], ())
                   if tuple(folded[i:i + len(a)]) == a and not any(g for _, _, g in words[i + 1:i + len(a)])]
        if not matched:
            i += 1
            continue
        for alias, template in matched:
            reason = _not_a_place_latin(ix, words, i + len(alias))
            written = " ".join(w for _, w, _ in words[i:i + len(alias)])
            if not reason:
                out.append(Mention(template.kind, written, "latin", i, template.needs, template.place))
                i += len(alias)
                break
            set_aside.append(f"{' '.join(w for _, w, _ in words[i:i + len(alias) + 2])}: {written} is {reason}")
            if reason != _BUSINESS:
                i += len(matched[0][0])
                break
        else:
            i += len(matched[0][0])
    for m in ix.state_codes.finditer(unicodedata.normalize("NFKC", text)):
        out.append(Mention("foreign", m.group(0), "latin", len(_words(text[: m.start()]))))
    return out


def _context(mentions: list[Mention], has_postcode: bool) -> list[Mention]:
    """The mentions left once ambiguous Xinjiang names without their context are dropped."""
    plain = any(m.kind == "xinjiang" and not m.needs for m in mentions)
    chinese = plain or has_postcode or any(m.kind in ("china", "other") for m in mentions)
    return [m for m in mentions if m.kind != "xinjiang" or not m.needs or plain
            or (m.needs == "china" and chinese)]


def read_address(address: str | None) -> AddressReading:
    """The places ``address`` names and whether it lies in Xinjiang (see the module's rules)."""
    if not address or not address.strip():
        return AddressReading((), None, "no address")
    ix = _index()
    text = unicodedata.normalize("NFKC", address)
    set_aside: list[str] = []
    found = [*_scan_han(ix, text, set_aside), *_scan_latin(ix, text, set_aside)]
    script = ix.scripts.search(text)
    if script is not None:
        found.append(Mention("foreign", script.group(0), "han", script.start()))
    foreign_postcode = any(m.kind == "foreign" for m in found)
    kept = _context(found, ix.postcode.search(text) is not None and not foreign_postcode)
    dropped = [m.text for m in found if m not in kept]
    aside = tuple(set_aside) + tuple(f"{t}: ambiguous without China or Xinjiang named beside it" for t in dropped)
    xinjiang = [m for m in kept if m.kind == "xinjiang"]
    if not xinjiang:
        return AddressReading(tuple(kept), None, "names no place in Xinjiang", aside)
    foreign = [m for m in kept if m.kind == "foreign"]
    if foreign and not any(m.kind == "china" for m in kept):
        return AddressReading(tuple(kept), None, f"abroad: names {foreign[0].text}, and not China", aside)
    decisive = [m for m in kept if m.kind in ("xinjiang", "other")]
    han = [m for m in decisive if m.script == "han"]
    own = han[0] if han else decisive[-1]
    if own.kind == "other":
        return AddressReading(tuple(kept), None, f"its place is {own.text}, outside Xinjiang", aside)
    best = min(xinjiang, key=lambda m: (_SPECIFIC.get(m.place.level if m.place else "", 9), m is not own))
    return AddressReading(tuple(kept), best, f"its place is {own.text}, in Xinjiang", aside)


def xinjiang_mention(address: str | None) -> Mention | None:
    """The most specific Xinjiang place ``address`` lies in, or None (see :func:`read_address`)."""
    return read_address(address).nexus


__all__ = ["AddressReading", "Mention", "Place", "fold_words", "read_address", "xinjiang_mention"]
