"""Screening jobs of the service: one row per uploaded file, its progress and its reports' folder.

Revision ID: 0101
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0001"
branch_labels = None
depends_on = None

_T = sa.String(40)  # ISO 8601 UTC time


def upgrade() -> None:
    op.create_table(
        "screening_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("created_at", _T, nullable=False),
        sa.Column("updated_at", _T, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("rows", sa.Integer),
        sa.Column("alerts", sa.Integer),
        sa.Column("cases", sa.Integer),
        sa.Column("screening_id", sa.Integer),
        sa.Column("error", sa.Text),
    )
    op.create_index("screening_jobs_state", "screening_jobs", ["state", "created_at"])


def downgrade() -> None:
    op.drop_index("screening_jobs_state", "screening_jobs")
    op.drop_table("screening_jobs")
