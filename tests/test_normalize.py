"""Normalisation tables: one real name per row."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from behind.matching.match import Query
from behind.text import (
    has_han,
    has_legal_form,
    legal_form_words,
    name_forms,
    normalize_identifier,
    normalize_name,
    normalize_ticker,
)


@pytest.mark.parametrize("raw,expected", [
    ("ＨＩＫＶＩＳＩＯＮ", "hikvision"),                                   # full-width letters (NFKC)
    ("ООО «Газпром нефть»", "ooo gazprom neft"),                       # Cyrillic
    ("Société Générale S.A.", "societe generale s a"),                 # accents, punctuation
    ("AL-HAQ, 'Abd", "al haq abd"),                                    # apostrophes dropped
    ("Procter & Gamble", "procter and gamble"),                        # & read as "and"
    ("海康威视", "hai kang wei shi"),                                    # Han to pinyin syllables
    ("  ", ""),
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("raw,tokens", [
    # legal forms set aside, in many languages
    ("Zhejiang Dahua Technology Co., Ltd.", ("zhejiang", "dahua", "technology")),
    ("PESCABRAVA, SOCIEDAD ANONIMA", ("pescabrava",)),
    ("Müller GmbH & Co. KG", ("muller",)),
    ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU KAP INFIN", ("kap", "infin")),
    ("VTB BANK ARMENIA CLOSED JSC", ("vtb", "bank", "armenia")),
    ("AVIA GROUP TERMINAL LTD LIABILITY COMPANY", ("aviation", "group", "terminal")),
    ("CORPORATIVO SOSVAL, S.A. DE C.V.", ("corporativo", "sosval")),
    # misspelt legal forms are still legal forms
    ("HAVIN BANK LIMTIED", ("havin", "bank")),
    ("SARV SHIPPING COMPANY LIMITDE", ("sarv", "shipping")),
    ("VTB BANK GEORGIA JOINT STOCK CMOPANY", ("vtb", "bank", "georgia")),
    ("AKTSIOENRNOE OBSHCHESTVO RT-OKHRANA", ("rt", "okhrana")),
    # but a name word one letter from a legal form is not
    ("Xinjiang Production and Construction Corps", ("xinjiang", "production", "and", "construction", "corps")),
    # vendor-master abbreviations meet the full words
    ("TECH AND DEV GRP LTD", ("technology", "and", "development", "group")),
    ("INTL SIKH YOUTH FEDERATION", ("international", "sikh", "youth", "federation")),
    ("HADI SHPG CO LIMITED", ("hadi", "shipping")),
    ("Hikvision Digital Technologies", ("hikvision", "digital", "technology")),
    # initials joined
    ("T.M.G. ENG LIMITED", ("tmg", "engineering")),
    # a name that is nothing but a legal form keeps its words
    ("CORP", ("corp",)),
])
def test_name_tokens(raw, tokens):
    assert name_forms(raw)[0] == tokens


def test_surface_forms_kept_beside_canonical():
    canon, surface = name_forms("INVERSIONES VILLA PAZ S.A.")
    assert canon == ("investment", "villa", "paz") and surface == ("inversiones", "villa", "paz")


@pytest.mark.parametrize("raw,tokens", [
    ("Hua Chiang PAO", ("hua", "chiang", "pao")),       # PAO is a surname here, not a Russian legal form
    ("Ahmed AG ALBACHAR", ("ahmed", "ag", "albachar")),  # AG is a name particle, not Aktiengesellschaft
])
def test_person_names_keep_every_word(raw, tokens):
    assert name_forms(raw, person=True)[0] == tokens


@pytest.mark.parametrize("raw,expected", [
    ("Dover Corporation", True), ("浙江大华技术股份有限公司", True), ("OPEN JSC CHAYKA", True),
    ("Carvana", False), ("Xinjiang Public Security Bureau", False),
])
def test_has_legal_form(raw, expected):
    assert has_legal_form(raw) is expected


@pytest.mark.parametrize("raw,expected", [
    ("OPEN JSC CHAYKA", {"open", "joint", "stock", "company"}),
    ("Zhejiang Dahua Technology Co., Ltd.", {"company", "limited"}),
    ("浙江大华技术股份有限公司", {"股份有限公司", "有限公司", "公司"}),  # every Han form it contains
    ("Carvana", set()),
])
def test_legal_form_words(raw, expected):
    assert legal_form_words(raw) == expected


def test_a_misspelt_legal_form_reads_the_same_in_every_process():
    # "COMPANIE" is one edit from compagnie, compania and companies: the answer must not depend on
    # the process's string hashing (it did: each of the three, by PYTHONHASHSEED)
    code = ("from behind.text import legal_form_words; "
            "print(sorted(legal_form_words('COMPANIE BENIFICENT DE SOLIDARITE AVEC PALESTINE')))")
    answers = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                              capture_output=True, text=True, check=True).stdout for seed in ("1", "3", "4")}
    assert len(answers) == 1


@pytest.mark.parametrize("text,expected", [
    ("海康威视", True),
    ("EZVIZ 萤石", True),
    ("\u3400", True),          # CJK Extension A
    ("\uf900", True),          # CJK Compatibility Ideographs
    ("Hikvision", False),
    ("ＨＩＫ", False),           # full-width Latin letters
    ("ひらがな カタカナ", False),  # Japanese kana
    ("\u4dc0", False),          # a Yijing hexagram symbol, between the Han blocks
])
def test_has_han(text, expected):
    assert has_han(text) is expected


@pytest.mark.parametrize("raw,expected", [
    ("002415 CN", "002415"), ("SZSE:002415", "002415"), ("002415.SZ", "002415"), ("600118", "600118"),
])
def test_normalize_ticker(raw, expected):
    assert normalize_ticker(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("CNE100000PM8", "CNE100000PM8"), ("cne1000 00pm8", "CNE100000PM8"),
    ("9133 0000 7337 9610 6P", "91330000733796106P"), ("ＣＮＥ１", "CNE1"),
])
def test_normalize_identifier(raw, expected):
    assert normalize_identifier(raw) == expected


# ------------------------------------------------------------------ control characters (issue 9, item 7)
@pytest.mark.parametrize("raw,expected", [
    ("Hik\x01vision", "hikvision"),            # C0 controls join the letters around them...
    ("Hik\x1bvision", "hikvision"),
    ("Hik\x7fvision", "hikvision"),            # DEL
    ("Hik\x9bvision", "hikvision"),            # C1 controls too
    ("Hik\u200bvision", "hikvision"),          # ...as a zero-width space always did
    ("Hikvision\x07Digital", "hikvisiondigital"),
    ("Hikvision\tDigital", "hikvision digital"),  # whitespace controls still separate words
    ("Hikvision\x85Digital", "hikvision digital"),
    ("Hikvision\x1fDigital", "hikvision digital"),
])
def test_control_characters_join_or_separate(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize("name", ["Hik\x01vision", "Hik\x1bvision", "HIK\x00VISION"])
def test_control_characters_do_not_hide_a_listed_name(index, name):
    hits = index.search(Query(name=name))
    assert "us_ofac_cons:30946" in [h.entity.key for h in hits]


def test_a_joined_word_is_split_into_listed_words(index):
    """``Hikvision\\x07Digital`` reads as one word, which retrieval splits into the listed words it joins:
    it finds what ``Hikvision Digital`` finds, at the same score."""
    spaced = {h.entity.key: h.score for h in index.search(Query(name="Hikvision Digital"), threshold=0.7)}
    joined = {h.entity.key: h.score for h in index.search(Query(name="Hikvision\x07Digital"), threshold=0.7)}
    assert "us_ofac_cons:30946" in joined and joined["us_ofac_cons:30946"] == spaced["us_ofac_cons:30946"]
