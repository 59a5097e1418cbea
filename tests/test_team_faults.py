"""``kill -9`` of a process while it writes decisions loses no decision it acknowledged, on SQLite
and PostgreSQL, and leaves the audit chain intact (each decision and its audit entry commit together)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from behind.config import Settings
from behind.model import Report
from behind.reports import run_screen
from behind.screening.request import ScreenRequest
from behind.team import cases_from_report, entries, get_case, open_team_db, verify
from team_db import team_url  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[1]
ACKED = 40

CHILD = """
import sys
from pathlib import Path
from behind.team import Principal, Role, decide, open_team_db

url, data_dir, ids = sys.argv[1] or None, Path(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
db = open_team_db(url, data_dir)
who = Principal("dddddddddddd", "Kill Test", Role.REVIEWER)
i = 0
while True:
    case = ids[i % len(ids)]
    status = ("confirmed", "false_positive", "escalated")[i % 3]
    decide(db, case, status, who, f"decision {i}")
    print(i, case, status, flush=True)  # acknowledged: decide() returned after the commit
    i += 1
"""


@pytest.fixture(scope="module")
def report(loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    out = tmp_path_factory.mktemp("faults") / "r.json"
    run_screen(Settings(data_dir=loaded_dir), ScreenRequest(
        input=ROOT / "src" / "behind" / "data" / "samples" / "vendors.csv", kind="parties", output=out, fmt="json"))
    return Report.model_validate_json(out.read_text(encoding="utf-8"))


def test_kill_9_while_deciding_loses_no_acknowledged_decision(team_url, tmp_path, report):
    with open_team_db(team_url, tmp_path) as db:
        ids = [c.id for c in cases_from_report(db, report, "tester", "vendors.csv").cases][:5]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    acked: list[tuple[int, int, str]] = []
    errors = tmp_path / "child.err"
    with errors.open("w") as err, subprocess.Popen(
            [sys.executable, "-c", CHILD, team_url or "", str(tmp_path), ",".join(map(str, ids))],
            stdout=subprocess.PIPE, stderr=err, text=True, env=env) as child:
        assert child.stdout is not None
        for line in child.stdout:
            i, case, status = line.split()
            acked.append((int(i), int(case), status))
            if len(acked) == ACKED:
                os.kill(child.pid, signal.SIGKILL)  # in the middle of the next decision
                break
        child.kill()
    assert child.returncode == -signal.SIGKILL
    assert len(acked) == ACKED, errors.read_text()
    with open_team_db(team_url, tmp_path) as db:
        reasons = {e.details["reason"] for e in entries(db, action="case.decide")}
        assert {f"decision {i}" for i, _, _ in acked} <= reasons
        for case_id in ids:
            last = max(i for i, c, _ in acked if c == case_id)
            now = get_case(db, case_id)
            assert int(now.reason.split()[1]) >= last  # the acknowledged decision or a later one
        check = verify(db)
        assert check.ok, check.reason
