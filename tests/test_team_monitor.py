"""Saved portfolios re-screened when a list changes: change reports, reopened cases, signed webhooks.

Real parts: the bundled lists in a store, the sample vendor file, a new version of the curated
list loaded from a changed file, and a local HTTP receiver that checks the HMAC signature."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from behind.config import Settings
from behind.ingest import origins_for, update_source
from behind.model import Report
from behind.sources.registry import SOURCES
from behind.store import Store
from behind.team import (
    Principal,
    Role,
    add_portfolio,
    change_reports,
    decide,
    entries,
    get_case,
    list_cases,
    rescreen,
    verify,
)
from behind.team.monitor import after_update, file_screener, safe_file_name, store_records
from behind.team.webhooks import verify_signature
from team_db import team_db, team_url  # noqa: F401 (fixtures)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "samples"
CURATED = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "curated" / "ecosystem.yaml"
REVIEWER = Principal("cccccccccccc", "Rita Reviewer", Role.REVIEWER)


class Receiver(ThreadingHTTPServer):
    """Records each POST (path, headers, body) and answers with ``status``."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.posts.append((self.path, dict(self.headers.items()), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(loaded_dir: Path, tmp_path: Path) -> Settings:
    """A private copy of the loaded store in ``tmp_path`` (where the SQLite team database lives too)."""
    shutil.copytree(loaded_dir, tmp_path, dirs_exist_ok=True)
    return Settings(data_dir=tmp_path)


def _hmac_ok(secret: str, body: bytes, header: str) -> bool:
    """The receiver's own check, written from the documented scheme."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header)


def _load_changed_curated(settings: Settings, tmp_path: Path, alias: str):
    """Load a new version of the curated list in which Megvii has one more alias."""
    text = CURATED.read_text(encoding="utf-8")
    anchor = '    names: ["Megvii Technology Limited"]\n    aliases: ["Megvii", '
    assert anchor in text
    changed = tmp_path / "changed" / "ecosystem.yaml"
    changed.parent.mkdir()
    changed.write_text(text.replace(anchor, anchor + f'"{alias}", '), encoding="utf-8")
    spec = SOURCES["curated"]
    with Store(settings.store_path) as store:
        outcome = update_source(store, spec, origins_for(spec, from_path=changed), max_shrink=0.5)
    assert outcome.status == "loaded" and outcome.result is not None and outcome.result.changed
    return outcome.result.version


def test_a_list_update_rescreens_portfolios_reopens_changed_cases_and_calls_the_signed_webhook(
        team_db, team_url, settings, tmp_path, receiver):
    portfolio, secret = add_portfolio(team_db, "Vendor master", "parties", "vendors.csv",
                                      (SAMPLES / "vendors.csv").read_bytes(), webhook_url=receiver.url)
    assert secret and len(secret) >= 40
    with store_records(settings) as records:
        first = rescreen(team_db, portfolio, file_screener(settings), trigger="added", records=records)
    assert first.previous_run_id is None and first.unchanged == 0 and len(first.new_alerts) >= 10
    assert first.webhook == "200"
    [(path, headers, body)] = receiver.posts
    assert path == "/hook" and _hmac_ok(secret, body, headers["X-Behind-Signature"])
    assert verify_signature(secret, body, headers["X-Behind-Signature"])
    assert not _hmac_ok("another secret", body, headers["X-Behind-Signature"])
    assert json.loads(body) == first.to_dict()

    megvii = next(c for c in list_cases(team_db, limit=1000) if c.record_key == "curated:megvii")
    decide(team_db, megvii.id, "false_positive", REVIEWER, "a different Megvii")

    version = _load_changed_curated(settings, tmp_path, "Megvii Cayman Holdings")
    [change] = after_update(settings, team_url, [version])
    assert change.trigger == f"new list versions: curated version {version.id}"
    assert change.previous_run_id == first.run_id and change.unchanged == len(first.new_alerts)
    assert change.new_alerts == [] and change.resolved_alerts == []
    assert [a["case"] for a in change.reopened] == [megvii.id]
    reopened = get_case(team_db, megvii.id)
    assert reopened.status == "open" and "aliases added: Megvii Cayman Holdings" in reopened.note
    assert len(receiver.posts) == 2
    _, headers, body = receiver.posts[1]
    assert _hmac_ok(secret, body, headers["X-Behind-Signature"])
    assert json.loads(body)["reopened"][0]["record"] == "curated:megvii"

    assert [c.run_id for c in change_reports(team_db)] == [change.run_id, first.run_id]
    actions = [e.action for e in entries(team_db)]
    assert "list.load" in actions and actions.count("portfolio.rescreen") == 2
    [load] = entries(team_db, action="list.load")
    assert load.subject == "list curated" and load.details["version"] == version.id
    assert verify(team_db).ok


def test_no_team_database_means_no_rescreen(settings):
    assert after_update(settings, None, []) is None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _report_without_rows(report: Report, rows: set[int]) -> Report:
    return report.model_copy(update={"rows": [r for r in report.rows if r.row not in rows]})


def test_resolved_alerts_and_webhook_failures_are_recorded_never_raised(team_db, settings, receiver):
    screen = file_screener(settings)
    portfolio, secret = add_portfolio(team_db, "Dead hook", "parties", "vendors.csv",
                                      (SAMPLES / "vendors.csv").read_bytes(),
                                      webhook_url=f"http://127.0.0.1:{_free_port()}/nobody")
    full = rescreen(team_db, portfolio, screen)
    assert full.webhook is not None and full.webhook.startswith("error: ConnectError")
    assert change_reports(team_db)[0].webhook == full.webhook
    first_alert_row = full.new_alerts[0]["row"]
    gone = {a["fingerprint"] for a in full.new_alerts if a["row"] == first_alert_row}
    smaller = rescreen(team_db, portfolio, lambda p, content: _report_without_rows(screen(p, content),
                                                                                   {first_alert_row}))
    assert {a["fingerprint"] for a in smaller.resolved_alerts} == gone
    assert smaller.new_alerts == [] and smaller.unchanged == len(full.new_alerts) - len(gone)
    back = rescreen(team_db, portfolio, screen)
    assert {a["fingerprint"] for a in back.new_alerts} == gone and back.resolved_alerts == []
    quiet = rescreen(team_db, portfolio, screen)
    assert not quiet.changed and quiet.webhook is None  # nothing changed: nothing sent


def test_a_receiver_error_is_recorded_with_its_status(team_db, settings, receiver):
    receiver.status = 500
    portfolio, _ = add_portfolio(team_db, "Hook 500", "parties", "vendors.csv",
                                 (SAMPLES / "vendors.csv").read_bytes(), webhook_url=receiver.url)
    assert rescreen(team_db, portfolio, file_screener(settings)).webhook == "HTTP 500"


@pytest.mark.parametrize("name, safe", [
    ("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), (".hidden.csv", "hidden.csv"),
    ("vendors 2024 (final).csv", "vendors_2024_final.csv"), ("", "portfolio"), ("名单.xlsx", "portfolio.xlsx"),
    ("/abs/path/holdings.CSV", "holdings.CSV"), ("a/b/c", "c"),
])
def test_portfolio_file_names_cannot_leave_their_folder(name, safe):
    assert safe_file_name(name) == safe
