"""The read models: summaries, milestones, coaching history, stage history, and positions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 05:40:31.908222
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coaching_monthly",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("session_type", sa.String(length=32), nullable=False),
        sa.Column("minutes", sa.BigInteger(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "session_type", name=op.f("pk_coaching_monthly")),
    )
    op.create_table(
        "coaching_session_coaches",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("coach_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "coach_id", name=op.f("pk_coaching_session_coaches")),
    )
    with op.batch_alter_table("coaching_session_coaches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_session_coaches_coach_id"), ["coach_id"], unique=False
        )

    op.create_table(
        "coaching_sessions",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("session_type", sa.String(length=32), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("participation_level", sa.String(length=16), nullable=False),
        sa.Column("named_participants", sa.Integer(), nullable=False),
        sa.Column("anonymous_participants", sa.Integer(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.Text(), nullable=False),
        sa.Column("corrections", sa.Integer(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_coaching_sessions")),
    )
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coaching_sessions_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "network_summaries",
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.Column("coordinator_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_network_summaries")),
    )
    with op.batch_alter_table("network_summaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_summaries_country"), ["country"], unique=False)

    op.create_table(
        "project_coaches",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("coach_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "coach_id", name=op.f("pk_project_coaches")),
    )
    with op.batch_alter_table("project_coaches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_coaches_coach_id"), ["coach_id"], unique=False)

    op.create_table(
        "project_milestones",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("milestone_id", sa.String(length=20), nullable=False),
        sa.Column("reached_on", sa.Date(), nullable=False),
        sa.Column("evidence_note", sa.Text(), nullable=False),
        sa.Column("evidence_links", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("catalogue_version", sa.Integer(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("revoked_reason", sa.Text(), nullable=False),
        sa.Column("revoked_by", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "milestone_id", name=op.f("pk_project_milestones")),
    )
    op.create_table(
        "project_summaries",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("network_id", sa.Uuid(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("target_group", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("furthest_stage", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("accelerator_cohort", sa.Text(), nullable=True),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("coaching_minutes", sa.BigInteger(), nullable=False),
        sa.Column("milestones_reached", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", name=op.f("pk_project_summaries")),
    )
    with op.batch_alter_table("project_summaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_summaries_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_summaries_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_summaries_stage"), ["stage"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_summaries_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_project_summaries_target_group"), ["target_group"], unique=False
        )

    op.create_table(
        "projection_positions",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_projection_positions")),
    )
    op.create_table(
        "stage_periods",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("override", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("project_id", "seq", name=op.f("pk_stage_periods")),
    )
    with op.batch_alter_table("stage_periods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_periods_stage"), ["stage"], unique=False)

    op.create_table(
        "summary_session_minutes",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_summary_session_minutes")),
    )


def downgrade() -> None:
    op.drop_table("summary_session_minutes")
    with op.batch_alter_table("stage_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_periods_stage"))

    op.drop_table("stage_periods")
    op.drop_table("projection_positions")
    with op.batch_alter_table("project_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_summaries_target_group"))
        batch_op.drop_index(batch_op.f("ix_project_summaries_status"))
        batch_op.drop_index(batch_op.f("ix_project_summaries_stage"))
        batch_op.drop_index(batch_op.f("ix_project_summaries_network_id"))
        batch_op.drop_index(batch_op.f("ix_project_summaries_country"))

    op.drop_table("project_summaries")
    op.drop_table("project_milestones")
    with op.batch_alter_table("project_coaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_coaches_coach_id"))

    op.drop_table("project_coaches")
    with op.batch_alter_table("network_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_summaries_country"))

    op.drop_table("network_summaries")
    with op.batch_alter_table("coaching_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_sessions_project_id"))

    op.drop_table("coaching_sessions")
    with op.batch_alter_table("coaching_session_coaches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coaching_session_coaches_coach_id"))

    op.drop_table("coaching_session_coaches")
    op.drop_table("coaching_monthly")
