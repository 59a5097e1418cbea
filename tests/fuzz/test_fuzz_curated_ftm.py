"""Fuzzing the curated YAML reader and the FollowTheMoney JSON lines reader.

What the fuzzers found in them, now refused with an ``InputError`` (the inputs are kept as
their own cases):

Found in ``read_curated``:

- an unquoted date that is not a real one (``start: 2024-13-45``, ``compiled: 2020-02-30``,
  ``version: 9999-99-99``): PyYAML's SafeLoader builds a ``datetime.date`` and raises
  ``ValueError`` ("month must be in 1..12", "day is out of range for month");
- a ``schema`` or ``relation`` that is a list or a mapping (``schema: [Company]``): the
  membership test in a set raises ``TypeError: unhashable type``.

Found in ``read_ftm``: two lines with the same id whose ``datasets`` (or another context key)
hold a list or an object (``{"id": "b", "schema": "Address", "datasets": {"": null}}``):
followthemoney's ``merge`` raises ``TypeError: unhashable type``.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import Phase, example, given, settings, strategies as st

from behind.sources.curated import read_curated
from behind.sources.ftm import read_ftm
from behind.sources.ftm_stream import stream_ftm
from fuzzlib import (JSON, JSON_VALUES, VALUES, YAML, files, mutated, parses_or_refuses, random_bytes, seed,
                     share_of_examples)

ECOSYSTEM = seed("ecosystem.yaml")
FTM = seed("sample.ftm.json")

#: an expected failure: no time spent shrinking it; PyYAML is pure Python, about 0.1 s an example
_XFAIL_SETTINGS = settings(max_examples=share_of_examples(0.2), phases=[Phase.explicit, Phase.reuse, Phase.generate],
                           report_multiple_bugs=False)


def _curated(data: bytes) -> None:
    with files({"ecosystem.yaml": data}) as paths:
        parses_or_refuses(lambda: read_curated(paths["ecosystem.yaml"]), paths["ecosystem.yaml"])


def _ftm(data: bytes) -> None:
    """read_ftm parses or refuses; the streamed reader refuses the same files and reads the same records."""
    with files({"entities.ftm.json": data}) as paths:
        path, got = paths["entities.ftm.json"], []
        whole = parses_or_refuses(lambda: got.append(read_ftm(path, "imported")), path)
        with tempfile.TemporaryDirectory() as tmp:
            stream = parses_or_refuses(lambda: got.append(list(stream_ftm(path, "imported", Path(tmp)).entities)), path)
        assert (whole is None) == (stream is None), f"read_ftm: {whole}; stream_ftm: {stream}"
        if whole is None:
            assert sorted(got[1], key=lambda e: e.source_id) == sorted(got[0].entities, key=lambda e: e.source_id)


# --- curated ---------------------------------------------------------------------------------

CURATED_FOUND = {
    "relation-start-month-13": ECOSYSTEM.replace(b"start: null", b"start: 2024-13-45", 1),
    "compiled-feb-30": ECOSYSTEM.replace(b"compiled: '2026-11-22'", b"compiled: 2020-02-30", 1),
    "version-9999-99-99": ECOSYSTEM.replace(b"version: 1", b"version: 9999-99-99", 1),
    "schema-a-list": ECOSYSTEM.replace(b"schema: Company", b"schema: [Company]", 1),
    "relation-a-mapping": ECOSYSTEM.replace(b"relation: subsidiary_of", b"relation: {a: 1}", 1),
}
CURATED_KEYS = ["meta", "compiled", "entities", "relations", "listings", "unverified", "id", "schema", "names",
                "aliases", "country", "identifiers", "ticker", "sources", "url", "title", "quote", "subject",
                "relation", "object", "share", "start", "end", "entity", "list", "date", "citation", "program"]
_CURATED_VALUES = st.sampled_from(["hikvision", "dahua", "Company", "Person", "subsidiary_of", "brand_of",
                                   "us_bis_entity_list", "2020-01-01", "2020", "2020-13", ""]) | JSON_VALUES
_CURATED_ITEM = st.dictionaries(st.sampled_from(CURATED_KEYS), _CURATED_VALUES | st.lists(_CURATED_VALUES, max_size=3),
                                max_size=8)
_CURATED_SECTION = st.lists(_CURATED_ITEM, max_size=4)
CURATED_DOCS = st.fixed_dictionaries(
    {"meta": JSON_VALUES, "entities": _CURATED_SECTION, "relations": _CURATED_SECTION, "listings": _CURATED_SECTION,
     "unverified": _CURATED_SECTION}).map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8", "surrogatepass"))


@_XFAIL_SETTINGS
@given(st.one_of(mutated([ECOSYSTEM], YAML, fields="yaml"), random_bytes()))
@example(CURATED_FOUND["relation-start-month-13"])  # a known failure first, so the mark is exact
@example(ECOSYSTEM[:len(ECOSYSTEM) // 2])
@example(b"\xff\xfe" + ECOSYSTEM)
@example(b"entities: " + b"[" * 10_000)
@example(b"a: &a [*a, *a]\nb: &b [*a, *a]\nc: &c [*b, *b]\nentities: [*c, *c]\n")
@example(b"!!python/object/apply:os.system ['true']\n")
@example(ECOSYSTEM.replace(b"share: null", b"share: 1e400", 1))
@example(ECOSYSTEM.replace(b"share: null", b"share: .nan", 1))
@example(ECOSYSTEM.replace(b"country: CN", b"country: [CN]", 1))
@example(ECOSYSTEM.replace(b"- id: hikvision", b"- id: [hikvision]", 1))
@example(ECOSYSTEM.replace(b"date: '2019-10-09'", b"date: {a: 1}", 1))
def test_curated_yaml(data: bytes) -> None:
    _curated(data)


@_XFAIL_SETTINGS
@given(CURATED_DOCS)
@example(CURATED_FOUND["schema-a-list"])
def test_curated_documents_of_any_shape(data: bytes) -> None:
    _curated(data)


@pytest.mark.parametrize("data", [pytest.param(data, id=name) for name, data in CURATED_FOUND.items()])
def test_curated_inputs_the_fuzzer_found(data: bytes) -> None:
    _curated(data)


# --- FollowTheMoney ----------------------------------------------------------------------------

FTM_FOUND = {
    "repeated-id-datasets-object": b'{"schema": "Address", "id": "b"}\n{"schema": "Address", "id": "b", "datasets": {"": null}}',
    "repeated-id-datasets-list": b'{"id": "c", "schema": "Company", "datasets": [["x"]]}\n'
                                 b'{"id": "c", "schema": "Organization", "properties": {"name": ["C"]}}',
}
FTM_SCHEMAS = ["Company", "Person", "Organization", "LegalEntity", "PublicBody", "Vessel", "Airplane", "Ownership",
               "Directorship", "UnknownLink", "Family", "Associate", "Sanction", "Identification", "Passport",
               "Address", "Security", "Thing"]
FTM_PROPS = ["name", "alias", "previousName", "weakAlias", "abbreviation", "owner", "asset", "percentage", "entity",
             "holder", "number", "passportNumber", "type", "startDate", "endDate", "listingDate", "country",
             "jurisdiction", "mainCountry", "nationality", "citizenship", "birthDate", "birthPlace", "gender", "title",
             "notes", "sourceUrl", "createdAt", "program", "topics", "authority", "registrationNumber", "uscCode",
             "isinCode", "innCode", "imoNumber", "addressEntity", "address", "full", "director", "organization",
             "subject", "object", "person", "relative", "associate", "reason"]
_FTM_IDS = st.sampled_from(["a", "b", "c", "NK-1"])
_FTM_TEXT = _FTM_IDS | st.sampled_from([v.decode("utf-8", "replace") for v in VALUES if len(v) < 100]) | st.text(
    max_size=12)
_FTM_LINE = st.fixed_dictionaries(
    {"id": _FTM_IDS | st.text(max_size=5), "schema": st.sampled_from(FTM_SCHEMAS)},
    optional={"properties": st.dictionaries(st.sampled_from(FTM_PROPS), st.lists(_FTM_TEXT, max_size=3), max_size=6),
              "caption": st.text(max_size=10) | st.none(), "datasets": JSON_VALUES, "target": JSON_VALUES})
FTM_FILES = st.lists(_FTM_LINE, min_size=1, max_size=6).map(
    lambda lines: b"\n".join(json.dumps(line).encode("utf-8", "surrogatepass") for line in lines))


@given(st.one_of(mutated([FTM], JSON, fields="json"), random_bytes()))
@example(b"[" * 100_000)
@example(b'{"id": "x", "schema": "Company", "properties": {"name": ["A"]}}\n'
         b'{"id": "x", "schema": "Person", "properties": {"name": ["B"]}}\n')
@example(b'{"id": "o", "schema": "Ownership", "properties": {"owner": ["o"], "asset": ["o"], "percentage": ["nan"]}}')
@example(b'{"id": "c", "schema": "Company", "properties": {"name": ["A"], "createdAt": ["\\u0000"]}}')
def test_ftm_json_lines(data: bytes) -> None:
    _ftm(data)


@_XFAIL_SETTINGS
@given(FTM_FILES)
@example(FTM_FOUND["repeated-id-datasets-object"])
def test_ftm_entities_of_any_shape(data: bytes) -> None:
    _ftm(data)


@pytest.mark.parametrize("data", [pytest.param(data, id=name) for name, data in FTM_FOUND.items()])
def test_ftm_inputs_the_fuzzer_found(data: bytes) -> None:
    _ftm(data)
