"""Faults of the real server: ``kill -9`` of ``behind serve`` while reviewers post decisions loses no
decision the server acknowledged (2xx); the restarted server has every one, and the audit chain holds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from behind.team.db import open_team_db
from behind.team.keys import create_key
from service_fixtures import SAMPLES, copy_data

SRC = Path(__file__).resolve().parents[1] / "src"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("BEHIND_DATABASE", None)
    log = data_dir.parent / "serve.log"
    with log.open("ab") as out:  # the child keeps its own handle
        proc = subprocess.Popen([sys.executable, "-m", "behind.cli", "serve", "--port", str(port), "--data-dir",
                                 str(data_dir)], env=env, stdout=out, stderr=subprocess.STDOUT)
    end = time.monotonic() + 120
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"behind serve exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("behind serve did not answer /healthz in 120 s")


def test_kill_9_loses_no_acknowledged_decision(loaded_dir: Path, tmp_path: Path) -> None:
    data_dir = copy_data(loaded_dir, tmp_path / "data")
    with open_team_db(None, data_dir) as db:
        _, key = create_key(db, "Kim Reviewer", "admin", created_by="test")
    headers = {"Authorization": f"ApiKey {key}"}
    port = _port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(data_dir, port)
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            job = client.post("/screenings", files={"file": ("vendors.csv", (SAMPLES / "vendors.csv").read_bytes())},
                              data={"kind": "parties"}).json()
            while job["state"] not in ("done", "failed"):
                time.sleep(0.2)
                job = client.get(f"/screenings/{job['id']}").json()
            assert job["state"] == "done"
            cases = [c["id"] for c in client.get("/cases", params={"limit": 1000}).json()]
        assert len(cases) > 5
        acked: list[tuple[int, str]] = []
        lock = threading.Lock()
        stop = threading.Event()

        def post(worker: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
                i = 0
                while not stop.is_set():
                    case_id, reason = cases[(worker + i) % len(cases)], f"w{worker} decision {i}"
                    status = ("confirmed", "false_positive", "escalated")[i % 3]
                    try:
                        r = c.post(f"/cases/{case_id}/decision", json={"status": status, "reason": reason})
                    except httpx.HTTPError:
                        return  # the server is gone
                    if 200 <= r.status_code < 300:
                        with lock:
                            acked.append((case_id, reason))
                    i += 1

        threads = [threading.Thread(target=post, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        end = time.monotonic() + 30
        while len(acked) < 40 and time.monotonic() < end:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # mid-stream: the posters are still writing
        proc.wait(10)
        stop.set()
        for t in threads:
            t.join(15)
        assert len(acked) >= 40
    finally:
        if proc.poll() is None:
            proc.kill()
    proc = _serve(data_dir, port)
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            stored: set[tuple[int, str]] = set()
            for case_id in {c for c, _ in acked}:
                history = client.get(f"/cases/{case_id}").json()["history"]
                stored |= {(case_id, e["reason"]) for e in history if e["event"] == "decided"}
            lost = [a for a in acked if a not in stored]
            print(f"kill -9 after {len(acked)} acknowledged decisions: {len(lost)} lost")  # shown with -s
            assert not lost, f"{len(lost)} of {len(acked)} acknowledged decisions lost: {lost[:5]}"
            check = client.get("/audit/verify").json()
            assert check["ok"] is True, check
            decided = client.get("/audit", params={"action": "case.decide", "limit": 5000}).json()
            assert {(int(e["subject"].split()[1]), e["details"]["reason"]) for e in decided} >= set(acked)
    finally:
        proc.kill()
        proc.wait(10)


def test_a_failed_list_update_leaves_the_service_on_the_last_good_version(loaded_dir: Path, tmp_path: Path) -> None:
    import json

    from fastapi.testclient import TestClient

    from behind.api import create_app
    from behind.config import load_settings
    from behind.errors import BehindError
    from behind.ingest import import_ftm
    from behind.store.sqlite import Store
    from behind.web.service import open_service

    data_dir = copy_data(loaded_dir, tmp_path / "data")
    sample = Path(__file__).resolve().parent / "fixtures" / "ftm_sample.ftm.json"
    good = tmp_path / "good.ftm.json"
    good.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    company = next(json.loads(x) for x in good.read_text(encoding="utf-8").splitlines()
                   if json.loads(x)["schema"] == "Company")
    broken = tmp_path / "broken.ftm.json"
    broken.write_text('{"id": "x", "schema": "Company", "properties": {"name": ["Tru', encoding="utf-8")
    with Store(data_dir / "behind.db") as store:
        import_ftm(store, str(good), "watchlist")
        before = store.active_version("watchlist")
    assert before is not None

    def served(service_dir: Path) -> tuple[list[str], int]:
        service = open_service(load_settings(service_dir))
        _, key = create_key(service.db, "Viewer", "viewer", created_by="test")
        try:
            with TestClient(create_app(service, start_worker=False)) as client:
                body = client.post("/match/watchlist", headers={"Authorization": f"ApiKey {key}"},
                                   json={"queries": {"q": {"schema": "Company",
                                                           "properties": {"name": company["properties"]["name"]}}}})
                lists = {li["source"]: li["serving"] for li in client.get(
                    "/lists", headers={"Authorization": f"ApiKey {key}"}).json()}
            return [r["id"] for r in body.json()["responses"]["q"]["results"]], lists["watchlist"]
        finally:
            service.db.close()

    ids, version = served(data_dir)
    assert ids and version == before.id
    with Store(data_dir / "behind.db") as store:
        try:
            import_ftm(store, str(broken), "watchlist")
        except BehindError:
            pass
        else:
            raise AssertionError("a truncated list file was loaded")
        assert store.active_version("watchlist") == before
    assert served(data_dir) == (ids, before.id)  # a restarted service serves the last good version
