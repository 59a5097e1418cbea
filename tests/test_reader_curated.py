"""The curated ecosystem file: entities, relations, listings, and its bad-input errors."""

from __future__ import annotations

from collections import Counter

import pytest

from behind.errors import HostileInputError, InputError
from behind.sources import data_path, read_curated

ECOSYSTEM = data_path("curated/ecosystem.yaml")


@pytest.fixture(scope="module")
def curated():
    return read_curated(ECOSYSTEM)


def test_counts(curated):
    ents = {e.source_id: e for e in curated.entities}
    # 216 + 27 UFLPA-listed companies with their Chinese names + 1 UFLPA group unit + 73 1260H companies,
    # + 26 NS-CMIC and 1260H companies, 18 more 1260H records, 16 units of Dahua, Hikvision, ZTE, Huawei, Meiya Pico,
    # + HIKMICRO and 27 units of CNOOC, China Mobile, China Telecom, CCCC, COSCO SHIPPING and CSCEC
    assert len(ents) == 405
    assert Counter(e.schema for e in ents.values()) == {"Company": 392, "Person": 6, "PublicBody": 2,
                                                        "Organization": 5}
    # + 4 UFLPA group links, + 17 units' links, + 33 (CNOOC, China Mobile, China Telecom, CCCC, COSCO, CSCEC; HIKMICRO)
    assert sum(len(e.links) for e in ents.values()) == 229
    assert sum(len(e.extra["listings"]) for e in ents.values()) == 295
    assert curated.published == "2026-11-22" and curated.warnings == []



def test_the_hikvision_brands_the_issue_names_point_at_hikvision(curated):
    """EZVIZ, HiLook, HiWatch, HIKMICRO, Hikrobot and Hiksemi: each a record whose link leads to Hikvision
    (HIKMICRO as a relabeller: its manual is Hikvision's own, under its name), with a source."""
    ents = {e.source_id: e for e in curated.entities}
    by_name = {n.casefold(): e for e in ents.values() for n in e.all_names()}
    for brand in ("EZVIZ", "HiLook", "HiWatch", "HIKMICRO", "Hikrobot", "HIKSEMI"):
        record = by_name[brand.casefold()]
        assert "hikvision" in {lk.target_id for lk in record.links}, brand
        assert all(lk.sources for lk in record.links), brand


def test_overseas_units_link_to_their_listed_parent(curated):
    """The US and European units named in court filings and the parent's own site point at the listed
    parent, so screening them reports a sourced path (NDAA 889 / FCC "any subsidiary or affiliate")."""
    ents = {e.source_id: e for e in curated.entities}
    parents = {sid: {(lk.relation, lk.target_id, lk.end) for lk in ents[sid].links}
               for sid in ("hikvision_usa", "hikvision_europe", "zte_usa", "hytera_america", "hytera_us")}
    assert parents == {"hikvision_usa": {("subsidiary_of", "hikvision", None)},
                       "hikvision_europe": {("subsidiary_of", "hikvision", None)},
                       "zte_usa": {("subsidiary_of", "zte", None)},
                       "hytera_america": {("subsidiary_of", "hytera", None)},
                       "hytera_us": {("subsidiary_of", "hytera", None)}}
    assert ents["hikvision_usa"].links[0].share == 100
    assert [(i.scheme, i.value) for i in ents["hikvision_europe"].identifiers] == [("nl_kvk", "34359062")]
    assert all(s["quote"] and s["url"].startswith("http") for sid in parents for lk in ents[sid].links
               for s in lk.sources)

def test_hikvision_entity(curated):
    e = next(e for e in curated.entities if e.source_id == "hikvision")
    assert e.name == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert "海康威视" in [a.name for a in e.aliases]
    assert [a.lang for a in e.aliases if a.name == "海康威视"] == ["zh"]
    assert [(i.scheme, i.value, i.note) for i in e.identifiers] == [("ticker", "002415", "SZSE")]
    assert {"us_bis_entity_list", "us_ofac_ns_cmic", "us_fcc_covered", "us_ndaa_889"} <= set(e.programs)
    assert e.source_url.startswith("https://")
    assert {(lk.relation, lk.target_id) for lk in e.links} == {("owned_by", "cetc"), ("owned_by", "cetc_hik"),
                                                                ("owned_by", "cetc_52")}


def test_lorex_relations_keep_dates(curated):
    lorex = next(e for e in curated.entities if e.source_id == "lorex")
    rels = {(lk.relation, lk.target_id): lk for lk in lorex.links}
    sub = rels[("subsidiary_of", "dahua")]
    assert (sub.start, sub.end) == ("2018-02", "2022-11-24")
    assert sub.sources and sub.sources[0]["url"].startswith("https://")
    assert ("owned_by", "skywatch") in rels and ("oem_relabel_of", "dahua") in rels


SECTIONS_AFTER = "relations: []\nlistings: []\n"


@pytest.mark.parametrize("body,field,line,message", [
    ("entities:\n  - {id: a, schema: Company, names: [A Ltd]}\n"
     "relations:\n  - {subject: a, relation: subsidiary_of, object: ghost}\nlistings: []\n",
     "object", 4, "object 'ghost' is not the id of an entity in the file"),
    ("entities:\n  - {id: a, schema: Company, names: [A Ltd]}\n"
     "relations:\n  - {subject: a, relation: subsidiary_of}\nlistings: []\n",
     "object", 4, "object is missing"),
    ("entities:\n  - {id: a, schema: Company, names: [A Ltd]}\nrelations: []\n"
     "listings:\n  - {entity: a, list: us_bis_entity_list}\n  - {entity: ghost, list: us_bis_entity_list}\n",
     "entity", 6, "entity 'ghost' is not the id of an entity in the file"),
])
def test_relation_or_listing_naming_no_entity_is_an_error(tmp_path, body, field, line, message):
    bad = tmp_path / "eco.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as exc:
        read_curated(bad)
    assert (exc.value.file, exc.value.row, exc.value.field) == (str(bad), line, field)


@pytest.mark.parametrize("entities,field,line", [
    ("  - {id: a, schema: Company, names: [A]}\n  - {id: b, schema: Robot, names: [B]}\n", "schema", 3),
    ("  - {id: a, schema: Company, names: []}\n", "names", 2),
    ("  - {id: a, schema: Company, names: [A]}\n  - {id: a, schema: Company, names: [B]}\n", "id", 3),
    ("  - {schema: Company, names: [A]}\n", "id", 2),
    ("  - {id: a, schema: Company, names: [A], sources: [just a string]}\n", "sources", 2),
])
def test_bad_entity_names_line_and_field(tmp_path, entities, field, line):
    bad = tmp_path / "eco.yaml"
    bad.write_text("entities:\n" + entities + SECTIONS_AFTER, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_curated(bad)
    assert exc.value.field == field and exc.value.row == line and str(bad) in str(exc.value)


def test_invalid_yaml_names_line(tmp_path):
    bad = tmp_path / "eco.yaml"
    bad.write_text("entities:\n  - {id: a, schema: Company\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid YAML") as exc:
        read_curated(bad)
    assert exc.value.row is not None


def _cut_in_half(data: bytes) -> bytes:
    """The first half of ``data``, ending on a line boundary, as a download cut short leaves it."""
    half = data[: len(data) // 2]
    return half[: half.rfind(b"\n") + 1]


def test_file_cut_in_half_is_refused(tmp_path):
    cut = tmp_path / "ecosystem.yaml"
    cut.write_bytes(_cut_in_half(ECOSYSTEM.read_bytes()))
    with pytest.raises(InputError, match="section\\(s\\) 'relations', 'listings' missing: the file may be truncated") as exc:
        read_curated(cut)
    assert exc.value.file == str(cut) and exc.value.field == "relations"


@pytest.mark.parametrize("body,field", [
    ("entities: []\nlistings: []\n", "relations"),
    ("entities: []\nrelations:\nlistings: []\n", "relations"),
    ("entities: {a: 1}\nrelations: []\nlistings: []\n", "entities"),
    ("meta: 2026\nentities: []\nrelations: []\nlistings: []\n", "meta"),
    ("- just\n- a list\n", None),
])
def test_every_section_is_required(tmp_path, body, field):
    bad = tmp_path / "eco.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_curated(bad)
    assert exc.value.field == field and exc.value.file == str(bad)


def test_empty_sections_are_a_valid_file(tmp_path):
    ok = tmp_path / "eco.yaml"
    ok.write_text("entities:\n  - {id: a, schema: Company, names: [A Ltd]}\n" + SECTIONS_AFTER, encoding="utf-8")
    assert [e.name for e in read_curated(ok).entities] == ["A Ltd"]


def test_non_utf8_file_names_file_and_line(tmp_path):
    bad = tmp_path / "eco.yaml"
    bad.write_bytes(b"entities:\n  - {id: a, schema: Company, names: [Caf\xe9 Ltd]}\n" + SECTIONS_AFTER.encode())
    with pytest.raises(InputError, match="not UTF-8 text: byte 0xe9 .* save the file as UTF-8") as exc:
        read_curated(bad)
    assert (exc.value.file, exc.value.row) == (str(bad), 2)


def test_deeply_nested_yaml_is_an_input_error(tmp_path):
    bad = tmp_path / "eco.yaml"
    bad.write_text("entities: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply") as exc:
        read_curated(bad)
    assert exc.value.file == str(bad)


def test_yaml_alias_bomb_is_refused(tmp_path):
    """Nine lines of nested aliases expand to a billion strings; checking or storing them would never end."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    bomb = tmp_path / "eco.yaml"
    bomb.write_text("\n".join(lines) + "\nentities:\n  - {id: a, schema: Company, names: [A], sources: "
                    "[{url: x, quote: *a8}]}\n" + SECTIONS_AFTER, encoding="utf-8")
    with pytest.raises(HostileInputError, match="YAML aliases expand to more than 1,000,000 values") as exc:
        read_curated(bomb)
    assert exc.value.file == str(bomb)
