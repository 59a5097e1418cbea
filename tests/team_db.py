"""Team database fixtures: the same tests run on SQLite and on PostgreSQL.

``team_db`` is parametrised ``sqlite`` / ``postgresql``. The PostgreSQL one uses the server at
``BEHIND_TEST_PG`` (default ``postgresql://postgres@127.0.0.1:5432/test``, trust
authentication; ``scripts/test.sh`` starts one when none answers): each test gets a schema
of its own, dropped afterwards. No server is a failure with a message, never a skip.

Import the fixtures into a test module: ``from team_db import team_db, team_url  # noqa: F401``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from behind.team import TeamDB, open_team_db

PG_URL = os.environ.get("BEHIND_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def _pg_admin_url() -> str:
    return PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)


def pg_schema_url(schema: str) -> str:
    """The test server's URL with ``search_path`` set to ``schema``."""
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"


class PgSchema:
    """A fresh schema on the test server, dropped by :meth:`drop`."""

    def __init__(self) -> None:
        self.name = f"behind_test_{secrets.token_hex(6)}"
        self.engine = create_engine(_pg_admin_url())
        try:
            with self.engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        except Exception as exc:  # noqa: BLE001 - any failure to reach the server means the same here
            self.engine.dispose()
            pytest.fail(f"PostgreSQL is needed for the team database tests and does not answer at {PG_URL} "
                        f"({exc.__class__.__name__}: {str(exc).splitlines()[0]}). Start one (scripts/test.sh "
                        "does) or point BEHIND_TEST_PG at one.", pytrace=False)
        self.url = pg_schema_url(self.name)

    def drop(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.name}" CASCADE'))
        self.engine.dispose()


@pytest.fixture(params=BACKENDS)
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """A database URL for a fresh, empty team database: None (SQLite in ``tmp_path``) or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield None
        return
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture
def team_db(team_url: str | None, tmp_path: Path) -> Iterator[TeamDB]:
    """An open, migrated team database on each backend."""
    db = open_team_db(team_url, tmp_path)
    try:
        yield db
    finally:
        db.close()


__all__ = ["BACKENDS", "PG_URL", "PgSchema", "pg_schema_url", "team_db", "team_url"]
