"""China's administrative divisions (GB/T 2260 codes): a code's name chain, in Chinese and English.

The table is ``behind/data/reference/gbt2260/divisions.csv`` (provinces, prefectures and
counties, current and former codes; provenance, licences and sha256 in the README beside it),
read once through :mod:`importlib.resources`. Its ``pinyin`` column holds each name's root
(the name without its administrative suffix and ethnic groups), romanised by pypinyin.

English names: the sourced English forms of ``behind/resources/xinjiang_gazetteer.yaml``
for the units it lists (``652900`` is "Aksu Prefecture", not "Akesu Prefecture"); every
other unit is its pinyin root, its ethnic groups and its suffix in English (``市`` City,
``地区`` Prefecture, ``自治州`` Autonomous Prefecture, ``县`` County, ``区`` District...).

>>> division("652901").english
'Aksu City, Aksu Prefecture, Xinjiang Uyghur Autonomous Region'
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from behind import resources

#: the table, under the ``behind`` package
TABLE = ("data", "reference", "gbt2260", "divisions.csv")
#: its sources: key in the table's ``source`` column -> URL (``sources.csv`` beside it)
SOURCES_TABLE = ("data", "reference", "gbt2260", "sources.csv")

#: administrative suffixes, longest first, with their English
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("林区", "Forestry District"),
    ("矿区", "Mining District"),
    ("特区", "Special District"),
    ("新区", "New Area"),
    ("省", "Province"),
    ("盟", "League"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
)

_SUFFIX_NAMES = frozenset(s for s, _ in SUFFIXES)

#: ethnic groups named in autonomous units (GB/T 3304 romanisations, as English names use them)
ETHNIC: dict[str, str] = {
    "维吾尔": "Uyghur", "蒙古": "Mongol", "哈萨克": "Kazakh", "柯尔克孜": "Kirghiz", "锡伯": "Xibe",
    "塔吉克": "Tajik", "鄂伦春": "Oroqen", "壮": "Zhuang", "回": "Hui", "藏": "Tibetan", "朝鲜": "Korean",
    "土家": "Tujia", "苗": "Miao", "羌": "Qiang", "彝": "Yi", "布依": "Bouyei", "侗": "Dong", "哈尼": "Hani",
    "傣": "Dai", "白": "Bai", "景颇": "Jingpo", "傈僳": "Lisu", "满": "Manchu", "达斡尔": "Daur",
    "鄂温克": "Evenk", "畲": "She", "瑶": "Yao", "仫佬": "Mulao", "毛南": "Maonan", "黎": "Li",
    "仡佬": "Gelao", "水": "Sui", "纳西": "Naxi", "拉祜": "Lahu", "佤": "Va", "布朗": "Blang",
    "独龙": "Derung", "怒": "Nu", "普米": "Pumi", "裕固": "Yugur", "保安": "Bonan", "东乡": "Dongxiang",
    "撒拉": "Salar", "土": "Tu", "各": "Multi-ethnic",
}
#: how the groups are written in names: with 族, and the ones written without it too
_ETHNIC_FORMS = sorted([f"{zh}族" for zh in ETHNIC]
                       + ["维吾尔", "蒙古", "哈萨克", "柯尔克孜", "锡伯", "塔吉克", "鄂伦春"], key=lambda f: -len(f))

#: province-level units whose English name is not their pinyin
_PROVINCE_ENGLISH = {
    "150000": ("Inner Mongolia Autonomous Region", "Inner Mongolia"),
    "540000": ("Tibet Autonomous Region", "Tibet"),
    "610000": ("Shaanxi Province", "Shaanxi"),
    "710000": ("Taiwan Province", "Taiwan"),
    "810000": ("Hong Kong Special Administrative Region", "Hong Kong"),
    "820000": ("Macao Special Administrative Region", "Macao"),
}


@dataclass(frozen=True)
class Unit:
    """One unit of the table: a province, prefecture or county."""

    code: str
    name: str       #: in Chinese, as the table writes it (阿克苏地区)
    english: str    #: Aksu Prefecture
    short: str      #: Aksu
    level: str      #: province, prefecture or county
    current: bool   #: False for a code that has been abolished (kept: old USCCs still carry it)
    source: str     #: URL of the table the row comes from


@dataclass(frozen=True)
class Division:
    """A unit and the units above it."""

    units: tuple[Unit, ...]  #: the unit first, then the units above it (placeholders left out)

    @property
    def code(self) -> str:
        return self.units[0].code

    @property
    def unit(self) -> Unit:
        return self.units[0]

    @property
    def province(self) -> Unit:
        return self.units[-1]

    @property
    def name(self) -> str:
        """Chinese, from the top: 新疆维吾尔自治区阿克苏地区阿克苏市."""
        return "".join(u.name for u in reversed(self.units))

    @property
    def english(self) -> str:
        """Aksu City, Aksu Prefecture, Xinjiang Uyghur Autonomous Region."""
        return ", ".join(u.english for u in self.units)

    @property
    def label(self) -> str:
        """Aksu City, Aksu Prefecture, Xinjiang: the province by its short name."""
        return ", ".join([*(u.english for u in self.units[:-1]), self.province.short])

    @property
    def current(self) -> bool:
        return self.units[0].current

    @property
    def source(self) -> str:
        return self.units[0].source


def split_name(name: str) -> tuple[str, tuple[str, ...], str]:
    """A unit's name as (root, ethnic groups, suffix): 昌吉回族自治州 -> (昌吉, (回,), 自治州)."""
    if name in _SUFFIX_NAMES:  # 矿区: a suffix alone
        return "", (), name
    suffix = next((s for s, _ in SUFFIXES if name.endswith(s) and len(name) > len(s)), "")
    root = name[: len(name) - len(suffix)]
    groups: list[str] = []
    while suffix.startswith("自治"):
        form = next((f for f in _ETHNIC_FORMS if root.endswith(f) and len(root) - len(f) != 1), None)
        if form is None:
            break
        groups.insert(0, form.removesuffix("族") if form.removesuffix("族") in ETHNIC else form)
        root = root[: len(root) - len(form)]
    return root, tuple(groups), suffix


def english_name(name: str, root_pinyin: str, level: str) -> str:
    """``root pinyin + ethnic groups + suffix`` in English: 昌吉回族自治州 -> Changji Hui Autonomous Prefecture."""
    root, groups, suffix = split_name(name)
    english_suffix = dict(SUFFIXES).get(suffix, "")
    if suffix == "市" and level == "province":
        english_suffix = "Municipality"
    ethnic = [ETHNIC[g] for g in groups]
    if not root and ethnic:  # 东乡族自治县: the group is the name
        root_pinyin, ethnic = ethnic[0], ethnic[1:]
    words = ", ".join(ethnic[:-1]) + " and " + ethnic[-1] if len(ethnic) > 1 else "".join(ethnic)
    return " ".join(p for p in (root_pinyin, words, english_suffix) if p)


def _level(code: str) -> str:
    return "province" if code.endswith("0000") else "prefecture" if code.endswith("00") else "county"


def _placeholder(name: str) -> bool:
    return "直辖" in name or name in {"市辖区", "县", "省直辖县级行政区划"}


def _read(path: tuple[str, ...]) -> list[dict[str, str]]:
    text = importlib_resources.files("behind").joinpath(*path).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def _english_overrides() -> dict[str, tuple[str, str]]:
    """code -> (English name, short name) from the Xinjiang gazetteer."""
    out: dict[str, tuple[str, str]] = {}
    raw: dict[str, Any] = resources.load("xinjiang_gazetteer")
    for place in raw["places"]:
        if place.get("code"):
            out.setdefault(str(place["code"]), (str(place["en"]), str(place["name"])))
        for code, english in (place.get("former_codes") or {}).items():
            out.setdefault(str(code), (str(english), str(place["name"])))
    return out


@lru_cache(maxsize=1)
def _units() -> dict[str, Unit]:
    sources = {r["key"]: r["url"] for r in _read(SOURCES_TABLE)}
    overrides = {**{c: v for c, v in _PROVINCE_ENGLISH.items()}, **_english_overrides()}
    out: dict[str, Unit] = {}
    for row in _read(TABLE):
        code, name, level = row["code"], row["name"], row["level"]
        root_pinyin = row["pinyin"]
        english, short = overrides.get(code, (english_name(name, root_pinyin, level), root_pinyin))
        out[code] = Unit(code=code, name=name, english=english, short=short or english, level=level,
                         current=row["status"] == "current", source=sources.get(row["source"], row["source"]))
    return out


def units() -> dict[str, Unit]:
    """Every unit of the table, by code."""
    return dict(_units())


def _chain(code: str) -> tuple[Unit, ...]:
    table = _units()
    out = [table[code]]
    for parent in (code[:4] + "00", code[:2] + "0000"):
        unit = table.get(parent)
        if parent != code and parent != out[-1].code and unit is not None and not _placeholder(unit.name):
            out.append(unit)
    return tuple(out)


def division(code: str) -> Division | None:
    """The unit ``code`` names and the units above it; None for a code the table does not hold."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit() or code not in _units() or _placeholder(_units()[code].name):
        return None
    return Division(_chain(code))


def nearest_division(code: str) -> Division | None:
    """:func:`division` of ``code``, else of its prefecture, else of its province (a USCC may carry
    a code newer or older than the table); None when not even the province is known."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return None
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        found = division(candidate)
        if found is not None:
            return found
    return None


__all__ = ["ETHNIC", "SOURCES_TABLE", "SUFFIXES", "TABLE", "Division", "Unit", "division", "english_name",
           "nearest_division", "split_name", "units"]
