"""The yente-compatible API: request and response shapes a yente client reads unchanged, datasets,
schemas, identifiers, thresholds; hostile search terms."""

from __future__ import annotations

from typing import Any

import pytest

from service_fixtures import Team, team  # noqa: F401 - the fixture

RESULT_KEYS = {"id", "caption", "schema", "properties", "datasets", "score", "match", "features", "referents",
               "target"}


def match(team: Team, queries: dict[str, Any], dataset: str = "default", **params: Any) -> Any:
    return team.client.post(f"/match/{dataset}", params=params, headers=team.auth("viewer"),
                            json={"queries": queries})


def company(name: str, **props: list[str]) -> dict[str, Any]:
    return {"schema": "Company", "properties": {"name": [name], **props}}


def test_match_answers_in_yentes_shape(team: Team) -> None:
    response = match(team, {"q1": company("Hikvision", country=["cn"]), "q2": company("Apple Inc.", country=["us"])})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"responses", "matcher", "limit"} and body["limit"] == 5
    assert set(body["responses"]) == {"q1", "q2"}
    q1 = body["responses"]["q1"]
    assert q1["status"] == 200 and q1["total"] == {"value": len(q1["results"]), "relation": "eq"}
    assert q1["query"]["schema"] == "Company" and q1["query"]["properties"]["name"] == ["Hikvision"]
    best = q1["results"][0]
    assert RESULT_KEYS <= set(best)
    assert "Hikvision" in best["caption"] and best["schema"] == "Company"
    assert best["match"] is True and best["score"] >= 0.85
    assert best["features"]["name"] >= 0.85 and best["features"]["country"] == 1.0
    assert best["properties"]["name"] == [best["caption"]]
    assert best["datasets"] == [best["id"].split(":")[0]]
    assert best["explanation"]["name"]["query"] == "Hikvision"
    assert body["responses"]["q2"]["results"] == []  # Apple is on no list
    assert response.headers["x-batch-size"] == "2"
    assert {"name", "identifier", "country"} <= set(body["matcher"])


def test_each_list_is_a_dataset_and_default_is_all_of_them(team: Team) -> None:
    every = match(team, {"q": company("Huawei Technologies")}, limit=20).json()["responses"]["q"]["results"]
    lists = {r["datasets"][0] for r in every}
    assert len(lists) >= 2
    for name in lists:
        only = match(team, {"q": company("Huawei Technologies")}, dataset=name, limit=20).json()
        found = only["responses"]["q"]["results"]
        assert found and {r["datasets"][0] for r in found} == {name}
    missing = match(team, {"q": company("Huawei")}, dataset="opensanctions")
    assert missing.status_code == 404 and "default" in missing.json()["detail"]


def test_unknown_schema_is_400_and_missing_schema_is_422(team: Team) -> None:
    assert match(team, {"q": {"schema": "Spaceship", "properties": {"name": ["Huawei"]}}}).status_code == 400
    assert match(team, {"q": {"properties": {"name": ["Huawei"]}}}).status_code == 422
    assert match(team, {}).status_code == 400


def test_an_identifier_matches_exactly_with_score_one(team: Team) -> None:
    body = match(team, {"v": {"schema": "Vessel", "properties": {"imoNumber": ["9187629"]}}}).json()
    best = body["responses"]["v"]["results"][0]
    assert best["id"] == "us_ofac_sdn:15036" and best["score"] == 1.0 and best["features"]["identifier"] == 1.0
    assert best["properties"]["imoNumber"] == ["9187629"]


def test_a_person_query_uses_the_birth_date(team: Team) -> None:
    person = {"schema": "Person", "properties": {"name": ["Jhon Eidelber Cano Correa"], "birthDate": ["1963-12-13"],
                                                 "nationality": ["co"]}}
    best = match(team, {"p": person}).json()["responses"]["p"]["results"][0]
    assert best["id"] == "us_ofac_sdn:10000" and best["features"]["birth_date"] == 1.0
    wrong = {"schema": "Person", "properties": {"name": ["Jhon Eidelber Cano Correa"], "birthDate": ["1990-01-01"]}}
    other = match(team, {"p": wrong}).json()["responses"]["p"]["results"][0]
    assert other["score"] < best["score"]


def test_threshold_decides_match_and_limit_caps_results(team: Team) -> None:
    strict = match(team, {"q": company("Hikvisoin Digital")}, threshold=0.99, cutoff=0.5, limit=2).json()
    results = strict["responses"]["q"]["results"]
    assert 0 < len(results) <= 2 and strict["limit"] == 2
    assert all(r["match"] is (r["score"] >= 0.99) for r in results)
    assert any(r["match"] is False for r in results)
    assert match(team, {"q": company("Huawei")}, limit=501).status_code == 422
    assert match(team, {"q": company("Huawei")}, algorithm="logic-v1").status_code == 200
    assert match(team, {"q": company("Huawei")}, algorithm="nonsense").status_code == 400


def test_search_and_entities(team: Team) -> None:
    body = team.client.get("/search/default", params={"q": "Huawei Technologies"}, headers=team.auth("viewer")).json()
    assert body["total"]["value"] >= 2 and body["limit"] == 10 and body["offset"] == 0
    assert {f for f in body["facets"]} == {"datasets", "schema", "countries"}
    first = body["results"][0]
    entity = team.client.get(f"/entities/{first['id']}", headers=team.auth("viewer"))
    assert entity.status_code == 200 and entity.json()["caption"] == first["caption"]
    assert team.client.get("/entities/curated:no-such", headers=team.auth("viewer")).status_code == 404


@pytest.mark.parametrize("term", ["'; DROP TABLE records; --", "\" OR 1=1 --", "<script>alert(1)</script>",
                                  "Robert'); DELETE FROM cases;--", "%00\x00", "华为' UNION SELECT * FROM api_keys --"])
def test_hostile_search_terms_are_just_names(team: Team, term: str) -> None:
    response = team.client.get("/search/default", params={"q": term}, headers=team.auth("viewer"))
    assert response.status_code == 200
    assert all(r["score"] >= 0.85 for r in response.json()["results"])
    m = match(team, {"q": company(term)})
    assert m.status_code == 200
    # the store and the team database are intact
    again = team.client.get("/search/default", params={"q": "Huawei Technologies"}, headers=team.auth("viewer"))
    assert again.json()["total"]["value"] >= 2
    assert team.client.get("/lists", headers=team.auth("viewer")).status_code == 200


def test_openapi_is_built_from_the_typed_models(team: Team) -> None:
    spec = team.client.get("/openapi.json", headers=team.auth("viewer")).json()
    schemas = spec["components"]["schemas"]
    assert {"EntityMatchResponse", "ScoredEntityResponse", "MatchExplanation", "EntityExplanation", "JobOut",
            "CaseOut", "ListDiff"} <= set(schemas)
    assert spec["components"]["securitySchemes"]["ApiKey"]["in"] == "header"
    assert "/match/{dataset}" in spec["paths"] and "/reconcile" in spec["paths"]


def test_the_catalog_names_every_dataset(team: Team) -> None:
    body = team.client.get("/catalog", headers=team.auth("viewer")).json()
    names = [d["name"] for d in body["datasets"]]
    assert names[0] == "default" and set(names[1:]) == {li.source for li in team.service.lists}
    assert body["datasets"][0]["children"] == names[1:] and body["outdated"] == []
    for name in names:  # each one is a dataset /match accepts
        assert match(team, {"q": company("Huawei")}, dataset=name).status_code == 200
