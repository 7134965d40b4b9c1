"""Programmes with their reporting periods, and enrolments of projects in them (a read model).

A new projection: its position starts at 0, so the runner fills it from the whole event log
on its next catch-up while the other read models keep serving. The programmes themselves are
event streams (`domain/programme.py`) in the existing event store.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("funder", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("checkin_every_days", sa.Integer(), nullable=True),
        sa.Column("catalogue_version", sa.Integer(), nullable=False),
        sa.Column("gate_table_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("programme_id", name=op.f("pk_programmes")),
    )
    op.create_table(
        "programme_periods",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("programme_id", "label", name=op.f("pk_programme_periods")),
    )
    op.create_table(
        "programme_enrolments",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("programme_id", "project_id", name=op.f("pk_programme_enrolments")),
    )
    op.create_index(
        op.f("ix_programme_enrolments_project_id"),
        "programme_enrolments",
        ["project_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_programme_enrolments_project_id"), table_name="programme_enrolments")
    op.drop_table("programme_enrolments")
    op.drop_table("programme_periods")
    op.drop_table("programmes")
