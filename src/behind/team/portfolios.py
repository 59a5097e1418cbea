"""Saved portfolios: a file (vendor master, holdings...) screened again whenever a list changes.

A portfolio keeps the file's bytes, its kind and the screening options (``mapping``,
``sheet``, ``encoding``), and optionally a webhook URL with its HMAC secret. :func:`rescreen`
screens it with the given function, turns its alerts into review cases (so decisions are
re-applied and changed records reopen their cases), compares the alerts with the previous
run's and stores a :class:`ChangeReport`: new alerts, resolved alerts, how many unchanged,
and the cases reopened. When it has a webhook and something changed, the report is POSTed,
signed (:mod:`behind.team.webhooks`); a failed delivery is recorded, never raised.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from behind.errors import BehindError, NotFoundError, UsageError
from behind.model import Report
from behind.team import schema
from behind.team.audit import append
from behind.team.cases import cases_from_report
from behind.team.db import TeamDB, new_id
from behind.team.fingerprints import RecordLookup
from behind.team.stamps import canonical_json, now_iso
from behind.team.webhooks import deliver

if TYPE_CHECKING:  # SQLAlchemy is imported where the database is used: a search never needs it
    from sqlalchemy import Row

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Portfolio:
    id: int
    name: str
    kind: str
    file_name: str
    options: dict[str, Any]
    webhook_url: str | None
    created_at: str
    created_by: str


#: screens a portfolio's file: given the portfolio and its bytes, the report
ScreenFn = Callable[[Portfolio, bytes], Report]


@dataclass
class ChangeReport:
    """What changed between a portfolio's previous run and this one."""

    portfolio: str
    portfolio_id: int
    run_id: int
    previous_run_id: int | None
    at: str
    trigger: str
    new_alerts: list[dict[str, Any]] = field(default_factory=list)
    resolved_alerts: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    reopened: list[dict[str, Any]] = field(default_factory=list)
    webhook: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.new_alerts or self.resolved_alerts or self.reopened)

    def to_dict(self) -> dict[str, Any]:
        return {"portfolio": self.portfolio, "portfolio_id": self.portfolio_id, "run_id": self.run_id,
                "previous_run_id": self.previous_run_id, "at": self.at, "trigger": self.trigger,
                "new_alerts": self.new_alerts, "resolved_alerts": self.resolved_alerts,
                "unchanged": self.unchanged, "reopened": self.reopened}


def _portfolio(r: Row[Any]) -> Portfolio:
    return Portfolio(r.id, r.name, r.kind, r.file_name, json.loads(r.options), r.webhook_url, r.created_at,
                     r.created_by)


def add_portfolio(db: TeamDB, name: str, kind: str, file_name: str, content: bytes, *,
                  options: dict[str, Any] | None = None, webhook_url: str | None = None,
                  webhook_secret: str | None = None, actor: str = "cli") -> tuple[Portfolio, str | None]:
    """Save a portfolio; with a webhook, its secret (generated unless given) is returned to show once."""
    from sqlalchemy import select

    name = " ".join(name.split())
    if not name:
        raise UsageError("a portfolio needs a name", option="--name")
    if len(content) > MAX_BYTES:
        raise UsageError(f"a portfolio file has at most {MAX_BYTES // (1024 * 1024)} MB", option="FILE")
    if webhook_url is not None and not webhook_url.startswith(("http://", "https://")):
        raise UsageError(f"--webhook must be an http:// or https:// URL, got {webhook_url!r}", option="--webhook")
    secret = (webhook_secret or secrets.token_urlsafe(32)) if webhook_url else None
    with db.begin() as conn:
        if conn.execute(select(schema.portfolios.c.id).where(schema.portfolios.c.name == name)).first() is not None:
            raise UsageError(f"a portfolio named {name!r} exists already", option="--name")
        pid = new_id(conn.execute(schema.portfolios.insert().values(
            name=name, kind=kind, file_name=file_name, content=content, options=canonical_json(options or {}),
            webhook_url=webhook_url, webhook_secret=secret, created_at=now_iso(),
            created_by=actor)))
        append(conn, actor, "portfolio.add", f"portfolio {pid}",
               {"name": name, "kind": kind, "file": file_name, "bytes": len(content), "webhook": webhook_url})
        row = conn.execute(select(schema.portfolios).where(schema.portfolios.c.id == pid)).one()
    return _portfolio(row), secret


def list_portfolios(db: TeamDB) -> list[Portfolio]:
    from sqlalchemy import select

    with db.read() as conn:
        return [_portfolio(r) for r in conn.execute(select(schema.portfolios).order_by(schema.portfolios.c.id))]


def get_portfolio(db: TeamDB, ref: int | str) -> Portfolio:
    """The portfolio with id or name ``ref``; :class:`~behind.errors.NotFoundError` otherwise."""
    from sqlalchemy import select

    table = schema.portfolios
    cond = table.c.id == int(ref) if isinstance(ref, int) or str(ref).isdigit() else table.c.name == ref
    with db.read() as conn:
        row = conn.execute(select(schema.portfolios).where(cond)).first()
    if row is None:
        raise NotFoundError(f"no portfolio {ref!r} (see behind portfolios list)", what="portfolio", name=str(ref))
    return _portfolio(row)


def _content_and_secret(db: TeamDB, pid: int) -> tuple[bytes, str | None]:
    from sqlalchemy import select

    with db.read() as conn:
        row = conn.execute(select(schema.portfolios.c.content, schema.portfolios.c.webhook_secret)
                           .where(schema.portfolios.c.id == pid)).one()
    return bytes(row.content), row.webhook_secret


def _alert_item(case: Any) -> dict[str, Any]:
    return {"fingerprint": case.fingerprint, "case": case.id, "row": case.row, "input": case.row_identity,
            "record": case.record_key, "record_name": case.record_name, "summary": case.summary,
            "status": case.status}


def rescreen(db: TeamDB, portfolio: Portfolio, screen_fn: ScreenFn, *, trigger: str = "manual",
             actor: str = "system", records: RecordLookup | None = None,
             post: Callable[[str, str, dict[str, Any]], str] = deliver) -> ChangeReport:
    """Screen ``portfolio`` again, record its cases and the change since its previous run."""
    from sqlalchemy import select

    content, secret = _content_and_secret(db, portfolio.id)
    report = screen_fn(portfolio, content)
    batch = cases_from_report(db, report, actor, portfolio.file_name, records=records)
    current = {c.fingerprint: _alert_item(c) for c in batch.cases}
    with db.begin() as conn:
        prev = conn.execute(select(schema.portfolio_runs).where(schema.portfolio_runs.c.portfolio_id == portfolio.id)
                            .order_by(schema.portfolio_runs.c.id.desc()).limit(1)).first()
        before: dict[str, dict[str, Any]] = json.loads(prev.alerts) if prev is not None else {}
        at = now_iso()
        change = ChangeReport(portfolio.name, portfolio.id, 0, prev.id if prev is not None else None, at, trigger,
                              [a for fp, a in current.items() if fp not in before],
                              [a for fp, a in before.items() if fp not in current],
                              sum(fp in before for fp in current),
                              [current[c.fingerprint] for c in batch.cases if c.id in batch.reopened_ids])
        run_id = new_id(conn.execute(schema.portfolio_runs.insert().values(
            portfolio_id=portfolio.id, at=at, trigger=trigger, alerts=canonical_json(current),
            change="{}")))
        change.run_id = run_id
        conn.execute(schema.portfolio_runs.update().where(schema.portfolio_runs.c.id == run_id)
                     .values(change=canonical_json(change.to_dict())))
        append(conn, actor, "portfolio.rescreen", f"portfolio {portfolio.id}",
               {"run": run_id, "trigger": trigger, "new": len(change.new_alerts),
                "resolved": len(change.resolved_alerts), "unchanged": change.unchanged,
                "reopened": len(change.reopened), "screening": batch.screening_id})
    if portfolio.webhook_url and secret and change.changed:
        change.webhook = post(portfolio.webhook_url, secret, change.to_dict())
        with db.begin() as conn:
            conn.execute(schema.portfolio_runs.update().where(schema.portfolio_runs.c.id == run_id)
                         .values(webhook_status=change.webhook[:200]))
    return change


def rescreen_all(db: TeamDB, screen_fn: ScreenFn, *, trigger: str, records: RecordLookup | None = None,
                 post: Callable[[str, str, dict[str, Any]], str] = deliver) -> list[ChangeReport]:
    """Re-screen every saved portfolio (after a list update); one failing portfolio does not stop the rest:
    its error is recorded in the audit log."""
    out: list[ChangeReport] = []
    for portfolio in list_portfolios(db):
        try:
            out.append(rescreen(db, portfolio, screen_fn, trigger=trigger, records=records, post=post))
        except BehindError as exc:
            append(db, "system", "portfolio.rescreen_failed", f"portfolio {portfolio.id}",
                   {"trigger": trigger, "error": str(exc)})
    return out


def change_reports(db: TeamDB, portfolio_id: int | None = None, *, limit: int = 50) -> list[ChangeReport]:
    """Stored change reports, newest first."""
    from sqlalchemy import select

    runs = schema.portfolio_runs
    query = select(runs, schema.portfolios.c.name).join(schema.portfolios).order_by(runs.c.id.desc())
    if portfolio_id is not None:
        query = query.where(schema.portfolio_runs.c.portfolio_id == portfolio_id)
    out: list[ChangeReport] = []
    with db.read() as conn:
        for r in conn.execute(query.limit(limit)):
            d = json.loads(r.change)
            out.append(ChangeReport(r.name, r.portfolio_id, r.id, d.get("previous_run_id"), r.at, r.trigger,
                                    d.get("new_alerts", []), d.get("resolved_alerts", []), d.get("unchanged", 0),
                                    d.get("reopened", []), r.webhook_status))
    return out


__all__ = ["MAX_BYTES", "ChangeReport", "Portfolio", "ScreenFn", "add_portfolio", "change_reports",
           "get_portfolio", "list_portfolios", "rescreen", "rescreen_all"]
