"""``behind keys``, ``behind audit`` and ``behind portfolios``, and the README sections that document them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import typer
from sqlalchemy import update
from typer.testing import CliRunner

from behind.cli.app import app
from behind.team import authenticate, open_team_db
from behind.team.schema import audit_log
from team_db import team_url  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "behind" / "data" / "samples"
CURATED = ROOT / "src" / "behind" / "data" / "curated" / "ecosystem.yaml"


@pytest.fixture
def data_dir(loaded_dir: Path, tmp_path: Path) -> Path:
    shutil.copytree(loaded_dir, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def run(data_dir: Path, team_url: str | None):
    runner = CliRunner()

    def invoke(*args: str):
        extra = ["--database", team_url] if team_url else []
        return runner.invoke(app, [*args, "--data-dir", str(data_dir), *extra], env={"COLUMNS": "200"},
                             catch_exceptions=False)
    return invoke


def test_keys_create_prints_the_key_once_as_the_last_line(run, data_dir, team_url):
    result = run("keys", "create", "--name", "Ann Lee", "--role", "reviewer")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    key = lines[-1]
    assert re.fullmatch(r"bhd_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", key)
    assert lines[0].startswith("created key ") and "Ann Lee with role reviewer" in lines[0]
    with open_team_db(team_url, data_dir) as db:
        assert authenticate(db, key).name == "Ann Lee"
    listed = run("keys", "list", "--json")
    [entry] = json.loads(listed.stdout)
    assert entry["name"] == "Ann Lee" and entry["role"] == "reviewer" and key not in listed.stdout
    assert run("keys", "revoke", entry["id"]).exit_code == 0
    assert json.loads(run("keys", "list", "--json").stdout)[0]["revoked_at"]
    bad = run("keys", "create", "--name", "x", "--role", "boss")
    assert bad.exit_code == 2 and "unknown role 'boss'" in bad.stderr
    missing = run("keys", "revoke", "000000000000")
    assert missing.exit_code == 2 and "no key with id '000000000000'" in missing.stderr


def test_audit_verify_exits_1_naming_the_broken_entry(run, data_dir, team_url):
    for name in ("Ann", "Bo", "Cy"):
        run("keys", "create", "--name", name, "--role", "viewer")
    ok = run("audit", "verify")
    assert ok.exit_code == 0 and ok.stdout.startswith("audit log intact: 3 entries; head: entry 3, sha256 ")
    log = json.loads(run("audit", "log", "--json").stdout)
    assert [e["action"] for e in log] == ["key.create"] * 3 and log[1]["details"]["name"] == "Bo"
    text = run("audit", "log", "--limit", "1", "--action", "key.create").stdout
    assert text.count("key.create") == 1 and '"name": "Cy"' in text
    with open_team_db(team_url, data_dir) as db, db.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(details='{"name":"Eve","role":"admin"}'))
    broken = run("audit", "verify")
    assert broken.exit_code == 1
    assert "audit log broken at entry 2: entry 2 was changed after it was written" in broken.stderr
    assert "1 entries before it are intact" in broken.stderr or "(1 entries" in broken.stderr


def test_portfolios_add_and_list_then_update_rescreens(run, data_dir, tmp_path):
    added = run("portfolios", "add", str(SAMPLES / "vendors.csv"), "--kind", "parties", "--name", "Vendor master")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("saved portfolio 1 Vendor master (parties, vendors.csv)\n")
    first = re.search(r"portfolio Vendor master: (\d+) new alerts, 0 resolved, 0 unchanged", added.stdout)
    assert first and int(first.group(1)) >= 10
    listed = json.loads(run("portfolios", "list", "--json").stdout)
    assert [(p["name"], p["kind"], p["file"], p["webhook"]) for p in listed] == [
        ("Vendor master", "parties", "vendors.csv", None)]
    changed = tmp_path / "curated"
    changed.mkdir()
    (changed / "ecosystem.yaml").write_text(CURATED.read_text(encoding="utf-8").replace(
        'aliases: ["Megvii", ', 'aliases: ["Megvii", "Megvii Cayman Holdings", ', 1), encoding="utf-8")
    updated = run("update", "curated", "--from", str(changed / "ecosystem.yaml"))
    assert updated.exit_code == 0, updated.output
    assert f"portfolio Vendor master: 0 new alerts, 0 resolved, {first.group(1)} unchanged" in updated.stdout
    log = json.loads(run("audit", "log", "--json").stdout)
    assert [e["action"] for e in log][-3:] == ["list.load", "screening", "portfolio.rescreen"]
    assert run("audit", "verify").exit_code == 0
    again = run("portfolios", "rescreen", "Vendor master")
    assert f"0 new alerts, 0 resolved, {first.group(1)} unchanged" in again.stdout
    bad = run("portfolios", "add", str(SAMPLES / "vendors.csv"), "--kind", "people")
    assert bad.exit_code == 2 and "unknown kind 'people'" in bad.stderr
    dup = run("portfolios", "add", str(SAMPLES / "vendors.csv"), "--kind", "parties", "--name", "Vendor master")
    assert dup.exit_code == 2 and "exists already" in dup.stderr


def test_a_webhook_secret_is_printed_once_as_the_last_line(run):
    result = run("portfolios", "add", str(SAMPLES / "holdings.csv"), "--kind", "holdings",
                 "--webhook", "http://127.0.0.1:9/hook")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", result.stdout.splitlines()[-1])
    assert "(webhook: error: ConnectError" in result.stdout
    assert "secret" not in run("portfolios", "list", "--json").stdout


# --- the README: a section per sub-command, every option named in it ---------------------------

def _sections(readme: str) -> dict[str, str]:
    """``keys create`` -> the text of the section headed ``### `behind keys create ...```."""
    out: dict[str, str] = {}
    current: str | None = None
    fenced = False
    for line in readme.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            m = re.match(r"### `behind ((?:keys|audit|portfolios) [a-z]+)", line)
            current = m.group(1) if m else None
        if current:
            out[current] = out.get(current, "") + line + "\n"
    return out


@pytest.mark.parametrize("group", ["keys", "audit", "portfolios"])
def test_every_team_command_and_option_has_its_readme_section(group):
    sections = _sections((ROOT / "README.md").read_text(encoding="utf-8"))
    click_group = typer.main.get_command(app).commands[group]
    missing = []
    for name, command in click_group.commands.items():
        section = sections.get(f"{group} {name}")
        if section is None:
            missing.append(f"behind {group} {name} (no section)")
            continue
        missing += [f"behind {group} {name} {opt}" for p in command.params if p.param_type_name == "option"
                    for opt in p.opts if opt.startswith("--") and not re.search(re.escape(opt) + r"(?![\w-])", section)]
    assert missing == []
