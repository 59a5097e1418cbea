"""Web sign-in sessions, with a CSRF token per session.

People sign in on the web form with their API key (the key identifies the person). A
session id is 256 random bits, sent as a cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure``
behind HTTPS); the database keeps only its SHA-256, so a copy of the database cannot be
replayed as a cookie. Each session has its own CSRF token, which every form posts back and
:func:`check_csrf` compares in constant time. A session ends after :data:`SESSION_HOURS`,
on sign-out, or when its key is revoked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from behind.team import schema
from behind.team.audit import append
from behind.team.db import TeamDB
from behind.team.keys import get_key
from behind.team.roles import Principal
from behind.team.stamps import iso, now_iso, utc_now

SESSION_HOURS = 8


@dataclass(frozen=True)
class WebSession:
    """A session: ``id`` is the cookie value (shown to the browser only), ``expires`` ISO UTC."""

    id: str
    csrf_token: str
    expires: str
    key_id: str = ""


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start_session(db: TeamDB, principal: Principal, *, hours: float = SESSION_HOURS) -> WebSession:
    """A new session for ``principal`` (an audit entry ``session.start``)."""
    session = WebSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32),
                         iso(utc_now() + timedelta(hours=hours)), principal.key_id)
    with db.begin() as conn:
        conn.execute(schema.web_sessions.insert().values(id_hash=_hash(session.id), key_id=principal.key_id,
                                                         csrf_token=session.csrf_token, created_at=now_iso(),
                                                  expires_at=session.expires))
        append(conn, principal.actor, "session.start", f"key {principal.key_id}", {"expires": session.expires})
    return session


def load_session(db: TeamDB, session_id: str) -> tuple[WebSession, Principal] | None:
    """The live session with cookie value ``session_id`` and who it belongs to; None when unknown,
    expired, ended or its key revoked."""
    from sqlalchemy import select

    if not session_id or len(session_id) > 200:
        return None
    with db.read() as conn:
        sessions = schema.web_sessions
        row = conn.execute(select(sessions).where(sessions.c.id_hash == _hash(session_id))).first()
        if row is None or row.ended_at is not None or row.expires_at <= now_iso():
            return None
        key = get_key(conn, row.key_id)
    if key is None or not key.active:
        return None
    return WebSession(session_id, row.csrf_token, row.expires_at, row.key_id), key.principal()


def session_principal(db: TeamDB, session_id: str) -> Principal | None:
    """Who the live session ``session_id`` belongs to, or None."""
    found = load_session(db, session_id)
    return found[1] if found else None


def end_session(db: TeamDB, session_id: str) -> bool:
    """Sign out: the session stops working. False when there was no live session."""
    with db.begin() as conn:
        done = conn.execute(schema.web_sessions.update()
                            .where(schema.web_sessions.c.id_hash == _hash(session_id),
                                   schema.web_sessions.c.ended_at.is_(None))
                            .values(ended_at=now_iso())).rowcount
    return bool(done)


def check_csrf(session: WebSession, token: str | None) -> bool:
    """Whether a form's token is the session's CSRF token (constant-time)."""
    if not token:
        return False
    return hmac.compare_digest(session.csrf_token.encode("utf-8"), token.encode("utf-8"))


__all__ = ["SESSION_HOURS", "WebSession", "check_csrf", "end_session", "load_session", "session_principal",
           "start_session"]
