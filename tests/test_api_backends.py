"""The service's own storage on SQLite and on PostgreSQL: screening jobs (migration 0101) created,
run, listed and resumed; the whole upload -> cases -> decision -> re-screen path over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from behind.api import create_app
from behind.config import load_settings
from behind.errors import HostileInputError, NotFoundError, UsageError
from behind.team.db import TeamDB
from behind.team.jobs import JobWorker, cases_after, create_job, get_job, list_jobs, run_job, safe_file_name
from behind.team.keys import create_key
from behind.web.service import open_service
from service_fixtures import SAMPLES, copy_data
from team_db import team_db, team_url  # noqa: F401 - the fixtures

VENDORS = (SAMPLES / "vendors.csv").read_bytes()


def test_jobs_are_stored_run_and_listed(team_db: TeamDB, loaded_dir: Path, tmp_path: Path) -> None:
    settings = load_settings(copy_data(loaded_dir, tmp_path / "data"))
    job = create_job(team_db, settings, kind="parties", file_name="vendors.csv", content=VENDORS,
                     options={"as_of": "2024-01-31"}, actor="Ann (k1)")
    assert job.state == "queued" and job.options == {"as_of": "2024-01-31"} and job.percent == 0
    assert [j.id for j in list_jobs(team_db)] == [job.id]
    done = run_job(team_db, settings, job, cases_after(team_db))
    assert done.state == "done" and done.rows == 20 and done.alerts and done.cases and done.screening_id
    assert done.percent == 100 and done.error is None
    assert (settings.data_dir / "jobs" / job.id / "report.html").exists()
    with pytest.raises(NotFoundError):
        get_job(team_db, "f" * 32)


def test_a_worker_resumes_what_a_stopped_server_left(team_db: TeamDB, loaded_dir: Path, tmp_path: Path) -> None:
    settings = load_settings(copy_data(loaded_dir, tmp_path / "data"))
    first = create_job(team_db, settings, kind="parties", file_name="a.csv", content=VENDORS, options={}, actor="x")
    second = create_job(team_db, settings, kind="parties", file_name="b.csv", content=b"colour\nred\n", options={},
                        actor="x")
    worker = JobWorker(team_db, settings)
    assert worker.resume() == [first.id, second.id]
    worker.start()
    end = time.monotonic() + 300
    while time.monotonic() < end and any(get_job(team_db, j.id).state in ("queued", "running")
                                         for j in (first, second)):
        time.sleep(0.2)
    worker.stop()
    assert get_job(team_db, first.id).state == "done"
    failed = get_job(team_db, second.id)
    assert failed.state == "failed" and "b.csv" in (failed.error or "")


@pytest.mark.parametrize("name,error", [("../x.csv", HostileInputError), ("a/b.csv", HostileInputError),
                                        ("x\x00.csv", HostileInputError), ("", UsageError), ("run.sh", UsageError)])
def test_unsafe_file_names_are_refused(name: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        safe_file_name(name)


@pytest.mark.parametrize("name,safe", [("vendors.csv", "vendors.csv"), ("Q3 ledger (final).xlsx", "Q3 ledger (final).xlsx"),
                                       ("<img src=x>.csv", "_img src_x_.csv"), (".hidden.csv", "hidden.csv"),
                                       ("供应商.csv", "_.csv")])
def test_file_names_are_made_safe(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_the_service_on_each_backend(team_url: str | None, loaded_dir: Path, tmp_path: Path) -> None:
    service = open_service(load_settings(copy_data(loaded_dir, tmp_path / "data")), team_url)
    assert service.db.dialect == ("postgresql" if team_url else "sqlite")
    try:
        _, analyst = create_key(service.db, "Al Analyst", "reviewer", created_by="test")
        auth = {"Authorization": f"ApiKey {analyst}"}
        with TestClient(create_app(service)) as client:
            def screen() -> dict[str, object]:
                job = client.post("/screenings", headers=auth, files={"file": ("vendors.csv", VENDORS)},
                                  data={"kind": "parties"}).json()
                while job["state"] in ("queued", "running"):
                    time.sleep(0.2)
                    job = client.get(f"/screenings/{job['id']}", headers=auth).json()
                return job
            first = screen()
            assert first["state"] == "done" and first["cases"]
            case = client.get("/cases", headers=auth).json()[0]
            decided = client.post(f"/cases/{case['id']}/decision", headers=auth,
                                  json={"status": "false_positive", "reason": "another company"})
            assert decided.status_code == 200
            second = screen()
            assert second["state"] == "done"
            again = client.get(f"/cases/{case['id']}", headers=auth).json()
            assert again["status"] == "false_positive" and again["history"][-1]["event"] == "reapplied"
    finally:
        service.db.close()
