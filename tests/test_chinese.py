"""Chinese names in Han script and pinyin, rendered to meet English list records."""

from __future__ import annotations

from pathlib import Path

import pytest

from behind.config import Settings
from behind.matching.match import Index, Query
from behind.store.sqlite import Store
from behind.text import han_variants, normalize_name, pinyin_variants, segment
from behind.text.chinese import simplified
from behind.text.pinyin_cut import is_pinyin, resegment


@pytest.mark.parametrize("han,first", [
    ("浙江大华技术股份有限公司", ("zhejiang", "dahua", "technology")),        # region, trade name, business word
    ("杭州海康威视数字技术股份有限公司", ("hangzhou", "haikangweishi", "digital", "technology")),
    ("中国电信股份有限公司", ("china", "telecommunications")),
    ("熊猫电子集团有限公司", ("panda", "electronics", "group")),
    ("中国运载火箭技术研究院", ("china", "launch", "vehicle", "technology", "academy")),
    ("安徽长城军工股份有限公司", ("anhui", "greatwall", "military", "industry")),
    ("中国太平洋保险(集团)股份有限公司", ("china", "taipingyang", "insurance", "group")),
    ("长沙景嘉微电子股份有限公司", ("changsha", "jingjia", "microelectronics")),
])
def test_han_first_rendering(han, first):
    assert han_variants(han)[0] == first


def test_alternative_renderings_are_offered():
    variants = han_variants("中国运载火箭技术研究院")
    assert ("china", "launch", "vehicle", "technology", "research", "institute") in variants
    assert all(len(variants) <= 8 for variants in [variants])
    # 集团 may be rendered "group" or left out (English names often say "Corporation")
    assert ("china", "north", "industry") in han_variants("中国兵器工业集团有限公司")


def test_segment_marks_trade_names_in_pinyin():
    parts = segment("大华技术")
    assert parts == [("大华", ("dahua", "dh")), ("技术", ("technology",))]


def test_short_trade_names_may_be_initials():
    # 航天彩虹无人机: the listed English name is AEROSPACE CH UAV
    assert ("aerospace", "ch", "uav") in han_variants("航天彩虹无人机股份有限公司")
    assert segment("海康威视") == [("海康威视", ("haikangweishi",))]  # four characters: pinyin only


@pytest.mark.parametrize("pinyin,expected", [
    ("Fujian Huoju Dianzi Keji Gufen Youxian Gongsi", ("fujian", "torch", "electronics", "technology")),
    ("Zhongguo Dianxin", ("china", "telecommunications")),
])
def test_pinyin_rendered(pinyin, expected):
    assert expected in pinyin_variants(normalize_name(pinyin))


@pytest.mark.parametrize("name", [
    "Biyadi Gufen Youxian Gongsi",   # pinyin, but no business word to render: nothing to add
    "Apple Inc",                     # not pinyin at all
    "Keji",                          # one word is not enough to call a name pinyin
])
def test_not_rendered(name):
    assert pinyin_variants(normalize_name(name)) == ()


@pytest.fixture(scope="module")
def lists_only(loaded_dir: Path) -> Index:
    """The bundled official lists without the curated data (and so without its Chinese aliases)."""
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        return Index([e for e in store.entities() if e.source != "curated"])


# Chinese names of companies on the UFLPA Entity List whose English names there are the pinyin of the trade name
# and a translation of the business words (化学 chemical, 煤电 coal and electricity, 毛纺织 wool textile...).
# Each must find the list's English record through the translation alone: the test index is built without the
# curated Chinese aliases (the registered names a filing gives, where one was found, are in the curated data).
@pytest.mark.parametrize("han,english", [
    ("新疆中泰化学股份有限公司", "Xinjiang Zhongtai Chemical Co., Ltd."),
    ("新疆神火煤电有限公司", "Xinjiang Shenhuo Coal and Electricity Co., Ltd."),
    ("新疆天山毛纺织股份有限公司", "Xinjiang Tianshan Wool Textile Co. Ltd."),
    ("新疆腾翔镁制品有限公司", "Xinjiang Tengxiang Magnesium Products Co., Ltd."),
    ("西部黄金哈密金矿有限责任公司", "Western Gold Hami Gold Mine Co., Ltd."),
    ("新疆众和股份有限公司", "Xinjiang Zhonghe Co., Ltd."),           # 和 is the trade name's, not "and"
    ("双良硅材料(包头)有限公司", "Shuangliang Silicon Materials (Baotou) Co., Ltd."),
    ("江苏美科太阳能科技股份有限公司", "Jiangsu Meike Solar Technology Co., Ltd."),
    ("福建闽龙仓储有限公司", "Fujian Minlong Warehousing Co., Ltd."),
    ("河北番茄产业股份有限公司", "Hebei Tomato Industry Co., Ltd."),
    ("菏泽棉麻有限公司", "Heze Cotton and Linen Co., Ltd."),
])
def test_translated_business_words_find_uflpa_records(lists_only, han, english):
    hits = [m for m in lists_only.search(Query(name=han)) if m.entity.source == "us_dhs_uflpa"]
    assert hits and hits[0].entity.name == english and hits[0].score >= 0.85


@pytest.mark.parametrize("traditional,expect", [
    ("海康威視數字技術股份有限公司", "curated:hikvision"),      # the data has the simplified form only
    ("吐魯番溢達紡織有限公司", "curated:turpan_esquel"),
    ("浙江大華技術股份有限公司", "curated:dahua"),
])
def test_traditional_characters_read_as_simplified(index, traditional, expect):
    assert expect in [m.entity.key for m in index.search(Query(name=traditional))]
    assert han_variants(traditional) == han_variants(simplified(traditional))


def test_a_chinese_short_name_that_begins_the_registered_trade_name_is_a_name_of_its_own(index):
    # 药明康德 is WuXi AppTec's exchange short name; its registered name reads 无锡 药明康德新药 开发 (新药 is no
    # dictionary word), so the short name only begins a word of it: still a name, not a clipped alias
    assert "curated:wuxi_apptec" in [m.entity.key for m in index.search(Query(name="药明康德"))]


def test_one_character_word_inside_a_trade_name_is_read_as_part_of_it():
    # 和 (and) and 部 (ministry) are dictionary words; next to a trade name they are also read as its syllables
    assert ("xinjiang", "zhonghe") in han_variants("新疆众和股份有限公司")
    assert han_variants("新疆众和股份有限公司")[0] == ("xinjiang", "zhong", "and")  # the word reading stays first
    assert ("hexin", "technology") in han_variants("和信科技有限公司")
    # a one-character word between dictionary words is left as it is
    assert han_variants("中国科学院与技术")[0][-3:] == ("science", "and", "technology")


# Pinyin read whatever word boundaries its writer chose (text/pinyin.py, matching/pinyin_names.py):
# each row is a real way of writing a listed company's Chinese name, and the record it must find.
@pytest.mark.parametrize("query,expect", [
    ("Keda Xunfei", "curated:iflytek"),                                        # 科大讯飞, iFlytek's short name
    ("Ke Da Xun Fei", "curated:iflytek"),
    ("Anhui Zhongke Daxun Fei Xinxi Keji Youxian Gongsi", "curated:iflytek"),  # 安徽中科大讯飞信息科技有限公司
    ("Anhui Kedaxunfei Xinxi Keji Gufen Youxian Gongsi", "curated:iflytek"),
    ("Xiamenshi Meiya Baike Xinxi Gufen Youxian Gongsi", "curated:meiya_pico"),  # 厦门市: 市 written joined
    ("Xiamen Shi Meiyabaike Xinxi Gufen Youxian Gongsi", "curated:meiya_pico"),
    ("Xinjiangweiwuerzizhiqu Gongan Ting", "curated:xuar_psb"),                # 新疆维吾尔自治区公安厅
    ("Xinjiang Shengchan Jianshe Bingtuan", "curated:xpcc"),                   # 新疆生产建设兵团
    ("Shenzhen Shi Da Jiang Chuangxin Keji Youxian Gongsi", "curated:dji"),    # 深圳市大疆创新科技有限公司
    ("Zhongxing Tongxun Gufen Youxian Gongsi", "curated:zte"),                 # 中兴 zhongxing, also 重型 heavy
    ("Zhong Xing Tong Xun Gu Fen You Xian Gong Si", "curated:zte"),            # syllables apart
    ("Zhongguo Dongfanghong Weixing Gufen Youxian Gongsi", "curated:china_spacesat"),  # 东方红 | 卫星
])
def test_pinyin_found_whatever_the_word_boundaries(index, query, expect):
    assert expect in [m.entity.key for m in index.search(Query(name=query))]


@pytest.mark.parametrize("query", [
    "Long Men",             # English words that are also pinyin syllables
    "Hang Men Long",
    "Bin Hang",
    "Long Hang Inc",
    "Chang Long Co Ltd",
    "Ben Long Men Ltd",
    "China Long Men",       # china = chi + na
    "Mining China Inc",     # mining = mi + ning
    "Sun Hang Long Inc",
    "Bin Hai Inc",
    "Pine Hang Co",
    "Chang Jiang Inc",
    "Zhongxing",            # 中兴 alone is a common word many companies use (中兴, 众兴, 重型): no alert on it
])
def test_english_words_that_parse_as_pinyin_do_not_alert(index, query):
    assert [m.entity.key for m in index.search(Query(name=query))] == []


def test_pinyin_cut_follows_spelling_rules():
    known = {"changji": ("changji",), "dianli": ("power",), "xian": ("xian",), "feiji": ("aircraft",)}
    # 长江 is never "changji ang": a syllable starting with a vowel starts no piece inside a written word
    assert resegment("chang jiang dian li", known) == (("chang", "jiang", "power"),)
    assert ("xian", "aircraft") in resegment("xi an fei ji", known)   # the writer's own boundary: 西安
    assert resegment("apple long", known) == ()                       # not wholly pinyin
    assert not is_pinyin("hikvision") and is_pinyin("xinjiangweiwuerzizhiqu")


@pytest.mark.parametrize("listed,query,expected", [
    # 局 and 核 are words of their own in the Han name (bureau, nuclear); in pinyin they are written
    # joined to the word beside them
    ("中交第二航务工程局有限公司", "zhongjiao dier hangwu gongchengju youxian gongsi",
     ("zhongjiao", "second", "hangwu", "engineering", "bureau")),
    ("中国核建", "zhongguo hejian", ("china", "nuclear", "jian")),
])
def test_one_character_word_written_joined_to_its_neighbour(listed, query, expected):
    from behind.text.pinyin_cut import han_pinyin_words

    assert expected in resegment(query, han_pinyin_words([listed]))
    assert expected not in resegment(query, han_pinyin_words([]))   # only a listed name teaches the pair


def test_pinyin_of_one_character_words_finds_the_listed_company(index):
    """China Nuclear Engineering (中国核建) and CCCC Second Navigation Engineering Bureau
    (中交第二航务工程局) typed in pinyin as their writers join the syllables."""
    for query, key in [("Zhongguo Hejian", "curated:cnec"),
                       ("Zhongjiao Dier Hangwu Gongchengju Youxian Gongsi", "curated:cccc_second_navigation")]:
        assert key in [m.entity.key for m in index.search(Query(name=query), threshold=0.85)]


def test_a_short_name_ending_in_gufen_is_a_company_not_a_person(index):
    """伊利股份 written in syllables apart, "Yi Li Gu Fen", had met the listed person LI, Yi at 0.90:
    股份 ("shares") ends an exchange's short name, so the query names a company."""
    from behind.text.pinyin_cut import pinyin_legal_form

    assert pinyin_legal_form("yi li gu fen") and pinyin_legal_form("yili gufen")
    assert not pinyin_legal_form("li yi") and not pinyin_legal_form("gu fen li")
    assert not [m for m in index.search(Query(name="Yi Li Gu Fen")) if m.entity.schema == "Person"]


@pytest.mark.parametrize("query,key", [
    ("Jingdongfang", "curated:boe"),                    # 京东方: BOE
    ("Zhongguanghe", "curated:cgn"),                    # 中广核: CGN
    ("Sanhangju", "curated:cccc_third_navigation"),     # 三航局
])
def test_a_short_name_written_as_one_pinyin_word_is_read(index, query, key):
    assert key in [m.entity.key for m in index.search(Query(name=query), threshold=0.85)]


def test_one_pinyin_word_is_read_only_when_long_and_rendered_otherwise():
    from behind.text.pinyin_cut import han_pinyin_words

    known = han_pinyin_words(["京东方A", "中兴通讯股份有限公司"])
    assert ("jing", "oriental") in resegment("jingdongfang", known)
    assert resegment("zhongxing", known) == ()        # two syllables: a word many companies use
    assert resegment("haikangweishi", han_pinyin_words(["海康威视"])) == ()  # rendered as itself: matched as it is


@pytest.mark.parametrize("han,listed", [
    ("新疆警察学院", "Xinjiang Police College"),                                     # 警察 police
    ("伊犁哈萨克自治州公安局", "Ili Kazakh Autonomous Prefecture Public Security Bureau"),  # 伊犁: Yili or Ili
    ("塔城地区公安局", "Tacheng Prefecture Public Security Bureau"),
    ("五家渠市公安局", "Wujiaqu Municipality Public Security Bureau"),
])
def test_the_entity_list_xinjiang_bureaus_in_chinese(index, han, listed):
    """The 2019 Entity List names the Xinjiang public security bodies in English only."""
    found = [m for m in index.search(Query(name=han), threshold=0.85) if m.entity.source == "us_bis_entity_list"
             or m.entity.name.startswith(listed)]
    assert any(m.entity.name.startswith(listed) for m in found), [m.entity.name for m in found]
