"""Alembic migrations of the team database (run by :func:`behind.team.db.migrate`)."""

__all__: list[str] = []
