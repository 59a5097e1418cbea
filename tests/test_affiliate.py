"""Affiliate evidence: distinctive words measured, the other words classified, affiliate hits that
alert with their explanation, look-alikes that do not, and the two benchmark false alerts mended."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from behind.config import Settings
from behind.matching.lookalike import clipped, common_words_only, known_other_name
from behind.matching.match import Query
from behind.matching.score import NameScore, Pair
from behind.reports import run_screen
from behind.screening.request import ScreenRequest
from behind.text import name_forms
from behind.text.distinctive import (RARE_MAX, core, is_number, listed_company_count, measure, names_a_company,
                                     ordinary_words, rare, reference_count, word_class)


@pytest.mark.parametrize("word,cls", [
    ("usa", "place"), ("deutschland", "place"), ("europe", "place"), ("hangzhou", "place"), ("shenzhen", "place"),
    ("uk", "place"), ("technology", "generic"), ("digital", "generic"), ("holdings", "generic"),
    ("international", "generic"), ("systems", "generic"), ("hikvision", "other"), ("sensata", "other"),
])
def test_words_are_classified(word, cls):
    assert word_class(word) == cls


@pytest.mark.parametrize("word,distinct", [
    ("hikvision", True), ("huawei", True), ("zte", True), ("megvii", True), ("iflytek", True),
    # Inspur's own register entries (software, communications, electronics units, all in Jinan) are one organisation
    ("inspur", True),
    # used by more than one ordinary company (SEC, Nasdaq, S&P 500, IEEE OUI): not a name of its own
    ("sensata", False), ("sigma", False), ("electronics", False), ("technology", False),
    ("crystal", False), ("reach", False),  # Crystal Semiconductor, Crystal Group, Crystal Vision: three companies
    ("usa", False), ("of", False), ("2020", False), ("hk", False),
])
def test_rare_words_are_those_no_ordinary_company_uses(word, distinct):
    assert rare(word) is distinct
    if distinct:
        assert reference_count(word) <= RARE_MAX


def test_the_core_of_a_name_is_what_names_the_organisation():
    for name in ("Inspur (Shandong) Electronic Information Co., Ltd", "Inspur Software Group Ltd.",
                 "Inspur Communication Technology Co.,Ltd."):
        assert core(name_forms(name)[0]) == ("inspur",)
    assert core(name_forms("Crystal Vision Ltd")[0]) == ("crystal",)
    # a joint venture's name keeps both names
    assert core(name_forms("Huawei Symantec Technologies Co.,Ltd.")[0]) == ("huawei", "symantec")


def test_numbers_and_ordinals_are_generic():
    # the 41st Institute of CETC is CETC's whatever its number: an ordinal names nothing on its own
    assert is_number("41st") and is_number("2020") and not is_number("3com")
    assert word_class("41st") == "generic"
    assert names_a_company("3com") and names_a_company("symantec") and not names_a_company("technology")


def test_distinctiveness_is_measured_on_the_lists():
    # real listed names (Entity List, SDN): huawei stands alone in each; tejarat ("trade"), rare among
    # ordinary companies, stands beside other rare words; export is an ordinary company word
    names = [name_forms(n)[0] for n in (
        "Huawei Technologies Co., Ltd.", "Huawei Device Co., Ltd.", "Huawei Cloud Computing Technology Co., Ltd.",
        "Huawei Technologies Dusseldorf GmbH", "BARDIYA TEJARAT JAVID", "HAMRAHAN PISHRO TEJARAT",
        "BAZARGANI PISHGAMAN GOSTARESH OFOQ TEJARAT IRANIAN COMPANY",
        "BANK TEJARAT", "SEPEHR EXPORT COMPANY", "PARSIAN EXPORT TRADING",
        "NOURAN EXPORT CO")]
    distinctive, generic = measure(names)
    assert "huawei" in distinctive and distinctive["huawei"].alone >= 3 and distinctive["huawei"].reference <= RARE_MAX
    assert "tejarat" not in distinctive and "tejarat" in generic
    assert "export" not in distinctive and word_class("export") == "generic"


@pytest.mark.parametrize("name,listed,shared,classes", [
    ("HIKVISION UK LIMITED", "hikvision", ["hikvision"], {"uk": "place", "limited": "legal form"}),
    # (Huawei Technologies Deutschland GmbH and Hytera Communications UK are curated units now: a sourced path)
    ("Huawei Technologies Österreich GmbH", "huawei", ["huawei"],
     {"technology": "generic", "osterreich": "place", "gmbh": "legal form"}),
    ("ZTE Solutions, Inc.", "zte", ["zte"], {"solutions": "generic", "incorporated": "legal form"}),
    ("iFlytek Europe GmbH", "iflytek", ["iflytek"], {"europe": "place"}),
    ("Hytera Communications (Australia) Pty Ltd", "hytera", ["hytera"],
     {"communications": "generic", "australia": "place"}),
    # units abroad, named in the country's language: its business words are generic, its place words places
    ("Hikvision Turkey Teknoloji ve Güvenlik Sistemleri A.Ş.", "hikvision", ["hikvision"],
     {"turkey": "place", "teknoloji": "generic", "ve": "generic", "guvenlik": "generic", "sistemleri": "generic"}),
    ("Hikvision do Brasil Comércio de Equipamentos de Segurança Ltda.", "hikvision", ["hikvision"],
     {"brasil": "place", "comercio": "generic", "equipment": "generic", "seguranca": "generic"}),
    ("ZTE do Brasil Indústria, Comércio, Serviços e Participações Ltda.", "zte", ["zte"],
     {"industry": "generic", "comercio": "generic", "services": "generic", "participacoes": "generic"}),
    ("Dahua Technology Rus LLC", "dahua", ["dahua"], {"rus": "place"}),
    ("Huawei Technologies France SASU", "huawei", ["huawei"], {"france": "place", "sasu": "legal form"}),
    # Huawei's 2003 joint venture with 3Com: the partner's name (3Com Corporation, in the IEEE register) may stand beside
    ("Huawei-3Com Technology Co., Ltd.", "huawei", ["huawei"], {"3com": "partner", "technology": "generic"}),
])
def test_affiliate_hit_explains_itself(index, name, listed, shared, classes):
    hits = [m.to_hit() for m in index.search(Query(name=name))]
    aff = [h for h in hits if h.explanation.affiliate is not None]
    assert aff, f"{name}: no affiliate hit"
    found = aff[0].explanation.affiliate
    assert found is not None and found.shared == shared and listed in found.listed.lower()
    words = dict(found.words)
    for word, cls in classes.items():
        assert words[word] == cls
    assert "possible subsidiary or affiliate" in found.describe()


@pytest.mark.parametrize("name", [
    "Sensata Technologies", "Senstar Corporation", "ZTO Express (Cayman) Inc.", "Flytech Technology Co., Ltd.",
    "Hitron Technologies Inc.", "Megaport Limited", "Dahuang Holdings", "Hikari Tsushin, Inc.",
    "Huaweisoft Corporation",  # a longer word is not the word: a prefix is not a word
    "Huawei Hikvision Holdings",  # two listed names: neither reading is only places and generic words
])
def test_look_alikes_give_no_affiliate_hit(index, name):
    assert not [m for m in index.search(Query(name=name)) if m.affiliate is not None]


@pytest.mark.parametrize("word,ordinary", [
    # ordinary words of English: frequent in English text, and far more than in other languages
    ("mine", True), ("globe", True), ("seasons", True), ("torch", True), ("expertise", True), ("ash", True),
    ("falcon", True), ("supplies", True),
    # listed brands are not, however often the web names them (huawei: as frequent in Italian as in English)
    ("huawei", False), ("hikvision", False), ("zte", False), ("hytera", False), ("dahua", False),
    ("sensetime", False), ("megvii", False), ("iflytek", False), ("inspur", False), ("sugon", False),
    ("ezviz", False), ("fiberhome", False), ("dji", False),
    # ordinary in French only (minimum wage, altar), and SMIC's and Autel Robotics' names on the lists
    ("smic", False), ("autel", False),
    # a person's name is used alike in every language
    ("leon", False),
])
def test_ordinary_words_are_measured_and_brands_are_not_among_them(word, ordinary):
    assert (word in ordinary_words()) is ordinary


def test_a_listed_name_resting_on_an_ordinary_word_is_not_distinctive():
    # real listed names (SDN, BIS lists): each stands on its one rare word, three times or more
    names = [name_forms(n)[0] for n in (
        "FOUR SEASONS DAMASCUS", "FOUR SEASONS HOTEL DAMASCUS", "SEASONS TRADING", "Hytera Communications Corporation",
        "Hytera Communications Co., Ltd.", "Hytera America, Inc.")]
    distinctive, generic = measure(names)
    assert "hytera" in distinctive
    assert "seasons" not in distinctive and "seasons" not in generic


@pytest.mark.parametrize("name", [
    # real companies (IEEE registers) whose names carry an ordinary word that a listed name rests on
    "Mine Site Technologies", "Globe Wireless", "SEASONS 4 INC", "Shenzhen Torch Equipment Co., Ltd.",
    "Expertise Engineering", "Ash Technologies", "Electrónica Falcón S.A.U",
])
def test_homonyms_of_ordinary_words_give_no_affiliate_hit(index, name):
    assert not [m for m in index.search(Query(name=name)) if m.affiliate is not None]


@pytest.mark.parametrize("name,shared", [
    # real units of listed groups in the IEEE registers (bench/affiliates.csv): the same rule keeps them alerting
    ("HUAWEI TECHNOLOGIES JAPAN K.K.", ["huawei"]), ("Huawei Symantec Technologies Co.,Ltd.", ["huawei"]),
    ("Prama Hikvision India Private Limited", ["hikvision"]), ("Hangzhou Ezviz Software Co.,Ltd.", ["ezviz"]),
    ("SHANGHAI ZTE TECHNOLOGIES CO.,LTD", ["zte"]), ("Inspur Software Group Ltd.", ["inspur"]),
    ("THE 41ST INSTITUTE OF CETC", ["cetc"]), ("Wuhan FiberHome Digital Technology Co.,Ltd.", ["fiberhome"]),
])
def test_units_of_listed_groups_still_give_an_affiliate_hit(index, name, shared):
    found = [m.to_hit().explanation.affiliate for m in index.search(Query(name=name)) if m.affiliate is not None]
    assert found and found[0] is not None and found[0].shared == shared, name


def test_a_brand_named_twice_on_the_lists_is_distinctive_enough(index):
    # the curated Hikstorage (HikStorage) and HiWatch records rest on one word in two spellings each
    found = [m for m in index.search(Query(name="Hangzhou Hikstorage Technology Co., Ltd.")) if m.affiliate is not None]
    assert found and found[0].entity.source_id == "hikstorage"
    assert found[0].to_hit().explanation.affiliate.shared == ["hikstorage"]
    assert [m.entity.source_id for m in index.search(Query(name="HiWatch Europe B.V."))][:1] == ["hiwatch"]


@pytest.mark.parametrize("name", ["M23", "T.D.G."])
def test_an_acronym_alone_gives_no_affiliate_hit(index, name):
    # the UN list names these groups alone in two records' names: the acronym rule still holds for them
    assert not [m for m in index.search(Query(name=name)) if m.affiliate is not None]


def test_benchmark_false_alerts_are_mended(index):
    assert not index.search(Query(name="Inter & Co. Inc."))  # INTER is a clipping of INTERCONTINENTAL
    assert not index.search(Query(name="SIGA Technologies"))  # SIGA is a company of its own, not a typo of SIGMA
    assert index.search(Query(name="Intercontinental de Aviacion S.A."))  # the record itself is still found
    # ALPHA GROUP (an alias of KGB Alpha) and Alpha Technology Group are both common words only
    assert not index.search(Query(name="Alpha Technology Group Limited"))
    assert [m.entity.source_id for m in index.search(Query(name="Alpha Group"))][:1] == ["30702"]


@pytest.mark.parametrize("query,listed,unmatched,expected", [
    ("alpha technology group", ("alpha", "group"), ("technology",), True),       # a word more: another company
    ("alpha group moscow", ("alpha", "group"), ("moscow",), False),              # a place more: the same
    ("hikvision technology", ("hikvision",), ("technology",), False),            # a distinctive word paired
    ("islamic republic of iran shipping lines investment",                       # five words paired say more
     ("islamic", "republic", "of", "iran", "shipping", "lines"), ("investment",), False),
])
def test_common_words_only(query, listed, unmatched, expected):
    pairs = tuple(Pair(w, w, 1.0) for w in listed)
    assert common_words_only(NameScore(0.85, pairs, unmatched, ())) is expected


def test_clipped_and_known_other_names():
    names = [name_forms(n)[0] for n in ("INTERCONTINENTAL DE AVIACION S.A.", "INTERCONTINENTAL", "INTER")]
    assert clipped(names) == {2}
    assert clipped([name_forms(n)[0] for n in ("Hikvision", "Hangzhou Hikvision Digital Technology")]) == set()
    siga = NameScore(0.87, (Pair("technology", "technology", 1.0), Pair("siga", "sigma", 0.8)), (), ())
    typo = NameScore(0.9, (Pair("hikvisoin", "hikvision", 0.89),), (), ())
    assert known_other_name(siga) and not known_other_name(typo)
    # a misspelling some register carries is not a company's name: only exchange-listed names count
    assert reference_count("eletronics") > 0 and listed_company_count("eletronics") == 0
    misspelt = NameScore(0.98, (Pair("eletronics", "electronics", 0.91),), (), ())
    assert not known_other_name(misspelt)


def test_an_affiliate_row_alerts_with_its_regimes(loaded_dir: Path, tmp_path: Path):
    src = tmp_path / "vendors.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name", "country"], ["HIKVISION UK LIMITED", "GB"], ["ZTE Solutions, Inc.", "US"],
                                  ["Sensata Technologies", "US"], ["ZTO Express", "CN"]])
    out = tmp_path / "out.json"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out, fmt="json",
                                                            as_of=date(2026, 12, 1)))
    rows = {r["row"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    hik, zte = rows[2], rows[3]
    assert hik["status"] == "alert" and "possible subsidiary or affiliate of" in hik["summary"]
    assert "NDAA FY2019 section 889" in hik["summary"]
    ev = [e for e in hik["evidence"] if e["kind"] == "name_affiliate"]
    assert ev and ev[0]["level"] == "name affiliate" and '"hikvision"' in ev[0]["detail"]
    assert zte["status"] == "alert" and "ZTE" in zte["summary"]
    assert rows[4]["status"] == "clear" and rows[5]["status"] == "clear"


def test_explain_draws_a_name_affiliate_as_a_dotted_edge(loaded_dir: Path, tmp_path: Path):
    from xml.etree import ElementTree

    from typer.testing import CliRunner

    from behind.cli.app import app

    svg = tmp_path / "paths.svg"
    res = CliRunner().invoke(app, ["explain", "HIKVISION UK LIMITED", "--as-of", "2026-12-01", "--svg", str(svg),
                                   "--data-dir", str(loaded_dir)])
    assert res.exit_code == 0, res.output
    assert "name suggests affiliate" in res.output and "not a sourced relation" in res.output
    lines = [el for el in ElementTree.parse(svg).iter() if el.tag.endswith("line")]
    dotted = [el for el in lines if el.get("stroke-dasharray") == "2,3"]
    assert len(dotted) == 1 and dotted[0].get("stroke") == "#d46b08"  # the affiliate edge, and only it
    texts = [el.text for el in ElementTree.parse(svg).iter() if el.tag.endswith("text")]
    assert "name suggests affiliate" in texts and "HIKVISION UK LIMITED" in texts
    res = CliRunner().invoke(app, ["explain", "HIKVISION UK LIMITED", "--as-of", "2026-12-01", "--json",
                                   "--data-dir", str(loaded_dir)])
    data = json.loads(res.output)
    assert data["affiliate"]["evidence"] == "name affiliate" and data["match"]["explanation"]["affiliate"]


@pytest.mark.parametrize("name,rendered", [
    ("shangtang keji", True),     # 商汤科技, SenseTime's short name in pinyin: one business word is enough
    ("langchao jituan", True),    # 浪潮集团, Inspur Group
    ("hikvision keji", False),    # not pinyin syllables
    ("sensata technologies", False),
])
def test_short_pinyin_names_are_read_as_pinyin(name, rendered):
    from behind.text import pinyin_variants

    assert bool(pinyin_variants(name)) is rendered


def test_a_short_pinyin_name_finds_the_listed_company(index):
    assert "curated:sensetime" in [m.entity.key for m in index.search(Query(name="Shangtang Keji"))]


def test_sourced_subsidiaries_are_exposed_with_their_path_and_divested_ones_are_not(loaded_dir: Path, tmp_path: Path):
    src = tmp_path / "vendors.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name"], ["Hangzhou Hikvision Robot Technology Co., Ltd."], ["Dahua Technology USA"],
                                  ["Norsat International Inc."], ["HIKVISION USA INC"]])
    out = tmp_path / "out.html"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out.with_suffix(".json"),
                                                            fmt="json", as_of=date(2026, 12, 1)))
    rows = {r["row"]: r for r in json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["rows"]}
    hikrobot, dahua_usa, norsat = rows[2], rows[3], rows[4]
    # Hikvision's robot unit (its SZSE filings): exposed through its sourced relation, not by its name
    assert hikrobot["status"] == "alert" and "exposed" in hikrobot["summary"]
    path = hikrobot["exposures"][0]["path"]
    assert path[0]["relation"] == "subsidiary_of" and path[0]["evidence"] == "sourced relation" and path[0]["sources"]
    assert not [e for e in hikrobot["evidence"] if e["kind"] == "name_affiliate"]
    # sold in 2024: the sourced history wins over what the name suggests
    assert dahua_usa["status"] == "clear" and not dahua_usa["evidence"]
    assert norsat["status"] == "alert" and norsat["exposures"][0]["names"]  # Hytera's unit under another name
    # named in a court filing as wholly owned by Hikvision: a sourced path, no longer only what the name suggests
    hik_usa = rows[5]
    assert hik_usa["status"] == "alert" and hik_usa["exposures"][0]["path"][0]["evidence"] == "sourced relation"
    assert not [e for e in hik_usa["evidence"] if e["kind"] == "name_affiliate"]


def test_the_html_report_draws_a_name_affiliate_dotted(loaded_dir: Path, tmp_path: Path):
    src = tmp_path / "vendors.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["name"], ["ZTE Solutions, Inc."]])
    out = tmp_path / "out.html"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(input=src, kind="parties", output=out, fmt="html",
                                                            as_of=date(2026, 12, 1)))
    html = out.read_text(encoding="utf-8")
    assert 'stroke-dasharray="2,3"' in html and "name suggests affiliate" in html
