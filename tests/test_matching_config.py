"""The matching configuration as data: the acronym rule at any threshold, settings switched one by one,
settings files checked, and the method stated in what a run reports."""

from __future__ import annotations

import pytest

from behind.errors import ConfigError
from behind.matching.index import NameIndex
from behind.matching.match import Index, Query
from behind.model.matching import MatchingConfig, describe, matching_config


def _ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{h.entity.source}:{h.entity.source_id}" for h in hits]


def test_acronym_alone_never_alerts_whatever_the_threshold(index: Index) -> None:
    # "PPL" is an alias of the SDN record PETROPARS; PPL Corporation is a US utility.
    for threshold in (0.85, 0.8, 0.7, 0.6):
        hits = index.search(Query(name="PPL Corporation"), threshold=threshold)
        assert not any(h.entity.name.startswith("PETROPARS") for h in hits), (threshold, _ids(hits))


def test_acronym_rule_can_be_switched_off(index: Index) -> None:
    loose = Index(index.entities, index.versions, MatchingConfig(short_evidence_alone=True))
    hits = loose.search(Query(name="PPL Corporation"), threshold=0.8)
    petropars = [h for h in hits if h.entity.name.startswith("PETROPARS")]
    assert petropars and petropars[0].features["short_evidence"] == 1.0
    assert petropars[0].to_hit().explanation.name is not None
    assert petropars[0].to_hit().explanation.name.listed == "PPL"


def test_acronym_with_a_country_that_agrees_is_corroborated(index: Index) -> None:
    # GRU is Russia's military intelligence (SDN); the acronym alone is short evidence
    assert not [h for h in index.search(Query(name="GRU"), threshold=0.8) if "GRU" in h.entity.name.upper()]
    hits = index.search(Query(name="GRU", country="Russia"), threshold=0.8)
    gru = [h for h in hits if h.features.get("short_evidence")]
    assert gru and gru[0].features["country"] == 1.0


def test_country_weight_is_a_setting(index: Index) -> None:
    query = Query(name="Leon Technology Co", country="CN")
    base = index.search(query, threshold=0.5)
    bonus = Index(index.entities, index.versions, MatchingConfig(country_agrees=0.1)).search(query, threshold=0.5)
    leon = next(h for h in base if "LEON" in h.entity.name.upper())
    leon2 = next(h for h in bonus if h.entity.key == leon.entity.key)
    assert leon2.score == pytest.approx(min(1.0, leon.score - 0.02 + 0.1))


def test_settings_file_values_are_checked() -> None:
    assert matching_config({"threshold": 0.9}).threshold == 0.9
    with pytest.raises(ConfigError, match="thresold"):
        matching_config({"thresold": 0.9}, file="config.toml")
    with pytest.raises(ConfigError, match="threshold"):
        matching_config({"threshold": 1.5}, file="config.toml")


def test_every_setting_is_described() -> None:
    rows = describe(MatchingConfig(threshold=0.8))
    assert {r["name"] for r in rows} == set(MatchingConfig.model_fields)
    assert all(r["description"] for r in rows)
    assert next(r for r in rows if r["name"] == "threshold")["value"] == 0.8


def test_weight_before_finish_is_defined() -> None:
    names = NameIndex()
    names.add(0, ("hikvision",))
    assert names.weight("hikvision") == names.weight("unknown") > 0
    names.finish()
    assert names.weight("hikvision") > 0


def test_similarity_floor_is_the_configured_one() -> None:
    strict = NameIndex(MatchingConfig(min_token_similarity=0.9))
    loose = NameIndex()
    for idx in (strict, loose):
        idx.add(0, ("dahua",))
        idx.finish()
    # "dahau" is one transposition from "dahua": similarity 0.8
    assert [t for t, _ in loose.similar_tokens("dahau")] == ["dahua"]
    assert strict.similar_tokens("dahau") == []
