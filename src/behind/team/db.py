"""The team database: SQLAlchemy 2 Core on SQLite (default) or PostgreSQL, migrated by Alembic.

:func:`open_team_db` opens (and creates) the database the service, the review queue, the
audit log and the saved portfolios share:

- no URL: a SQLite file ``team.db`` in the data folder, in WAL mode, with foreign keys on
  and a busy timeout, so the server and a CLI command can use it at once; a write
  transaction starts with ``BEGIN IMMEDIATE`` so two writers queue instead of failing;
- ``postgresql://user@host:port/db`` (or ``postgresql+psycopg://``): PostgreSQL through
  psycopg 3.

Opening runs the Alembic migrations in ``behind/team/migrations`` up to the newest (a
no-op when the schema is current), under a lock, so two processes opening a new database
at once do not both create it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from behind.errors import StoreError, UsageError

if TYPE_CHECKING:  # SQLAlchemy is imported when a database is opened: a search never needs it
    from sqlalchemy import Connection, CursorResult, Engine

#: file name of the SQLite team database inside the data folder
SQLITE_NAME = "team.db"
BUSY_TIMEOUT_S = 30
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_READ = "behind_read"


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an ``INSERT`` just gave its row."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def sqlite_path(data_dir: Path) -> Path:
    """Where the default SQLite team database lives."""
    return data_dir / SQLITE_NAME


def team_db_exists(url: str | None, data_dir: Path) -> bool:
    """Whether a team database is there to use: a URL was given, or the SQLite file exists."""
    return bool(url) or sqlite_path(data_dir).exists()


class TeamDB:
    """An open team database. ``begin()`` is a write transaction, ``read()`` a read-only one."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        """The database URL without its password."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on an exception."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (on SQLite it does not take the write lock)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{_READ: True})
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> TeamDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _engine(url: str | None, data_dir: Path) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        data_dir.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(f"sqlite:///{sqlite_path(data_dir)}")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(f"--database must be a database URL like postgresql://user@host/db, got {url!r}",
                         option="--database") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise UsageError(f"--database: only sqlite:// and postgresql:// are supported, got {parsed.drivername}",
                         option="--database")
    return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the "begin" hook below issues BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(_READ) else "BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Run the migrations up to the newest; a no-op on a current schema."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.connect() as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7428115)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_team_db(url: str | None, data_dir: Path) -> TeamDB:
    """Open the team database at ``url`` (default: SQLite in ``data_dir``), migrated to the newest schema.

    Raises :class:`~behind.errors.UsageError` for a URL that is not SQLite or PostgreSQL and
    :class:`~behind.errors.StoreError` when the database cannot be reached or migrated."""
    from sqlalchemy.exc import SQLAlchemyError

    engine = _engine(url, data_dir)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open the team database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}",
                         path=where) from None
    return TeamDB(engine)


__all__ = ["SQLITE_NAME", "TeamDB", "migrate", "new_id", "open_team_db", "sqlite_path", "team_db_exists"]
