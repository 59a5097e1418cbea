"""Chinese names in Han script and pinyin, rendered to meet English list records."""

from __future__ import annotations

import pytest

from behind.text import han_variants, normalize_name, pinyin_variants, segment


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
