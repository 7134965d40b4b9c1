"""Project teams, a read model of who is on which team now (for scoping personal data).

A new projection: its position starts at 0, so the runner fills it from the whole event log
on its next catch-up while the other read models keep serving.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_team_members",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "person_id", name=op.f("pk_project_team_members")),
    )
    op.create_index(
        op.f("ix_project_team_members_person_id"),
        "project_team_members",
        ["person_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_project_team_members_person_id"), table_name="project_team_members")
    op.drop_table("project_team_members")
