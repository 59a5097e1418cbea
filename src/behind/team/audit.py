"""The audit log: an append-only, hash-chained record of who did what.

Every screening, case decision, allow-list entry, key creation or revocation, list load and
portfolio change is one entry: a sequence number (1, 2, 3...), the time, the actor, the
action (``case.decide``, ``key.create``...), the subject (``case 12``, ``key ab12cd34``)
and details as canonical JSON. Each entry's hash is

    sha256(previous entry's hash + canonical JSON of {seq, at, actor, action, subject, details})

(the first entry's previous hash is 64 zeros), and a one-row head table keeps the last
sequence number and hash, updated in the same transaction as the entry. :func:`append` takes
the caller's connection so that an entry commits with the change it records.

:func:`verify` walks the chain and finds an edited entry (its hash no longer matches), a
deleted one (a gap in the numbers, or a broken link to the previous hash), reordered
entries (numbers out of place or links broken) and a cut tail (the last entry is not the
head). Someone able to rewrite the whole chain and the head at once can fool it; keep a
copy of the head (``behind audit verify`` prints it) somewhere else to catch that too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from behind.team import schema
from behind.team.db import TeamDB
from behind.team.stamps import canonical_json, now_iso, sha256_hex

if TYPE_CHECKING:  # SQLAlchemy is imported where the database is used: a search never needs it
    from sqlalchemy import Connection

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "actor": self.actor, "action": self.action,
                "subject": self.subject, "details": self.details, "prev_hash": self.prev_hash,
                "hash": self.hash}


@dataclass(frozen=True)
class AuditCheck:
    """The outcome of :func:`verify`: ``broken_at`` is the first sequence number that fails."""

    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, subject: str, details: str) -> str:
    """The hash of an entry; ``details`` is the canonical JSON text as stored."""
    body = canonical_json({"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject,
                           "details": details})
    return sha256_hex(prev_hash + body)


@contextmanager
def _conn(target: Connection | TeamDB) -> Iterator[Connection]:
    if isinstance(target, TeamDB):
        with target.begin() as conn:
            yield conn
    else:
        yield target


def append(target: Connection | TeamDB, actor: str, action: str, subject: str,
           details: dict[str, Any] | None = None) -> AuditEntry:
    """Append an entry. Given a connection, it joins that transaction (and commits with it)."""
    from sqlalchemy import select

    with _conn(target) as conn:
        head = conn.execute(select(schema.audit_head.c.seq, schema.audit_head.c.hash).where(schema.audit_head.c.id == 1)
                            .with_for_update()).one()
        seq, prev = int(head.seq) + 1, str(head.hash)
        at = now_iso()
        text = canonical_json(details or {})
        digest = entry_hash(prev, seq, at, actor, action, subject, text)
        conn.execute(schema.audit_log.insert().values(seq=seq, at=at, actor=actor, action=action, subject=subject,
                                                      details=text, prev_hash=prev, hash=digest))
        conn.execute(schema.audit_head.update().where(schema.audit_head.c.id == 1).values(seq=seq, hash=digest))
    return AuditEntry(seq, at, actor, action, subject, details or {}, prev, digest)


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(int(row.seq), row.at, row.actor, row.action, row.subject, json.loads(row.details),
                      row.prev_hash, row.hash)


def entries(db: TeamDB, *, after: int = 0, limit: int | None = None, newest_first: bool = False,
            action: str | None = None) -> list[AuditEntry]:
    """Entries in sequence order (or newest first), after sequence number ``after``."""
    from sqlalchemy import select

    query = select(schema.audit_log).where(schema.audit_log.c.seq > after)
    if action:
        query = query.where(schema.audit_log.c.action == action)
    query = query.order_by(schema.audit_log.c.seq.desc() if newest_first else schema.audit_log.c.seq)
    if limit is not None:
        query = query.limit(limit)
    with db.read() as conn:
        return [_entry(r) for r in conn.execute(query)]


def verify(db: TeamDB) -> AuditCheck:
    """Walk the whole chain; the first entry that fails stops the walk and is named."""
    from sqlalchemy import select

    with db.read() as conn:
        head_row = schema.audit_head
        head = conn.execute(select(head_row.c.seq, head_row.c.hash).where(head_row.c.id == 1)).first()
        rows = conn.execute(select(schema.audit_log).order_by(schema.audit_log.c.seq))
        expected, prev, checked = 1, GENESIS, 0
        for row in rows:
            seq = int(row.seq)
            if seq != expected:
                return AuditCheck(False, checked, expected,
                                  f"entry {expected} is missing (the next entry is {seq}): deleted")
            if row.prev_hash != prev:
                return AuditCheck(False, checked, seq,
                                  f"entry {seq} does not follow entry {seq - 1}: its link to the previous "
                                  "hash is broken (an entry was deleted, replaced or moved)")
            digest = entry_hash(row.prev_hash, seq, row.at, row.actor, row.action, row.subject, row.details)
            if digest != row.hash:
                return AuditCheck(False, checked, seq, f"entry {seq} was changed after it was written: "
                                  "its content does not match its hash")
            prev, expected, checked = row.hash, expected + 1, checked + 1
    if head is None:
        return AuditCheck(False, checked, None, "the head record of the chain is missing")
    head_seq = int(head.seq)
    if head_seq > checked:
        return AuditCheck(False, checked, checked + 1,
                          f"the chain ends at entry {checked} but its head says entry {head_seq}: "
                          "entries at the end were deleted (or the head was changed)", head_seq, head.hash)
    if head_seq < checked:
        return AuditCheck(False, head_seq, head_seq + 1,
                          f"entries {head_seq + 1} to {checked} are not in the head record (which says entry "
                          f"{head_seq}): written outside Behind, or the head was changed", head_seq, head.hash)
    if head.hash != prev:
        return AuditCheck(False, checked - 1, checked, f"entry {checked} is not the head record's entry: "
                          "the last entry or the head was changed", head_seq, head.hash)
    return AuditCheck(True, checked, None, "", head_seq, head.hash)


__all__ = ["GENESIS", "AuditCheck", "AuditEntry", "append", "entries", "entry_hash", "verify"]
