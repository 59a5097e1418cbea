"""The curated ecosystem file: entities, relations, listings, and its bad-input errors."""

from __future__ import annotations

from collections import Counter

import pytest

from behind.errors import InputError
from behind.sources import data_path, read_curated

ECOSYSTEM = data_path("curated/ecosystem.yaml")


@pytest.fixture(scope="module")
def curated():
    return read_curated(ECOSYSTEM)


def test_counts(curated):
    ents = {e.source_id: e for e in curated.entities}
    assert len(ents) == 58
    assert Counter(e.schema for e in ents.values()) == {"Company": 49, "Person": 6, "PublicBody": 2,
                                                        "Organization": 1}
    assert sum(len(e.links) for e in ents.values()) == 17
    assert sum(len(e.extra["listings"]) for e in ents.values()) == 78
    assert curated.published == "2026-11-22" and curated.warnings == []


def test_hikvision_entity(curated):
    e = next(e for e in curated.entities if e.source_id == "hikvision")
    assert e.name == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert "海康威视" in [a.name for a in e.aliases]
    assert [a.lang for a in e.aliases if a.name == "海康威视"] == ["zh"]
    assert [(i.scheme, i.value, i.note) for i in e.identifiers] == [("ticker", "002415", "SZSE")]
    assert {"us_bis_entity_list", "us_ofac_ns_cmic", "us_fcc_covered", "us_ndaa_889"} <= set(e.programs)
    assert e.source_url.startswith("https://")
    assert [(lk.relation, lk.target_id) for lk in e.links] == [("owned_by", "cetc")]


def test_lorex_relations_keep_dates(curated):
    lorex = next(e for e in curated.entities if e.source_id == "lorex")
    rels = {(lk.relation, lk.target_id): lk for lk in lorex.links}
    sub = rels[("subsidiary_of", "dahua")]
    assert (sub.start, sub.end) == ("2018-02", "2022-11-24")
    assert sub.sources and sub.sources[0]["url"].startswith("https://")
    assert ("owned_by", "skywatch") in rels and ("oem_relabel_of", "dahua") in rels


def test_relation_to_missing_entity_is_a_warning(tmp_path):
    bad = tmp_path / "eco.yaml"
    bad.write_text(
        "entities:\n"
        "  - {id: a, schema: Company, names: [A Ltd]}\n"
        "relations:\n"
        "  - {subject: a, relation: subsidiary_of, object: ghost}\n", encoding="utf-8")
    parsed = read_curated(bad)
    assert parsed.warnings == ["relation a subsidiary_of ghost: object 'ghost' not in file"]
    assert parsed.entities[0].links == []


@pytest.mark.parametrize("entities,field,line", [
    ("  - {id: a, schema: Company, names: [A]}\n  - {id: b, schema: Robot, names: [B]}\n", "schema", 3),
    ("  - {id: a, schema: Company, names: []}\n", "names", 2),
    ("  - {id: a, schema: Company, names: [A]}\n  - {id: a, schema: Company, names: [B]}\n", "id", 3),
    ("  - {schema: Company, names: [A]}\n", "id", 2),
])
def test_bad_entity_names_line_and_field(tmp_path, entities, field, line):
    bad = tmp_path / "eco.yaml"
    bad.write_text("entities:\n" + entities, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_curated(bad)
    assert exc.value.field == field and exc.value.row == line and str(bad) in str(exc.value)


def test_invalid_yaml_names_line(tmp_path):
    bad = tmp_path / "eco.yaml"
    bad.write_text("entities:\n  - {id: a, schema: Company\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid YAML") as exc:
        read_curated(bad)
    assert exc.value.row is not None
