"""The team database's tables, as SQLAlchemy Core objects the queries use.

The migrations in ``migrations/versions`` create them; a test checks that the migrated
schema has every table and column named here. Times are ISO 8601 UTC strings
(``2026-01-31T09:15:02.123456+00:00``), the same on SQLite and PostgreSQL, so they sort and
hash alike everywhere.

The tables are made on first use (reading ``schema.cases`` or calling :func:`tables`), so a
command that never opens the team database (``behind search``) does not import SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import MetaData, Table


@dataclass(frozen=True)
class Tables:
    """The team database's tables and the metadata they belong to."""

    metadata: MetaData
    api_keys: Table
    web_sessions: Table
    audit_log: Table
    audit_head: Table
    screenings: Table
    cases: Table
    case_events: Table
    allow_list: Table
    portfolios: Table
    portfolio_runs: Table


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The tables, made (and SQLAlchemy imported) on the first call."""
    from sqlalchemy import (
        BigInteger,
        Column,
        ForeignKey,
        Integer,
        LargeBinary,
        MetaData,
        String,
        Table,
        Text,
    )

    metadata = MetaData()

    api_keys = Table(
        "api_keys", metadata,
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("role", String(16), nullable=False),
        Column("key_hash", String(64), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("created_by", String(200), nullable=False),
        Column("revoked_at", String(40)),
    )

    web_sessions = Table(
        "web_sessions", metadata,
        Column("id_hash", String(64), primary_key=True),
        Column("key_id", String(32), ForeignKey("api_keys.id"), nullable=False),
        Column("csrf_token", String(64), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("expires_at", String(40), nullable=False),
        Column("ended_at", String(40)),
    )

    audit_log = Table(
        "audit_log", metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=False),
        Column("at", String(40), nullable=False),
        Column("actor", Text, nullable=False),
        Column("action", String(64), nullable=False),
        Column("subject", Text, nullable=False),
        Column("details", Text, nullable=False),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
    )

    audit_head = Table(
        "audit_head", metadata,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("seq", BigInteger, nullable=False),
        Column("hash", String(64), nullable=False),
    )

    screenings = Table(
        "screenings", metadata,
        Column("id", Integer, primary_key=True),
        Column("at", String(40), nullable=False),
        Column("actor", Text, nullable=False),
        Column("input_name", Text, nullable=False),
        Column("kind", String(32), nullable=False),
        Column("rows", Integer, nullable=False),
        Column("alerts", Integer, nullable=False),
    )

    cases = Table(
        "cases", metadata,
        Column("id", Integer, primary_key=True),
        Column("fingerprint", String(64), nullable=False, unique=True),
        Column("status", String(16), nullable=False),
        Column("row_identity", Text, nullable=False),
        Column("record_key", Text, nullable=False),
        Column("record_name", Text, nullable=False),
        Column("record_digest", String(64), nullable=False),
        Column("record_snapshot", Text, nullable=False),
        Column("evidence", Text, nullable=False),
        Column("summary", Text, nullable=False),
        Column("input_name", Text, nullable=False),
        Column("kind", String(32), nullable=False),
        Column("row", Integer, nullable=False),
        Column("first_screening", Integer, ForeignKey("screenings.id"), nullable=False),
        Column("last_screening", Integer, ForeignKey("screenings.id"), nullable=False),
        Column("created_at", String(40), nullable=False),
        Column("updated_at", String(40), nullable=False),
        Column("reviewer", Text),
        Column("reason", Text),
        Column("decided_at", String(40)),
        Column("decided_digest", String(64)),
        Column("note", Text),
    )

    case_events = Table(
        "case_events", metadata,
        Column("id", Integer, primary_key=True),
        Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
        Column("at", String(40), nullable=False),
        Column("actor", Text, nullable=False),
        Column("event", String(32), nullable=False),
        Column("status", String(16), nullable=False),
        Column("reason", Text),
        Column("screening_id", Integer, ForeignKey("screenings.id")),
    )

    allow_list = Table(
        "allow_list", metadata,
        Column("id", Integer, primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("until", String(10), nullable=False),
        Column("reason", Text, nullable=False),
        Column("actor", Text, nullable=False),
        Column("created_at", String(40), nullable=False),
    )

    portfolios = Table(
        "portfolios", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(200), nullable=False, unique=True),
        Column("kind", String(32), nullable=False),
        Column("file_name", Text, nullable=False),
        Column("content", LargeBinary, nullable=False),
        Column("options", Text, nullable=False),
        Column("webhook_url", Text),
        Column("webhook_secret", String(128)),
        Column("created_at", String(40), nullable=False),
        Column("created_by", Text, nullable=False),
    )

    portfolio_runs = Table(
        "portfolio_runs", metadata,
        Column("id", Integer, primary_key=True),
        Column("portfolio_id", Integer, ForeignKey("portfolios.id"), nullable=False),
        Column("at", String(40), nullable=False),
        Column("trigger", Text, nullable=False),
        Column("alerts", Text, nullable=False),
        Column("change", Text, nullable=False),
        Column("webhook_status", String(200)),
    )

    return Tables(metadata, api_keys, web_sessions, audit_log, audit_head, screenings, cases, case_events,
                  allow_list, portfolios, portfolio_runs)


_NAMES = frozenset(f.name for f in fields(Tables))

if TYPE_CHECKING:  # what the module attributes below are, for the type checker
    metadata: MetaData
    api_keys: Table
    web_sessions: Table
    audit_log: Table
    audit_head: Table
    screenings: Table
    cases: Table
    case_events: Table
    allow_list: Table
    portfolios: Table
    portfolio_runs: Table


def __getattr__(name: str) -> object:
    """``schema.cases`` (or ``from behind.team.schema import cases``): the table, made on first use."""
    if name in _NAMES:
        return getattr(tables(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Tables", "allow_list", "api_keys", "audit_head", "audit_log", "case_events", "cases", "metadata",
           "portfolio_runs", "portfolios", "screenings", "tables", "web_sessions"]
