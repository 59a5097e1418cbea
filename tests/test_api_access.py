"""Access to every route: no key is 401, a key of too low a role is 403, only /healthz is open.

The routes are read from the app itself, so a route added later without a row in the table of
required roles fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from behind.team.keys import create_key, revoke_key
from behind.team.roles import ROLES
from service_fixtures import Team, team  # noqa: F401 - the fixture

#: the lowest role each API route needs (every other API route needs viewer)
NEEDS = {
    ("POST", "/screenings"): "analyst",
    ("POST", "/cases/{case_id}/decision"): "reviewer",
    ("GET", "/audit"): "admin",
    ("GET", "/audit/verify"): "admin",
    ("GET", "/keys"): "admin",
    ("POST", "/keys"): "admin",
    ("POST", "/keys/{key_id}/revoke"): "admin",
}
OPEN = {("GET", "/healthz")}
DOCS = {("GET", "/openapi.json"), ("GET", "/docs")}
#: the sign-in form itself, and what a signed-out visitor of / is sent to
WEB_OPEN = {("GET", "/ui/signin"), ("POST", "/ui/signin")}
PARAMS = {"dataset": "default", "entity_id": "curated:hikvision", "key": "curated:hikvision", "job_id": "0" * 32,
          "fmt": "json", "case_id": "1", "name": "curated", "key_id": "000000000000"}


def _walk(found: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for route in found:
        if isinstance(route, APIRoute):
            yield from ((m, prefix + route.path) for m in sorted(route.methods) if m != "HEAD")
        elif hasattr(route, "original_router"):  # FastAPI >= 0.120 keeps included routers nested
            yield from _walk(route.original_router.routes, prefix + route.include_context.prefix)


def routes(team: Team) -> list[tuple[str, str]]:
    return list(_walk(team.client.app.routes))  # type: ignore[attr-defined]


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(?::path)?\}", lambda m: PARAMS[m.group(1)], path)


def call(team: Team, method: str, path: str, headers: dict[str, str] | None = None) -> int:
    url = concrete(path)
    if method == "GET":
        return team.client.get(url, headers=headers, follow_redirects=False).status_code
    if path in ("/screenings", "/ui/upload"):
        return team.client.post(url, headers=headers, files={"file": ("v.csv", b"name\nAcme\n", "text/csv")},
                                follow_redirects=False).status_code
    return team.client.post(url, headers=headers, json={}, follow_redirects=False).status_code


def test_the_table_names_only_real_routes(team: Team) -> None:
    found = set(routes(team))
    assert set(NEEDS) <= found and OPEN <= found and WEB_OPEN <= found and DOCS <= found
    assert len(found) > 30


def test_every_route_but_healthz_refuses_a_request_without_a_key(team: Team) -> None:
    checked = 0
    for method, path in routes(team):
        if (method, path) in OPEN | WEB_OPEN:
            continue
        status = call(team, method, path)
        assert status == 401, f"{method} {path} answered {status} without a key"
        checked += 1
    assert checked > 30
    assert team.client.get("/healthz").status_code == 200


def test_a_signed_out_visitor_gets_the_sign_in_form_with_401(team: Team) -> None:
    page = team.client.get("/ui/cases")
    assert page.status_code == 401
    assert 'name="key"' in page.text and "Sign in" in page.text


@pytest.mark.parametrize("bad", ["", "bhd_000000000000_" + "A" * 43, "not a key", "ApiKey", "' OR 1=1 --"])
def test_a_malformed_or_unknown_key_is_401(team: Team, bad: str) -> None:
    response = team.client.post("/match/default", headers={"Authorization": f"ApiKey {bad}"},
                                json={"queries": {"q": {"schema": "Company", "properties": {"name": ["Huawei"]}}}})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "ApiKey"


def test_a_revoked_key_is_401(team: Team) -> None:
    record, key = create_key(team.service.db, "Leaver", "viewer", created_by="test")
    assert team.client.get("/lists", headers={"Authorization": f"ApiKey {key}"}).status_code == 200
    revoke_key(team.service.db, record.id, actor="test")
    assert team.client.get("/lists", headers={"Authorization": f"ApiKey {key}"}).status_code == 401


def test_a_role_below_the_route_is_403_and_the_role_itself_passes_the_gate(team: Team) -> None:
    checked = 0
    for (method, path), role in NEEDS.items():
        for lower in ROLES[:ROLES.index(role)]:
            status = call(team, method, path, team.auth(lower))
            assert status == 403, f"{method} {path} with a {lower} key answered {status}"
            checked += 1
        status = call(team, method, path, team.auth(role))
        assert status not in (401, 403), f"{method} {path} with a {role} key answered {status}"
    assert checked == 1 + 2 + 3 * 5


def test_a_viewer_reads_every_read_route(team: Team) -> None:
    for method, path in routes(team):
        if method != "GET" or path == "/" or path.startswith("/ui") or (method, path) in NEEDS \
                or (method, path) in OPEN:
            continue
        status = call(team, method, path, team.auth("viewer"))
        assert status not in (401, 403), f"GET {path} with a viewer key answered {status}"


def test_the_server_binds_loopback_unless_told() -> None:
    from behind.cli.commands_serve import serve
    import inspect
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_an_admin_manages_keys_over_http_and_a_new_key_works_at_once(team: Team) -> None:
    admin = team.auth("admin")
    created = team.client.post("/keys", headers=admin, json={"name": "Procurement ERP", "role": "analyst"})
    assert created.status_code == 201
    new = created.json()
    assert new["role"] == "analyst" and new["key"].startswith(f"bhd_{new['id']}_")
    assert new["created_by"].startswith("Admin Tester")
    listed = team.client.get("/keys", headers=admin).json()
    assert any(k["id"] == new["id"] for k in listed) and all("key" not in k for k in listed)
    own = {"Authorization": f"ApiKey {new['key']}"}
    assert team.client.get("/screenings", headers=own).status_code == 200
    assert team.client.post("/keys", headers=admin, json={"name": "x", "role": "root"}).status_code == 400
    assert team.client.post(f"/keys/{new['id']}/revoke", headers=admin).json()["revoked_at"]
    assert team.client.get("/screenings", headers=own).status_code == 401
    actions = [e["action"] for e in team.client.get("/audit", headers=admin).json()]
    assert "key.create" in actions and "key.revoke" in actions


def test_serve_refuses_to_start_without_lists_or_with_a_bad_port(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from behind.cli.app import app

    empty = CliRunner().invoke(app, ["serve", "--data-dir", str(tmp_path)])
    assert empty.exit_code == 2 and "behind update" in empty.output
    port = CliRunner().invoke(app, ["serve", "--port", "70000", "--data-dir", str(tmp_path)])
    assert port.exit_code == 2 and "--port" in port.output
