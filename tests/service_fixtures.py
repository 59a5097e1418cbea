"""Shared fixtures of the service tests: one running app (TestClient) over every bundled list,
with a key of each role."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from behind.api import create_app
from behind.config import load_settings
from behind.team.keys import create_key
from behind.team.roles import ROLES
from behind.web.service import Service, open_service

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "samples"


@dataclass
class Team:
    client: TestClient
    service: Service
    keys: dict[str, str]
    data_dir: Path

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"ApiKey {self.keys[role]}"}

    def wait(self, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
        """The job once done or failed."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job: dict[str, Any] = self.client.get(f"/screenings/{job_id}", headers=self.auth("viewer")).json()
            if job["state"] in ("done", "failed"):
                return job
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} did not finish in {timeout} s")

    def upload(self, name: str, content: bytes, kind: str = "parties", role: str = "analyst") -> Any:
        return self.client.post("/screenings", headers=self.auth(role), files={"file": (name, content, "text/csv")},
                                data={"kind": kind})


def copy_data(loaded_dir: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for item in loaded_dir.iterdir():
        if item.name.startswith("behind.db"):
            shutil.copy2(item, target / item.name)
    return target


@pytest.fixture(scope="session")
def team(loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    data_dir = copy_data(loaded_dir, tmp_path_factory.mktemp("team-data"))
    service = open_service(load_settings(data_dir))
    keys = {role: create_key(service.db, f"{role.title()} Tester", role, created_by="test")[1] for role in ROLES}
    with TestClient(create_app(service)) as client:
        yield Team(client, service, keys, data_dir)
    service.db.close()


__all__ = ["SAMPLES", "Team", "copy_data", "team"]
