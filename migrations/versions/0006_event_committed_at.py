"""When each event was committed, by the database's clock: `recorded_at` (the event's timestamp)
is when the fact was recorded, which a back-dated demo or import sets in the past, so the
projections' lag in seconds is measured from this column instead.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from store.recorder import EVENTS_TABLE, committed_at_default

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table(EVENTS_TABLE) as batch:
        batch.add_column(
            sa.Column(
                "committed_at",
                sa.DateTime(timezone=True),
                nullable=True,
                server_default=committed_at_default(dialect),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table(EVENTS_TABLE) as batch:
        batch.drop_column("committed_at")
