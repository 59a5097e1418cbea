"""Commands of the team database: ``keys`` (create, list, revoke), ``audit`` (verify, log) and
``portfolios`` (add, list, rescreen).

Each opens the team database of ``--database URL`` (or ``BEHIND_DATABASE``), by default the
SQLite file ``team.db`` in the data folder, created and migrated on first use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from behind.cli.console import console, err
from behind.cli.errors import handle_errors
from behind.cli.options import AsJson, ConfigFile, DataDir, open_settings
from behind.config import Settings
from behind.errors import InputError, UsageError
from behind.screening.inputs import KINDS
from behind.store import Version
from behind.team import (
    ChangeReport,
    TeamDB,
    add_portfolio,
    create_key,
    entries,
    get_portfolio,
    list_keys,
    list_portfolios,
    open_team_db,
    rescreen,
    revoke_key,
    verify,
)
from behind.team.monitor import after_update, file_screener, store_records

Database = Annotated[Optional[str], typer.Option(
    "--database", envvar="BEHIND_DATABASE",
    help="Team database URL, e.g. postgresql://user@host/db [default: DATA_DIR/team.db (SQLite)]")]

keys_app = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys of the team service.")
audit_app = typer.Typer(no_args_is_help=True, help="Check and read the hash-chained audit log.")
portfolios_app = typer.Typer(no_args_is_help=True, help="Saved portfolios, re-screened when a list changes.")
CLI_ACTOR = "cli"


def _open(database: str | None, data_dir: Path | None, config: Path | None) -> TeamDB:
    settings = open_settings(data_dir, config)
    return open_team_db(database, settings.data_dir)


@keys_app.command("create")
@handle_errors
def keys_create(
    name: Annotated[str, typer.Option("--name", help="Who uses the key: a person or a system")],
    role: Annotated[str, typer.Option("--role", help="viewer, analyst, reviewer or admin")],
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Create an API key and print it once, as the last line (only its hash is stored)."""
    with _open(database, data_dir, config) as db:
        record, key = create_key(db, name, role, created_by=CLI_ACTOR)
    console.print(f"created key {record.id} for {escape(record.name)} with role {record.role.value}")
    console.print("store it now: it is not shown again")
    print(key)


@keys_app.command("list")
@handle_errors
def keys_list(as_json: AsJson = False, database: Database = None, data_dir: DataDir = None,
              config: ConfigFile = None) -> None:
    """Show every key: id, name, role, when it was created and revoked (never the key)."""
    with _open(database, data_dir, config) as db:
        keys = list_keys(db)
    if as_json:
        print(json.dumps([{"id": k.id, "name": k.name, "role": k.role.value, "created_at": k.created_at,
                           "created_by": k.created_by, "revoked_at": k.revoked_at} for k in keys], indent=2))
        return
    table = Table("id", "name", "role", "created", "revoked")
    for k in keys:
        table.add_row(k.id, escape(k.name), k.role.value, k.created_at[:19], (k.revoked_at or "")[:19])
    console.print(table)


@keys_app.command("revoke")
@handle_errors
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id, as behind keys list shows it")],
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Revoke a key: it and its web sessions stop working at once."""
    with _open(database, data_dir, config) as db:
        record = revoke_key(db, key_id, actor=CLI_ACTOR)
    console.print(f"revoked key {record.id} ({escape(record.name)}, {record.role.value}) at {record.revoked_at}")


@audit_app.command("verify")
@handle_errors
def audit_verify(database: Database = None, data_dir: DataDir = None, config: ConfigFile = None) -> None:
    """Check the whole chain; exit 0 when intact, 1 naming the first broken entry."""
    with _open(database, data_dir, config) as db:
        check = verify(db)
    if check.ok:
        console.print(f"audit log intact: {check.checked:,} {'entry' if check.checked == 1 else 'entries'}; "
                      f"head: entry {check.head_seq}, sha256 {check.head_hash}", soft_wrap=True)
        return
    err.print(f"[bold red]audit log broken[/] at entry {check.broken_at}: {escape(check.reason)} "
              f"({check.checked:,} entries before it are intact)", soft_wrap=True)
    raise typer.Exit(code=1)


@audit_app.command("log")
@handle_errors
def audit_log(
    limit: Annotated[int, typer.Option("--limit", help="Show the newest N entries")] = 50,
    action: Annotated[Optional[str], typer.Option("--action", help="Only this action, e.g. case.decide")] = None,
    as_json: AsJson = False,
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Show the newest entries of the audit log, oldest of them first."""
    if limit < 1:
        raise UsageError("--limit must be at least 1", option="--limit")
    with _open(database, data_dir, config) as db:
        found = list(reversed(entries(db, limit=limit, newest_first=True, action=action)))
    if as_json:
        print(json.dumps([e.to_dict() for e in found], indent=2, ensure_ascii=False))
        return
    for e in found:
        console.print(f"{e.seq:>5}  {e.at[:19].replace('T', ' ')}  {escape(e.actor)}  {e.action}  "
                      f"{escape(e.subject)}  {escape(json.dumps(e.details, ensure_ascii=False))}", soft_wrap=True)


def rescreen_portfolios(settings: Settings, database: str | None, loaded: list[Version]) -> None:
    """After ``behind update``: audit the new versions and re-screen the saved portfolios (with a team database)."""
    changes = after_update(settings, database, loaded)
    for change in changes or []:
        _show_change(change)


def _show_change(change: ChangeReport) -> None:
    line = (f"portfolio {escape(change.portfolio)}: {len(change.new_alerts)} new alerts, "
            f"{len(change.resolved_alerts)} resolved, {change.unchanged} unchanged")
    if change.reopened:
        line += f", {len(change.reopened)} cases reopened"
    if change.webhook:
        line += f" (webhook: {escape(change.webhook)})"
    console.print(line, soft_wrap=True)
    for alert in change.new_alerts:
        console.print(f"  new: row {alert['row']}: {escape(alert['summary'])}", soft_wrap=True)
    for alert in change.resolved_alerts:
        console.print(f"  resolved: {escape(alert['summary'])}", soft_wrap=True)


@portfolios_app.command("add")
@handle_errors
def portfolios_add(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file to keep and re-screen")],
    kind: Annotated[str, typer.Option("--kind", help=f"What the rows are: {', '.join(KINDS)}")],
    name: Annotated[Optional[str], typer.Option("--name", help="Portfolio name [default: the file name]")] = None,
    webhook: Annotated[Optional[str], typer.Option("--webhook", help="URL that receives each change report")] = None,
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="XLSX sheet to read")] = None,
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Save a portfolio and screen it once; it is re-screened whenever behind update loads a new list version."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r} for --kind; the kinds are: {', '.join(KINDS)}", option="--kind")
    if not file.is_file():
        raise InputError("file not found", file=str(file))
    settings = open_settings(data_dir, config)
    with open_team_db(database, settings.data_dir) as db:
        portfolio, secret = add_portfolio(db, name or file.name, kind, file.name, file.read_bytes(),
                                          options={"sheet": sheet} if sheet else {}, webhook_url=webhook,
                                          actor=CLI_ACTOR)
        console.print(f"saved portfolio {portfolio.id} {escape(portfolio.name)} ({kind}, {escape(file.name)})")
        with store_records(settings) as records:
            _show_change(rescreen(db, portfolio, file_screener(settings), trigger="added", actor=CLI_ACTOR,
                                  records=records))
    if secret:
        console.print("webhook secret (HMAC-SHA256 key of X-Behind-Signature; not shown again):")
        print(secret)


@portfolios_app.command("list")
@handle_errors
def portfolios_list(as_json: AsJson = False, database: Database = None, data_dir: DataDir = None,
                    config: ConfigFile = None) -> None:
    """Show the saved portfolios."""
    with _open(database, data_dir, config) as db:
        found = list_portfolios(db)
    if as_json:
        print(json.dumps([{"id": p.id, "name": p.name, "kind": p.kind, "file": p.file_name,
                           "webhook": p.webhook_url, "created_at": p.created_at} for p in found], indent=2))
        return
    table = Table("id", "name", "kind", "file", "webhook", "saved")
    for p in found:
        table.add_row(str(p.id), escape(p.name), p.kind, escape(p.file_name), escape(p.webhook_url or ""),
                      p.created_at[:19])
    console.print(table)


@portfolios_app.command("rescreen")
@handle_errors
def portfolios_rescreen(
    portfolio: Annotated[str, typer.Argument(help="Portfolio id or name")],
    database: Database = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Screen a saved portfolio now and print what changed since its last run."""
    settings = open_settings(data_dir, config)
    with open_team_db(database, settings.data_dir) as db, store_records(settings) as records:
        found = get_portfolio(db, portfolio)
        _show_change(rescreen(db, found, file_screener(settings), trigger="manual", actor=CLI_ACTOR,
                              records=records))


__all__ = ["Database", "rescreen_portfolios", "audit_app", "keys_app", "portfolios_app"]
