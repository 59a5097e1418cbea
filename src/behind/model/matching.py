"""The matching configuration, as data: every weight, threshold and rule the matcher uses.

nomenklatura's ``logic_v2`` declares its features and ``ConfigVar``s next to the
scorer; Behind does the same here, so a report can state the method it used, a
test can switch one rule off, and ``config.toml`` can change a value under
``[matching]``. The defaults are those the public benchmark figures were
measured with.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from behind.errors import ConfigError


class MatchingConfig(BaseModel):
    """How names and identifiers are matched and scored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float = Field(0.85, ge=0.0, le=1.0, description="lowest score of a hit (an alert)")
    score_margin: float = Field(
        0.1, ge=0.0, le=1.0,
        description="names are scored down to threshold minus this, so corroboration (country, birth date) "
                    "can lift them")
    candidate_limit: int = Field(40, ge=1, description="candidate names scored per query name")
    candidate_floor: float = Field(
        0.5, ge=0.0, le=1.0,
        description="candidates sharing less weight than this (a weighted Dice over the words met exactly, "
                    "through a typo or as related forms; a person's names a query leaves out weigh "
                    "person_left_out_weight) are not scored")
    min_token_similarity: float = Field(
        0.75, ge=0.0, le=1.0, description="lowest Damerau-Levenshtein similarity of two words that pair")
    min_fuzzy_length: int = Field(4, ge=1, description="shorter words pair only when equal")
    common_postings: int = Field(
        20_000, ge=1, description="words in more names than this only re-rank candidates found through rarer ones")
    region_weight: float = Field(0.3, ge=0.0, description="weight factor of place names (zhejiang, shenzhen)")
    stopword_weight: float = Field(0.2, ge=0.0, description="weight factor of function words (of, and, de)")
    country_agrees: float = Field(0.02, description="added when the query's country is the record's")
    country_differs: float = Field(-0.08, description="added when both have countries and they differ")
    birth_agrees: float = Field(
        0.04, description="added when both give a full birth date (day, month and year) and the dates are equal")
    birth_year_agrees: float = Field(
        0.01, description="added when the birth years agree and no finer part of the dates differs (equal years "
                          "say little)")
    birth_date_differs: float = Field(
        -0.07, description="added when the birth years agree but a month or day that both give differs "
                           "(1952-02-10 against 1952-05-01)")
    birth_differs: float = Field(-0.15, description="added when the birth years differ")
    chinese_unmatched_listed: float = Field(
        0.5, ge=0.0, le=1.0,
        description="weight factor of unpaired words when a name is rendered from Chinese (English forms "
                    "add words the Chinese name does not spell out)")
    max_query_length: int = Field(
        500, ge=1, description="characters of a query name read; the rest is ignored, so a query's cost is bounded")
    max_fuzzy_length: int = Field(
        40, ge=1, description="longer words are matched only exactly: no typo neighbourhood and no splitting, so a "
                              "long word costs in proportion to its length")
    equivalent_similarity: float = Field(
        0.95, ge=0.0, le=1.0,
        description="similarity of two forms of one person's name (Muhammad/Mohamed, Aleksandr/Alexander: "
                    "rigour's name groups)")
    phonetic_similarity: float = Field(
        0.8, ge=0.0, le=1.0,
        description="similarity of two spellings of one sound in a person's name: one Metaphone key or one "
                    "consonant skeleton (Yusuf/Youssef, Aleksandr/Alexander)")
    phonetic_min_similarity: float = Field(
        0.5, ge=0.0, le=1.0,
        description="words that sound alike pair only when spelt at least this alike (Damerau-Levenshtein)")
    skeleton_similarity: float = Field(
        0.9, ge=0.0, le=1.0,
        description="similarity of two words with one consonant skeleton, for a query read from a script that "
                    "leaves vowels out (Arabic, Hebrew, Thai, Korean, kana): the penalty for the vowels unknown")
    initial_similarity: float = Field(
        0.6, ge=0.0, le=1.0, description="similarity of an initial and a person's name it begins (N / Nicolas)")
    particle_weight: float = Field(
        0.2, ge=0.0, description="weight factor of particles in a person's name (al, bin, de, van)")
    person_min_named: int = Field(
        2, ge=1, description="a query naming at least this many of a listed person's names, with no word of its "
                             "own left unpaired, may leave the person's other names out")
    person_left_out_weight: float = Field(
        0.15, ge=0.0, le=1.0,
        description="weight factor of the names such a query leaves out (a second surname, a patronymic); an "
                    "unpaired query word (another given name) always counts in full")
    person_left_out_penalty: float = Field(
        0.05, ge=0.0, le=1.0,
        description="a match that leaves names out loses this share of its score times the share of the "
                    "person's name left out, so the fuller match of two ranks first")
    short_evidence_letters: int = Field(
        4, ge=0, description="a name match resting on fewer letters than this (an acronym: PPL, GRU) is short "
                             "evidence")
    short_evidence_factor: float = Field(
        0.84, ge=0.0, le=1.0, description="short evidence's name score is multiplied by this")
    short_evidence_alone: bool = Field(
        False,
        description="whether short evidence may make a hit on its own; when false (the acronym rule), a hit "
                    "on short evidence needs an identifier, country or birth date that agrees, at any threshold")


def matching_config(values: dict[str, Any] | None = None, *, file: str | None = None) -> MatchingConfig:
    """A :class:`MatchingConfig` from the ``[matching]`` table of a settings file (unknown keys refused)."""
    try:
        return MatchingConfig(**(values or {}))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'matching'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid [matching] setting: {problems}", file=file, field="matching") from None


def describe(config: MatchingConfig) -> list[dict[str, Any]]:
    """Each setting with its value, default and description: what reports and ``--json`` print."""
    out = []
    for name, field in MatchingConfig.model_fields.items():
        out.append({"name": name, "value": getattr(config, name), "default": field.default,
                    "description": field.description or ""})
    return out


__all__ = ["MatchingConfig", "describe", "matching_config"]
