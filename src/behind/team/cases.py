"""Review cases: every alert of a screening becomes a case, remembered by its fingerprint.

A case is ``open`` until a reviewer decides it ``confirmed``, ``false_positive`` or
``escalated`` (:func:`behind.team.decisions.decide`), or an allow-list entry makes it
``allowed`` until a date. One case per fingerprint (see :mod:`behind.team.fingerprints`):
when a later screening brings the same fingerprint back,

- against the same record snapshot as at the decision, the decision is re-applied
  (the case keeps its status; a ``reapplied`` event names the screening);
- against a record that changed since (a new list version changed its names, identifiers,
  programs or listing), the case reopens, its note saying what changed;
- under an allow-list entry that has expired, the case reopens saying so.

A screening, with every case it opened, re-applied or reopened, is written in one
transaction with its audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from behind.errors import NotFoundError
from behind.model import Report
from behind.team import schema
from behind.team.audit import append
from behind.team.db import TeamDB, new_id
from behind.team.fingerprints import Alert, RecordLookup, alerts_of, what_changed
from behind.team.stamps import canonical_json, now_iso, utc_now

if TYPE_CHECKING:  # SQLAlchemy is imported where the database is used: a search never needs it
    from sqlalchemy import Connection, Row

OPEN = "open"
ALLOWED = "allowed"
DECISIONS = ("confirmed", "false_positive", "escalated")
STATUSES = (OPEN, *DECISIONS, ALLOWED)
#: PostgreSQL advisory lock that serialises screenings writing cases (two could add one fingerprint)
CASES_LOCK = 7428116


@dataclass(frozen=True)
class Case:
    id: int
    fingerprint: str
    status: str
    row_identity: dict[str, str]
    record_key: str
    record_name: str
    record_digest: str
    record: dict[str, Any]
    evidence: dict[str, Any]
    summary: str
    input_name: str
    kind: str
    row: int
    created_at: str
    updated_at: str
    reviewer: str | None = None
    reason: str | None = None
    decided_at: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass(frozen=True)
class CaseEvent:
    at: str
    actor: str
    event: str
    status: str
    reason: str | None
    screening_id: int | None


@dataclass
class CaseBatch:
    """What a screening did to the queue: the cases it touched and how many of each outcome."""

    screening_id: int
    cases: list[Case] = field(default_factory=list)
    new: int = 0
    reapplied: int = 0
    reopened: int = 0
    allowed: int = 0
    still_open: int = 0
    #: the cases this screening reopened (a changed record, an expired allow-list entry)
    reopened_ids: list[int] = field(default_factory=list)


def case_from_row(r: Row[Any]) -> Case:
    return Case(r.id, r.fingerprint, r.status, json.loads(r.row_identity), r.record_key, r.record_name,
                r.record_digest, json.loads(r.record_snapshot), json.loads(r.evidence), r.summary, r.input_name,
                r.kind, r.row, r.created_at, r.updated_at, r.reviewer, r.reason, r.decided_at, r.note)


def active_allowance(conn: Connection, fingerprint: str, today: date) -> Row[Any] | None:
    """The allow-list entry for ``fingerprint`` in force on ``today`` (the latest-ending), or None."""
    from sqlalchemy import select

    return conn.execute(select(schema.allow_list).where(schema.allow_list.c.fingerprint == fingerprint,
                                                 schema.allow_list.c.until >= today.isoformat())
                        .order_by(schema.allow_list.c.until.desc()).limit(1)).first()


def last_allowance(conn: Connection, fingerprint: str) -> Row[Any] | None:
    from sqlalchemy import select

    return conn.execute(select(schema.allow_list).where(schema.allow_list.c.fingerprint == fingerprint)
                        .order_by(schema.allow_list.c.until.desc()).limit(1)).first()


def add_event(conn: Connection, case_id: int, actor: str, event: str, status: str, reason: str | None = None,
              screening_id: int | None = None) -> None:
    conn.execute(schema.case_events.insert().values(case_id=case_id, at=now_iso(), actor=actor, event=event,
                                                    status=status, reason=reason, screening_id=screening_id))


def _new_case(conn: Connection, alert: Alert, input_name: str, sid: int, actor: str, today: date) -> str:
    allowance = active_allowance(conn, alert.fingerprint, today)
    status = ALLOWED if allowance is not None else OPEN
    now = now_iso()
    note = f"allow-listed until {allowance.until}: {allowance.reason}" if allowance is not None else None
    case_id = new_id(conn.execute(schema.cases.insert().values(
        fingerprint=alert.fingerprint, status=status, row_identity=alert.row_identity, record_key=alert.record_key,
        record_name=alert.record_name, record_digest=alert.record_digest,
        record_snapshot=canonical_json(alert.snapshot), evidence=canonical_json(alert.evidence),
        summary=alert.summary, input_name=input_name, kind=alert.kind, row=alert.row, first_screening=sid,
        last_screening=sid, created_at=now, updated_at=now, note=note)))
    add_event(conn, case_id, actor, "opened", OPEN, None, sid)
    if status == ALLOWED:
        add_event(conn, case_id, str(allowance.actor), "allowed", ALLOWED, note, sid)  # type: ignore[union-attr]
    return "allowed" if status == ALLOWED else "new"


def _seen_again(conn: Connection, old: Row[Any], alert: Alert, input_name: str, sid: int, actor: str,
                today: date) -> str:
    values: dict[str, Any] = {"row_identity": alert.row_identity, "record_name": alert.record_name,
                              "record_digest": alert.record_digest, "record_snapshot": canonical_json(alert.snapshot),
                              "summary": alert.summary, "input_name": input_name, "row": alert.row,
                              "last_screening": sid, "updated_at": now_iso()}
    changed = what_changed(json.loads(old.record_snapshot), alert.snapshot)
    allowance = active_allowance(conn, alert.fingerprint, today)
    outcome, event, reason = "still_open", "", None
    if allowance is not None:
        outcome = "allowed"
        if old.status != ALLOWED:
            event, reason = "allowed", f"allow-listed until {allowance.until}: {allowance.reason}"
            values.update(status=ALLOWED, note=reason)
    elif old.status == ALLOWED:
        expired = last_allowance(conn, alert.fingerprint)
        until = expired.until if expired is not None else "?"
        outcome, event, reason = "reopened", "reopened", f"the allow-list entry expired on {until}"
        values.update(status=OPEN, note=reason)
    elif old.status in DECISIONS:
        decided = old.decided_digest or old.record_digest
        if decided == alert.record_digest:
            outcome, event = "reapplied", "reapplied"
            reason = f"{old.status} by {old.reviewer} on {str(old.decided_at)[:10]} re-applied: the same record"
        else:
            base = json.loads(old.record_snapshot) if old.record_digest == decided else None
            change = what_changed(base, alert.snapshot) if base is not None else changed
            outcome, event = "reopened", "reopened"
            reason = f"the listed record changed since it was {old.status} by {old.reviewer}: {change}"
            values.update(status=OPEN, note=reason)
    elif old.record_digest != alert.record_digest:
        event, reason = "record_changed", f"the listed record changed: {changed}"
        values.update(note=reason)
    conn.execute(schema.cases.update().where(schema.cases.c.id == old.id).values(**values))
    if event:
        add_event(conn, old.id, "system" if event != "allowed" else actor, event, values.get("status", old.status),
                  reason, sid)
    return outcome


def cases_from_report(db: TeamDB, report: Report, actor: str, input_name: str, *,
                      records: RecordLookup | None = None, today: date | None = None) -> CaseBatch:
    """Record a screening and turn every alert of ``report`` into a case (new, re-applied or reopened).

    ``records`` looks listed records up in the store, so that a case remembers the record's
    aliases and identifiers too (without it, what the hit carries). One transaction, with a
    ``screening`` audit entry."""
    from sqlalchemy import select, text

    today = today or utc_now().date()
    alerts = alerts_of(report, records)
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":  # one screening at a time writes cases (SQLite: BEGIN IMMEDIATE)
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CASES_LOCK})
        sid = new_id(conn.execute(schema.screenings.insert().values(
            at=now_iso(), actor=actor, input_name=input_name, kind=report.meta.kind, rows=len(report.rows),
            alerts=sum(r.status == "alert" for r in report.rows))))
        batch = CaseBatch(sid)
        for alert in alerts:
            old = conn.execute(select(schema.cases).where(schema.cases.c.fingerprint == alert.fingerprint)).first()
            outcome = (_new_case(conn, alert, input_name, sid, actor, today) if old is None
                       else _seen_again(conn, old, alert, input_name, sid, actor, today))
            setattr(batch, outcome, getattr(batch, outcome) + 1)
            if outcome == "reopened" and old is not None:
                batch.reopened_ids.append(int(old.id))
        fps = [a.fingerprint for a in alerts]
        if fps:
            batch.cases = [case_from_row(r) for r in conn.execute(
                select(schema.cases).where(schema.cases.c.fingerprint.in_(fps))
                .order_by(schema.cases.c.row, schema.cases.c.id))]
        append(conn, actor, "screening", f"screening {sid}",
               {"input": input_name, "kind": report.meta.kind, "rows": len(report.rows),
                "alerts": sum(r.status == "alert" for r in report.rows), "cases": len(alerts), "new": batch.new,
                "reapplied": batch.reapplied, "reopened": batch.reopened, "allowed": batch.allowed,
                "lists": [f"{li.source}@{li.version}" for li in report.meta.lists]})
    return batch


def get_case(db: TeamDB, case_id: int) -> Case:
    """The case ``case_id``; :class:`~behind.errors.NotFoundError` when there is none."""
    from sqlalchemy import select

    with db.read() as conn:
        row = conn.execute(select(schema.cases).where(schema.cases.c.id == case_id)).first()
    if row is None:
        raise NotFoundError(f"no case {case_id}", what="case", name=str(case_id))
    return case_from_row(row)


def list_cases(db: TeamDB, *, status: str | None = None, input_name: str | None = None, record: str | None = None,
               screening_id: int | None = None, limit: int = 100, offset: int = 0) -> list[Case]:
    """Cases, newest change first, filtered by status, input file name, record key or last screening."""
    from sqlalchemy import select

    query = select(schema.cases)
    if status:
        query = query.where(schema.cases.c.status == status)
    if input_name:
        query = query.where(schema.cases.c.input_name == input_name)
    if record:
        query = query.where(schema.cases.c.record_key == record)
    if screening_id is not None:
        query = query.where(schema.cases.c.last_screening == screening_id)
    query = query.order_by(schema.cases.c.updated_at.desc(), schema.cases.c.id.desc()).limit(limit).offset(offset)
    with db.read() as conn:
        return [case_from_row(r) for r in conn.execute(query)]


def count_cases(db: TeamDB) -> dict[str, int]:
    """How many cases have each status."""
    from sqlalchemy import func, select

    with db.read() as conn:
        found = {str(r[0]): int(r[1]) for r in
                 conn.execute(select(schema.cases.c.status, func.count()).group_by(schema.cases.c.status))}
    return {s: int(found.get(s, 0)) for s in STATUSES}


def case_history(db: TeamDB, case_id: int) -> list[CaseEvent]:
    from sqlalchemy import select

    with db.read() as conn:
        events = schema.case_events
        rows = conn.execute(select(events).where(events.c.case_id == case_id).order_by(events.c.id))
        return [CaseEvent(r.at, r.actor, r.event, r.status, r.reason, r.screening_id) for r in rows]


__all__ = ["ALLOWED", "DECISIONS", "OPEN", "STATUSES", "Case", "CaseBatch", "CaseEvent", "active_allowance",
           "add_event", "case_from_row", "case_history", "cases_from_report", "count_cases", "get_case",
           "last_allowance", "list_cases"]
