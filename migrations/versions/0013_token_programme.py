"""Programme-scoped tokens: a dashboard or coordinator token may name one programme.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


# Plain ALTER TABLE on both databases (SQLite has ADD and DROP COLUMN since 3.35), not batch
# mode: where batch mode copies `api_tokens` (a drop of a column does), dropping the old table
# cascades into the `web_sessions` and `device_tokens` that reference it and signs everyone
# out (tried: a recreated api_tokens left no web session behind).


def upgrade() -> None:
    op.add_column("api_tokens", sa.Column("programme_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("api_tokens", "programme_id")
