"""The bundled GB/T 2260 table and the Xinjiang gazetteer: names, chains, and the data's integrity."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from behind import resources
from behind.text.divisions import division, english_name, nearest_division, split_name, units

TABLE = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "reference" / "gbt2260"


@pytest.mark.parametrize("code,english,label,chinese", [
    ("652901", "Aksu City, Aksu Prefecture, Xinjiang Uyghur Autonomous Region",
     "Aksu City, Aksu Prefecture, Xinjiang", "新疆维吾尔自治区阿克苏地区阿克苏市"),
    ("650000", "Xinjiang Uyghur Autonomous Region", "Xinjiang", "新疆维吾尔自治区"),
    ("653101", "Kashgar City, Kashgar Prefecture, Xinjiang Uyghur Autonomous Region",
     "Kashgar City, Kashgar Prefecture, Xinjiang", "新疆维吾尔自治区喀什地区喀什市"),
    ("653125", "Yarkant County, Kashgar Prefecture, Xinjiang Uyghur Autonomous Region",
     "Yarkant County, Kashgar Prefecture, Xinjiang", "新疆维吾尔自治区喀什地区莎车县"),
    ("654002", "Yining City, Ili Kazakh Autonomous Prefecture, Xinjiang Uyghur Autonomous Region",
     "Yining City, Ili Kazakh Autonomous Prefecture, Xinjiang", "新疆维吾尔自治区伊犁哈萨克自治州伊宁市"),
    ("659001", "Shihezi City, Xinjiang Uyghur Autonomous Region", "Shihezi City, Xinjiang",
     "新疆维吾尔自治区石河子市"),                     # the 659000 placeholder is left out
    ("659012", "Baiyang City, Xinjiang Uyghur Autonomous Region", "Baiyang City, Xinjiang",
     "新疆维吾尔自治区白杨市"),                       # 2023, from the newer table
    ("650102", "Tianshan District, Urumqi, Xinjiang Uyghur Autonomous Region",
     "Tianshan District, Urumqi, Xinjiang", "新疆维吾尔自治区乌鲁木齐市天山区"),
    ("652826", "Yanqi Hui Autonomous County, Bayingolin Mongol Autonomous Prefecture, "
     "Xinjiang Uyghur Autonomous Region", "Yanqi Hui Autonomous County, Bayingolin Mongol Autonomous Prefecture, "
     "Xinjiang", "新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县"),
    ("370202", "Shinan District, Qingdao City, Shandong Province", "Shinan District, Qingdao City, Shandong",
     "山东省青岛市市南区"),
    ("110105", "Chaoyang District, Beijing Municipality", "Chaoyang District, Beijing", "北京市朝阳区"),
    ("150000", "Inner Mongolia Autonomous Region", "Inner Mongolia", "内蒙古自治区"),
])
def test_division_chain(code: str, english: str, label: str, chinese: str) -> None:
    found = division(code)
    assert found is not None
    assert (found.english, found.label, found.name) == (english, label, chinese)
    assert found.current and found.source.startswith("https://github.com/")


@pytest.mark.parametrize("code,label", [
    ("652201", "Hami City, Hami Prefecture, Xinjiang"),      # before Hami became prefecture-level (2016)
    ("652923", "Kuqa County, Aksu Prefecture, Xinjiang"),    # before Kuqa became a city (2019)
    ("654223", "Shawan County, Tacheng Prefecture, Xinjiang"),  # before Shawan became a city (2021)
    ("652101", "Turpan City, Turpan Prefecture, Xinjiang"),
])
def test_former_codes_are_named(code: str, label: str) -> None:
    found = division(code)
    assert found is not None and not found.current
    assert found.label == label


def test_unknown_codes() -> None:
    assert division("659099") is None
    assert division("6529") is None
    assert division("65290A") is None
    assert division("659000") is None          # a placeholder, not a place
    found = nearest_division("659099")
    assert found is not None and found.code == "650000"
    found = nearest_division("652999")
    assert found is not None and found.code == "652900"
    assert nearest_division("999999") is None


@pytest.mark.parametrize("name,parts,english", [
    ("昌吉回族自治州", ("昌吉", ("回",), "自治州"), "Changji Hui Autonomous Prefecture"),
    ("巴音郭楞蒙古自治州", ("巴音郭楞", ("蒙古",), "自治州"), "Bayinguoleng Mongol Autonomous Prefecture"),
    ("双江拉祜族佤族布朗族傣族自治县", ("双江", ("拉祜", "佤", "布朗", "傣"), "自治县"),
     "Shuangjiang Lahu, Va, Blang and Dai Autonomous County"),
    ("东乡族自治县", ("", ("东乡",), "自治县"), "Dongxiang Autonomous County"),
    ("内蒙古自治区", ("内蒙古", (), "自治区"), "Neimenggu Autonomous Region"),
    ("阿克苏地区", ("阿克苏", (), "地区"), "Akesu Prefecture"),
    ("锡林郭勒盟", ("锡林郭勒", (), "盟"), "Xilinguole League"),
    ("浦东新区", ("浦东", (), "新区"), "Pudong New Area"),
    ("矿区", ("", (), "矿区"), "Mining District"),
])
def test_split_and_english(name: str, parts: tuple[str, tuple[str, ...], str], english: str) -> None:
    assert split_name(name) == parts
    root = {"昌吉": "Changji", "巴音郭楞": "Bayinguoleng", "双江": "Shuangjiang", "内蒙古": "Neimenggu",
            "阿克苏": "Akesu", "锡林郭勒": "Xilinguole", "浦东": "Pudong"}.get(parts[0], "")
    assert english_name(name, root, "prefecture") == english


def test_table_shape_and_provenance() -> None:
    rows = list(csv.DictReader((TABLE / "divisions.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 3258
    assert len({r["code"] for r in rows}) == len(rows)
    assert {r["level"] for r in rows} == {"province", "prefecture", "county"}
    assert {r["status"] for r in rows} == {"current", "former"}
    sources = {r["key"] for r in csv.DictReader((TABLE / "sources.csv").read_text(encoding="utf-8").splitlines())}
    assert {r["source"] for r in rows} == sources == {"uiwjs", "modood", "cn-gb2260"}
    readme = (TABLE / "README.md").read_text(encoding="utf-8")
    for name in ("divisions.csv", "sources.csv"):
        digest = hashlib.sha256((TABLE / name).read_bytes()).hexdigest()
        assert digest in readme, f"{name}: sha256 {digest} is not the one the README records"
    xinjiang = [r for r in rows if r["code"].startswith("65") and r["status"] == "current"]
    assert len(xinjiang) == 124


def test_gazetteer_agrees_with_the_table() -> None:
    table = units()
    raw = resources.load("xinjiang_gazetteer")
    ids = [p["id"] for p in raw["places"]]
    assert len(ids) == len(set(ids))
    for place in raw["places"]:
        assert str(place["source"]).startswith("https://"), place["id"]
        if place.get("code"):
            unit = table[place["code"]]
            assert unit.code.startswith("65")
            assert unit.name in place["zh"], (place["id"], unit.name)
        for code in place.get("former_codes") or {}:
            assert not table[code].current, code
        if place.get("city"):
            assert place["city"] in ids
    aliases = {a for p in raw["places"] for a in [*p.get("zh", []), *p.get("latin", [])]}
    for entry in raw["ambiguous"]:
        assert entry["name"] in aliases, entry["name"]
        assert entry["needs"] in ("china", "xinjiang") and entry["why"]


def test_every_prefecture_level_unit_and_county_level_city_of_xinjiang_is_in_the_gazetteer() -> None:
    listed = {p.get("code") for p in resources.load("xinjiang_gazetteer")["places"]}
    wanted = {u.code for u in units().values() if u.code.startswith("65") and u.current and (
        u.level != "county" or u.name.endswith("市")) and "直辖" not in u.name}
    assert wanted - listed == set()
    assert len(wanted) == 44   # the region, 14 prefecture-level units, 29 county-level cities (12 of the XPCC)
