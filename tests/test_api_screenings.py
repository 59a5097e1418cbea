"""Screening jobs over HTTP: upload, progress, the four reports, review cases and the audit entry,
a decision re-applied on a re-screen, upload limits and hostile file names, jobs that outlive a
restart; list versions and their diffs."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

from fastapi.testclient import TestClient

from behind.api import create_app
from behind.config import load_settings
from behind.ingest import import_ftm
from behind.model import Report
from behind.store.sqlite import Store
from behind.team.jobs import claim, create_job, get_job
from behind.web.listdiff import list_diff
from behind.web.service import open_service
from service_fixtures import SAMPLES, Team, copy_data, team  # noqa: F401 - the fixture

VENDORS = (SAMPLES / "vendors.csv").read_bytes()


def test_an_upload_becomes_a_job_with_four_reports_cases_and_an_audit_entry(team: Team) -> None:
    response = team.upload("vendors.csv", VENDORS)
    assert response.status_code == 202
    job = response.json()
    assert job["state"] in ("queued", "running", "done") and job["file_name"] == "vendors.csv"
    job = team.wait(job["id"])
    assert job["state"] == "done", job["error"]
    assert job["rows"] == 20 and job["alerts"] > 0 and job["percent"] == 100 and job["done"] == 20
    viewer = team.auth("viewer")
    report = Report.model_validate_json(team.client.get(job["reports"]["json"], headers=viewer).content)
    assert report.meta.rows == 20 and report.meta.alerts == job["alerts"]
    table = team.client.get(job["reports"]["csv"], headers=viewer)
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == 20
    assert team.client.get(job["reports"]["xlsx"], headers=viewer).content[:2] == b"PK"
    assert "<html" in team.client.get(job["reports"]["html"], headers=viewer).text[:500].lower()
    assert team.client.get(f"/screenings/{job['id']}/report.pdf", headers=viewer).status_code == 404
    cases = team.client.get("/cases", params={"screening_id": job["screening_id"], "limit": 1000}, headers=viewer)
    assert len(cases.json()) == job["cases"] > 0
    assert all(c["status"] == "open" and c["input_name"] == "vendors.csv" for c in cases.json())
    audit = team.client.get("/audit", params={"action": "screening"}, headers=team.auth("admin")).json()
    assert any(e["subject"] == f"screening {job['screening_id']}" and e["details"]["input"] == "vendors.csv"
               for e in audit)
    assert any(j["id"] == job["id"] for j in team.client.get("/screenings", headers=viewer).json())


def test_a_decision_is_applied_again_when_the_same_file_is_screened_again(team: Team) -> None:
    first = team.wait(team.upload("ledger.csv", VENDORS).json()["id"])
    case = team.client.get("/cases", params={"screening_id": first["screening_id"]},
                           headers=team.auth("viewer")).json()[0]
    reason = "Different company: <b>same name</b> & another country'; DROP TABLE cases;--"
    decided = team.client.post(f"/cases/{case['id']}/decision", headers=team.auth("reviewer"),
                               json={"status": "false_positive", "reason": reason})
    assert decided.status_code == 200 and decided.json()["status"] == "false_positive"
    assert decided.json()["reviewer"].startswith("Reviewer Tester")
    second = team.wait(team.upload("ledger.csv", VENDORS).json()["id"])
    assert second["state"] == "done" and second["screening_id"] != first["screening_id"]
    again = team.client.get(f"/cases/{case['id']}", headers=team.auth("viewer")).json()
    assert again["status"] == "false_positive" and again["reason"] == reason
    assert [e["event"] for e in again["history"]][-1] == "reapplied"
    assert again["history"][-1]["screening_id"] == second["screening_id"]
    # the reason is shown escaped in the review queue
    page = _signed_in(team, "viewer").get("/ui/cases", params={"status": "all", "input_name": "ledger.csv"})
    assert "&lt;b&gt;same name&lt;/b&gt; &amp; another" in page.text and "<b>same name</b>" not in page.text
    assert team.client.post(f"/cases/{case['id']}/decision", headers=team.auth("reviewer"),
                            json={"status": "false_positive", "reason": ""}).status_code == 422
    assert team.client.post(f"/cases/{case['id']}/decision", headers=team.auth("reviewer"),
                            json={"status": "ignored", "reason": "x"}).status_code == 400
    assert team.client.post("/cases/999999/decision", headers=team.auth("reviewer"),
                            json={"status": "confirmed", "reason": "x"}).status_code == 404


def _signed_in(team: Team, role: str) -> TestClient:
    client = TestClient(team.client.app)
    form = client.get("/ui/signin")
    token = form.text.split('name="login_token" value="')[1].split('"')[0]
    assert client.post("/ui/signin", data={"key": team.keys[role], "login_token": token},
                       follow_redirects=False).status_code == 303
    return client


def test_an_oversized_upload_is_413(team: Team) -> None:
    limit = team.service.max_upload
    team.service.max_upload = 10_000
    try:
        big = b"name,country\n" + b"Acme Trading Ltd,GB\n" * 5_000
        response = team.upload("big.csv", big)
        assert response.status_code == 413
        assert "10,000" in response.json()["detail"]
        small = team.upload("small.csv", b"name,country\nAcme Trading Ltd,GB\n")
        assert small.status_code == 202
    finally:
        team.service.max_upload = limit


def test_file_names_that_name_a_folder_are_refused(team: Team) -> None:
    before = {p for p in team.data_dir.parent.rglob("*.csv")}
    for name in ("../../evil.csv", "..\\evil.csv", "/etc/evil.csv", "jobs/../../evil.csv"):
        response = team.upload(name, b"name\nAcme\n")
        assert response.status_code == 400, name
        assert "folder" in response.json()["detail"]
    # nothing was written for them (a job an earlier test queued may write its own report meanwhile)
    written = {p for p in team.data_dir.parent.rglob("*.csv")} - before
    assert not [p for p in written if p.name == "evil.csv" or p.parent.parent.name != "jobs"], written
    # the multipart parser keeps only the last part of a Windows path; what arrives has no folder
    windows = team.upload("C:\\Users\\evil.csv", b"name\nAcme\n")
    assert windows.status_code == 400 or windows.json()["file_name"] == "evil.csv"
    assert team.upload("vendors.exe", b"MZ").status_code == 400
    assert team.client.post("/screenings", headers=team.auth("analyst"), data={"kind": "spaceships"},
                            files={"file": ("v.csv", b"name\nAcme\n", "text/csv")}).status_code == 400


def test_a_hostile_file_name_is_made_safe_and_shown_escaped(team: Team) -> None:
    response = team.upload("<img src=x onerror=alert(1)>'; DROP TABLE screening_jobs;--.csv", VENDORS[:200])
    assert response.status_code == 202
    name = response.json()["file_name"]
    assert "<" not in name and ">" not in name and ";" not in name and name.endswith(".csv")
    job = team.wait(response.json()["id"])
    page = _signed_in(team, "viewer").get(f"/ui/jobs/{job['id']}")
    assert page.status_code == 200 and "<img" not in page.text
    assert team.client.get("/screenings", headers=team.auth("viewer")).status_code == 200


def test_a_bad_file_fails_its_job_with_the_reason(team: Team) -> None:
    job = team.wait(team.upload("nocolumns.csv", b"colour,size\nred,10\n").json()["id"])
    assert job["state"] == "failed" and "nocolumns.csv" in job["error"]
    assert team.client.get(f"/screenings/{job['id']}/report.json", headers=team.auth("viewer")).status_code == 409


def test_queued_jobs_run_when_the_server_starts_again(loaded_dir: Path, tmp_path: Path) -> None:
    """A job queued while no worker ran (a server stopped before it got to it) is run by the next
    server's worker; so is one a killed server left running."""
    settings = load_settings(copy_data(loaded_dir, tmp_path / "data"))
    stopped = open_service(settings)
    queued = create_job(stopped.db, settings, kind="parties", file_name="left-over.csv", content=VENDORS,
                        options={}, actor="test")
    running = create_job(stopped.db, settings, kind="parties", file_name="cut-short.csv", content=VENDORS,
                         options={}, actor="test")
    assert claim(stopped.db, running.id) and get_job(stopped.db, running.id).state == "running"
    stopped.db.close()
    restarted = open_service(settings)
    try:
        with TestClient(create_app(restarted)):
            end = time.monotonic() + 300
            while time.monotonic() < end and any(get_job(restarted.db, j.id).state in ("queued", "running")
                                                 for j in (queued, running)):
                time.sleep(0.2)
        for job in (queued, running):
            assert get_job(restarted.db, job.id).state == "done" and get_job(restarted.db, job.id).rows == 20
    finally:
        restarted.db.close()


def test_list_versions_and_their_diff(team: Team, tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent / "fixtures" / "ftm_sample.ftm.json"
    lines = sample.read_text(encoding="utf-8").splitlines()
    changed = [json.loads(x) for x in lines]
    renamed = next(e for e in changed if e["schema"] == "Company")
    renamed["properties"]["name"] = ["Northern Meridian Holding Renamed LLC"]
    old = tmp_path / "v1.ftm.json"
    old.write_text("\n".join(lines) + "\n", encoding="utf-8")
    new = tmp_path / "v2.ftm.json"
    new.write_text("\n".join(json.dumps(e) for e in changed) + "\n", encoding="utf-8")
    with Store(team.data_dir / "behind.db") as store:
        import_ftm(store, str(old), "ftm_diff_test")
        import_ftm(store, str(new), "ftm_diff_test", force=True)
        versions = store.versions("ftm_diff_test")
    assert len(versions) == 2
    diff = team.client.get("/lists/ftm_diff_test/diff", headers=team.auth("viewer"))
    assert diff.status_code == 200
    body = diff.json()
    assert body["from_version"] == versions[1].id and body["to_version"] == versions[0].id
    assert [c["id"] for c in body["changed"]] == [renamed["id"]]
    assert body["changed"][0]["fields"] and body["counts"]["added"] == body["counts"]["removed"] == 0
    assert list_diff(team.data_dir / "behind.db", "ftm_diff_test", versions[0].id, versions[1].id).changed
    listed = {li["source"]: li for li in team.client.get("/lists", headers=team.auth("viewer")).json()}
    assert [v["id"] for v in listed["ftm_diff_test"]["versions"]] == [v.id for v in versions]
    assert listed["ftm_diff_test"]["serving"] is None  # loaded after the server started
    assert team.client.get("/lists/curated/diff", headers=team.auth("viewer")).status_code == 404
    assert team.client.get("/lists/nosuch/diff", headers=team.auth("viewer")).status_code == 404
    assert team.client.get("/lists/ftm_diff_test/diff", params={"from": 99999},
                           headers=team.auth("viewer")).status_code == 404


def test_explain_answers_the_typed_explanation_and_its_picture(team: Team) -> None:
    viewer = team.auth("viewer")
    body = team.client.get("/explain", params={"name": "Hikvision"}, headers=viewer).json()
    assert body["status"] == "listed" and body["match"]["name"].startswith("Hangzhou Hikvision")
    svg = team.client.get("/explain", params={"name": "Hikvision", "format": "svg"}, headers=viewer)
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
    assert team.client.get("/explain", params={"name": "Zzyzx Qwerty Nonesuch"}, headers=viewer).status_code == 404


def test_an_xlsx_upload_is_screened_like_its_csv(team: Team, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(VENDORS.decode("utf-8"))):
        sheet.append(row)
    path = tmp_path / "vendors.xlsx"
    book.save(path)
    response = team.client.post("/screenings", headers=team.auth("analyst"), data={"kind": "parties"},
                                files={"file": ("vendors.xlsx", path.read_bytes(), "application/octet-stream")})
    assert response.status_code == 202
    xlsx = team.wait(response.json()["id"])
    as_csv = team.wait(team.upload("vendors-again.csv", VENDORS).json()["id"])
    assert xlsx["state"] == "done" and xlsx["rows"] == as_csv["rows"] == 20
    assert xlsx["alerts"] == as_csv["alerts"] > 0


def test_reports_are_served_as_documents_that_run_no_script(team: Team) -> None:
    job = team.wait(team.upload("csp.csv", VENDORS).json()["id"])
    html = team.client.get(job["reports"]["html"], headers=team.auth("viewer"))
    assert html.headers["content-security-policy"].startswith("default-src 'none'")
    assert html.headers["content-disposition"].startswith("inline") and "csp-report.html" in html.headers["content-disposition"]
    xlsx = team.client.get(job["reports"]["xlsx"], headers=team.auth("viewer"))
    assert xlsx.headers["content-disposition"].startswith("attachment")
