"""Names in Thai, Hebrew, Greek and Arabic as people write them, read and matched against their Latin forms."""

import pytest

from behind.matching.match import Index, Query
from behind.model.entity import Entity
from behind.text.numbers import number_words_to_digits
from behind.text.romanize import readings


@pytest.mark.parametrize(("written", "expected"), [
    ("โมเช", "moche"),            # leading vowel เ read after its consonant (was "omech")
    ("อีวาน", "iwan"),            # อ carrying a vowel is silent
    ("คาร์ลอส", "kharlos"),       # Carlos: the r under the thanthakhat kept in a foreign name
    ("מוסטפנג'ד", "mvstfnjd"),    # ג' is j (Mostafanejad)
    ("דמיטריויצ'", "dmytryvych"),  # צ' is ch (Dmitrievich)
    ("Σάντσεζ Τζουάν", "Sanchez Jouan"),  # τσ ch, τζ j
    ("Μεχντί", "Mehdi"),          # χ h, ντ d
    ("جوستافو", "gwstfw"),        # ج as g in a foreign name (Gustavo)
])
def test_reading_as_a_user_sees_it(written: str, expected: str) -> None:
    assert expected in [r.text for r in readings(written)]


@pytest.mark.parametrize(("query", "listed"), [
    ("สมชาย", "Somchai"),                     # Watchman cross_script_pairs.csv
    ("משה", "Moshe"),                         # Watchman cross_script_pairs.csv
    ("Νικόλαος", "Nikolaos"),                 # Watchman cross_script_pairs.csv
    ("מוסטפנג'ד ולי", "MOSTAFANEJAD, Vali"),    # SDN 29814 written in Hebrew
    ("סרגון איגור דמיטריוויץ'", "SERGUN, Igor Dmitrievich"),
    ("นีโคลิก โมมิร์", "NIKOLIC, Momir"),        # SDN 7760 written in Thai
    ("นีโคลิก ซาร์โค", "NIKOLIC, Zarko"),        # SDN 7761 written in Thai
    ("Νατζαφι Μεχντι", "NAJAFI, Mehdi"),          # written in Greek
    ("نيكوليك دراجان", "NIKOLIC, Dragan"),
    ("Владимир Путин", "PUTIN, Vladimir Vladimirovich"),   # Watchman's pair, against the SDN form
    ("로페라 바르보사 후안 카를로스", "LOPERA BARBOSA, Juan Carlos"),  # Korean loanword spelling
    ("バルボサ カルロス", "BARBOSA, Carlos"),                 # katakana by mora
])
def test_other_script_name_finds_the_listed_person(query: str, listed: str) -> None:
    people = [Entity(source="t", source_id=str(k), schema="Person", name=n) for k, n in enumerate(
        [listed, "SMITH, John", "GONZALEZ, Maria", "AHMADI, Mohammad", "PETROV, Ivan"])]
    hits = Index(people).search(Query(name=query, schema="Person"))
    assert hits and hits[0].entity.name == listed


def test_other_script_name_does_not_find_another_person() -> None:
    people = [Entity(source="t", source_id="1", schema="Person", name="NIKOLIC, Momir")]
    assert not Index(people).search(Query(name="פטרוב איוון", schema="Person"))  # Petrov Ivan


@pytest.mark.parametrize(("words", "expected"), [
    ("brigade fourty four", "brigade 44"),
    ("two hundred and ten", "210"),
    ("seven seas shipping", "seven seas shipping"),   # a single number word is a name
    ("twenty first century fox", "twenty first century fox"),
])
def test_number_words(words: str, expected: str) -> None:
    assert " ".join(number_words_to_digits(words.split())) == expected


def test_number_words_match_digits() -> None:
    index = Index([Entity(source="t", source_id="1", schema="Organization", name="Brigade 44")])
    assert index.search(Query(name="Brigade Fourty-four"))


def test_hanja_name_read_in_korean_beside_chinese() -> None:
    from behind.text.romanize import han_person_readings
    kim = [r.text for r in han_person_readings("金正恩")]
    assert kim[0] == "jin zhengen" and "kim jeong eun" in kim
    # a Chinese name keeps its pinyin first, and the Chinese reading still finds it
    assert [r.text for r in han_person_readings("习近平")][0] == "xi jinping"
    assert [r.text for r in han_person_readings("王伟")][0] == "wang wei"


def test_hanja_name_finds_the_korean_listing() -> None:
    people = [Entity(source="t", source_id="1", schema="Person", name="KIM, Jong Un"),
              Entity(source="t", source_id="2", schema="Person", name="JIN, Zheng")]
    hits = Index(people).search(Query(name="金正恩", schema="Person"))
    assert hits and hits[0].entity.name == "KIM, Jong Un"


def test_hangul_loanword_vowel_read_bare() -> None:
    assert "balios helnandej melsedes" in [r.text for r in readings("바리오스 헤르난데즈 메르세데스")]


def test_letters_a_script_uses_for_two_latin_ones() -> None:
    from behind.text.persons import read_skeletons, skeleton
    assert skeleton("mostafanejad") in read_skeletons("mvstfnjd")      # ו read as a vowel
    assert skeleton("hernandez") in read_skeletons("helnandej")        # ㅈ for z
    assert skeleton("quanguo") not in read_skeletons("hqny")            # one h at a time, not every h


def test_unvowelled_arabic_words_do_not_join_out_of_order() -> None:
    # يحيى حقانی (Yahya Haqqani) once met "Chen Quanguo" through "hqny yhya" joined backwards
    people = [Entity(source="t", source_id="1", schema="Person", name="HAQQANI, Yahya"),
              Entity(source="t", source_id="2", schema="Person", name="Chen Quanguo")]
    hits = Index(people).search(Query(name="يحيى حقانی", schema="Person"))
    assert [h.entity.name for h in hits] == ["HAQQANI, Yahya"]


def test_unvowelled_tie_goes_to_the_closest_spelling() -> None:
    people = [Entity(source="t", source_id="1", schema="Person", name="HAMMUD, Ali"),
              Entity(source="t", source_id="2", schema="Person", name="'ALI, Ahmad")]
    hits = Index(people).search(Query(name="علي أحمد", schema="Person"))
    assert hits[0].entity.name == "'ALI, Ahmad"
