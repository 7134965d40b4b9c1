"""Erasable free text: where the chains were re-anchored, and whether the store is rewritten.

`seedbed_chain_anchors` records, per stream, the chain head before the one sanctioned rewrite
of stored events (free text stored as salted values, see store/freetext.py) beside the head
after it, so that bundles exported before can still be checked. `seedbed_meta` says whether
events stored as plain text remain ("free_text" = "legacy") or not ("committed"): an empty
event store starts "committed"; `seedbed migrate` rewrites a legacy one (store/reanchor.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy_utils.types.uuid import UUIDType

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seedbed_chain_anchors",
        sa.Column("originator_id", UUIDType(), nullable=False),
        sa.Column("old_head", sa.String(length=64), nullable=False),
        sa.Column("new_head", sa.String(length=64), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("reanchored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("originator_id", name=op.f("pk_seedbed_chain_anchors")),
    )
    meta = op.create_table(
        "seedbed_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_seedbed_meta")),
    )
    assert meta is not None
    has_events = op.get_bind().execute(sa.text("SELECT 1 FROM seedbed_events LIMIT 1")).first()
    op.bulk_insert(meta, [{"key": "free_text", "value": "legacy" if has_events else "committed"}])


def downgrade() -> None:
    op.drop_table("seedbed_meta")
    op.drop_table("seedbed_chain_anchors")
