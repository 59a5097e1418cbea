"""The UN Security Council consolidated XML reader, on the bundled real file and bad inputs."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from behind.errors import HostileInputError, InputError
from behind.model.entity import Alias, Identifier
from behind.sources import ParsedList, read_un

UN_XML = Path(str(resources.files("behind") / "data" / "un" / "UN_consolidated.xml"))


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return read_un(UN_XML)


def by_ref(parsed: ParsedList, ref: str):
    (entity,) = [e for e in parsed.entities if e.extra.get("reference_number") == ref]
    return entity


def test_counts_and_publication_date(parsed: ParsedList) -> None:
    assert parsed.source == "un_sc"
    assert len(parsed) == 1003
    assert Counter(e.schema for e in parsed.entities) == {"Person": 730, "Organization": 273}
    assert parsed.published == "2026-02-27T00:00:09.554Z"
    assert len({e.source_id for e in parsed.entities}) == 1003
    programs = Counter(e.programs[0] for e in parsed.entities)
    assert programs["Al-Qaida"] == 341 and programs["DPRK"] == 155 and programs["Taliban"] == 140
    assert len(programs) == 14
    assert all(e.listed_on and len(e.listed_on) == 10 for e in parsed.entities)


def test_alias_kinds(parsed: ParsedList) -> None:
    kinds = Counter(a.kind for e in parsed.entities for a in e.aliases)
    assert kinds["original"] == 378  # NAME_ORIGINAL_SCRIPT: 366 Arabic, 11 Cyrillic
    assert kinds["weak"] == 615  # QUALITY Low
    assert kinds["fka"] == 19  # QUALITY f.k.a.
    assert all(a.name for e in parsed.entities for a in e.aliases)  # empty <ALIAS_NAME/> skipped


def test_abdul_haq_qdi_268(parsed: ParsedList) -> None:
    e = by_ref(parsed, "QDi.268")
    assert e.key == "un_sc:2854925"
    assert (e.schema, e.name) == ("Person", "ABDUL HAQ")
    assert e.birth_dates == ["1971-10-10"]
    assert e.birth_places == ["Hetian Area, Xinjiang Uighur Autonomous Region, China"]
    assert e.nationalities == ["China"]
    assert e.countries == ["Afghanistan", "Pakistan", "China"]
    assert e.programs == ["Al-Qaida"]
    assert e.listed_on == "2009-04-15"
    assert e.extra["reference_number"] == "QDi.268"
    assert e.identifiers[0] == Identifier("other", "QDi.268", note="UN reference number")
    (national_id,) = [i for i in e.identifiers if i.scheme == "national_id"]
    assert (national_id.value, national_id.country) == ("653225197110100533", "China")
    assert Alias("Abdul Heq", "aka") in e.aliases
    assert Alias("Saifuding", "weak") in e.aliases
    assert e.remarks and e.remarks.startswith("Overall leader and commander of the Eastern Turkistan")


def test_leodomir_mugaragu_cdi_013(parsed: ParsedList) -> None:
    e = by_ref(parsed, "CDi.013")
    assert e.name == "LEODOMIR MUGARAGU"
    assert e.source_id == "6908004"
    assert Alias("Manzi Leon", "aka") in e.aliases
    assert e.birth_dates == ["1954", "1953"]
    assert e.birth_places == ["Kigali, Rwanda", "Rushashi, Northern Province, Rwanda"]
    assert e.gender == "male"
    assert e.programs == ["DRC"]
    assert e.addresses[0].country == "Democratic Republic of the Congo"
    assert e.countries == ["Democratic Republic of the Congo", "Rwanda"]


def test_entities_and_original_script(parsed: ParsedList) -> None:
    orgs = [e for e in parsed.entities if e.schema == "Organization"]
    assert all(not e.birth_dates and not e.nationalities for e in orgs)
    originals = [a for e in parsed.entities for a in e.aliases if a.kind == "original"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in originals[0].name)  # Arabic script kept
    passports = [i for e in parsed.entities for i in e.identifiers if i.scheme == "passport"]
    assert len(passports) > 300


SMALL = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME> JOHN </FIRST_NAME><SECOND_NAME></SECOND_NAME><THIRD_NAME>Q
        DOE</THIRD_NAME>
      <UN_LIST_TYPE>Iraq</UN_LIST_TYPE><REFERENCE_NUMBER>IQi.999</REFERENCE_NUMBER>
      <LISTED_ON>2015-04-07-04:00</LISTED_ON>
      <TITLE><VALUE>Dr.</VALUE><VALUE>Prof.</VALUE></TITLE>
      <DESIGNATION><VALUE>Minister </VALUE></DESIGNATION>
      <NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Old Name</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Other</ALIAS_NAME>
        <DATE_OF_BIRTH>1960-05-05</DATE_OF_BIRTH></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><STREET>1 Main St</STREET><CITY>Baghdad</CITY><ZIP_CODE>100</ZIP_CODE>
        <COUNTRY>Iraq</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_ADDRESS><NOTE>only a note</NOTE></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1958</FROM_YEAR><TO_YEAR>1960</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>N\u00famero de pasaporte</TYPE_OF_DOCUMENT>
        <NUMBER>A123</NUMBER><ISSUING_COUNTRY>Iraq</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification
        Number</TYPE_OF_DOCUMENT><NUMBER>77</NUMBER><COUNTRY_OF_ISSUE>Iraq</COUNTRY_OF_ISSUE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Birth certificate</TYPE_OF_DOCUMENT>
        <NUMBER>B9</NUMBER></INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NOTE>Libyan passport 347834</NOTE></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
"""


def test_mapping_details_on_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "small.xml"
    path.write_text(SMALL, encoding="utf-8")
    (e,) = read_un(path, source="un_test").entities
    assert e.key == "un_test:1"
    assert e.name == "JOHN Q DOE"
    assert e.listed_on == "2015-04-07"
    assert e.title == "Dr.; Prof."
    assert e.extra["designation"] == ["Minister"]
    assert e.aliases == [Alias("Old Name", "fka"), Alias("Other", "aka")]
    assert e.birth_dates == ["1958", "1959", "1960", "1960-05-05"]
    assert [(i.scheme, i.value, i.country) for i in e.identifiers] == [
        ("other", "IQi.999", None),
        ("passport", "A123", "Iraq"),
        ("national_id", "77", "Iraq"),
        ("other", "B9", None),
    ]
    assert e.extra["document_notes"] == ["Passport: Libyan passport 347834"]
    assert len(e.addresses) == 1
    address = e.addresses[0]
    assert (address.full, address.city, address.postal_code, address.country) == (
        "1 Main St, Baghdad, 100, Iraq", "Baghdad", "100", "Iraq")


def test_latin1_bytes_are_read_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes(SMALL.replace("Old Name", "Jos\xe9").encode("latin-1"))  # declared UTF-8
    (e,) = read_un(path).entities
    assert Alias("Jos\xe9", "fka") in e.aliases
    assert e.identifiers[1].scheme == "passport"  # "N\u00famero de pasaporte" read right too


def test_windows_1252_quote_in_a_latin1_file_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.xml"
    path.write_bytes(SMALL.replace("Old Name", "O\x92Brien").encode("latin-1"))  # declared UTF-8
    (e,) = read_un(path).entities
    assert Alias("O\u2019Brien", "fka") in e.aliases


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "xxe"])
def test_hostile_xml_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HostileInputError) as info:
        read_un(path)
    assert info.value.file == str(path)
    assert str(path) in str(info.value)
    assert "root:" not in str(info.value) and "lollol" not in str(info.value)


def test_hostile_xml_in_utf16_is_refused_after_parsing(tmp_path: Path) -> None:
    # the byte scan cannot see a UTF-16 DOCTYPE; the parsed document's DTD check must
    path = tmp_path / "hostile16.xml"
    path.write_bytes(EXTERNAL_ENTITY.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(HostileInputError) as info:
        read_un(path)
    assert "root:" not in str(info.value)


def test_any_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doctype.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST SYSTEM "x.dtd">\n'
                    "<CONSOLIDATED_LIST/>\n", encoding="utf-8")
    with pytest.raises(HostileInputError):
        read_un(path)


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text('<?xml version="1.0"?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n'
                    "<INDIVIDUAL><DATAID>1</DATAID>\n</INDIVIDUALS>\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_un(path)
    assert not isinstance(info.value, HostileInputError)
    assert info.value.file == str(path) and info.value.row == 5
    assert f"{path}, line 5: malformed XML" in str(info.value)


def test_wrong_root_and_missing_name(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?>\n<SDN_LIST/>\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected <CONSOLIDATED_LIST>"):
        read_un(path)
    path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>7</DATAID>"
                    "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_un(path)
    assert (info.value.row, info.value.field) == (2, "FIRST_NAME")
    assert "record 7 has no name" in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_un(tmp_path / "absent.xml")
