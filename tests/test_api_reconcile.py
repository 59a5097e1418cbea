"""The W3C Reconciliation Service API 0.2 at /reconcile: every answer validated against the
community group's JSON Schemas, read from ``../shared/spec/reconciliation-0.2`` beside the checkout
(``BEHIND_RECONCILIATION_SCHEMAS`` names another folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from service_fixtures import Team, team  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(os.environ.get("BEHIND_RECONCILIATION_SCHEMAS", ROOT.parent / "shared" / "spec" / "reconciliation-0.2"))
if not (SPEC / "manifest.json").is_file():
    raise RuntimeError(f"the W3C reconciliation 0.2 JSON Schemas are not at {SPEC}: put the shared spec folder "
                       "beside the checkout or set BEHIND_RECONCILIATION_SCHEMAS")


def _registry() -> Registry:
    resources = []
    for path in SPEC.glob("*.json"):  # openapi.json is Swagger 2.0's schema, which manifest.json refers to
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "$id" not in schema:  # the example manifest beside the schemas
            continue
        resources.append((schema["$id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(name: str, instance: Any) -> None:
    schema = json.loads((SPEC / f"{name}.json").read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema, registry=REGISTRY).iter_errors(instance))
    assert not errors, f"{name}: {[e.message for e in errors][:3]}"


def test_the_schemas_refuse_a_wrong_answer() -> None:
    """The validator is live: answers missing what the schemas require are refused."""
    with pytest.raises(AssertionError):
        validate("reconciliation-result-batch", {"q0": {"result": [{"id": "x", "score": 1}]}})  # no name
    with pytest.raises(AssertionError):
        validate("manifest", {"versions": ["0.2"], "name": "x", "identifierSpace": "x", "schemaSpace": "x",
                              "authentication": {"type": "apiKey", "in": "cookie"}})


def test_manifest_declares_authentication(team: Team) -> None:
    response = team.client.get("/reconcile", headers=team.auth("viewer"))
    assert response.status_code == 200
    manifest = response.json()
    validate("manifest", manifest)
    assert manifest["authentication"] == {"type": "apiKey", "name": "Authorization", "in": "header",
                                          "description": manifest["authentication"]["description"]}
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"Company", "Organization", "Person"}


def test_without_a_key_the_manifest_comes_with_401(team: Team) -> None:
    response = team.client.get("/reconcile")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "ApiKey"
    validate("manifest", response.json())
    batch = {"q0": {"query": "Huawei"}}
    assert team.client.post("/reconcile", data={"queries": json.dumps(batch)}).status_code == 401


BATCH = {
    "q0": {"query": "Huawei Technologies Co., Ltd.", "type": "Company", "limit": 3},
    "q1": {"query": "Hangzhou Hikvision Digital Technology", "properties": [{"pid": "country", "v": "CN"}]},
    "q2": {"query": "Apple Inc."},
    "q3": {"query": "ARTAVIL", "type": ["Vessel"], "properties": [{"pid": "imoNumber", "v": ["9187629"]}]},
}


@pytest.mark.parametrize("how", ["form", "json", "json-wrapped", "get"])
def test_query_batches_answer_every_query(team: Team, how: str) -> None:
    validate("reconciliation-query-batch", BATCH)
    headers = team.auth("viewer")
    if how == "form":
        response = team.client.post("/reconcile", headers=headers, data={"queries": json.dumps(BATCH)})
    elif how == "json":
        response = team.client.post("/reconcile", headers=headers, json=BATCH)
    elif how == "json-wrapped":
        response = team.client.post("/reconcile", headers=headers, json={"queries": BATCH})
    else:
        response = team.client.get("/reconcile", headers=headers, params={"queries": json.dumps(BATCH)})
    assert response.status_code == 200
    answer = response.json()
    validate("reconciliation-result-batch", answer)
    assert set(answer) == set(BATCH)
    q0 = answer["q0"]["result"]
    assert 0 < len(q0) <= 3 and "Huawei" in q0[0]["name"].title() and q0[0]["match"] is True
    assert q0[0]["type"][0]["id"] in ("Company", "Organization")
    assert any(r["name"].startswith("Hangzhou Hikvision") for r in answer["q1"]["result"])
    assert answer["q2"]["result"] == []
    assert answer["q3"]["result"][0]["id"] == "us_ofac_sdn:15036" and answer["q3"]["result"][0]["score"] == 100.0


def test_a_malformed_batch_is_400(team: Team) -> None:
    headers = team.auth("viewer")
    assert team.client.post("/reconcile", headers=headers, data={"queries": "{not json"}).status_code == 400
    bad_type = {"q": {"query": "Huawei", "type": "Starship"}}
    assert team.client.post("/reconcile", headers=headers, json=bad_type).status_code == 400
    assert team.client.post("/reconcile", headers=headers, json={"q": {"query": "x", "limit": 0}}).status_code == 400


def test_suggest_and_preview(team: Team) -> None:
    headers = team.auth("viewer")
    suggest = team.client.get("/reconcile/suggest/entity", params={"prefix": "Hikvision"}, headers=headers)
    assert suggest.status_code == 200
    validate("suggest-entities-response", suggest.json())
    first = suggest.json()["result"][0]
    assert "Hikvision" in first["name"].title().replace("Hik-Vision", "Hikvision") or "HIK" in first["name"].upper()
    validate("suggest-entities-response", team.client.get("/reconcile/suggest/entity", params={"prefix": ""},
                                                          headers=headers).json())
    preview = team.client.get("/reconcile/preview", params={"id": first["id"]}, headers=headers)
    assert preview.status_code == 200 and preview.headers["content-type"].startswith("text/html")
    assert first["name"].split()[0] in preview.text
    assert team.client.get("/reconcile/preview", params={"id": "<b>x</b>"}, headers=headers).status_code == 404


def test_a_client_without_headers_gives_the_key_in_the_url(team: Team) -> None:
    key = team.keys["viewer"]
    manifest = team.client.get("/reconcile", params={"api_key": key})
    assert manifest.status_code == 200
    validate("manifest", manifest.json())
    preview_url = manifest.json()["preview"]["url"].replace("{{id}}", "curated:huawei")
    assert team.client.get(preview_url).status_code == 200  # no header: the key is in the URL
    suggest = manifest.json()["suggest"]["entity"]
    found = team.client.get(suggest["service_url"] + suggest["service_path"] + "&prefix=Huawei")
    assert found.status_code == 200 and found.json()["result"]
    answer = team.client.post("/reconcile", params={"api_key": key}, data={"queries": json.dumps(BATCH)})
    assert answer.status_code == 200
    validate("reconciliation-result-batch", answer.json())
    assert team.client.get("/reconcile", params={"api_key": key + "x"}).status_code == 401
    # only the reconciliation routes read the key from the URL
    assert team.client.get("/lists", params={"api_key": key}).status_code == 401
    # with the header, the manifest does not repeat the key in its URLs
    plain = team.client.get("/reconcile", headers=team.auth("viewer")).json()
    assert "api_key" not in json.dumps(plain)
