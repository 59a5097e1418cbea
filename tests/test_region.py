"""The Xinjiang nexus: every real Xinjiang place found, in every script; no look-alike alerted."""

from __future__ import annotations

from typing import Any

import pytest

from behind import resources
from behind.errors import InputError
from behind.evidence.region import address_evidence, uscc_evidence, xinjiang_nexus
from behind.text.places import fold_words, read_address
from behind.text.uscc import check_character

# (address, the place it names: gazetteer id or GB/T 2260 code of the most specific Xinjiang unit)
FOUND = [
    # the region
    ("新疆维吾尔自治区", "xinjiang"),
    ("新疆維吾爾自治區", "xinjiang"),                               # traditional characters
    ("Xinjiang Uygur Autonomous Region, P.R. China", "xinjiang"),
    ("Xinjiang Uighur Autonomous Region", "xinjiang"),
    ("XUAR, PRC", "xinjiang"),
    ("Sinkiang, China", "xinjiang"),
    # prefecture-level units, in Chinese, pinyin, English and Uyghur-derived spellings
    ("新疆乌鲁木齐市沙依巴克区友好北路", "650103"),                     # Saybag District, Urumqi
    ("烏魯木齊市", "urumqi"),
    ("No. 5 Beijing Road, Tianshan District, Urumqi 830000, Xinjiang, China", "urumqi"),
    ("Ürümqi, Xinjiang", "urumqi"),
    ("Urumchi", "urumqi"),
    ("Wulumuqi Shi, Xinjiang", "urumqi"),
    ("克拉玛依市独山子区", "650202"),
    ("Karamay, Xinjiang", "karamay"),
    ("Kelamayi", "karamay"),
    ("吐鲁番市高昌区", "650402"),
    ("Turfan, China", "turpan"),
    ("Tulufan", "turpan"),
    ("Turpan", "turpan"),
    ("哈密市伊州区", "650502"),
    ("Kumul City", "hami"),
    ("Hami, Xinjiang, China", "hami"),
    ("Qumul", "hami"),
    ("昌吉回族自治州玛纳斯县", "652324"),
    ("Changji Hui Autonomous Prefecture", "changji"),
    ("昌吉州", "changji"),
    ("博尔塔拉蒙古自治州", "bortala"),
    ("Bortala, China", "bortala"),
    ("Bole City, Bortala", "bole"),
    ("巴音郭楞蒙古自治州", "bayingolin"),
    ("Bayingolin Mongol Autonomous Prefecture", "bayingolin"),
    ("巴州库尔勒市", "korla"),
    ("Bazhou, Xinjiang", "bayingolin"),
    ("Korla", "korla"),
    ("Kuerle Shi, Xinjiang", "korla"),
    ("阿克苏地区", "aksu"),
    ("Akesu", "aksu"),
    ("Aksu, Xinjiang", "aksu"),
    ("Aksu Prefecture", "aksu"),
    ("Aksu, China", "aksu"),
    ("Aksu 843000", "aksu"),                                       # a Xinjiang postcode
    ("No. 1 Renmin Road, Aksu City, Xinjiang 843000, China", "aksu-city"),
    ("阿克苏市", "aksu-city"),
    ("克孜勒苏柯尔克孜自治州", "kizilsu"),
    ("Kizilsu Kirghiz Autonomous Prefecture", "kizilsu"),
    ("Kezhou, Xinjiang", "kizilsu"),
    ("克州阿图什市", "artux"),
    ("Artux", "artux"),
    ("Atushi", "artux"),
    ("喀什地区疏附县", "653121"),
    ("Kashgar", "kashgar"),
    ("Kashi, Xinjiang", "kashgar"),
    ("Kashi Diqu", "kashgar"),
    ("Qeshqer", "kashgar"),
    ("Kashgar City, Xinjiang", "kashgar-city"),
    ("喀什市", "kashgar-city"),
    ("和田地区", "hotan"),
    ("和田市北京西路", "hotan-city"),                                 # 北京 is a street
    ("Hotan", "hotan"),
    ("Khotan, China", "hotan"),
    ("Hetian", "hotan"),
    ("Hetian Shi, Xinjiang", "hotan-city"),
    ("伊犁哈萨克自治州", "ili"),
    ("Ili Kazakh Autonomous Prefecture", "ili"),
    ("伊宁市", "yining"),
    ("Ghulja", "yining"),
    ("Ghulja, Ili", "yining"),
    ("Kulja", "yining"),
    ("Yining City, Ili Kazakh Autonomous Prefecture, China", "yining"),
    ("塔城地区", "tacheng"),
    ("Chuguchak", "tacheng"),
    ("Qoqek", "tacheng"),
    ("Tacheng, Xinjiang, China", "tacheng"),
    ("阿勒泰地区", "altay"),
    ("Aletai", "altay"),
    ("Altay Prefecture, Xinjiang", "altay"),
    ("Altay, China", "altay"),
    # county-level cities
    ("Kuqa", "kuqa"), ("Kucha, Aksu Prefecture", "kuqa"), ("Kucha, Aksu, China", "kuqa"), ("库车市", "kuqa"),
    ("Kuytun", "kuytun"), ("奎屯市", "kuytun"),
    ("Wusu City", "wusu"), ("乌苏市", "wusu"),
    ("Fukang City", "fukang"), ("阜康市", "fukang"),
    ("Alashankou", "alashankou"), ("阿拉山口市", "alashankou"),
    ("Khorgas, Xinjiang, China", "khorgas"), ("霍尔果斯市", "khorgas"), ("Huoerguosi", "khorgas"),
    ("Shawan City", "shawan"), ("沙湾市", "shawan"),
    ("Altay City, Xinjiang", "altay-city"),
    ("Tacheng City", "tacheng-city"),
    ("Changji City, Xinjiang", "changji-city"), ("昌吉市", "changji-city"),
    # XPCC cities and divisions
    ("Shihezi", "shihezi"), ("石河子市北四路", "shihezi"), ("兵团第八师石河子市", "shihezi"),
    ("Wujiaqu", "wujiaqu"), ("五家渠市", "wujiaqu"),
    ("Tiemenguan", "tiemenguan"), ("铁门关市", "tiemenguan"),
    ("Alaer", "aral"), ("Alar, Xinjiang", "aral"), ("新疆生产建设兵团第一师阿拉尔市", "aral"),
    ("Tumxuk", "tumxuk"), ("Tumushuke", "tumxuk"), ("图木舒克市", "tumxuk"),
    ("Beitun City, Xinjiang", "beitun"), ("北屯市", "beitun"),
    ("Shuanghe City, Xinjiang", "shuanghe"), ("双河市", "shuanghe"),
    ("Kokdala", "kokdala"), ("Kekedala", "kokdala"), ("可克达拉市", "kokdala"),
    ("Kunyu City, Xinjiang", "kunyu"), ("昆玉市", "kunyu"),
    ("Huyanghe", "huyanghe"), ("胡杨河市", "huyanghe"),
    ("Xinxing City, Xinjiang", "xinxing"), ("新星市", "xinxing"),
    ("Baiyang City, Xinjiang", "baiyang"), ("白杨市", "baiyang"),
    ("新疆生产建设兵团", "xpcc"), ("XPCC", "xpcc"), ("Xinjiang Production and Construction Corps", "xpcc"),
    ("Xinjiang Production & Construction Corps, Urumqi", "urumqi"),
    ("兵团第三师", "xpcc-3"), ("农十四师", "xpcc-14"), ("First Agricultural Division, XPCC", "xpcc-1"),
    ("XPCC 8th Division, Shihezi", "shihezi"),
    # counties, by their Chinese names (from the table) and Uyghur-derived ones
    ("喀什地区莎车县", "shache"), ("Yarkand, Kashgar", "shache"), ("Karakax County, Hotan Prefecture", "moyu"),
    ("和田地区墨玉县", "moyu"), ("于田县", "yutian"), ("Keriya", "yutian"), ("洛浦县", "luopu"),
    ("新疆和田地区和康县", "hekang"), ("和安县", "hean"),
    ("巴楚县", "bachu"), ("伽师县", "jiashi"), ("托克逊县", "toksun"), ("尉犁县", "652823"),
    ("新疆维吾尔自治区阿克苏地区阿瓦提县", "652928"), ("新疆和田地区皮山县", "653223"), ("新疆喀什地区伽师县", "jiashi"),
    ("新疆生产建设兵团第十四师昆玉市", "kunyu"), ("塔城地区沙湾市", "shawan"),
    # addresses as supplier files write them
    ("Awati County, Aksu Prefecture, Xinjiang", "aksu"),
    ("Aksu Textile Industrial City, Aksu Prefecture, Xinjiang", "aksu"),
    ("Room 1203, Yinhe Building, Xinhua North Road, Urumqi", "urumqi"),
    ("Xinjiang Tianshan Wool Textile Co., Ltd., Urumqi, Xinjiang", "urumqi"),
    ("China, Xinjiang, Kashgar, Shufu County", "kashgar"),
    ("Wusu, Tacheng Prefecture", "wusu"),
    ("Yarkant County, Kashgar Prefecture, Xinjiang 844700", "shache"),
]

LOOK_ALIKES = [
    # streets named after Xinjiang places in other cities
    "山东省青岛市市北区新疆路8号",
    "青岛市新疆路",
    "新疆路18号, 青岛",
    "18 Xinjiang Road, Shibei District, Qingdao, Shandong, China",
    "Xinjiang Lu 18, Qingdao",
    "Xinjiang Rd. (N), Qingdao 266000, Shandong, PRC",
    "上海市静安区乌鲁木齐中路100号",
    "Wulumuqi Zhonglu, Jing'an District, Shanghai",
    "Urumqi Middle Road, Shanghai",
    "上海市长宁区伊犁路",
    "上海市哈密路",
    "Kashgar Road, Shanghai 200000, China",
    "天津市和平区新疆路",
    # a Xinjiang name in a building in another city
    "北京市海淀区三里河路7号新疆大厦",
    "Xinjiang Building, 7 Sanlihe Road, Haidian District, Beijing",
    # company names with Xinjiang place names, abroad
    "Urumqi Noodle House, 123 Main St, Brooklyn, NY 11201",
    "Urumqi Noodle House, Brooklyn, New York",
    "Urumqi Noodle House",
    "Hami Melon Imports, 800 S Alameda St, Los Angeles, CA 90021",
    "Hami Melon Imports, Los Angeles",
    "Kashgar Café, 12 Camden High St, London, UK",
    "Xinjiang Restaurant, 5 High Street, London",
    "哈密瓜批发市场, 北京",
    # the same names elsewhere in the world
    "Aksu, Antalya, Turkey",
    "Aksu Mahallesi, Muratpaşa, Antalya, Türkiye",
    "Aksu, Pavlodar Region, Kazakhstan",
    "Аксу, Павлодарская область, Казахстан",
    "Altay, East Kazakhstan Region, Kazakhstan",
    "Khorgos, Almaty Region, Kazakhstan",
    "Aral, Kyzylorda Region, Kazakhstan",
    "Kashi Vishwanath Temple Road, Varanasi, Uttar Pradesh, India",
    "Bole Road, Addis Ababa, Ethiopia",
    "Bole, Addis Ababa",
    "Aksu",
    "Hami",
    "東京都港区和田1-2-3",
    "和田町, 日本",
    "わだ 和田",
    # the same names elsewhere in China
    "台中市北屯區",
    "白杨市场, 北京市朝阳区",
    "新星市场",
    "四川省双河镇",
    "云南省迪庆州维西县塔城镇",
    "Bazhou, Hebei, China",
    "Yili Industrial Group, Hohhot, Inner Mongolia",
    "Xinxing County, Yunfu, Guangdong",
    "Baiyangdian, Xiong'an, Hebei",
    "Kunyu Mountain, Yantai, Shandong",
    "黑龙江省乌苏里江",
    "第八师, 陆军",
    "1st Division, Fort Riley, KS 66442",
    "",
]


def _gazetteer() -> dict[str, Any]:
    raw: dict[str, Any] = resources.load("xinjiang_gazetteer")
    return raw


def _key(address: str) -> str | None:
    nexus = read_address(address).nexus
    if nexus is None or nexus.place is None:
        return None
    return nexus.place.id


@pytest.mark.parametrize("address,place", FOUND)
def test_xinjiang_place_found(address: str, place: str) -> None:
    assert _key(address) == place, read_address(address)
    evidence = xinjiang_nexus(address, None)
    assert len(evidence) == 1
    assert evidence[0].kind == "region" and evidence[0].level == "address" and evidence[0].entity is None
    assert evidence[0].detail.startswith("address names ") and "Xinjiang" in evidence[0].detail
    assert evidence[0].source and evidence[0].source.startswith("https://")


@pytest.mark.parametrize("address", LOOK_ALIKES)
def test_look_alike_not_alerted(address: str) -> None:
    reading = read_address(address)
    assert reading.nexus is None, reading
    assert xinjiang_nexus(address, None) == []


def test_the_set_covers_every_prefecture_level_unit_county_level_city_and_xpcc_unit() -> None:
    found = {place for _, place in FOUND}
    wanted = {p["id"] for p in _gazetteer()["places"]
              if p["level"] in ("region", "prefecture", "prefecture-level city", "county-level city", "xpcc")}
    assert wanted - found == set()
    assert len(FOUND) >= 150 and len(LOOK_ALIKES) >= 50


def _aliases(script: str) -> list[tuple[str, str]]:
    return [(str(a), p["id"]) for p in _gazetteer()["places"] for a in p.get(script, [])]


@pytest.mark.parametrize("alias,place", _aliases("zh"))
def test_every_chinese_name_is_found(alias: str, place: str) -> None:
    assert _key(f"新疆{alias}人民路1号") == place


@pytest.mark.parametrize("alias,place", _aliases("latin"))
def test_every_latin_name_is_found(alias: str, place: str) -> None:
    assert _key(f"1 Renmin Road, {alias}, Xinjiang, China") == place


@pytest.mark.parametrize("alias,place", _aliases("latin"))
def test_every_latin_name_as_a_street_or_a_business_elsewhere_is_not(alias: str, place: str) -> None:
    if fold_words(alias)[-1] not in {"city", "prefecture", "county", "district", "region", "shi", "diqu"}:
        assert _key(f"88 {alias} Road, Shibei District, Qingdao, Shandong, China") is None
    assert _key(f"{alias} Noodle House, 12 Main St, Brooklyn, NY 11201") is None
    assert _key(f"{alias} Trading LLC, 500 Elm St, Houston, Texas, USA") is None


@pytest.mark.parametrize("alias,place", _aliases("zh"))
def test_every_chinese_name_as_a_street_elsewhere_is_not(alias: str, place: str) -> None:
    if alias.endswith(("市", "县", "縣", "区", "區", "州")):
        return
    assert _key(f"山东省青岛市市北区{alias}路8号") is None
    assert _key(f"{alias}路8号, 青岛市") is None


def test_order_decides_which_place_is_the_address_own() -> None:
    assert _key("新疆维吾尔自治区驻北京办事处") == "xinjiang"        # Xinjiang first, in Chinese script
    assert _key("北京市新疆大厦") is None                              # Beijing first
    assert _key("Room 1, Beijing Building, Kashgar") == "kashgar"      # Kashgar last, in Latin script
    assert _key("Kashgar Building, Shenzhen, Guangdong") is None      # Guangdong last
    reading = read_address("北京市海淀区三里河路7号新疆大厦")
    assert reading.why == "its place is 北京市, outside Xinjiang"
    assert "新疆路8: 新疆 is a street" in read_address("青岛市新疆路8号").set_aside


@pytest.mark.parametrize("address,detail", [
    ("Kashi, Xinjiang", "address names Kashgar (Kashi), Xinjiang"),
    ("Kashgar, China", "address names Kashgar, Xinjiang"),
    ("新疆", "address names Xinjiang (新疆)"),
    ("Xinjiang, China", "address names Xinjiang"),
    ("石河子市", "address names Shihezi (石河子市), an XPCC city, Xinjiang"),
    ("Ghulja", "address names Yining (Ghulja), Xinjiang"),
    ("8th Division, XPCC", "address names the XPCC 8th Division, Xinjiang"),
    ("喀什地区莎车县", "address names Yarkant (莎车县), Xinjiang"),
])
def test_address_detail(address: str, detail: str) -> None:
    found = address_evidence(address)
    assert found is not None and found.detail == detail


def _uscc(division: str) -> str:
    body = f"91{division}MA77ABCD0"
    return body + check_character(body)


@pytest.mark.parametrize("uscc,detail", [
    ("916501002999341738", "registered in Urumqi, Xinjiang (650100)"),                   # Leon Technology
    (_uscc("652901"), "registered in Aksu City, Aksu Prefecture, Xinjiang (652901)"),
    (_uscc("653125"), "registered in Yarkant County, Kashgar Prefecture, Xinjiang (653125)"),
    (_uscc("659001"), "registered in Shihezi City, Xinjiang (659001)"),
    (_uscc("652201"), "registered in Hami City, Hami Prefecture, Xinjiang (652201, a former code)"),
    (_uscc("659099"), "registered in Xinjiang (659099, a code the division table does not hold)"),
])
def test_registry_nexus(uscc: str, detail: str) -> None:
    found = uscc_evidence(uscc)
    assert found is not None
    assert (found.kind, found.level, found.detail, found.entity) == ("region", "registry", detail, None)
    assert found.source and found.source.startswith("https://github.com/")


@pytest.mark.parametrize("uscc", [
    "91330000733796106P",   # Hikvision, Hangzhou
    _uscc("370202"),        # Qingdao
    _uscc("110000"),
])
def test_no_registry_nexus_outside_xinjiang(uscc: str) -> None:
    assert uscc_evidence(uscc) is None
    assert xinjiang_nexus(None, uscc) == []


def test_both_sources_and_neither() -> None:
    both = xinjiang_nexus("Aksu, Xinjiang, China", "916501002999341738")
    assert [e.level for e in both] == ["registry", "address"]
    assert xinjiang_nexus(None, None) == []
    assert xinjiang_nexus("  ", " ") == []
    assert xinjiang_nexus("18 Xinjiang Road, Qingdao", "91330000733796106P") == []


def test_invalid_uscc_is_an_input_error_naming_its_row() -> None:
    with pytest.raises(InputError) as caught:
        xinjiang_nexus("Aksu, Xinjiang", "916501002999341739", row=12, file="suppliers.csv")
    assert (caught.value.field, caught.value.row, caught.value.file) == ("uscc", 12, "suppliers.csv")
    assert "check character" in str(caught.value)
