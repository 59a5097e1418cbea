"""API keys: created with a role, shown once, stored only as a hash.

A key reads ``bhd_<id>_<secret>``: ``id`` is 12 hex characters that name the key (in
``behind keys list`` and the audit log) and ``secret`` 43 URL-safe characters from
:func:`secrets.token_urlsafe` (256 bits). The database keeps the id and the SHA-256 of the
whole key; with that much entropy a plain hash cannot be reversed or guessed, and a
stolen database yields no usable key. :func:`authenticate` looks the key up by its id and
compares the hashes in constant time.

Requests carry the key as ``Authorization: ApiKey <key>``; people signing in to the web
app type the same key (it identifies the person: create one key per person).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from behind.errors import NotFoundError, UsageError
from behind.team import schema
from behind.team.audit import append
from behind.team.db import TeamDB
from behind.team.roles import Principal, Role
from behind.team.stamps import now_iso

if TYPE_CHECKING:  # SQLAlchemy is imported where the database is used: a search never needs it
    from sqlalchemy import Connection, Row

PREFIX = "bhd"
_KEY = re.compile(r"^bhd_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
MAX_NAME = 200


@dataclass(frozen=True)
class ApiKeyRecord:
    """A key as stored: never its plaintext."""

    id: str
    name: str
    role: Role
    created_at: str
    created_by: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def principal(self) -> Principal:
        return Principal(self.id, self.name, self.role)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _record(r: Row[Any]) -> ApiKeyRecord:
    return ApiKeyRecord(r.id, r.name, Role(r.role), r.created_at, r.created_by, r.revoked_at)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError("a key needs a name (the person or system that uses it)", option="--name")
    if len(name) > MAX_NAME:
        raise UsageError(f"a key's name has at most {MAX_NAME} characters", option="--name")
    return name


def create_key(db: TeamDB, name: str, role: Role | str, *, created_by: str = "cli") -> tuple[ApiKeyRecord, str]:
    """A new key for ``name`` with ``role``: its record and the plaintext key (shown once, never stored).

    The creation is an audit entry (``key.create``) in the same transaction."""
    role = role if isinstance(role, Role) else Role.parse(role)
    name = _clean_name(name)
    key_id = secrets.token_hex(6)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    record = ApiKeyRecord(key_id, name, role, now_iso(), created_by)
    with db.begin() as conn:
        conn.execute(schema.api_keys.insert().values(id=key_id, name=name, role=role.value, key_hash=_hash(key),
                                                     created_at=record.created_at, created_by=created_by))
        append(conn, created_by, "key.create", f"key {key_id}", {"name": name, "role": role.value})
    return record, key


def lookup(conn: Connection, key: str) -> ApiKeyRecord | None:
    """The active key record ``key`` belongs to, or None (unknown, malformed, revoked)."""
    from sqlalchemy import select

    m = _KEY.match(key.strip())
    if m is None:
        return None
    row = conn.execute(select(schema.api_keys).where(schema.api_keys.c.id == m.group(1))).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, _hash(key.strip())):
        return None
    return _record(row)


def authenticate(db: TeamDB, key: str) -> Principal | None:
    """Who ``key`` belongs to, or None for an unknown, malformed or revoked key."""
    with db.read() as conn:
        record = lookup(conn, key)
    return record.principal() if record else None


def list_keys(db: TeamDB, *, include_revoked: bool = True) -> list[ApiKeyRecord]:
    from sqlalchemy import select

    query = select(schema.api_keys).order_by(schema.api_keys.c.created_at, schema.api_keys.c.id)
    if not include_revoked:
        query = query.where(schema.api_keys.c.revoked_at.is_(None))
    with db.read() as conn:
        return [_record(r) for r in conn.execute(query)]


def get_key(conn: Connection, key_id: str) -> ApiKeyRecord | None:
    from sqlalchemy import select

    row = conn.execute(select(schema.api_keys).where(schema.api_keys.c.id == key_id)).first()
    return _record(row) if row else None


def revoke_key(db: TeamDB, key_id: str, *, actor: str = "cli") -> ApiKeyRecord:
    """Revoke the key with id ``key_id`` (its sessions end with it); an audit entry ``key.revoke``.

    Raises :class:`~behind.errors.NotFoundError` for an unknown id. Revoking twice keeps the first time."""
    with db.begin() as conn:
        record = get_key(conn, key_id)
        if record is None:
            raise NotFoundError(f"no key with id {key_id!r} (see behind keys list)", what="key", name=key_id)
        if record.revoked_at is None:
            at = now_iso()
            conn.execute(schema.api_keys.update().where(schema.api_keys.c.id == key_id).values(revoked_at=at))
            append(conn, actor, "key.revoke", f"key {key_id}", {"name": record.name, "role": record.role.value})
            record = get_key(conn, key_id)
            assert record is not None
    return record


__all__ = ["PREFIX", "ApiKeyRecord", "authenticate", "create_key", "get_key", "list_keys", "lookup", "revoke_key"]
