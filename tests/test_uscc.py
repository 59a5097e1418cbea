"""China's Unified Social Credit Code: structure, check character and division, on real codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from behind.errors import InputError
from behind.text.divisions import division
from behind.text.uscc import (
    CHARSET,
    check_character,
    is_uscc,
    normalize_uscc,
    organization_check,
    parse_uscc,
    uscc_problem,
)

DATA = Path(__file__).resolve().parents[1] / "src" / "behind" / "data"


@pytest.mark.parametrize("code,who,authority,entity_type,division_code,where", [
    # real codes from the bundled OFAC files (ofac/consolidated, ofac/sdn)
    ("91330000733796106P", "Hangzhou Hikvision Digital Technology", "9", "1", "330000", "Zhejiang"),
    ("916501002999341738", "Leon Technology (Urumqi)", "9", "1", "650100", "Urumqi, Xinjiang"),
    ("91110000100001043E", "a Beijing enterprise", "9", "1", "110000", "Beijing"),
    ("9111000010000106X1", "a Beijing enterprise (X in the organisation code)", "9", "1", "110000", "Beijing"),
    ("9144030010001694XX", "a Shenzhen enterprise (X twice)", "9", "1", "440300", "Shenzhen City, Guangdong"),
    ("91310115MA1K4DLAXM", "a Pudong enterprise (letters in the organisation code)", "9", "1", "310115",
     "Pudong New Area, Shanghai"),
    ("91222401MA0Y31E659", "an enterprise of Yanji", "9", "1", "222401",
     "Yanji City, Yanbian Korean Autonomous Prefecture, Jilin"),
    ("91420112711981060J", "an enterprise of Dongxihu, Wuhan", "9", "1", "420112",
     "Dongxihu District, Wuhan City, Hubei"),
    ("913700001630477270", "a Shandong enterprise (check character 0: sum divisible by 31)", "9", "1",
     "370000", "Shandong"),
    ("914101006905518610", "a Zhengzhou enterprise (check character 0)", "9", "1", "410100",
     "Zhengzhou City, Henan"),
])
def test_real_codes_parse(code: str, who: str, authority: str, entity_type: str, division_code: str,
                          where: str) -> None:
    parsed = parse_uscc(code)
    assert parsed.code == code, who
    assert (parsed.authority, parsed.entity_type, parsed.division_code) == (authority, entity_type, division_code)
    assert parsed.organization_code == code[8:17] and parsed.check == code[17]
    assert parsed.organization_code_valid
    assert parsed.authority_name == "market regulation (industry and commerce)"
    assert parsed.entity_type_name == "enterprise"
    found = division(parsed.division_code)
    assert found is not None and found.label == where


def test_every_uscc_in_the_bundled_lists_is_valid() -> None:
    """Every code OFAC labels a USCC in the bundled files passes, check character included."""
    pattern = re.compile(r"(?:Unified Social Credit Code \(USCC\)|Credit Code Certificate \(USCCC\)|USCC)"
                         r" ([0-9A-Z]{18})")
    codes = {m.group(1) for path in (DATA / "ofac").rglob("*.csv")
             for m in pattern.finditer(path.read_text(encoding="latin-1"))}
    assert len(codes) >= 60, len(codes)
    bad = {c: uscc_problem(c) for c in codes if not is_uscc(c)}
    assert not bad, bad
    assert all(parse_uscc(c).organization_code_valid for c in codes)


@pytest.mark.parametrize("first17,check", [
    ("91330000733796106", "P"),   # Hikvision
    ("91652901MA77ABCD0", "5"),
    ("91370000163047727", "0"),   # 31 - 0 mod 31 is 31, read as 0
    ("9144030010001694X", "X"),   # a Shenzhen enterprise
])
def test_check_character(first17: str, check: str) -> None:
    assert check_character(first17) == check


def test_check_character_uses_all_31_values() -> None:
    """Changing one character of the body always changes the check character (the weights are
    units mod 31), so a single mistyped character never passes."""
    body = "91330000733796106"
    for i in range(17):
        seen = {check_character(body[:i] + c + body[i + 1:]) for c in CHARSET}
        assert len(seen) == 31


def test_organization_code_check() -> None:
    assert organization_check("73379610") == "6"
    assert organization_check("10000106") == "X"


@pytest.mark.parametrize("raw,code", [
    ("91330000733796106p", "91330000733796106P"),            # lower case
    ("9133 0000 7337 9610 6P", "91330000733796106P"),        # grouped with spaces
    ("91330000-73379610-6P", "91330000733796106P"),          # hyphens
    ("９１３３００００７３３７９６１０６Ｐ", "91330000733796106P"),  # full-width
    (" 916501002999341738\t", "916501002999341738"),
])
def test_forgiving_input(raw: str, code: str) -> None:
    assert normalize_uscc(raw) == code
    assert parse_uscc(raw).code == code


@pytest.mark.parametrize("value,says", [
    ("91330000733796106Q", "check character is 'Q', but the first 17 characters give 'P'"),
    ("91330000733796160P", "check character"),                 # two digits swapped
    ("9133000073379610P", "has 17 characters; a USCC has 18"),
    ("913300007337961066P", "has 19 characters"),
    ("330106000012345", "old business registration number"),  # a 15-digit 注册号
    ("91330000733796IO6P", "'I', 'O'"),                        # letters a USCC never uses
    ("9133000073379610SP", "'S'"),
    ("B1330000733796106P", "no registration authority"),
    ("94330000733796106P", "entity type '4' does not exist for registration authority '9'"),
    ("91990000733796106P", "not a GB/T 2260 division code"),
    ("91AB0000733796106P", "not a GB/T 2260 division code"),
    ("", "empty"),
])
def test_invalid_codes(value: str, says: str) -> None:
    problem = uscc_problem(value)
    assert problem is not None and says in problem
    assert not is_uscc(value)
    with pytest.raises(InputError) as caught:
        parse_uscc(value, row=7, file="suppliers.csv")
    err = caught.value
    assert (err.field, err.row, err.file) == ("uscc", 7, "suppliers.csv")
    assert "suppliers.csv, line 7, field 'uscc'" in str(err)
    assert err.to_dict()["error"] == "input"


@pytest.mark.parametrize("code,authority,entity", [
    ("11100000000013127G", "establishment office", "government organ"),   # central authority: division 100000
    ("51100000500000321W", "civil affairs", "social organisation"),
    ("Y1110000MA00000009", "other", "other"),
])
def test_other_authorities(code: str, authority: str, entity: str) -> None:
    body = code[:17]
    valid = body + check_character(body)
    parsed = parse_uscc(valid)
    assert (parsed.authority_name, parsed.entity_type_name) == (authority, entity)


def test_xinjiang_division_of_a_code() -> None:
    parsed = parse_uscc("916501002999341738")
    assert parsed.province_code == "65"
    found = division(parsed.division_code)
    assert found is not None
    assert found.english == "Urumqi, Xinjiang Uyghur Autonomous Region"
    assert found.name == "新疆维吾尔自治区乌鲁木齐市"
