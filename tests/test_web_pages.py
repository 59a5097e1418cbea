"""The web app: sign-in with a session cookie (HttpOnly, SameSite=Lax), CSRF tokens on every form,
roles on pages, every page rendered, hostile text escaped."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from service_fixtures import SAMPLES, Team, team  # noqa: F401 - the fixture


def token(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field"
    return found.group(1)


def sign_in(team: Team, role: str) -> TestClient:
    client = TestClient(team.client.app)
    form = client.get("/ui/signin")
    response = client.post("/ui/signin", data={"key": team.keys[role], "login_token": token(form.text, "login_token")},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ui/"
    return client


def test_sign_in_sets_an_httponly_samesite_session_cookie(team: Team) -> None:
    client = TestClient(team.client.app)
    form = client.get("/ui/signin")
    assert form.status_code == 200
    response = client.post("/ui/signin", data={"key": team.keys["viewer"],
                                               "login_token": token(form.text, "login_token")},
                           follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "behind_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    home = client.get("/ui/")
    assert home.status_code == 200 and "Viewer Tester" in home.text
    assert team.keys["viewer"] not in home.text


def test_sign_in_refuses_a_wrong_key_and_a_missing_login_token(team: Team) -> None:
    client = TestClient(team.client.app)
    form = client.get("/ui/signin")
    wrong = client.post("/ui/signin", data={"key": "bhd_000000000000_" + "x" * 43,
                                            "login_token": token(form.text, "login_token")})
    assert wrong.status_code == 401 and "not valid" in wrong.text
    fresh = TestClient(team.client.app)  # no login cookie: a form posted from another site
    assert fresh.post("/ui/signin", data={"key": team.keys["admin"], "login_token": "forged"}).status_code == 403


def test_every_form_refuses_a_post_without_its_csrf_token(team: Team) -> None:
    client = sign_in(team, "admin")
    job = team.wait(team.upload("csrf.csv", (SAMPLES / "vendors.csv").read_bytes()).json()["id"])
    case_id = team.client.get("/cases", params={"screening_id": job["screening_id"]},
                              headers=team.auth("viewer")).json()[0]["id"]
    posts = [
        ("/ui/cases/%d/decision" % case_id, {"status": "confirmed", "reason": "forged"}, None),
        ("/ui/upload", {"kind": "parties"}, {"file": ("x.csv", b"name\nAcme\n", "text/csv")}),
        ("/ui/signout", {}, None),
    ]
    for path, data, files in posts:
        for forged in ({}, {"csrf": "forged-token"}):
            response = client.post(path, data={**data, **forged}, files=files, follow_redirects=False)
            assert response.status_code == 403, (path, forged)
    case = team.client.get(f"/cases/{case_id}", headers=team.auth("viewer")).json()
    assert case["status"] == "open" and case["reason"] is None  # the forged decision did nothing
    page = client.get("/ui/cases", params={"status": "all"})
    ok = client.post(f"/ui/cases/{case_id}/decision", follow_redirects=False,
                     data={"csrf": token(page.text, "csrf"), "status": "escalated", "reason": "ask legal"})
    assert ok.status_code == 303
    assert team.client.get(f"/cases/{case_id}", headers=team.auth("viewer")).json()["status"] == "escalated"


def test_pages_check_the_role(team: Team) -> None:
    viewer = sign_in(team, "viewer")
    assert viewer.get("/ui/upload").status_code == 403
    assert viewer.get("/ui/audit").status_code == 403
    page = viewer.get("/ui/cases", params={"status": "all"})
    assert page.status_code == 200 and 'action="/ui/cases/' not in page.text  # no decision form for a viewer
    analyst = sign_in(team, "analyst")
    assert analyst.get("/ui/upload").status_code == 200
    reviewer = sign_in(team, "reviewer")
    assert reviewer.get("/ui/audit").status_code == 403


def test_signing_out_ends_the_session(team: Team) -> None:
    client = sign_in(team, "viewer")
    home = client.get("/ui/")
    assert client.post("/ui/signout", data={"csrf": token(home.text, "csrf")}, follow_redirects=False).status_code == 303
    assert client.get("/ui/").status_code == 401


def test_every_page_renders_for_an_admin(team: Team) -> None:
    client = sign_in(team, "admin")
    for path in ("/ui/", "/ui/search?q=Hikvision", "/ui/entities/curated:hikvision", "/ui/upload",
                 "/ui/cases", "/ui/cases?status=all", "/ui/lists", "/ui/changes", "/ui/audit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
    entity = client.get("/ui/entities/curated:hikvision").text
    assert "<svg" in entity and "listed" in entity
    assert "Chain intact" in client.get("/ui/audit").text
    assert client.get("/ui/entities/curated:nosuch").status_code == 404


@pytest.mark.parametrize("term", ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                                  "'; DROP TABLE cases;--"])
def test_search_terms_are_escaped_on_the_page(team: Team, term: str) -> None:
    client = sign_in(team, "viewer")
    page = client.get("/ui/search", params={"q": term})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;" in page.text or "&#39;" in page.text


def test_a_portfolio_change_report_is_in_the_api_and_the_app(team: Team) -> None:
    from behind.team.monitor import file_screener
    from behind.team.portfolios import add_portfolio, rescreen

    portfolio, _secret = add_portfolio(team.service.db, "Vendor <master>", "parties", "vendors.csv",
                                       (SAMPLES / "vendors.csv").read_bytes(), actor="test")
    report = rescreen(team.service.db, portfolio, file_screener(team.service.settings), trigger="test")
    assert report.new_alerts
    api = team.client.get("/changes", params={"portfolio": portfolio.id}, headers=team.auth("viewer")).json()
    assert api[0]["portfolio"] == "Vendor <master>" and len(api[0]["new_alerts"]) == len(report.new_alerts)
    page = sign_in(team, "viewer").get("/ui/changes")
    assert page.status_code == 200 and "Vendor &lt;master&gt;" in page.text
    assert f"<b>{len(report.new_alerts)}</b> new alerts" in page.text
    assert report.new_alerts[0]["record_name"].split()[0] in page.text
