"""Reviewers' decisions on cases, and the allow-list.

:func:`decide` sets a case to ``confirmed``, ``false_positive`` or ``escalated`` (or back to
``open``), with the reviewer, the time and a reason; :func:`allow` puts a fingerprint on the
allow-list until a date (its cases become ``allowed``; the next screening after the date
reopens them, and so does :func:`expire_allowances`). Each needs the role ``reviewer`` or
higher, a non-empty reason, and writes its audit entry in the same transaction as the
change, so a decision the caller was told about survives a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from behind.errors import NotFoundError, UsageError
from behind.team import schema
from behind.team.audit import append
from behind.team.cases import ALLOWED, DECISIONS, OPEN, Case, add_event, case_from_row, last_allowance
from behind.team.db import TeamDB, new_id
from behind.team.roles import Principal, Role
from behind.team.stamps import now_iso, utc_now

MAX_REASON = 4000


@dataclass(frozen=True)
class AllowEntry:
    id: int
    fingerprint: str
    until: str
    reason: str
    actor: str
    created_at: str


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise UsageError("a decision needs a reason", option="reason")
    if len(text) > MAX_REASON:
        raise UsageError(f"a reason has at most {MAX_REASON} characters", option="reason")
    return text


def decide(db: TeamDB, case_id: int, status: str, reviewer: Principal, reason: str) -> Case:
    """Decide case ``case_id``: ``status`` is confirmed, false_positive, escalated (or open to reopen).

    Raises :class:`~behind.team.roles.ForbiddenError` below the reviewer role,
    :class:`~behind.errors.UsageError` for an unknown status or an empty reason and
    :class:`~behind.errors.NotFoundError` for an unknown case."""
    from sqlalchemy import select

    reviewer.require(Role.REVIEWER, "deciding a case")
    if status not in (*DECISIONS, OPEN):
        raise UsageError(f"unknown decision {status!r}; the decisions are: {', '.join((*DECISIONS, OPEN))}",
                         option="status")
    text = _reason(reason)
    with db.begin() as conn:
        old = conn.execute(select(schema.cases).where(schema.cases.c.id == case_id).with_for_update()).first()
        if old is None:
            raise NotFoundError(f"no case {case_id}", what="case", name=str(case_id))
        at = now_iso()
        values: dict[str, Any] = {"status": status, "reviewer": reviewer.actor, "reason": text, "decided_at": at,
                                  "decided_digest": old.record_digest, "updated_at": at, "note": None}
        conn.execute(schema.cases.update().where(schema.cases.c.id == case_id).values(**values))
        add_event(conn, case_id, reviewer.actor, "decided", status, text)
        append(conn, reviewer.actor, "case.decide", f"case {case_id}",
               {"status": status, "previous": old.status, "reason": text, "fingerprint": old.fingerprint,
                "record": old.record_key, "record_digest": old.record_digest})
        row = conn.execute(select(schema.cases).where(schema.cases.c.id == case_id)).one()
    return case_from_row(row)


def allow(db: TeamDB, fingerprint: str, until: date, reason: str, actor: Principal, *,
          today: date | None = None) -> AllowEntry:
    """Allow-list ``fingerprint`` until ``until`` (inclusive); its case, if any, becomes ``allowed`` now."""
    from sqlalchemy import select

    actor.require(Role.REVIEWER, "allow-listing")
    text = _reason(reason)
    today = today or utc_now().date()
    if until < today:
        raise UsageError(f"the allow-list date {until.isoformat()} is in the past", option="until")
    with db.begin() as conn:
        at = now_iso()
        entry_id = new_id(conn.execute(schema.allow_list.insert().values(
            fingerprint=fingerprint, until=until.isoformat(), reason=text, actor=actor.actor,
            created_at=at)))
        case = conn.execute(select(schema.cases).where(schema.cases.c.fingerprint == fingerprint)).first()
        if case is not None:
            note = f"allow-listed until {until.isoformat()}: {text}"
            conn.execute(schema.cases.update().where(schema.cases.c.id == case.id)
                         .values(status=ALLOWED, note=note, updated_at=at))
            add_event(conn, case.id, actor.actor, "allowed", ALLOWED, note)
        append(conn, actor.actor, "allow.add", f"fingerprint {fingerprint}",
               {"until": until.isoformat(), "reason": text, "case": case.id if case is not None else None})
    return AllowEntry(entry_id, fingerprint, until.isoformat(), text, actor.actor, at)


def expire_allowances(db: TeamDB, today: date | None = None) -> list[int]:
    """Reopen every ``allowed`` case whose allow-list entries all ended before ``today``; their ids."""
    from sqlalchemy import select

    today = today or utc_now().date()
    reopened: list[int] = []
    with db.begin() as conn:
        for case in conn.execute(select(schema.cases).where(schema.cases.c.status == ALLOWED)).all():
            last = last_allowance(conn, case.fingerprint)
            if last is not None and last.until >= today.isoformat():
                continue
            note = f"the allow-list entry expired on {last.until if last is not None else '?'}"
            conn.execute(schema.cases.update().where(schema.cases.c.id == case.id)
                         .values(status=OPEN, note=note, updated_at=now_iso()))
            add_event(conn, case.id, "system", "reopened", OPEN, note)
            append(conn, "system", "allow.expire", f"case {case.id}", {"fingerprint": case.fingerprint, "note": note})
            reopened.append(int(case.id))
    return reopened


def allowances(db: TeamDB, *, active_on: date | None = None) -> list[AllowEntry]:
    from sqlalchemy import select

    query = select(schema.allow_list).order_by(schema.allow_list.c.id)
    if active_on is not None:
        query = query.where(schema.allow_list.c.until >= active_on.isoformat())
    with db.read() as conn:
        return [AllowEntry(r.id, r.fingerprint, r.until, r.reason, r.actor, r.created_at) for r in conn.execute(query)]


__all__ = ["MAX_REASON", "AllowEntry", "allow", "allowances", "decide", "expire_allowances"]
